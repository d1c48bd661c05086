/**
 * The order vocabulary the engine, the executors and the account events share: an order request,
 * the executor's immediate answer to it, and one fill.
 */
import type { Micros, OrderSide, Outcome } from '@polymarket-arb/domain';

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

/** Accepted for sending (with the order's id), or refused before anything left the process. */
export type PlaceAck =
  { readonly ok: true; readonly orderId: string } | { readonly ok: false; readonly orderId: string; readonly reason: string };

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
