/**
 * The backtest executor (spec 3.5): orders from the one engine, fills against the recorded book
 * at the time each order would have reached the venue.
 *
 *  - Latency: an order (and a cancel) reaches the venue `latency_ms` after it was placed; the book
 *    it meets is the recorded book at that instant (the engine calls `advance` before applying newer
 *    data, and the replay ticks every 100 ms).
 *  - Taker delay: a marketable order is held `taker_delay_ms` (Polymarket's `itode`, 250 ms) and
 *    matched against the book as it is after the delay; if the liquidity left meanwhile it rests
 *    (GTC) or is cancelled (FAK/FOK).
 *  - Taking: levels are walked from the best up to the limit (partial fills), one trade and one
 *    taker fee (`tradeFee` of the market's schedule) per level; what we took is remembered so the
 *    recorded book cannot be taken twice (see liquidity.ts).
 *  - Resting: a GTC order queues behind the size at its price when it arrives (queue.ts); it fills
 *    as trades at its price consume the queue ahead, or when the price trades or is offered through
 *    it. Maker fills pay no fee on taker-only schedules.
 *  - Rules: tick, 0.01-share step and the minimum order size on placement and again on arrival;
 *    the venue refuses orders after the window ends and cancels resting ones at the end.
 *  - Failures: each match FAILS on-chain with probability `fail_probability` (seeded). A failed
 *    match is never reported as a fill: the order ends cancelled with the reason, which the engine
 *    treats like a missed leg (leg risk, circuit breaker).
 */
import { tradeFee, type Micros, type OrderSide } from '@polymarket-arb/domain';
import type { MarketRegistry } from '../../core/markets.js';
import { averagePrice } from '../../executor/paper-match.js';
import { SeededRandom } from '../../executor/rng.js';
import { orderRuleViolation } from '../../executor/rules.js';
import type { Executor, FillReport, OpenOrderView, OrderRequest, OrderResult, OrderResultListener, PlaceAck } from '../../core/executor.js';
import type { BacktestSettings } from '../settings.js';
import { bestAvailable, ConsumedLiquidity, emptyWalk, walkLevels, type Walk } from './liquidity.js';
import { QueuePosition } from './queue.js';
import { ExecutionStats, type FillRecord } from './stats.js';

export type BacktestExecSettings = Pick<BacktestSettings, 'latency_ms' | 'taker_delay_ms' | 'fail_probability' | 'seed' | 'queue_model' | 'queue_match_ms' | 'crossed_books'>;

type Phase = 'pending' | 'delayed' | 'resting';

interface SimOrder {
  readonly orderId: string;
  readonly request: OrderRequest;
  readonly placedMs: number;
  phase: Phase;
  /** Arrival (pending) or end of the taker delay (delayed). */
  dueMs: number;
  filled: Micros;
  cancelAtMs: number;
  queue: QueuePosition | undefined;
  /** Opposite-side liquidity through our price already counted as filling us. */
  throughFilled: Micros;
  anyFill: boolean;
}

const BUY: OrderSide = 'BUY';

export class BacktestExecutor implements Executor {
  readonly kind = 'backtest' as const;
  readonly canFill = true;
  readonly stats = new ExecutionStats();
  /** Every fill, in order (the report's trade list). Set `keepFills = false` to keep totals only. */
  readonly fills: FillRecord[] = [];
  keepFills = true;
  onFill: ((fill: FillRecord) => void) | undefined;
  private readonly orders = new Map<string, SimOrder>();
  private readonly consumed = new ConsumedLiquidity();
  private readonly rng: SeededRandom;
  private readonly outbox: OrderResult[] = [];
  private readonly walk: Walk = emptyWalk();
  private listener: OrderResultListener = () => {};
  private seq = 0;
  private resting = 0;

  constructor(private readonly markets: MarketRegistry, private readonly settings: BacktestExecSettings, private readonly nowMs: () => number) {
    this.rng = new SeededRandom(settings.seed);
  }

  setResultListener(listener: OrderResultListener): void {
    this.listener = listener;
  }

