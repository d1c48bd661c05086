/**
 * The simulated venue (spec 3.5, 8.2): one fill model for paper mode (live books, the live clock)
 * and backtests (recorded books, the replay clock). Orders come from the one engine and fill
 * against the engine's books at the time each order would have reached the venue; what happens
 * is reported as account events.
 *
 *  - Latency: an order (and a cancel) reaches the venue `latency_ms` after it was placed; the book
 *    it meets is the book at that instant (the driver calls `advance` before the engine applies
 *    newer data, and ticks arrive every 100 ms).
 *  - Taker delay: a marketable order is held `taker_delay_ms` (Polymarket's `itode`, 250 ms) and
 *    matched against the book as it is after the delay; if the liquidity left meanwhile it rests
 *    (GTC) or is cancelled (FAK/FOK).
 *  - Taking: levels are walked from the best up to the limit (partial fills), one trade and one
 *    taker fee (`tradeFee` of the market's schedule) per level; what we took is remembered so the
 *    book cannot be taken twice (see liquidity.ts).
 *  - Resting: a GTC order queues behind the size at its price when it arrives (queue.ts); it fills
 *    as trades at its price consume the queue ahead, or when the price trades or is offered through
 *    it. Maker fills pay no fee on taker-only schedules.
 *  - Rules: tick, 0.01-share step and the minimum order size on placement and again on arrival;
 *    the venue refuses orders after the window ends and cancels resting ones at the end.
 *  - Failures: each match FAILS on-chain with probability `fail_probability` (seeded). A failed
 *    match is never reported as a fill: the order ends cancelled with the reason, which the engine
 *    treats like a missed leg (leg risk, circuit breaker).
 *  - Paper only, `fill_probability`: on live books others trade on the same liquidity unseen, so a
 *    match finds it gone with probability 1 - fill_probability (seeded). A recording already shows
 *    what others took, so backtests leave it out.
 *  - Pairs: a `with_primary` pair is its two legs placed at once; an `on_primary_fill` pair sends
 *    the second leg for the primary's filled shares as they fill (pair.ts), reported on the fill.
 */
import { formatMicros, parseMicros, tradeFee, type Micros, type OrderSide } from '@polymarket-arb/domain';
import type { AccountEvent, AccountEventSink, SecondLegSent } from '../../core/account-events.js';
import type {
  ExecutorContext,
  FillReport,
  MarketView,
  OpenOrderView,
  OrderRequest,
  PairAck,
  PairIntent,
  PlaceAck,
  SimulatedVenue,
  TimeInForce,
} from '../../core/executor.js';
import { ContingentLegs, placePairLegs } from '../pair.js';
import { orderRuleViolation } from '../rules.js';
import { averagePrice, bestAvailable, ConsumedLiquidity, emptyWalk, walkLevels, type Walk } from './liquidity.js';
import { QueuePosition } from './queue.js';
import { SeededRandom } from './rng.js';
import type { SimulatedVenueSettings } from './settings.js';
import { ExecutionStats, type FillRecord } from './stats.js';

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
  fills: number;
}

/** JSON form of a working order (exact decimal strings), for paper mode's state file. */
export interface SimulatedOrderSnapshot {
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

export interface SimulatedExecutorOptions {
  readonly kind: 'paper' | 'backtest';
  /** Keep every fill in `fills` (a backtest's trade list); paper keeps totals only. Default false. */
  readonly keepFills?: boolean;
}

const BUY: OrderSide = 'BUY';
const CERTAIN: Micros = 1_000_000;

export class SimulatedExecutor implements SimulatedVenue {
  readonly kind: 'paper' | 'backtest';
  readonly canFill = true;
  readonly stats = new ExecutionStats();
  /** Every fill, in order, when `keepFills` (the backtest report's trade list). */
  readonly fills: FillRecord[] = [];
  keepFills: boolean;
  onFill: ((fill: FillRecord) => void) | undefined;
  private readonly markets: MarketView;
  private readonly events: AccountEventSink;
  private readonly nowMs: () => number;
  private readonly orders = new Map<string, SimOrder>();
  private readonly consumed = new ConsumedLiquidity();
  private readonly contingent = new ContingentLegs();
  private readonly rng: SeededRandom;
  private readonly walk: Walk = emptyWalk();
  private readonly idPrefix: string;
  private seq = 0;
  private resting = 0;

  constructor(
    ctx: ExecutorContext,
    private readonly settings: SimulatedVenueSettings,
    options: SimulatedExecutorOptions,
  ) {
    this.markets = ctx.markets;
    this.events = ctx.events;
    this.nowMs = ctx.nowMs;
    this.kind = options.kind;
    this.keepFills = options.keepFills ?? false;
    this.idPrefix = options.kind === 'paper' ? 'paper-' : 'bt-';
    this.rng = new SeededRandom(settings.seed);
  }

