/**
 * Toxic-flow detection (spec 4.2), allocation-free.
 *
 * We never see individual orders on the market channel, only aggregate level sizes; a level that
 * grows by d shares is read as an order of size d. Per token we keep a rolling window of those
 * sizes; an addition above `size_multiplier` x the rolling average is a *large* order, and one that
 * appeared less than `sudden_ms` ago is *sudden*. A large ask sitting at the price an arbitrage
 * would take is the classic bait: someone who knows where the market goes dumps one leg.
 *
 * The Binance feature catches the other face of the same thing: the reference spot moved by more
 * than `spot_move_bps` within `spot_window_ms` while one of the market's books has not changed
 * for `book_lag_ms`: the cheap leg is stale, and whoever takes it is picked off.
 */
import type { Micros } from '@polymarket-arb/domain';
import { Severity, type SeverityCode } from './codes.js';

export interface ToxicSettings {
  readonly window: number;
  readonly min_samples: number;
  readonly size_multiplier: number;
  readonly sudden_ms: number;
  readonly spot_window_ms: number;
  readonly spot_move_bps: number;
  readonly book_lag_ms: number;
}

/** Bits of `ToxicAssessment.flags`, telling which signals fired. */
export const ToxicFlag = { LARGE: 1, SUDDEN: 2, AT_OUR_PRICE: 4, SPOT_MOVE: 8, BOOK_LAG: 16 } as const;

/** Rolling order-size statistics and the last large order of one token's book. */
export class OrderFlowTracker {
  private readonly sizes: Float64Array;
  private sum = 0;
  private count = 0;
  private next = 0;
  /** Last large order: when (ms, 0 = none), side (true = ask), price, size and size/average. */
  largeAtMs = 0;
  largeIsAsk = false;
  largePrice: Micros = 0;
  largeSize: Micros = 0;
  largeRatio = 0;

  constructor(private readonly settings: ToxicSettings) {
    this.sizes = new Float64Array(settings.window);
  }

  average(): number {
    return this.count === 0 ? 0 : this.sum / this.count;
  }

  samples(): number {
    return this.count;
  }

  /** Feed one level change (aggregate sizes before and after). Only growth counts as an order. */
  onLevel(isAsk: boolean, price: Micros, before: Micros, after: Micros, nowMs: number): void {
    const added = after - before;
    if (added <= 0) return;
    const avg = this.average();
    if (this.count >= this.settings.min_samples && added > this.settings.size_multiplier * avg) {
      this.largeAtMs = nowMs;
      this.largeIsAsk = isAsk;
      this.largePrice = price;
      this.largeSize = added;
      this.largeRatio = added / avg;
    }
    const slot = this.next;
    if (this.count === this.sizes.length) this.sum -= this.sizes[slot] as number;
    else this.count++;
    this.sizes[slot] = added;
    this.sum += added;
    this.next = slot + 1 === this.sizes.length ? 0 : slot + 1;
  }

  /** Forget the last large order (a snapshot replaced the book). Statistics are kept. */
  clearLarge(): void {
    this.largeAtMs = 0;
  }
}

/** Recent spot prices of one asset (Micros), for the "spot jumped while the book lags" feature. */
export class SpotTracker {
  private readonly times: Float64Array;
  private readonly prices: Float64Array;
  private next = 0;
  private count = 0;
  last: Micros = 0;
  lastMs = 0;

  constructor(capacity = 1024) {
    this.times = new Float64Array(capacity);
    this.prices = new Float64Array(capacity);
  }

  record(price: Micros, atMs: number): void {
    this.times[this.next] = atMs;
    this.prices[this.next] = price;
    this.next = (this.next + 1) % this.times.length;
    if (this.count < this.times.length) this.count++;
    this.last = price;
    this.lastMs = atMs;
  }

