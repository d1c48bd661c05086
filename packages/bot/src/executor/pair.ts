/**
 * Pair intents for executors that have no way to pre-sign (noop, simulated): a `with_primary` pair
 * is its two legs placed one after the other (the second only if the primary was accepted); an
 * `on_primary_fill` pair arms its second leg, which is sent for the primary's filled shares as
 * soon as they make an order of at least the minimum size (smaller fills accumulate; leg risk
 * covers what never reaches it).
 */
import type { Micros } from '@polymarket-arb/domain';
import type { OrderRequest, PairAck, PairIntent, PlaceAck } from '../core/executor.js';
import { roundSize } from '../core/sizing.js';

/** Place both legs of a `with_primary` pair (or the primary alone, for `on_primary_fill`). */
export function placePairLegs(place: (order: OrderRequest) => PlaceAck, pair: PairIntent): PairAck {
  const primary = place(pair.primary);
  if (!primary.ok || pair.secondWhen !== 'with_primary') return { primary, second: undefined };
  return { primary, second: place(pair.second) };
}

interface Armed {
  readonly second: OrderRequest;
  /** Filled primary shares no second leg has been sent for yet. */
  unhedged: Micros;
}

/** Second legs waiting for their primaries' fills, by primary order id. */
export class ContingentLegs {
  private readonly armed = new Map<string, Armed>();

  arm(primaryOrderId: string, second: OrderRequest): void {
    this.armed.set(primaryOrderId, { second, unhedged: 0 });
  }

  /**
   * The primary `orderId` filled `size` more shares: the second leg to send for them (the armed
   * request sized to the filled shares, in 0.01-share steps), or undefined while that is below
   * `minOrderSize` (or when nothing is armed for the order). Call `sent` once it was placed.
   */
  onPrimaryFill(orderId: string, size: Micros, minOrderSize: Micros): OrderRequest | undefined {
    const a = this.armed.get(orderId);
    if (a === undefined) return undefined;
    a.unhedged += size;
    const legSize = roundSize(a.unhedged);
    if (legSize < minOrderSize) return undefined;
    return { ...a.second, size: legSize };
  }

  /** A second leg of `size` shares went out for `orderId`'s fills. */
  sent(orderId: string, size: Micros): void {
    const a = this.armed.get(orderId);
    if (a !== undefined) a.unhedged -= size;
  }

  /** The primary is finished: nothing more will be sent for it. */
  disarm(orderId: string): void {
    this.armed.delete(orderId);
  }
}
