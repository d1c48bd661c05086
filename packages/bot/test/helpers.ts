/**
 * Shared test helpers: a default config with overrides, a market window built from the real
 * Gamma fixture's rules, and book levels from the real CLOB book fixture.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseFeeSchedule, parseMicros, type MarketWindow, type Micros, type OrderBookLevel } from '@polymarket-arb/domain';
import { loadBotConfig, type BotConfig } from '../src/config.js';

export const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

/** Decimal string -> Micros. */
export const u = (text: string): Micros => parseMicros(text);

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

export function testConfig(overrides: DeepPartial<BotConfig> = {}): BotConfig {
  const base = loadBotConfig({ env: {} }) as unknown as Record<string, Record<string, unknown>>;
  for (const [section, values] of Object.entries(overrides)) base[section] = { ...base[section], ...(values as object) };
  return base as unknown as BotConfig;
}

const gamma = JSON.parse(readFileSync(fixture('gamma-market-crypto-twap.json'), 'utf8')) as Record<string, unknown>;
const tokenIds = JSON.parse(gamma.clobTokenIds as string) as [string, string];

/** A BTC 15-minute window ending at `endMs`, with the fee schedule and rules of the real Gamma market. */
export function testWindow(endMs: number, eventId = '3763487'): MarketWindow {
  return {
    eventId,
    slug: `btc-updown-15m-${(endMs - 900_000) / 1000}`,
    asset: 'BTC',
    conditionId: gamma.conditionId as string,
    marketId: gamma.id as string,
    question: gamma.question as string,
    yesTokenId: eventId === '3763487' ? tokenIds[0] : `${tokenIds[0]}${eventId}`,
    noTokenId: eventId === '3763487' ? tokenIds[1] : `${tokenIds[1]}${eventId}`,
    windowStart: endMs - 900_000,
    windowEnd: endMs,
    tickSize: u(String(gamma.orderPriceMinTickSize)),
    minOrderSize: u(String(gamma.orderMinSize)),
    feeSchedule: parseFeeSchedule(gamma.feeSchedule),
    negRisk: false,
    resolutionSource: gamma.resolutionSource as string,
  };
}

interface WireBook {
  bids: { price: string; size: string }[];
  asks: { price: string; size: string }[];
}

/** The real ETH 15m Up book, and its mirror as the Down book. */
export function realBooks(): {
  yes: { bids: OrderBookLevel[]; asks: OrderBookLevel[] };
  no: { bids: OrderBookLevel[]; asks: OrderBookLevel[] };
} {
  const book = JSON.parse(readFileSync(fixture('eth-15m-up-book.json'), 'utf8')) as WireBook;
  const lv = (l: { price: string; size: string }): OrderBookLevel => ({ price: u(l.price), size: u(l.size) });
  const mirror = (l: OrderBookLevel): OrderBookLevel => ({ price: 1_000_000 - l.price, size: l.size });
  const bids = book.bids.map(lv);
  const asks = book.asks.map(lv);
  return { yes: { bids, asks }, no: { bids: asks.map(mirror), asks: bids.map(mirror) } };
}

/** Levels from [price, size] decimal pairs. */
export function levels(...pairs: [string, string][]): OrderBookLevel[] {
  return pairs.map(([p, s]) => ({ price: u(p), size: u(s) }));
}

export const T0 = 1_787_414_400_000; // window start of the fixture market
