/**
 * Paper executor (spec 8.2): real market data, simulated execution, nothing sent anywhere.
 *
 * An order reaches the simulated venue `latency_ms` after it was placed and is matched against
 * the live book as it is at that moment (the engine calls `advance` before applying newer data).
 * Marketable orders walk the levels up to their limit (partial fills when depth runs out), pay
 * the taker fee per level via `tradeFee`, and fill at all only with probability
 * `fill_probability` (seeded RNG: reproducible). Post-only orders rest and fill only when the
 * market trades through their price: an opposite order strictly better than it appears in the
 * book, or a trade prints strictly beyond it; maker fills pay no fee. Rules (tick, 0.01-share
 * size, minimum size) are checked on placement and again on arrival.
 */
import { formatMicros, parseMicros, type Micros } from '@polymarket-arb/domain';
import { averagePrice, isMarketable, sizeThrough, takeLiquidity, type Match } from './paper-match.js';
import { SeededRandom } from './rng.js';
import { orderRuleViolation } from './rules.js';
import type { Executor, MarketView, OpenOrderView, OrderRequest, OrderResult, OrderResultListener, PlaceAck, TimeInForce } from '../core/executor.js';

export interface PaperSettings {
  readonly latency_ms: number;
  /** Probability (micros of 1) that a marketable order finds its liquidity still there. */
  readonly fill_probability: Micros;
  readonly seed: number;
}

interface PaperOrder {
  readonly orderId: string;
  readonly request: OrderRequest;
  readonly placedMs: number;
  readonly arrivalMs: number;
  state: 'pending' | 'resting' | 'done';
  filled: Micros;
  /** Filled from liquidity standing through our price (so it is not counted twice). */
  throughFilled: Micros;
  cancelAtMs: number;
}

/** JSON form of a working paper order (exact decimal strings), for the shutdown state file. */
export interface PaperOrderSnapshot {
  orderId: string;
  tokenId: string;
  eventId: string;
  outcome: 'yes' | 'no';
  side: 'BUY' | 'SELL';
  price: string;
  size: string;
  filled: string;
  timeInForce: TimeInForce;
  postOnly: boolean;
  placedMs: number;
}

export class PaperExecutor implements Executor {
  readonly kind = 'paper' as const;
  readonly canFill = true;
  private readonly orders = new Map<string, PaperOrder>();
  private readonly rng: SeededRandom;
  private readonly outbox: OrderResult[] = [];
  private listener: OrderResultListener = () => {};
  private seq = 0;
  private lastMs = 0;

  constructor(private readonly view: MarketView, private readonly settings: PaperSettings, private readonly nowMs: () => number) {
    this.rng = new SeededRandom(settings.seed);
  }

  setResultListener(listener: OrderResultListener): void {
    this.listener = listener;
  }

  placeOrder(request: OrderRequest): PlaceAck {
    const orderId = `paper-${++this.seq}`;
    const rules = this.view.rules(request.tokenId);
    if (rules === undefined) return { ok: false, orderId, reason: `unknown token ${request.tokenId}` };
    const violation = orderRuleViolation(request, rules.tickSize, rules.minOrderSize);
    if (violation !== undefined) return { ok: false, orderId, reason: violation };
    const now = this.nowMs();
    this.orders.set(orderId, { orderId, request, placedMs: now, arrivalMs: now + this.settings.latency_ms, state: 'pending', filled: 0, throughFilled: 0, cancelAtMs: 0 });
    return { ok: true, orderId };
  }

  cancelOrder(orderId: string): boolean {
    const o = this.orders.get(orderId);
    if (o === undefined || o.state === 'done' || o.cancelAtMs !== 0) return false;
    o.cancelAtMs = this.nowMs() + this.settings.latency_ms;
    return true;
  }

  advance(nowMs: number): void {
    this.lastMs = nowMs;
    for (const o of this.orders.values()) {
      if (o.state === 'pending' && o.arrivalMs <= nowMs) this.arrive(o, o.arrivalMs);
      if (o.state !== 'done' && o.cancelAtMs !== 0 && o.cancelAtMs <= nowMs) this.finish(o, { kind: 'cancelled', orderId: o.orderId, request: o.request, atMs: o.cancelAtMs, filled: o.filled, reason: 'cancelled on request' });
    }
    this.flush();
  }

  onBookChanged(tokenId: string, nowMs: number): void {
    for (const o of this.orders.values()) {
      if (o.state !== 'resting' || o.request.tokenId !== tokenId) continue;
      const book = this.view.book(tokenId);
      if (book === undefined) continue;
      const through = sizeThrough(book, o.request.side, o.request.price) - o.throughFilled;
      if (through <= 0) continue;
      const size = Math.min(through, o.request.size - o.filled);
      o.throughFilled += size;
      this.makerFill(o, size, nowMs);
    }
    this.flush();
  }

  onTrade(tokenId: string, price: Micros, size: Micros, nowMs: number): void {
    for (const o of this.orders.values()) {
      if (o.state !== 'resting' || o.request.tokenId !== tokenId) continue;
      const through = o.request.side === 'BUY' ? price < o.request.price : price > o.request.price;
      if (through) this.makerFill(o, Math.min(size, o.request.size - o.filled), nowMs);
    }
    this.flush();
  }

  openOrders(): OpenOrderView[] {
    const open: OpenOrderView[] = [];
    for (const o of this.orders.values()) if (o.state !== 'done') open.push({ orderId: o.orderId, request: o.request, filled: o.filled, placedMs: o.placedMs });
    return open;
  }

