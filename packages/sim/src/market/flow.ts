/**
 * Order flow: what happens to a market's book on each simulated event. One call is one action, and
 * one action is one order placed, resized or cancelled (one `price_change` frame) or one taker trade.
 * Levels live near the fair value of Up: bids strictly below it, asks strictly above, a few dozen
 * levels a side, sizes with two decimals; levels left on the wrong side of a moving fair value are
 * traded away (a taker picks them off), so the book never crosses by itself. Everything is stated
 * in Up terms and then told from the Up or the Down side at random, as real orders arrive on both.
 */
import { MICROS_PER_UNIT, type Micros, type Outcome } from '@polymarket-arb/domain';
import type { LiveMarket } from './live-market.js';
import type { WireSide } from './mirrored-book.js';
import type { Rng } from './rng.js';

/** Sizes are whole cents of a share: 10_000 micros. */
const CENT = 10_000;
const MIN_LEVELS = 6;
const MAX_LEVELS = 30;
const SEED_LEVELS = 12;
/** Levels are placed within this many ticks of the touch. */
const TOP_WINDOW = 8;

export interface FlowOptions {
  /** Probability that an event is a random taker trade. */
  readonly tradeProbability: number;
}

export const DEFAULT_FLOW: FlowOptions = { tradeProbability: 0.03 };

/** Prices (Up terms) an episode holds, which the normal flow must not touch. */
export interface ReservedLevels {
  readonly upAsk: Micros;
  readonly upBid: Micros;
}

/** A random resting size: many small orders, a few large ones (5 to 5,000 shares). */
export function randomSize(rng: Rng): Micros {
  return rng.logUniformInt(500, 500_000) * CENT;
}

function floorTick(price: Micros, tick: Micros): Micros {
  return Math.floor(price / tick) * tick;
}

/** Highest tick price strictly below fair, and lowest strictly above, kept inside [tick, 1-tick]. */
function bounds(fair: Micros, tick: Micros): { bidCap: Micros; askFloor: Micros } {
  const bidCap = Math.max(tick, Math.ceil(fair / tick) * tick - tick);
  const askFloor = Math.min(MICROS_PER_UNIT - tick, floorTick(fair, tick) + tick);
  return { bidCap, askFloor };
}

/** Fill a new market's book around `fair` without emitting anything (nobody can be subscribed yet). */
export function seedBook(m: LiveMarket, fair: Micros, rng: Rng): void {
  const tick = m.tickSize;
  const { bidCap, askFloor } = bounds(fair, tick);
  for (let i = 0; i < SEED_LEVELS; i++) {
    const bid = bidCap - i * tick * (1 + rng.int(2));
    const ask = askFloor + i * tick * (1 + rng.int(2));
    if (bid >= tick) m.book.upBids.set(bid, m.book.upBids.size(bid) + randomSize(rng));
    if (ask <= MICROS_PER_UNIT - tick) m.book.upAsks.set(ask, m.book.upAsks.size(ask) + randomSize(rng));
  }
  // Deep resting liquidity at the extremes, as every captured book has.
  if (m.book.upBids.size(tick) === 0 && bidCap > tick) m.book.upBids.set(tick, rng.logUniformInt(100_000, 5_000_000) * CENT);
  const top = MICROS_PER_UNIT - tick;
  if (m.book.upAsks.size(top) === 0 && askFloor < top) m.book.upAsks.set(top, rng.logUniformInt(100_000, 5_000_000) * CENT);
}

/**
 * Perform one flow action on `m`: always exactly one order change or one trade, so the configured
 * rate is the rate of frames. `reserved` is set while an arbitrage episode holds the top.
 */
