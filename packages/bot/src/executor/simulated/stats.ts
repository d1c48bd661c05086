/**
 * What the backtest executor counts and logs: every fill (with its fee and liquidity), and the
 * totals the report needs (fill rate, fees paid, failed trades, what the taker delay and the
 * guards did). Exact micros throughout.
 */
import type { Micros, OrderSide, Outcome } from '@polymarket-arb/domain';

export interface FillRecord {
  readonly atMs: number;
  readonly orderId: string;
  readonly eventId: string;
  readonly tokenId: string;
  readonly outcome: Outcome;
  readonly side: OrderSide;
  readonly size: Micros;
  readonly notional: Micros;
  readonly fee: Micros;
  readonly avgPrice: Micros;
  readonly liquidity: 'taker' | 'maker';
}

export class ExecutionStats {
  ordersPlaced = 0;
  /** Refused before leaving the process (tick, size, minimum) or by the venue on arrival. */
  ordersRejected = 0;
  ordersCancelled = 0;
  /** Orders with at least one fill. */
  ordersFilled = 0;
  orderedSize: Micros = 0;
  filledSize: Micros = 0;
  takerFills = 0;
  makerFills = 0;
  feesPaid: Micros = 0;
  /** Bought minus sold notional (pUSD spent on shares, fees excluded). */
  notional: Micros = 0;
  /** Matched trades that FAILED on-chain (reverted, per `backtest.fail_probability`). */
  failedTrades = 0;
  /** Marketable orders held by the taker delay. */
  delayedOrders = 0;
  /** Marketable on arrival but no longer after the taker delay. */
  missedAfterDelay = 0;
  /** Fills refused because the token's book was crossed (`crossed_books = "refuse"`). */
  crossedRefusals = 0;
  /** Fills taken from a crossed book (allowed). */
  crossedFills = 0;

  add(f: FillRecord): void {
    this.filledSize += f.size;
    this.feesPaid += f.fee;
    this.notional += f.side === 'BUY' ? f.notional : -f.notional;
    if (f.liquidity === 'taker') this.takerFills++;
    else this.makerFills++;
  }
}