  /** Working orders as JSON-safe records (exact decimal strings). */
  snapshotOrders(): PaperOrderSnapshot[] {
    return this.openOrders().map((o) => ({
      orderId: o.orderId,
      tokenId: o.request.tokenId,
      eventId: o.request.eventId,
      outcome: o.request.outcome,
      side: o.request.side,
      price: formatMicros(o.request.price),
      size: formatMicros(o.request.size),
      filled: formatMicros(o.filled),
      timeInForce: o.request.timeInForce,
      postOnly: o.request.postOnly,
      placedMs: o.placedMs,
    }));
  }

  /** Put saved working orders back (they rest again from `nowMs`; ids are kept). */
  restoreOrders(saved: readonly PaperOrderSnapshot[]): void {
    const now = this.nowMs();
    for (const s of saved) {
      const request: OrderRequest = { tokenId: s.tokenId, eventId: s.eventId, outcome: s.outcome, side: s.side, price: parseMicros(s.price, 'price'), size: parseMicros(s.size, 'size'), timeInForce: s.timeInForce, postOnly: s.postOnly };
      this.orders.set(s.orderId, { orderId: s.orderId, request, placedMs: s.placedMs, arrivalMs: now, state: 'pending', filled: parseMicros(s.filled, 'filled'), throughFilled: 0, cancelAtMs: 0 });
      const n = Number(/^paper-(\d+)$/.exec(s.orderId)?.[1] ?? 0);
      if (n > this.seq) this.seq = n;
    }
  }

  private arrive(o: PaperOrder, atMs: number): void {
    const r = o.request;
    const book = this.view.book(r.tokenId);
    const rules = this.view.rules(r.tokenId);
    if (book === undefined || rules === undefined) return this.reject(o, atMs, 'market no longer tracked');
    const violation = orderRuleViolation(r, rules.tickSize, rules.minOrderSize);
    if (violation !== undefined) return this.reject(o, atMs, `${violation} (rules changed before arrival)`);
    const marketable = isMarketable(book, r.side, r.price);
    if (marketable && r.postOnly) return this.reject(o, atMs, 'post-only order would cross the book');
    if (!marketable) return this.restOrCancel(o, atMs, 'no liquidity at the limit price');
    if (this.rng.next() * 1_000_000 >= this.settings.fill_probability) return this.restOrCancel(o, atMs, 'paper: liquidity gone on arrival (fill_probability)');
    const match = takeLiquidity(book, r.side, r.price, r.size - o.filled, rules.feeSchedule);
    if (r.timeInForce === 'FOK' && match.size < r.size - o.filled) return this.restOrCancel(o, atMs, 'FOK: not enough liquidity at the limit price');
    this.takerFill(o, match, atMs);
  }

  private takerFill(o: PaperOrder, match: Match, atMs: number): void {
    if (match.size === 0) return this.restOrCancel(o, atMs, 'no liquidity at the limit price');
    o.filled += match.size;
    const fill = { size: match.size, notional: match.notional, fee: match.fee, avgPrice: averagePrice(match.notional, match.size), liquidity: 'taker' as const, cumulative: o.filled };
    if (o.filled >= o.request.size) return this.finish(o, { kind: 'filled', orderId: o.orderId, request: o.request, atMs, fill });
    const done = o.request.timeInForce !== 'GTC';
    this.outbox.push({ kind: 'partial_fill', orderId: o.orderId, request: o.request, atMs, fill, done });
    o.state = done ? 'done' : 'resting';
  }

  private makerFill(o: PaperOrder, size: Micros, atMs: number): void {
    if (size <= 0) return;
    o.filled += size;
    const notional = notionalOf(size, o.request.price, o.request.side);
    const fill = { size, notional, fee: 0, avgPrice: o.request.price, liquidity: 'maker' as const, cumulative: o.filled };
    if (o.filled >= o.request.size) this.finish(o, { kind: 'filled', orderId: o.orderId, request: o.request, atMs, fill });
    else this.outbox.push({ kind: 'partial_fill', orderId: o.orderId, request: o.request, atMs, fill, done: false });
  }

  private restOrCancel(o: PaperOrder, atMs: number, reason: string): void {
    if (o.request.timeInForce === 'GTC') {
      o.state = 'resting';
      this.outbox.push({ kind: 'resting', orderId: o.orderId, request: o.request, atMs });
      return;
    }
    this.finish(o, { kind: 'cancelled', orderId: o.orderId, request: o.request, atMs, filled: o.filled, reason });
  }

  private reject(o: PaperOrder, atMs: number, reason: string): void {
    this.finish(o, { kind: 'rejected', orderId: o.orderId, request: o.request, atMs, reason });
  }

  private finish(o: PaperOrder, result: OrderResult): void {
    o.state = 'done';
    this.orders.delete(o.orderId);
    this.outbox.push(result);
  }

  /** Deliver queued results (after the iteration that produced them, so listeners may place orders). */
  private flush(): void {
    while (this.outbox.length > 0) this.listener(this.outbox.shift() as OrderResult);
  }

  /** Last time `advance` saw (for tests). */
  get timeMs(): number {
    return this.lastMs;
  }
}

function notionalOf(size: Micros, price: Micros, side: 'BUY' | 'SELL'): Micros {
  const exact = BigInt(size) * BigInt(price);
  const q = exact / 1_000_000n;
  return Number(side === 'BUY' && exact % 1_000_000n !== 0n ? q + 1n : q);
}
