/**
 * P&L and exposure across markets, for the daily-loss and total-exposure checks (spec 6.1).
 * Daily P&L = P&L realised since 00:00 UTC (sells, settlements) + open positions marked to
 * market: hedged pairs at the 1 pUSD they pay, unhedged excess at the best bid, minus cost.
 * Exact integer micros; bigint only where a product of two Micros is needed.
 */
import type { Micros } from '@polymarket-arb/domain';
import type { MarketState } from './market-state.js';
import type { MarketRegistry } from './markets.js';

const DAY_MS = 86_400_000;

export class PnlTracker {
  /** Start (ms) of the UTC day `realizedToday` belongs to. */
  dayStartMs = 0;
  realizedToday: Micros = 0;
  realizedTotal: Micros = 0;

  constructor(private readonly markets: MarketRegistry) {}

  realize(pnl: Micros, nowMs: number): void {
    this.roll(nowMs);
    this.realizedToday += pnl;
    this.realizedTotal += pnl;
  }

  /** Today's realised P&L plus every open position marked to market. */
  daily(nowMs: number): Micros {
    this.roll(nowMs);
    let total = this.realizedToday;
    for (const m of this.markets.all) total += unrealized(m);
    return total;
  }

  /** Cost basis held in every market (pUSD micros). */
  totalExposure(): Micros {
    let total = 0;
    for (const m of this.markets.all) total += m.inventory.yesCost + m.inventory.noCost;
    return total;
  }

  private roll(nowMs: number): void {
    const day = nowMs - (nowMs % DAY_MS);
    if (day === this.dayStartMs) return;
    this.dayStartMs = day;
    this.realizedToday = 0;
  }
}

/** Mark-to-market P&L of one market's open inventory. */
export function unrealized(m: MarketState): Micros {
  const inv = m.inventory;
  if (inv.yes === 0 && inv.no === 0) return 0;
  const pairs = Math.min(inv.yes, inv.no);
  const heavyYes = inv.yes > inv.no;
  const excess = Math.abs(inv.yes - inv.no);
  const bid = heavyYes ? m.yes.book.bestBid() : m.no.book.bestBid();
  const excessValue = bid > 0 ? Number((BigInt(excess) * BigInt(bid)) / 1_000_000n) : 0;
  return pairs + excessValue - inv.yesCost - inv.noCost;
}
