/**
 * Shadow mode's executor: places nothing anywhere, records what it was asked (so tests and the
 * shadow report can show every would-be order), and never reports anything. Orders that break the
 * venue rules are refused as a live executor would refuse them before sending.
 */
import type { Executor, MarketView, OpenOrderView, OrderRequest, PairAck, PairIntent, PlaceAck } from '../core/executor.js';
import { placePairLegs } from './pair.js';
import { orderRuleViolation } from './rules.js';

export class NoOpExecutor implements Executor {
  readonly kind = 'noop' as const;
  readonly canFill = false;
  /** Every order the engine asked for, in order (refused ones included). */
  readonly requests: OrderRequest[] = [];
  readonly cancels: string[] = [];
  private seq = 0;

  /** With `markets`, orders are checked against their market's rules. */
  constructor(private readonly markets?: MarketView) {}

  placeOrder(order: OrderRequest): PlaceAck {
    this.requests.push(order);
    const orderId = `noop-${++this.seq}`;
    const rules = this.markets?.rules(order.tokenId);
    const violation = rules === undefined ? undefined : orderRuleViolation(order, rules.tickSize, rules.minOrderSize);
    return violation === undefined ? { ok: true, orderId } : { ok: false, orderId, reason: violation };
  }

  submitPair(pair: PairIntent): PairAck {
    return placePairLegs((order) => this.placeOrder(order), pair);
  }

  cancelOrder(orderId: string): boolean {
    this.cancels.push(orderId);
    return false;
  }

  openOrders(): OpenOrderView[] {
    return [];
  }
}