  placeOrder(request: OrderRequest): PlaceAck {
    const orderId = `${this.idPrefix}${++this.seq}`;
    this.stats.ordersPlaced++;
    this.stats.orderedSize += request.size;
    const rules = this.markets.rules(request.tokenId);
    const violation =
      rules === undefined ? `unknown token ${request.tokenId}` : orderRuleViolation(request, rules.tickSize, rules.minOrderSize);
    if (violation !== undefined) {
      this.stats.ordersRejected++;
      return { ok: false, orderId, reason: violation };
    }
    const now = this.nowMs();
    this.orders.set(orderId, {
      orderId,
      request,
      placedMs: now,
      phase: 'pending',
      dueMs: now + this.settings.latency_ms,
      filled: 0,
      cancelAtMs: 0,
      queue: undefined,
      throughFilled: 0,
      anyFill: false,
      fills: 0,
    });
    return { ok: true, orderId };
  }

  submitPair(pair: PairIntent): PairAck {
    const ack = placePairLegs((order) => this.placeOrder(order), pair);
    if (ack.primary.ok && pair.secondWhen === 'on_primary_fill') this.contingent.arm(ack.primary.orderId, pair.second);
    return ack;
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
  }

  onTrade(tokenId: string, price: Micros, size: Micros, nowMs: number, side: OrderSide): void {
    if (this.resting === 0) return;
    for (const o of this.orders.values()) {
      if (o.phase !== 'resting' || o.request.tokenId !== tokenId) continue;
      const r = o.request;
      const buying = r.side === BUY;
      const through = buying ? price < r.price : price > r.price;
      // A print at our price fills us once the queue ahead is gone, if it hit our side of the book.
      const reach = through ? size : price === r.price && side !== r.side && o.queue !== undefined ? o.queue.onTrade(size, nowMs) : 0;
      if (reach > 0) this.makerFill(o, Math.min(reach, r.size - o.filled), nowMs);
    }
  }

  openOrders(): OpenOrderView[] {
    return [...this.orders.values()].map((o) => ({ orderId: o.orderId, request: o.request, filled: o.filled, placedMs: o.placedMs }));
  }

  /** Working orders as JSON-safe records (exact decimal strings): paper mode saves them on shutdown. */
  snapshotOrders(): SimulatedOrderSnapshot[] {
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

  /** Put saved working orders back: they reach the venue again from now (ids are kept). */
  restoreOrders(saved: readonly SimulatedOrderSnapshot[]): void {
    const now = this.nowMs();
    for (const s of saved) {
      const request: OrderRequest = {
        tokenId: s.tokenId,
        eventId: s.eventId,
        outcome: s.outcome,
        side: s.side,
        price: parseMicros(s.price, 'price'),
        size: parseMicros(s.size, 'size'),
        timeInForce: s.timeInForce,
        postOnly: s.postOnly,
      };
      this.orders.set(s.orderId, {
        orderId: s.orderId,
        request,
        placedMs: s.placedMs,
        phase: 'pending',
        dueMs: now,
        filled: parseMicros(s.filled, 'filled'),
        cancelAtMs: 0,
        queue: undefined,
        throughFilled: 0,
        anyFill: false,
        fills: 0,
      });
      const n = Number(new RegExp(`^${this.idPrefix}(\\d+)$`).exec(s.orderId)?.[1] ?? 0);
      if (n > this.seq) this.seq = n;
    }
  }

  private dueOf(o: SimOrder): number {
    let due = o.phase === 'resting' ? (this.markets.windowEndMs(o.request.tokenId) ?? Number.NEGATIVE_INFINITY) : o.dueMs;
    if (o.cancelAtMs !== 0 && o.cancelAtMs < due) due = o.cancelAtMs;
    return due;
  }

  private step(o: SimOrder, at: number): void {
    if (o.cancelAtMs !== 0 && o.cancelAtMs <= at && (o.phase === 'resting' || o.cancelAtMs < o.dueMs))
      return this.cancel(o, o.cancelAtMs, 'cancelled on request');
    if (o.phase === 'resting') return this.cancel(o, at, 'market closed at the end of its window');
    if (o.phase === 'pending') return this.arrive(o, at);
    this.release(o, at);
  }

  /** The order reaches the venue at `at`. */
  private arrive(o: SimOrder, at: number): void {
    const r = o.request;
    const rules = this.markets.rules(r.tokenId);
    const windowEnd = this.markets.windowEndMs(r.tokenId);
    if (rules === undefined || windowEnd === undefined) return this.reject(o, at, 'market no longer tracked');
    if (at >= windowEnd) return this.reject(o, at, 'market closed (its window has ended)');
    const violation = orderRuleViolation(r, rules.tickSize, rules.minOrderSize);
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
    if (this.markets.book(o.request.tokenId) === undefined) return this.reject(o, at, 'market no longer tracked');
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
        return this.restOrCancel(o, at, 'refused to fill from a crossed book (crossed_books = "refuse")');
      }
      this.stats.crossedFills++;
    }
    if (this.liquidityGone()) return this.restOrCancel(o, at, 'paper: liquidity gone on arrival (fill_probability)');
    const w = walkLevels(book, this.consumed, r.tokenId, r.side, r.price, r.size - o.filled, rules.feeSchedule, this.walk);
    if (w.size === 0) return this.restOrCancel(o, at, 'no liquidity at the limit price');
    if (r.timeInForce === 'FOK' && w.size < r.size - o.filled)
      return this.restOrCancel(o, at, 'FOK: not enough liquidity at the limit price');
    if (this.failed()) return this.failMatch(o, at);
    for (let i = 0; i < w.prices.length; i++)
      this.consumed.take(r.tokenId, r.side === BUY ? 'ask' : 'bid', w.prices[i] as number, w.sizes[i] as number);
    this.takerFill(o, w, at);
  }

