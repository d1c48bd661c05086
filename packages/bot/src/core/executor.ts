/**
 * The Executor contract (spec 3.5), defined by the core and implemented by the adapters: how the
 * engine's decisions reach a venue, real or simulated. Modes differ only in the executor they
 * wire: `NoOpExecutor` (shadow), the `SimulatedExecutor` (paper on live books, backtest on
 * recorded ones), and a live one later.
 *
 * Two parts:
 *  - `Executor`: what every executor offers the engine. Calls answer synchronously with what is
 *    known in the process (an order id, or a refusal by local validation: nothing left the
 *    process). Everything the venue says afterwards (resting, fills, cancels, rejects, trade
 *    status changes) is an `AccountEvent` pushed to the `AccountEventSink` the executor was built
 *    with, never from inside one of these calls: it reaches the engine through the event stream,
 *    in order with market events (see driver.ts).
 *  - `SimulatedVenue`: what a simulated executor additionally needs to be told, because it has no
 *    venue of its own: time passing and the market data the engine applied.
 *
 * A `PairIntent` is the arbitrage as one request: a primary leg and the contingent second leg on
 * the other outcome, whose limit prices bound what one pair may cost. A live executor can sign
 * the second leg in advance and send it the moment the primary fills; simulated executors place
 * it on the primary's fill.
 */
import type { FeeSchedule, Micros, OrderBook, OrderSide } from '@polymarket-arb/domain';
import type { AccountEventSink } from './account-events.js';
import type { OrderRequest, PlaceAck } from './order.js';

export type { FillReport, OrderRequest, PlaceAck, TimeInForce } from './order.js';

/**
 * The arbitrage as one request. `second` is the other outcome's leg; its limit price is the most
 * that leg may cost, so a pair never costs more than `pairCeiling` before fees.
 *  - `with_primary` (taker pair): both legs are sent at once, the primary first; when the primary
 *    is refused the second is not sent.
 *  - `on_primary_fill` (maker pair): the second leg is sent for each part of the primary that
 *    fills (sized to the filled shares, once they reach the minimum order size), and reported on
 *    the fill event that triggered it (`OrderFillEvent.secondLeg`).
 */
export interface PairIntent {
  readonly primary: OrderRequest;
  readonly second: OrderRequest;
  readonly secondWhen: 'with_primary' | 'on_primary_fill';
}

/** The most one pair of a `PairIntent` may cost before fees: the sum of the two legs' limits. */
export function pairCeiling(p: PairIntent): Micros {
  return p.primary.price + p.second.price;
}

export interface PairAck {
  readonly primary: PlaceAck;
  /** `with_primary`: the second leg's ack, undefined when the primary was refused; `on_primary_fill`: undefined. */
  readonly second: PlaceAck | undefined;
}

export interface OpenOrderView {
  readonly orderId: string;
  readonly request: OrderRequest;
  readonly filled: Micros;
  readonly placedMs: number;
}

export type ExecutorKind = 'noop' | 'paper' | 'backtest' | 'live';

/** What every executor offers the engine. */
export interface Executor {
  readonly kind: ExecutorKind;
  /** False when orders never fill (shadow): the engine then tracks no open orders. */
  readonly canFill: boolean;
  placeOrder(order: OrderRequest): PlaceAck;
  submitPair(pair: PairIntent): PairAck;
  /** Ask to cancel; an `order_cancelled` event follows. False for an unknown or finished order. */
  cancelOrder(orderId: string): boolean;
  openOrders(): OpenOrderView[];
}

/** What a simulated venue needs to see of the markets (the engine's registry provides it). */
export interface MarketView {
  book(tokenId: string): OrderBook | undefined;
  rules(tokenId: string): { readonly tickSize: Micros; readonly minOrderSize: Micros; readonly feeSchedule: FeeSchedule } | undefined;
  /** End of the token's market window (ms): the venue closes the market then. Undefined for an unknown token. */
  windowEndMs(tokenId: string): number | undefined;
}

/** Everything an executor is built from: the markets, and where it reports what happens. */
export interface ExecutorContext {
  readonly markets: MarketView;
  readonly events: AccountEventSink;
  /** The engine's clock (ms). */
  readonly nowMs: () => number;
}

/**
 * A simulated venue: an executor with no venue of its own, told by the driver what happens.
 * Account events arise only inside these calls.
 */
export interface SimulatedVenue extends Executor {
  /** Time passed to `nowMs`, before the engine applies market data stamped `nowMs`. */
  advance(nowMs: number): void;
  /** A book changed (after the engine applied it): resting orders may now be traded through. */
  onBookChanged(tokenId: string, nowMs: number): void;
  /** A trade printed on the market channel (`last_trade_price`); `side` is the taker's side. */
  onTrade(tokenId: string, price: Micros, size: Micros, nowMs: number, side: OrderSide): void;
}

export function isSimulatedVenue(e: Executor): e is SimulatedVenue {
  return typeof (e as Partial<SimulatedVenue>).onBookChanged === 'function';
}
