/**
 * Arbitrage detection (spec 4.1), evaluated on margins NET of taker fees, allocation-free.
 *
 * Two ways to buy a pair are evaluated on every call:
 *  - taker: buy the yes ask and the no ask now; both legs pay the taker fee;
 *  - maker: rest a bid on one leg (fee-free) at the best bid improved by `maker_improve_ticks`
 *    (kept below that leg's ask), and take the other leg's ask when the bid fills: one fee.
 * The time-phase threshold (early / mid / late by seconds remaining) applies to the net margin.
 * With `variant = auto` the taker pair wins when it clears the threshold (both legs fill now, no
 * waiting), otherwise the better maker leg when it clears; the record always carries all three
 * net margins so decisions can show what each variant would have made.
 */
import type { Micros } from '@polymarket-arb/domain';
import { Variant, type VariantCode } from './codes.js';
import { NO_MARGIN, type MarketState } from './market-state.js';

export interface StrategySettings {
  readonly variant: 'auto' | 'taker' | 'maker';
  readonly early_threshold: Micros;
  readonly mid_threshold: Micros;
  readonly late_threshold: Micros;
  readonly early_phase_secs: number;
  readonly late_phase_secs: number;
  readonly maker_improve_ticks: number;
  readonly stale_book_ms: number;
}

export const Phase = { EARLY: 0, MID: 1, LATE: 2 } as const;
export type PhaseCode = (typeof Phase)[keyof typeof Phase];

/** The spec's `ArbOpportunity`, as a reusable record (one per engine; copy it to keep it). */
export class ArbOpportunity {
  /** Net margin cleared the phase threshold. */
  passes = false;
  variant: VariantCode = Variant.NONE;
  phase: PhaseCode = Phase.EARLY;
  remainingSecs = 0;
  threshold: Micros = 0;
  /** Price of each leg: the ask for a taker leg, the resting bid for the maker leg. */
  yesPrice: Micros = -1;
  noPrice: Micros = -1;
  grossMargin: Micros = NO_MARGIN;
  /** Fees per pair for the chosen variant (rounded up). */
  fee: Micros = 0;
  netMargin: Micros = NO_MARGIN;
  /** Shares offered at the best ask of the leg(s) taken. */
  topSize: Micros = 0;
  /** 0..1, see `confidenceOf`. */
  confidence = 0;
  /** Best gross margin (before fees) of the three variants: the first filter reads it. */
  bestGross: Micros = NO_MARGIN;
  takerNet: Micros = NO_MARGIN;
  makerYesNet: Micros = NO_MARGIN;
  makerNoNet: Micros = NO_MARGIN;
}

/** The phase and threshold for `remainingSecs`. */
export function phaseOf(remainingSecs: number, s: StrategySettings): PhaseCode {
  if (remainingSecs > s.early_phase_secs) return Phase.EARLY;
  if (remainingSecs > s.late_phase_secs) return Phase.MID;
  return Phase.LATE;
}

export function thresholdOf(phase: PhaseCode, s: StrategySettings): Micros {
  return phase === Phase.EARLY ? s.early_threshold : phase === Phase.MID ? s.mid_threshold : s.late_threshold;
}

/**
 * Price of a maker bid on a leg with best bid `bid` and best ask `ask` (-1 = none): the bid
 * improved by `improveTicks`, strictly below the ask, at most 1 - tick. A leg without bids has
 * no maker candidate (-1): a lone bid far from any trading has no realistic chance to fill.
 */
export function makerBidPrice(bid: Micros, ask: Micros, tick: Micros, improveTicks: number): Micros {
  if (bid < 0) return -1;
  let price = Math.min(bid + improveTicks * tick, 1_000_000 - tick);
  if (ask >= 0 && price >= ask) price = ask - tick;
  if (price < bid) price = bid; // a one-tick spread: join the bid instead
  return price >= tick ? price : -1;
}

/** Net margin of resting `bid` on one leg and taking `otherAsk` on the other. */
function makerNet(m: MarketState, bid: Micros, otherAsk: Micros): Micros {
  if (bid < 0 || otherAsk < 0) return NO_MARGIN;
  return 1_000_000 - bid - otherAsk - m.fees.takerFee(otherAsk);
}