  placeOrder(request: OrderRequest): PlaceAck {
    const orderId = `bt-${++this.seq}`;
    this.stats.ordersPlaced++;
    this.stats.orderedSize += request.size;
    const rules = this.markets.rules(request.tokenId);
    const violation = rules === undefined ? `unknown token ${request.tokenId}` : orderRuleViolation(request, rules.tickSize, rules.minOrderSize);
    if (violation !== undefined) {
      this.stats.ordersRejected++;
      return { ok: false, orderId, reason: violation };
    }
    const now = this.nowMs();
    this.orders.set(orderId, { orderId, request, placedMs: now, phase: 'pending', dueMs: now + this.settings.latency_ms, filled: 0, cancelAtMs: 0, queue: undefined, throughFilled: 0, anyFill: false });
    return { ok: true, orderId };
  }

  cancelOrder(orderId: string): boolean {
    const o = this.orders.get(orderId);
    if (o === undefined || o.cancelAtMs !== 0) return false;
    o.cancelAtMs = this.nowMs() + this.settings.latency_ms;
    return true;
  }

  /** Run every arrival, delayed match, cancel and window-end closure due by `nowMs`, in time order. */
  advance(nowMs: number): void {
    if (this.orders.size === 0) return;
    for (;;) {
      let next: SimOrder | undefined;
      let at = Number.POSITIVE_INFINITY;
      for (const o of this.orders.values()) {
        const due = this.dueOf(o);
        if (due < at) {
          at = due;
          next = o;
        }
      }
      if (next === undefined || at > nowMs) break;
      this.step(next, at);
    }
    this.flush();
  }

  onBookChanged(tokenId: string, nowMs: number): void {
    if (!this.consumed.isEmpty) {
      const book = this.markets.book(tokenId);
      if (book !== undefined) this.consumed.clamp(tokenId, book);
    }
    if (this.resting === 0) return;
    for (const o of this.orders.values()) {
      if (o.phase !== 'resting' || o.request.tokenId !== tokenId) continue;
      const book = this.markets.book(tokenId);
      if (book === undefined) continue;
      const r = o.request;
      const buying = r.side === BUY;
      o.queue?.onDepth(book.sizeAt(buying ? 'bid' : 'ask', r.price), nowMs);
      const through = this.sizeThrough(o) - o.throughFilled;
      if (through > 0) {
        const size = Math.min(through, r.size - o.filled);
        o.throughFilled += size;
        this.makerFill(o, size, nowMs);
      }
    }
    this.flush();
  }

  onTrade(tokenId: string, price: Micros, size: Micros, nowMs: number, side?: OrderSide): void {
    if (this.resting === 0) return;
    for (const o of this.orders.values()) {
      if (o.phase !== 'resting' || o.request.tokenId !== tokenId) continue;
      const r = o.request;
      const buying = r.side === BUY;
      const through = buying ? price < r.price : price > r.price;
      // A print at our price fills us once the queue ahead is gone, if it hit our side of the book.
      const againstUs = side === undefined || side !== r.side;
      const reach = through ? size : price === r.price && againstUs && o.queue !== undefined ? o.queue.onTrade(size, nowMs) : 0;
      if (reach > 0) this.makerFill(o, Math.min(reach, r.size - o.filled), nowMs);
    }
    this.flush();
  }

  openOrders(): OpenOrderView[] {
    return [...this.orders.values()].map((o) => ({ orderId: o.orderId, request: o.request, filled: o.filled, placedMs: o.placedMs }));
  }

  private dueOf(o: SimOrder): number {
    let due = o.phase === 'resting' ? this.windowEnd(o) : o.dueMs;
    if (o.cancelAtMs !== 0 && o.cancelAtMs < due) due = o.cancelAtMs;
    return due;
  }

  private windowEnd(o: SimOrder): number {
    return this.markets.token(o.request.tokenId)?.market.window.windowEnd ?? Number.NEGATIVE_INFINITY;
  }

  private step(o: SimOrder, at: number): void {
    if (o.cancelAtMs !== 0 && o.cancelAtMs <= at && (o.phase === 'resting' || o.cancelAtMs < o.dueMs)) return this.cancel(o, o.cancelAtMs, 'cancelled on request');
    if (o.phase === 'resting') return this.cancel(o, at, 'market closed at the end of its window');
    if (o.phase === 'pending') return this.arrive(o, at);
    this.release(o, at);
  }

