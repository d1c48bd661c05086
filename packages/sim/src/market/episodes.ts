/**
 * Arbitrage episodes: moments when the best Up ask plus the best Down ask, net of taker fees, is
 * below 1 by at least a chosen margin, held for a chosen time and size, then withdrawn. This module
 * plans when they happen, prices them on the market's tick grid, and writes the ground-truth record
 * the strategy tests score against. Pure: no I/O, no clock.
 */
import { formatDecimal, MICROS_PER_UNIT, pairCost, type CryptoAsset, type FeeSchedule, type Micros } from '@polymarket-arb/domain';
import type { Rng } from './rng.js';

export interface EpisodeOptions {
  /** How many episodes to inject. */
  readonly count: number;
  /** Minimum net-of-fee margin per share (micros), e.g. 10_000 = 1 cent. */
  readonly marginMicros: Micros;
  /** How long each episode lasts (ms). */
  readonly durationMs: number;
  /** Shares offered on each leg (micros). */
  readonly sizeMicros: Micros;
  /** Time from the simulator's start to the first episode (ms). */
  readonly firstAfterMs: number;
  /** Time between episode starts (ms); each start gets a seeded jitter of up to a quarter of it. */
  readonly intervalMs: number;
}

export const DEFAULT_EPISODES: EpisodeOptions = {
  count: 0,
  marginMicros: 10_000,
  durationMs: 3_000,
  sizeMicros: 100_000_000,
  firstAfterMs: 5_000,
  intervalMs: 10_000,
};

export interface EpisodePlan {
  readonly id: number;
  /** Planned start (ms); the engine may postpone it away from a window boundary. */
  readonly startMs: number;
  readonly asset: CryptoAsset;
}

/** The planned schedule: deterministic from the rng (seeded) and the start time. */
export function planEpisodes(options: EpisodeOptions, assets: readonly CryptoAsset[], startMs: number, rng: Rng): EpisodePlan[] {
  const plans: EpisodePlan[] = [];
  for (let i = 0; i < options.count; i++) {
    const jitter = rng.int(Math.max(1, Math.floor(options.intervalMs / 4)));
    plans.push({ id: i + 1, startMs: startMs + options.firstAfterMs + i * options.intervalMs + jitter, asset: rng.pick(assets) });
  }
  return plans;
}

export interface EpisodePrices {
  readonly upAsk: Micros;
  readonly downAsk: Micros;
}

/** Net margin per share of buying one Up at `upAsk` and one Down at `downAsk` as a taker. */
export function netMarginPerShare(upAsk: Micros, downAsk: Micros, schedule: FeeSchedule): bigint {
  return pairCost({ size: MICROS_PER_UNIT, yesPrice: upAsk, noPrice: downAsk, schedule }).profit;
}

/**
 * The tightest pair of asks on the tick grid around `fair` whose net margin per share reaches
 * `marginMicros`: start with the asks summing to 1 - tick and lower the dearer one a tick at a time.
 * Undefined when no such pair exists (fair too close to 0 or 1 for that margin).
 */
export function priceEpisode(fair: Micros, tick: Micros, marginMicros: Micros, schedule: FeeSchedule): EpisodePrices | undefined {
  let upAsk = Math.floor(fair / tick) * tick;
  let downAsk = MICROS_PER_UNIT - upAsk - tick;
  for (let step = 0; step < 2_000; step++) {
    if (upAsk < tick || downAsk < tick) return undefined;
    if (netMarginPerShare(upAsk, downAsk, schedule) >= BigInt(marginMicros)) return { upAsk, downAsk };
    if (upAsk >= downAsk) upAsk -= tick;
    else downAsk -= tick;
  }
  return undefined;
}

/** One line of the ground-truth NDJSON. Decimal amounts are exact strings. */
/** Which episode, in which market, when: shared by the ground-truth line and its input. */
export interface EpisodeIdentity {
  readonly id: number;
  readonly asset: CryptoAsset;
  readonly slug: string;
  readonly conditionId: string;
  readonly upTokenId: string;
  readonly downTokenId: string;
  readonly startMs: number;
  readonly endMs: number;
}

export interface TruthEpisode extends EpisodeIdentity {
  readonly upAsk: string;
  readonly downAsk: string;
  /** Shares offered on each leg. */
  readonly size: string;
  /** 1 - upAsk - downAsk. */
  readonly grossMarginPerShare: string;
  /** Gross minus both taker fees for one share (fees floored to 5 decimals, as charged). */
  readonly netMarginPerShare: string;
  readonly grossMargin: string;
  /** Payout minus cost with fees for `size` shares of each leg (`pairCost(...).profit`). */
  readonly netMargin: string;
  readonly upFee: string;
  readonly downFee: string;
}

export interface TruthInput extends EpisodeIdentity {
  readonly prices: EpisodePrices;
  readonly sizeMicros: Micros;
  readonly schedule: FeeSchedule;
}

export function truthRecord(t: TruthInput): TruthEpisode {
  const gross = MICROS_PER_UNIT - t.prices.upAsk - t.prices.downAsk;
  const cost = pairCost({ size: t.sizeMicros, yesPrice: t.prices.upAsk, noPrice: t.prices.downAsk, schedule: t.schedule });
  const grossTotal = (BigInt(t.sizeMicros) * BigInt(gross)) / BigInt(MICROS_PER_UNIT);
  const f = (v: bigint | number): string => formatDecimal(BigInt(v), 6);
  return {
    id: t.id,
    asset: t.asset,
    slug: t.slug,
    conditionId: t.conditionId,
    upTokenId: t.upTokenId,
    downTokenId: t.downTokenId,
    startMs: t.startMs,
    endMs: t.endMs,
    upAsk: f(t.prices.upAsk),
    downAsk: f(t.prices.downAsk),
    size: f(t.sizeMicros),
    grossMarginPerShare: f(gross),
    netMarginPerShare: f(netMarginPerShare(t.prices.upAsk, t.prices.downAsk, t.schedule)),
    grossMargin: f(grossTotal),
    netMargin: f(cost.profit),
    upFee: f(cost.yesFee),
    downFee: f(cost.noFee),
  };
}