/** Evaluate both variants on `m` at `nowMs` into `out`; returns `out.passes`. */
export function detectArb(m: MarketState, nowMs: number, s: StrategySettings, mvpSize: Micros, out: ArbOpportunity): boolean {
  const remaining = m.remainingSecs(nowMs);
  const phase = phaseOf(remaining, s);
  const threshold = thresholdOf(phase, s);
  const tick = m.tickSize;
  const yesBid = makerBidPrice(m.yesBid, m.yesAsk, tick, s.maker_improve_ticks);
  const noBid = makerBidPrice(m.noBid, m.noAsk, tick, s.maker_improve_ticks);
  out.takerNet = m.netMargin;
  out.makerYesNet = makerNet(m, yesBid, m.noAsk);
  out.makerNoNet = makerNet(m, noBid, m.yesAsk);
  const makerYesGross = out.makerYesNet === NO_MARGIN ? NO_MARGIN : 1_000_000 - yesBid - m.noAsk;
  const makerNoGross = out.makerNoNet === NO_MARGIN ? NO_MARGIN : 1_000_000 - noBid - m.yesAsk;
  out.bestGross = Math.max(m.grossMargin, makerYesGross, makerNoGross);
  out.phase = phase;
  out.remainingSecs = remaining;
  out.threshold = threshold;

  const makerYesBetter = out.makerYesNet >= out.makerNoNet;
  const makerBest = makerYesBetter ? out.makerYesNet : out.makerNoNet;
  let variant: VariantCode;
  if (s.variant === 'taker') variant = Variant.TAKER;
  else if (s.variant === 'maker') variant = makerYesBetter ? Variant.MAKER_YES : Variant.MAKER_NO;
  else if (out.takerNet >= threshold || out.takerNet >= makerBest) variant = Variant.TAKER;
  else variant = makerYesBetter ? Variant.MAKER_YES : Variant.MAKER_NO;

  if (variant === Variant.TAKER) {
    out.yesPrice = m.yesAsk;
    out.noPrice = m.noAsk;
    out.grossMargin = m.grossMargin;
    out.fee = m.takerFeePerPair;
    out.netMargin = m.netMargin;
    out.topSize = Math.min(m.yesAskSize, m.noAskSize);
  } else if (variant === Variant.MAKER_YES) {
    out.yesPrice = yesBid;
    out.noPrice = m.noAsk;
    out.fee = m.noAsk >= 0 ? m.fees.takerFee(m.noAsk) : 0;
    out.netMargin = out.makerYesNet;
    out.grossMargin = out.netMargin === NO_MARGIN ? NO_MARGIN : out.netMargin + out.fee;
    out.topSize = m.noAskSize;
  } else {
    out.yesPrice = m.yesAsk;
    out.noPrice = noBid;
    out.fee = m.yesAsk >= 0 ? m.fees.takerFee(m.yesAsk) : 0;
    out.netMargin = out.makerNoNet;
    out.grossMargin = out.netMargin === NO_MARGIN ? NO_MARGIN : out.netMargin + out.fee;
    out.topSize = m.yesAskSize;
  }
  out.variant = variant;
  out.passes = out.netMargin !== NO_MARGIN && out.netMargin >= threshold && out.netMargin > 0;
  scoreConfidence(m, out, nowMs, s, mvpSize);
  return out.passes;
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

/**
 * Confidence in 0..1, written to `o.confidence`: 40% margin over threshold (full at twice the
 * threshold), 30% depth at the top (full at the MVP size), 20% book freshness (full when both
 * books changed just now, zero at `stale_book_ms`), 10% time left (full in the early phase). A
 * maker pair is scaled by 0.6: its bid may never fill, and fills come exactly when the price
 * moves against it. (It writes a field instead of returning the number: a float returned from
 * a call V8 does not inline is boxed, i.e. allocated, on every evaluation.)
 */
export function scoreConfidence(m: MarketState, o: ArbOpportunity, nowMs: number, s: StrategySettings, mvpSize: Micros): void {
  if (o.netMargin === NO_MARGIN) {
    o.confidence = 0;
    return;
  }
  const oldest = m.yes.updatedMs < m.no.updatedMs ? m.yes.updatedMs : m.no.updatedMs;
  const margin = o.threshold > 0 ? clamp01(o.netMargin / (2 * o.threshold)) : o.netMargin > 0 ? 1 : 0;
  const depth = mvpSize > 0 ? clamp01(o.topSize / mvpSize) : 1;
  const fresh = clamp01(1 - (nowMs - oldest) / s.stale_book_ms);
  const time = s.early_phase_secs > 0 ? clamp01(o.remainingSecs / s.early_phase_secs) : 1;
  const score = 0.4 * margin + 0.3 * depth + 0.2 * fresh + 0.1 * time;
  o.confidence = o.variant === Variant.TAKER ? score : score * 0.6;
}