  /** The order reaches the venue at `at`. */
  private arrive(o: SimOrder, at: number): void {
    const r = o.request;
    const ref = this.markets.token(r.tokenId);
    if (ref === undefined) return this.reject(o, at, 'market no longer tracked');
    if (at >= ref.market.window.windowEnd) return this.reject(o, at, 'market closed (its window has ended)');
    const violation = orderRuleViolation(r, ref.market.tickSize, ref.market.window.minOrderSize);
    if (violation !== undefined) return this.reject(o, at, `${violation} (rules changed before arrival)`);
    const marketable = this.marketable(o);
    if (marketable && r.postOnly) return this.reject(o, at, 'post-only order would cross the book');
    if (!marketable) return this.restOrCancel(o, at, 'no liquidity at the limit price');
    if (this.settings.taker_delay_ms > 0) {
      o.phase = 'delayed';
      o.dueMs = at + this.settings.taker_delay_ms;
      this.stats.delayedOrders++;
      return;
    }
    this.match(o, at);
  }

  /** The taker delay is over: match against the book as it is now. */
  private release(o: SimOrder, at: number): void {
    if (this.markets.token(o.request.tokenId) === undefined) return this.reject(o, at, 'market no longer tracked');
    if (!this.marketable(o)) {
      this.stats.missedAfterDelay++;
      return this.restOrCancel(o, at, `no liquidity at the limit price after the ${this.settings.taker_delay_ms} ms taker delay`);
    }
    this.match(o, at);
  }

  private marketable(o: SimOrder): boolean {
    const book = this.markets.book(o.request.tokenId);
    if (book === undefined) return false;
    const best = bestAvailable(book, this.consumed, o.request.tokenId, o.request.side);
    return best >= 0 && (o.request.side === BUY ? o.request.price >= best : o.request.price <= best);
  }

  private match(o: SimOrder, at: number): void {
    const r = o.request;
    const book = this.markets.book(r.tokenId);
    const rules = this.markets.rules(r.tokenId);
    if (book === undefined || rules === undefined) return this.reject(o, at, 'market no longer tracked');
    if (book.isCrossed()) {
      if (this.settings.crossed_books === 'refuse') {
        this.stats.crossedRefusals++;
        return this.restOrCancel(o, at, 'refused to fill from a crossed book (backtest.crossed_books = "refuse")');
      }
      this.stats.crossedFills++;
    }
    const w = walkLevels(book, this.consumed, r.tokenId, r.side, r.price, r.size - o.filled, rules.feeSchedule, this.walk);
    if (w.size === 0) return this.restOrCancel(o, at, 'no liquidity at the limit price');
    if (r.timeInForce === 'FOK' && w.size < r.size - o.filled) return this.restOrCancel(o, at, 'FOK: not enough liquidity at the limit price');
    if (this.failed()) return this.failMatch(o, at);
    for (let i = 0; i < w.prices.length; i++) this.consumed.take(r.tokenId, r.side === BUY ? 'ask' : 'bid', w.prices[i] as number, w.sizes[i] as number);
    this.takerFill(o, w, at);
  }

  private failed(): boolean {
    return this.settings.fail_probability > 0 && this.rng.next() * 1_000_000 < this.settings.fail_probability;
  }

  private failMatch(o: SimOrder, at: number): void {
    this.stats.failedTrades++;
    this.cancel(o, at, 'matched trade FAILED on-chain (simulated, backtest.fail_probability)');
  }

  private takerFill(o: SimOrder, w: Walk, at: number): void {
    const fill: FillReport = { size: w.size, notional: w.notional, fee: w.fee, avgPrice: averagePrice(w.notional, w.size), liquidity: 'taker', cumulative: o.filled + w.size };
    this.applyFill(o, fill, at);
    if (o.filled >= o.request.size) return this.finish(o, { kind: 'filled', orderId: o.orderId, request: o.request, atMs: at, fill });
    const done = o.request.timeInForce !== 'GTC';
    this.outbox.push({ kind: 'partial_fill', orderId: o.orderId, request: o.request, atMs: at, fill, done });
    if (done) this.remove(o);
    else this.rest(o);
  }

