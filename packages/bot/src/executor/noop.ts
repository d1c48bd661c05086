/**
 * Shadow mode's executor: places nothing anywhere, records what it was asked (so tests and the
 * shadow report can show every would-be order), and never produces a result.
 */
import type { Executor, OpenOrderView, OrderRequest, PlaceAck } from '../core/executor.js';

export class NoOpExecutor implements Executor {
  readonly kind = 'noop' as const;
  readonly canFill = false;
  /** Every order the engine asked for, in order. */
  readonly requests: OrderRequest[] = [];
  readonly cancels: string[] = [];
  private seq = 0;

  placeOrder(order: OrderRequest): PlaceAck {
    this.requests.push(order);
    return { ok: true, orderId: `noop-${++this.seq}` };
  }
  cancelOrder(orderId: string): boolean {
    this.cancels.push(orderId);
    return false;
  }
  setResultListener(): void {}
  advance(): void {}
  onBookChanged(): void {}
  onTrade(): void {}
  openOrders(): OpenOrderView[] {
    return [];
  }
}
