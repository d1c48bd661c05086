/**
 * The simulator's options (library and CLI), their defaults, and their validation: every problem
 * is reported as one sentence naming the option and the fix.
 */
import {
  parseAsset,
  parseAssetList,
  parseDecimal,
  parseMicros,
  systemClock,
  type UsageError,
  type Clock,
  type CryptoAsset,
  type Micros,
} from '@polymarket-arb/domain';
import { type Logger } from '@polymarket-arb/common';
import type { EpisodeOptions } from './market/episodes.js';
import type { ReplaySpeed } from './replay.js';
import { SimOptionError } from './errors.js';

export interface SimulatorOptions {
  /** Seed of everything random (default 1). */
  seed?: number;
  /** Assets with live markets (default BTC, ETH, SOL); a list or "BTC,ETH". */
  assets?: readonly CryptoAsset[] | string;
  /** Market-channel flow events per second over all markets (default 50). */
  rate?: number;
  /** Binance trades per second per symbol (default 10). */
  binanceRate?: number;
  /** Arbitrage episodes to inject (default 0). */
  arbEpisodes?: number;
  /** Minimum net-of-fee margin per share of each episode, a decimal (default "0.01"). */
  arbMargin?: string;
  /** Length of each episode in ms (default 3000). */
  arbDurationMs?: number;
  /** Shares offered on each leg of an episode, a decimal (default "100"). */
  arbSize?: string;
  /** Time between episode starts in ms (default 10000; a seeded jitter of up to a quarter is added). */
  arbIntervalMs?: number;
  /** Time from the start to the first episode in ms (default 5000). */
  arbFirstAfterMs?: number;
  /** Fault SPEC (see FAULT_SPEC_HELP). */
  faults?: string;
  /** TCP port on 127.0.0.1 (default 0: a free port). */
  port?: number;
  /** Append the ground truth of every episode to this NDJSON file. */
  truthFile?: string;
  /** Serve this capture on the market channel (and Binance) instead of the live model. */
  replayFile?: string;
  /** Replay pace: a factor (1 = original) or "max". */
  speed?: ReplaySpeed;
  /** The simulator's clock (tests); wins over `startTimeMs`. */
  clock?: Clock;
  /** Start the simulator's time at this instant (unix ms); it then advances in real time. */
  startTimeMs?: number;
  /** Binance server ping interval in ms (default 20000). */
  binancePingMs?: number;
  /** Binance pong deadline in ms (default 60000). */
  binancePongTimeoutMs?: number;
  /** Keep every frame sent to every connection in `stats()` (memory grows with the run). */
  recordSent?: boolean;
  /** Where logs go (default: nowhere). */
  logger?: Logger;
}

export interface ResolvedOptions {
  readonly seed: number;
  readonly assets: readonly CryptoAsset[];
  readonly rate: number;
  readonly binanceRate: number;
  readonly episodes: EpisodeOptions;
  readonly faults: string;
  readonly port: number;
  readonly truthFile: string | undefined;
  readonly replayFile: string | undefined;
  readonly speed: ReplaySpeed;
  readonly clock: Clock;
  readonly binancePingMs: number;
  readonly binancePongTimeoutMs: number;
  readonly recordSent: boolean;
}

/** The poly-sim flag behind each option, so CLI users read the name they typed. */
const FLAGS: Readonly<Record<string, string>> = {
  seed: '--seed',
  assets: '--assets',
  rate: '--rate',
  binanceRate: '--binance-rate',
  arbEpisodes: '--arb-episodes',
  arbMargin: '--arb-margin',
  arbDurationMs: '--arb-duration',
  arbSize: '--arb-size',
  arbIntervalMs: '--arb-interval',
  arbFirstAfterMs: '--arb-start',
  port: '--port',
  startTimeMs: '--start-time',
  speed: '--speed',
  binancePingMs: '--binance-ping',
};

function bad(option: string, value: unknown, fix: string): UsageError {
  const flag = FLAGS[option];
  return new SimOptionError(`${option}${flag ? ` (${flag})` : ''} ${JSON.stringify(value)} is not valid.`, { hint: fix });
}