  /** Paper: others took the liquidity first (drawn only when `fill_probability` is below 1). */
  private liquidityGone(): boolean {
    const p = this.settings.fill_probability ?? CERTAIN;
    return p < CERTAIN && this.rng.next() * 1_000_000 >= p;
  }

  private failed(): boolean {
    return this.settings.fail_probability > 0 && this.rng.next() * 1_000_000 < this.settings.fail_probability;
  }

  private failMatch(o: SimOrder, at: number): void {
    this.stats.failedTrades++;
    this.cancel(o, at, 'matched trade FAILED on-chain (simulated, fail_probability)');
  }

  private takerFill(o: SimOrder, w: Walk, at: number): void {
    const fill: FillReport = {
      size: w.size,
      notional: w.notional,
      fee: w.fee,
      avgPrice: averagePrice(w.notional, w.size),
      liquidity: 'taker',
      cumulative: o.filled + w.size,
    };
    const done = o.filled + w.size >= o.request.size || o.request.timeInForce !== 'GTC';
    this.reportFill(o, fill, at, done);
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
    const done = o.filled + size >= r.size;
    this.reportFill(o, fill, at, done);
    if (done) this.remove(o);
  }

  /** Book the fill, send a pair's second leg it calls for, and report both in one event. */
  private reportFill(o: SimOrder, fill: FillReport, at: number, done: boolean): void {
    o.filled += fill.size;
    o.fills++;
    if (!o.anyFill) this.stats.ordersFilled++;
    o.anyFill = true;
    const r = o.request;
    const record: FillRecord = {
      atMs: at,
      orderId: o.orderId,
      eventId: r.eventId,
      tokenId: r.tokenId,
      outcome: r.outcome,
      side: r.side,
      size: fill.size,
      notional: fill.notional,
      fee: fill.fee,
      avgPrice: fill.avgPrice,
      liquidity: fill.liquidity,
    };
    this.stats.add(record);
    if (this.keepFills) this.fills.push(record);
    this.onFill?.(record);
    const secondLeg = this.sendSecondLeg(o, fill.size);
    if (done) this.contingent.disarm(o.orderId);
    this.report({
      type: 'order_fill',
      orderId: o.orderId,
      atMs: at,
      fill,
      done,
      tradeId: `${o.orderId}/${o.fills}`,
      status: 'confirmed',
      secondLeg,
    });
  }

  private sendSecondLeg(o: SimOrder, filled: Micros): SecondLegSent | undefined {
    const rules = this.markets.rules(o.request.tokenId);
    const request = rules === undefined ? undefined : this.contingent.onPrimaryFill(o.orderId, filled, rules.minOrderSize);
    if (request === undefined) return undefined;
    const ack = this.placeOrder(request);
    if (ack.ok) this.contingent.sent(o.orderId, request.size);
    return { request, ack };
  }

  private restOrCancel(o: SimOrder, at: number, reason: string): void {
    if (o.request.timeInForce !== 'GTC') return this.cancel(o, at, reason);
    this.rest(o);
    this.report({ type: 'order_resting', orderId: o.orderId, atMs: at });
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
    this.remove(o);
    this.report({ type: 'order_cancelled', orderId: o.orderId, atMs: at, filled: o.filled, reason });
  }

  private reject(o: SimOrder, at: number, reason: string): void {
    this.stats.ordersRejected++;
    this.remove(o);
    this.report({ type: 'order_rejected', orderId: o.orderId, atMs: at, reason });
  }

  private remove(o: SimOrder): void {
    this.contingent.disarm(o.orderId);
    if (!this.orders.delete(o.orderId)) return;
    if (o.phase === 'resting') this.resting--;
  }

  private report(e: AccountEvent): void {
    this.events.push(e);
  }
}
