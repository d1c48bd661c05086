/**
 * Account events: what the venue says about our orders and trades, as engine input. Executors push
 * them to an `AccountEventSink`; the driver feeds them to the engine in order with market events,
 * so a run's whole input is one stream that can be logged, audited and replayed (driver.ts).
 *
 * Fills may be provisional: a live venue reports a trade MATCHED first and CONFIRMED or FAILED
 * once it settles on-chain. A `matched` fill counts as exposure at once; a later `trade_status`
 * FAILED reverses it (the engine undoes its inventory effect). Simulated executors report fills
 * `confirmed` (their failed matches never become fills).
 */
import type { FillReport, OrderRequest, PlaceAck } from './order.js';
import type { MarketEvent } from './events.js';

/** The venue accepted the order and it rests on the book (GTC, or post-only). */
export interface OrderRestingEvent {
  readonly type: 'order_resting';
  readonly orderId: string;
  /** Executor time of the event (ms). */
  readonly atMs: number;
}

/** The contingent second leg of a pair, sent because of the fill it is reported with. */
export interface SecondLegSent {
  readonly request: OrderRequest;
  readonly ack: PlaceAck;
}

/** Part or all of an order traded. */
export interface OrderFillEvent {
  readonly type: 'order_fill';
  readonly orderId: string;
  readonly atMs: number;
  readonly fill: FillReport;
  /** The order is finished: filled, or the rest cancelled (FAK/FOK). */
  readonly done: boolean;
  /** The venue's trade id (what a later `trade_status` names). */
  readonly tradeId: string;
  /** `matched`: provisional until CONFIRMED; `confirmed`: final. */
  readonly status: 'matched' | 'confirmed';
  /** A pair's primary leg filled and the executor sent (or could not send) the second leg. */
  readonly secondLeg?: SecondLegSent | undefined;
}

export interface OrderRejectedEvent {
  readonly type: 'order_rejected';
  readonly orderId: string;
  readonly atMs: number;
  readonly reason: string;
}

export interface OrderCancelledEvent {
  readonly type: 'order_cancelled';
  readonly orderId: string;
  readonly atMs: number;
  /** Shares filled before the cancel. */
  readonly filled: number;
  readonly reason: string;
}

/** Polymarket's trade statuses; CONFIRMED and FAILED are final. */
export type TradeStatus = 'MATCHED' | 'MATCHED_NOT_BROADCASTED' | 'MINED' | 'RETRYING' | 'CONFIRMED' | 'FAILED';

/** A trade of ours changed status on-chain (a live venue reports these after the fill). */
export interface TradeStatusEvent {
  readonly type: 'trade_status';
  readonly orderId: string;
  readonly tradeId: string;
  readonly status: TradeStatus;
  readonly atMs: number;
}

export type AccountEvent = OrderRestingEvent | OrderFillEvent | OrderRejectedEvent | OrderCancelledEvent | TradeStatusEvent;

/** Everything the engine consumes, in one stream. */
export type EngineEvent = MarketEvent | AccountEvent;

/** Where an executor reports account events. */
export interface AccountEventSink {
  push(e: AccountEvent): void;
}

/**
 * The account events waiting for the engine, first in first out. Executors push; the driver
 * takes them at the end of each step. An event pushed outside a step (a live executor's socket
 * callback) calls `onIdlePush`, so the driver can feed it at once instead of at the next market event.
 */
export class AccountQueue implements AccountEventSink {
  /** Slots `head` to `tail` hold the waiting events; the array is reused, never truncated. */
  private readonly items: (AccountEvent | undefined)[] = [];
  private head = 0;
  private tail = 0;
  /** True while the driver is inside a step (it drains before the step ends). */
  busy = false;
  onIdlePush: (() => void) | undefined;

  push(e: AccountEvent): void {
    this.items[this.tail++] = e;
    if (!this.busy) this.onIdlePush?.();
  }

  /** The oldest waiting event, or undefined. */
  take(): AccountEvent | undefined {
    if (this.head === this.tail) return undefined;
    const e = this.items[this.head];
    this.items[this.head++] = undefined;
    if (this.head === this.tail) this.head = this.tail = 0;
    return e;
  }

  get size(): number {
    return this.tail - this.head;
  }
}