  /** Largest move of the latest price against any price in the last `windowMs`, in basis points. */
  moveBps(nowMs: number, windowMs: number): number {
    if (this.count === 0) return 0;
    let worst = 0;
    const cap = this.times.length;
    for (let k = 1; k <= this.count; k++) {
      const i = (this.next - k + cap) % cap;
      if ((this.times[i] as number) < nowMs - windowMs) break;
      const p = this.prices[i] as number;
      const bps = (Math.abs(this.last - p) * 10_000) / p;
      if (bps > worst) worst = bps;
    }
    return worst;
  }
}

/** Result of one assessment (reused; see `assessToxicity`). */
export class ToxicAssessment {
  severity: SeverityCode = Severity.NONE;
  flags = 0;
  /** Largest large-order ratio (size / rolling average) among the legs, 0 when none. */
  ratio = 0;
  spotMoveBps = 0;

  reset(): void {
    this.severity = Severity.NONE;
    this.flags = 0;
    this.ratio = 0;
    this.spotMoveBps = 0;
  }
}

/** What `assessToxicity` needs to know about one leg the strategy would take. */
export interface LegView {
  readonly flow: OrderFlowTracker;
  /** Price the strategy would pay on this leg (asks at or below it are "at our price"). */
  readonly price: Micros;
  /** Current aggregate size at the large order's price (to tell whether it is still there). */
  sizeAtLarge(price: Micros): Micros;
}

function legSignals(leg: LegView, nowMs: number, s: ToxicSettings, out: ToxicAssessment): void {
  const f = leg.flow;
  if (f.largeAtMs === 0 || !f.largeIsAsk) return;
  if (leg.sizeAtLarge(f.largePrice) < f.largeSize) return; // it has gone (filled or cancelled)
  out.flags |= ToxicFlag.LARGE;
  if (f.largeRatio > out.ratio) out.ratio = f.largeRatio;
  if (nowMs - f.largeAtMs < s.sudden_ms) out.flags |= ToxicFlag.SUDDEN;
  if (f.largePrice <= leg.price) out.flags |= ToxicFlag.AT_OUR_PRICE;
}

/**
 * Severity of taking the given legs now. LOW: a large ask is in the book; MEDIUM: it is where we
 * would buy; HIGH: it appeared suddenly at our price, or spot moved while a book lags; CRITICAL:
 * both at once.
 */
export function assessToxicity(
  legA: LegView,
  legB: LegView | undefined,
  spot: SpotTracker | undefined,
  oldestBookMs: number,
  nowMs: number,
  s: ToxicSettings,
  out: ToxicAssessment,
): ToxicAssessment {
  out.reset();
  legSignals(legA, nowMs, s, out);
  if (legB !== undefined) legSignals(legB, nowMs, s, out);
  if (spot !== undefined) {
    out.spotMoveBps = spot.moveBps(nowMs, s.spot_window_ms);
    if (out.spotMoveBps >= s.spot_move_bps) {
      out.flags |= ToxicFlag.SPOT_MOVE;
      if (nowMs - oldestBookMs >= s.book_lag_ms) out.flags |= ToxicFlag.BOOK_LAG;
    }
  }
  const baitAtPrice =
    (out.flags & (ToxicFlag.LARGE | ToxicFlag.SUDDEN | ToxicFlag.AT_OUR_PRICE)) ===
    (ToxicFlag.LARGE | ToxicFlag.SUDDEN | ToxicFlag.AT_OUR_PRICE);
  const staleOnMove = (out.flags & (ToxicFlag.SPOT_MOVE | ToxicFlag.BOOK_LAG)) === (ToxicFlag.SPOT_MOVE | ToxicFlag.BOOK_LAG);
  if (baitAtPrice && staleOnMove) out.severity = Severity.CRITICAL;
  else if (baitAtPrice || staleOnMove) out.severity = Severity.HIGH;
  else if ((out.flags & ToxicFlag.LARGE) !== 0 && (out.flags & ToxicFlag.AT_OUR_PRICE) !== 0) out.severity = Severity.MEDIUM;
  else if ((out.flags & (ToxicFlag.LARGE | ToxicFlag.SPOT_MOVE)) !== 0) out.severity = Severity.LOW;
  return out;
}