function whole(option: string, value: number | undefined, fallback: number, min: number, max: number): number {
  const v = value ?? fallback;
  if (!Number.isSafeInteger(v) || v < min || v > max) throw bad(option, value, `Use a whole number from ${min} to ${max}.`);
  return v;
}

function positive(option: string, value: number | undefined, fallback: number, min = 0): number {
  const v = value ?? fallback;
  if (!Number.isFinite(v) || v < min) throw bad(option, value, `Use a number of at least ${min}.`);
  return v;
}

function decimalMicros(option: string, text: string, what: string): Micros {
  try {
    return option === 'arbMargin' ? Number(parseDecimal(text, 6, { what })) : parseMicros(text, what);
  } catch {
    throw bad(option, text, `Use a decimal ${what}, e.g. ${option === 'arbMargin' ? '0.01' : '100'}.`);
  }
}

/** A clock that starts at `startMs` and then advances in real time. */
export function offsetClock(startMs: number): Clock {
  const offsetMs = startMs - systemClock.nowMs();
  return { nowMs: () => systemClock.nowMs() + offsetMs, nowMicros: () => systemClock.nowMicros() + offsetMs * 1000 };
}

export function resolveOptions(o: SimulatorOptions): ResolvedOptions {
  const assets =
    typeof o.assets === 'string' ? parseAssetList(o.assets) : [...new Set((o.assets ?? ['BTC', 'ETH', 'SOL']).map((a) => parseAsset(a)))];
  if (assets.length === 0) throw bad('assets', o.assets, 'Give at least one of BTC, ETH, SOL, XRP.');
  const margin = decimalMicros('arbMargin', o.arbMargin ?? '0.01', 'margin per share');
  if (margin <= 0 || margin >= 1_000_000) throw bad('arbMargin', o.arbMargin, 'Use a margin per share between 0 and 1, e.g. 0.01.');
  const size = decimalMicros('arbSize', o.arbSize ?? '100', 'number of shares');
  if (size <= 0 || size % 10_000 !== 0)
    throw bad('arbSize', o.arbSize, 'Use a positive number of shares with at most 2 decimals, e.g. 100.');
  const durationMs = positive('arbDurationMs', o.arbDurationMs, 3_000, 1);
  const intervalMs = positive('arbIntervalMs', o.arbIntervalMs, 10_000, 1);
  if (intervalMs <= durationMs)
    throw bad(
      'arbIntervalMs',
      o.arbIntervalMs,
      `Make the interval between episodes (${intervalMs} ms) longer than their duration (${durationMs} ms).`,
    );
  if (o.startTimeMs !== undefined && !Number.isSafeInteger(o.startTimeMs))
    throw bad('startTimeMs', o.startTimeMs, 'Use unix milliseconds, e.g. Date.UTC(2026, 10, 26, 12, 14, 50).');
  const speed = o.speed ?? 1;
  if (speed !== 'max' && !(Number.isFinite(speed) && speed > 0))
    throw bad('speed', o.speed, 'Use a positive factor (1 = original pace) or "max".');
  return {
    seed: whole('seed', o.seed, 1, 0, Number.MAX_SAFE_INTEGER),
    assets,
    rate: positive('rate', o.rate, 50),
    binanceRate: positive('binanceRate', o.binanceRate, 10),
    episodes: {
      count: whole('arbEpisodes', o.arbEpisodes, 0, 0, 1_000_000),
      marginMicros: margin,
      durationMs,
      sizeMicros: size,
      firstAfterMs: positive('arbFirstAfterMs', o.arbFirstAfterMs, 5_000),
      intervalMs,
    },
    faults: o.faults ?? '',
    port: whole('port', o.port, 0, 0, 65_535),
    truthFile: o.truthFile,
    replayFile: o.replayFile,
    speed,
    clock: o.clock ?? (o.startTimeMs === undefined ? systemClock : offsetClock(o.startTimeMs)),
    binancePingMs: positive('binancePingMs', o.binancePingMs, 20_000, 1),
    binancePongTimeoutMs: positive('binancePongTimeoutMs', o.binancePongTimeoutMs, 60_000, 1),
    recordSent: o.recordSent ?? false,
  };
}
