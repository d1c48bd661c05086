/**
 * Helpers for the backtest tests: scripted replays (events at given receive times) and a config
 * whose strategy thresholds are easy to reason about.
 */
import type { Micros, OrderBookLevel } from '@polymarket-arb/domain';
import type { EventBatch } from '../src/backtest/replay/batch.js';
import type { BotConfig } from '../src/config.js';
import type { MarketEvent } from '../src/core/events.js';
import { levels, testConfig, u } from './helpers.js';

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

/** One batch of `[receive ms, event]` pairs, covering replay time up to `endMs`. */
export function scripted(steps: readonly (readonly [number, MarketEvent])[], endMs: number): EventBatch {
  return { events: steps.map(([, e]) => e), atMicros: steps.map(([t]) => t * 1000), notes: [], endMicros: endMs * 1000 };
}

/** A config with flat, round thresholds (early/mid/late all `threshold`). */
export function backtestConfig(threshold = '0.02', overrides: DeepPartial<BotConfig> = {}): BotConfig {
  const t = u(threshold);
  return testConfig({ ...overrides, strategy: { early_threshold: t, mid_threshold: t, late_threshold: t, ...overrides.strategy } });
}

export function book(tokenId: string, bids: [string, string][], asks: [string, string][], timestampMs = 0): MarketEvent {
  return { type: 'book', tokenId, bids: levels(...bids), asks: levels(...asks), timestampMs };
}

export function change(timestampMs: number, ...changes: [string, 'bid' | 'ask', string, string][]): MarketEvent {
  return {
    type: 'price_change',
    timestampMs,
    changes: changes.map(([tokenId, side, price, size]) => ({ tokenId, side, price: u(price), size: u(size) })),
  };
}

export function lv(price: string, size: string): OrderBookLevel {
  return { price: u(price), size: u(size) };
}

export const micros = (text: string): Micros => u(text);