export function flowStep(m: LiveMarket, fair: Micros, rng: Rng, ts: number, options: FlowOptions, reserved?: ReservedLevels): void {
  const tick = m.tickSize;
  const bids = m.book.upBids;
  const asks = m.book.upAsks;
  const normalBestBid = reserved && bids.best() === reserved.upBid ? bids.nthBest(1) : bids.best();
  const normalBestAsk = reserved && asks.best() === reserved.upAsk ? asks.nthBest(1) : asks.best();

  if (!reserved) {
    // A level stranded on the wrong side of fair is picked off by a taker.
    if (normalBestBid !== undefined && normalBestBid > fair + tick && bids.count > 1) return takeLevel(m, 'BUY', rng, ts);
    if (normalBestAsk !== undefined && normalBestAsk < fair - tick && asks.count > 1) return takeLevel(m, 'SELL', rng, ts);
    if (rng.chance(options.tradeProbability) && randomTrade(m, rng, ts)) return;
  }

  let { bidCap, askFloor } = bounds(fair, tick);
  // Never cross the existing book: new bids stay below the best ask, new asks above the best bid.
  if (normalBestAsk !== undefined) bidCap = Math.min(bidCap, floorTick(normalBestAsk - 1, tick));
  if (normalBestBid !== undefined) askFloor = Math.max(askFloor, Math.ceil((normalBestBid + 1) / tick) * tick);

  const upSide: WireSide = rng.chance(0.5) ? 'BUY' : 'SELL';
  const levels = upSide === 'BUY' ? bids : asks;
  const normalCount = levels.count - (reserved ? 1 : 0);
  if (normalCount > MAX_LEVELS) {
    const worst = levels.worst();
    if (worst !== undefined) return place(m, upSide, worst, 0, rng, ts);
  }
  const depth = normalCount < MIN_LEVELS ? TOP_WINDOW + rng.int(TOP_WINDOW) : Math.min(rng.int(TOP_WINDOW), rng.int(TOP_WINDOW));
  const price = upSide === 'BUY' ? bidCap - depth * tick : askFloor + depth * tick;
  const valid =
    price >= tick &&
    price <= MICROS_PER_UNIT - tick &&
    (upSide === 'BUY' ? price < (normalBestAsk ?? MICROS_PER_UNIT) : price > (normalBestBid ?? 0));
  if (!valid) return resizeNearTop(m, rng, ts, reserved);

  const existing = levels.size(price);
  let size: Micros;
  if (existing === 0) size = randomSize(rng);
  else if (rng.chance(0.25) && normalCount > MIN_LEVELS) size = 0;
  else if (rng.chance(0.6)) size = existing + randomSize(rng);
  else size = existing - randomSize(rng);
  // A reduction that would empty the level of a thin side adds instead.
  if (existing > 0 && size <= 0 && (size < 0 || normalCount <= MIN_LEVELS)) size = existing + randomSize(rng);
  place(m, upSide, price, size, rng, ts);
}

/** Fallback action: add size to one of the top three (non-episode) levels of a random side. */
function resizeNearTop(m: LiveMarket, rng: Rng, ts: number, reserved?: ReservedLevels): void {
  const upSide: WireSide = rng.chance(0.5) ? 'BUY' : 'SELL';
  const levels = upSide === 'BUY' ? m.book.upBids : m.book.upAsks;
  const skip = upSide === 'BUY' ? reserved?.upBid : reserved?.upAsk;
  const candidates: Micros[] = [];
  for (let k = 0; k < levels.count && candidates.length < 3; k++) {
    const p = levels.nthBest(k);
    if (p !== undefined && p !== skip) candidates.push(p);
  }
  if (candidates.length === 0) return;
  const price = rng.pick(candidates);
  place(m, upSide, price, levels.size(price) + randomSize(rng), rng, ts);
}

/** Set an Up-terms level, telling it from the Up or the Down token at random. */
function place(m: LiveMarket, upSide: WireSide, upPrice: Micros, size: Micros, rng: Rng, ts: number): void {
  if (rng.chance(0.5)) return m.setLevel('yes', upSide, upPrice, size, ts);
  m.setLevel('no', upSide === 'BUY' ? 'SELL' : 'BUY', MICROS_PER_UNIT - upPrice, size, ts);
}

/** A taker clears the whole best level of the Up book's `upSide` (BUY = bids). */
function takeLevel(m: LiveMarket, upSide: WireSide, rng: Rng, ts: number): void {
  const outcome: Outcome = rng.chance(0.5) ? 'yes' : 'no';
  // Hitting Up bids is selling Up, or buying Down (Down asks mirror Up bids).
  const sellsUp = upSide === 'BUY';
  const takerSide: WireSide = outcome === 'yes' ? (sellsUp ? 'SELL' : 'BUY') : sellsUp ? 'BUY' : 'SELL';
  m.trade(outcome, takerSide, Number.MAX_SAFE_INTEGER, ts);
}

/** A random taker order: the whole best level, or part of it, on a random token and side (false if none fits). */
function randomTrade(m: LiveMarket, rng: Rng, ts: number): boolean {
  const outcome: Outcome = rng.chance(0.5) ? 'yes' : 'no';
  const takerSide: WireSide = rng.chance(0.5) ? 'BUY' : 'SELL';
  const restingCount = (takerSide === 'BUY') === (outcome === 'yes') ? m.book.upAsks.count : m.book.upBids.count;
  const best = takerSide === 'BUY' ? m.book.bestAsk(outcome) : m.book.bestBid(outcome);
  if (best === undefined) return false;
  const resting = m.book.size(outcome, takerSide === 'BUY' ? 'SELL' : 'BUY', best);
  const full = restingCount > MIN_LEVELS && rng.chance(0.4);
  const partial = Math.floor((resting * (0.1 + 0.8 * rng.next())) / CENT) * CENT;
  const size = full ? resting : Math.max(CENT, Math.min(resting - CENT, partial));
  // Never empty a thin side: the feed always shows both sides of the book.
  if (size <= 0 || (size >= resting && restingCount <= MIN_LEVELS)) return false;
  return m.trade(outcome, takerSide, size, ts) > 0;
}
