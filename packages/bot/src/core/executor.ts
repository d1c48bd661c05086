/**
 * The Executor contract (spec 3.5), defined by the core and implemented by the adapters: how the
 * engine's decisions reach a venue, real or simulated. Modes differ only in the executor they
 * wire: `NoOpExecutor` (shadow), `PaperExecutor` (paper), `BacktestExecutor` (backtest), and a
 * live one later.
 *
 * `placeOrder` answers synchronously with an acknowledgement (accepted with an id, or refused by
 * local validation); everything that happens afterwards arrives as `OrderResult`s through the
 * listener, and only from inside `advance` / `onBookChanged` / `onTrade` (or, for a live executor,
 * from its own I/O callbacks), never re-entrantly from `placeOrder` itself.
 */
import type { Micros, OrderBook, FeeSchedule, OrderSide, Outcome } from '@polymarket-arb/domain';

/** FAK = fill what you can, cancel the rest (IOC); FOK = all or nothing; GTC rests. */
export type TimeInForce = 'FAK' | 'FOK' | 'GTC';

export interface OrderRequest {
  readonly tokenId: string;
  readonly eventId: string;
  readonly outcome: Outcome;
  readonly side: OrderSide;
  /** Limit price (Micros, a multiple of the market tick). */
  readonly price: Micros;
  /** Shares (Micros, a multiple of 0.01 share, at least the market's minimum order size). */
  readonly size: Micros;
  readonly timeInForce: TimeInForce;
  /** Rest only; refuse if it would take liquidity (maker orders). */
  readonly postOnly: boolean;
}

export type PlaceAck = { readonly ok: true; readonly orderId: string } | { readonly ok: false; readonly orderId: string; readonly reason: string };

/** One fill event: the increment of this event, plus the running total. */
export interface FillReport {
  /** Shares filled by this event. */
  readonly size: Micros;
  /** Price x size of this event (micros; rounded up for buys, down for sells). */
  readonly notional: Micros;
  /** Fee charged on this event (micros; 0 for maker fills). */
  readonly fee: Micros;
  /** Volume-weighted price of this event. */
  readonly avgPrice: Micros;
  readonly liquidity: 'taker' | 'maker';
  /** Shares filled so far on the order, this event included. */
  readonly cumulative: Micros;
}

interface ResultBase {
  readonly orderId: string;
  readonly request: OrderRequest;
  /** Executor time of the event (ms). */
  readonly atMs: number;
}

export type OrderResult =
  | (ResultBase & { readonly kind: 'resting' })
  | (ResultBase & { readonly kind: 'filled'; readonly fill: FillReport })
  /** `done`: the remainder is cancelled (FAK) rather than still working (GTC). */
  | (ResultBase & { readonly kind: 'partial_fill'; readonly fill: FillReport; readonly done: boolean })
  | (ResultBase & { readonly kind: 'rejected'; readonly reason: string })
  | (ResultBase & { readonly kind: 'cancelled'; readonly filled: Micros; readonly reason: string });

export type OrderResultListener = (result: OrderResult) => void;

/** What simulated executors need to see of the markets (the engine provides it). */
export interface MarketView {
  book(tokenId: string): OrderBook | undefined;
  rules(tokenId: string): { readonly tickSize: Micros; readonly minOrderSize: Micros; readonly feeSchedule: FeeSchedule } | undefined;
}

export interface OpenOrderView {
  readonly orderId: string;
  readonly request: OrderRequest;
  readonly filled: Micros;
  readonly placedMs: number;
}

export interface Executor {
  readonly kind: 'noop' | 'paper' | 'backtest' | 'live';
  /** False when orders never fill (shadow): the engine then tracks no open orders. */
  readonly canFill: boolean;
  placeOrder(order: OrderRequest): PlaceAck;
  /** Ask to cancel; the `cancelled` result follows. Returns false for an unknown or finished order. */
  cancelOrder(orderId: string): boolean;
  setResultListener(listener: OrderResultListener): void;
  /** Time passed to `nowMs`, before the engine applies market data stamped `nowMs`. */
  advance(nowMs: number): void;
  /** A book changed (after the engine applied it): resting orders may now be traded through. */
  onBookChanged(tokenId: string, nowMs: number): void;
  /** A trade printed on the market channel (`last_trade_price`); `side` is the taker's side. */
  onTrade(tokenId: string, price: Micros, size: Micros, nowMs: number, side?: OrderSide): void;
  openOrders(): OpenOrderView[];
}