  private makerFill(o: SimOrder, size: Micros, at: number): void {
    if (size <= 0 || !this.orders.has(o.orderId)) return;
    if (this.failed()) return this.failMatch(o, at);
    const r = o.request;
    const rules = this.markets.rules(r.tokenId);
    const exact = BigInt(size) * BigInt(r.price);
    const floor = exact / 1_000_000n;
    const notional = Number(r.side === BUY && exact % 1_000_000n !== 0n ? floor + 1n : floor);
    const fee = rules === undefined ? 0 : Number(tradeFee(size, r.price, rules.feeSchedule, 'maker'));
    const fill: FillReport = { size, notional, fee, avgPrice: r.price, liquidity: 'maker', cumulative: o.filled + size };
    this.applyFill(o, fill, at);
    if (o.filled >= r.size) this.finish(o, { kind: 'filled', orderId: o.orderId, request: r, atMs: at, fill });
    else this.outbox.push({ kind: 'partial_fill', orderId: o.orderId, request: r, atMs: at, fill, done: false });
  }

  private applyFill(o: SimOrder, fill: FillReport, at: number): void {
    o.filled += fill.size;
    if (!o.anyFill) this.stats.ordersFilled++;
    o.anyFill = true;
    const r = o.request;
    const record: FillRecord = { atMs: at, orderId: o.orderId, eventId: r.eventId, tokenId: r.tokenId, outcome: r.outcome, side: r.side, size: fill.size, notional: fill.notional, fee: fill.fee, avgPrice: fill.avgPrice, liquidity: fill.liquidity };
    this.stats.add(record);
    if (this.keepFills) this.fills.push(record);
    this.onFill?.(record);
  }

  private restOrCancel(o: SimOrder, at: number, reason: string): void {
    if (o.request.timeInForce !== 'GTC') return this.cancel(o, at, reason);
    this.rest(o);
    this.outbox.push({ kind: 'resting', orderId: o.orderId, request: o.request, atMs: at });
  }

  /** Join the queue at the order's price behind everything resting there now. */
  private rest(o: SimOrder): void {
    if (o.phase === 'resting') return;
    const book = this.markets.book(o.request.tokenId);
    const level = book === undefined ? 0 : book.sizeAt(o.request.side === BUY ? 'bid' : 'ask', o.request.price);
    o.queue = new QueuePosition(level, this.settings.queue_model, this.settings.queue_match_ms);
    o.phase = 'resting';
    this.resting++;
  }

  /** Opposite-side liquidity strictly better than our price, or at it once nothing is ahead of us. */
  private sizeThrough(o: SimOrder): Micros {
    const r = o.request;
    const book = this.markets.book(r.tokenId);
    if (book === undefined) return 0;
    const buying = r.side === BUY;
    const front = o.queue !== undefined && o.queue.ahead === 0;
    let total = 0;
    book.forEachLevel(buying ? 'ask' : 'bid', (price, size) => {
      const better = buying ? price < r.price : price > r.price;
      if (!better && !(front && price === r.price)) return false;
      total += size;
      return true;
    });
    return total;
  }

  private cancel(o: SimOrder, at: number, reason: string): void {
    this.stats.ordersCancelled++;
    this.finish(o, { kind: 'cancelled', orderId: o.orderId, request: o.request, atMs: at, filled: o.filled, reason });
  }

  private reject(o: SimOrder, at: number, reason: string): void {
    this.stats.ordersRejected++;
    this.finish(o, { kind: 'rejected', orderId: o.orderId, request: o.request, atMs: at, reason });
  }

  private finish(o: SimOrder, result: OrderResult): void {
    this.remove(o);
    this.outbox.push(result);
  }

  private remove(o: SimOrder): void {
    if (!this.orders.delete(o.orderId)) return;
    if (o.phase === 'resting') this.resting--;
  }

  /** Deliver results after the iteration that produced them (listeners may place orders). */
  private flush(): void {
    while (this.outbox.length > 0) this.listener(this.outbox.shift() as OrderResult);
  }
}
