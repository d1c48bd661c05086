/**
 * Inventory of one market (spec 3.3): Up ("yes") and Down ("no") shares and what they cost,
 * fees included, in exact micros; and the `InventoryState` classification (Balanced, Skewed,
 * Exposed, Crisis) that sizing and risk read.
 *
 * A hedged pair (one yes + one no) pays exactly 1 pUSD, so only the imbalance |yes - no| carries
 * direction risk. The state follows from the imbalance ratio |yes - no| / (yes + no), with an
 * absolute floor below which an imbalance cannot even be traded away (the minimum order size),
 * and an absolute cap on the cost of the unhedged shares that forces Crisis whatever the ratio.
 */
import type { Micros, Outcome } from '@polymarket-arb/domain';
import { InventoryState, type InventoryStateCode } from './codes.js';

export interface InventoryThresholds {
  /** Imbalance ratios (micros of 1): above skewed -> Skewed, above exposed -> Exposed, above crisis -> Crisis. */
  readonly skewed_ratio: Micros;
  readonly exposed_ratio: Micros;
  readonly crisis_ratio: Micros;
  /** Imbalances below this many shares count as Balanced. */
  readonly min_imbalance_shares: Micros;
  /** Cost of the unhedged shares above which the state is Crisis. */
  readonly crisis_unhedged_cost: Micros;
}

export class Inventory {
  yes: Micros = 0;
  no: Micros = 0;
  /** Cost basis of the yes / no shares held: notional paid plus fees, micros. */
  yesCost: Micros = 0;
  noCost: Micros = 0;
  /** Realised P&L of this market (sells and settlement), micros. */
  realizedPnl: Micros = 0;
  state: InventoryStateCode = InventoryState.BALANCED;
  /** Clock time (ms) when the current imbalance of at least the floor began, or 0. */
  imbalanceSinceMs = 0;

  /** Record a buy of `size` shares that cost `notional + fee` micros. */
  buy(outcome: Outcome, size: Micros, notional: Micros, fee: Micros): void {
    if (outcome === 'yes') {
      this.yes += size;
      this.yesCost += notional + fee;
    } else {
      this.no += size;
      this.noCost += notional + fee;
    }
  }

  /**
   * Record a sell of `size` shares for `proceeds - fee`. The cost basis leaves at the average
   * cost (floored, so the remaining basis is never understated); returns the realised P&L.
   */
  sell(outcome: Outcome, size: Micros, proceeds: Micros, fee: Micros): Micros {
    const held = outcome === 'yes' ? this.yes : this.no;
    const cost = outcome === 'yes' ? this.yesCost : this.noCost;
    const sold = Math.min(size, held);
    const costOut = held === 0 ? 0 : Number((BigInt(cost) * BigInt(sold)) / BigInt(held));
    if (outcome === 'yes') {
      this.yes -= sold;
      this.yesCost -= costOut;
    } else {
      this.no -= sold;
      this.noCost -= costOut;
    }
    const pnl = proceeds - fee - costOut;
    this.realizedPnl += pnl;
    return pnl;
  }

  /** Undo a buy the venue reported and then reverted (a trade that FAILED on-chain). */
  unbuy(outcome: Outcome, size: Micros, notional: Micros, fee: Micros): void {
    if (outcome === 'yes') {
      this.yes -= size;
      this.yesCost -= notional + fee;
    } else {
      this.no -= size;
      this.noCost -= notional + fee;
    }
  }

  /** Undo a reverted sell: the shares and the cost basis they took out come back, its P&L goes. */
  unsell(outcome: Outcome, size: Micros, costOut: Micros, pnl: Micros): void {
    if (outcome === 'yes') {
      this.yes += size;
      this.yesCost += costOut;
    } else {
      this.no += size;
      this.noCost += costOut;
    }
    this.realizedPnl -= pnl;
  }

  /** Settle at resolution: winning shares pay 1 pUSD each. Returns the realised P&L. */
  settle(winner: Outcome): Micros {
    const payout = winner === 'yes' ? this.yes : this.no;
    const pnl = payout - this.yesCost - this.noCost;
    this.realizedPnl += pnl;
    this.yes = this.no = this.yesCost = this.noCost = 0;
    return pnl;
  }

  /** Shares held on the heavier side beyond the lighter one. */
  imbalance(): Micros {
    return Math.abs(this.yes - this.no);
  }

  /** Cost of the unhedged shares at the heavy side's average cost (floored). */
  unhedgedCost(): Micros {
    const excess = this.imbalance();
    if (excess === 0) return 0;
    const heavyYes = this.yes > this.no;
    const held = heavyYes ? this.yes : this.no;
    const cost = heavyYes ? this.yesCost : this.noCost;
    return Number((BigInt(cost) * BigInt(excess)) / BigInt(held));
  }

  /** Total cost basis held (exposure). */
  totalCost(): Micros {
    return this.yesCost + this.noCost;
  }

  /** Reclassify after a change; tracks when an imbalance began (for leg-risk timeouts). */
  update(thresholds: InventoryThresholds, nowMs: number): InventoryStateCode {
    this.state = classifyInventory(this.yes, this.no, this.unhedgedCost(), thresholds);
    const imbalanced = this.imbalance() >= thresholds.min_imbalance_shares && this.imbalance() > 0;
    if (!imbalanced) this.imbalanceSinceMs = 0;
    else if (this.imbalanceSinceMs === 0) this.imbalanceSinceMs = nowMs;
    return this.state;
  }
}

/** The state of an inventory with `yes` and `no` shares (pure; see the module comment). */
export function classifyInventory(yes: Micros, no: Micros, unhedgedCost: Micros, t: InventoryThresholds): InventoryStateCode {
  const imbalance = Math.abs(yes - no);
  if (imbalance === 0 || imbalance < t.min_imbalance_shares) return InventoryState.BALANCED;
  if (unhedgedCost > t.crisis_unhedged_cost) return InventoryState.CRISIS;
  // ratio in micros of 1, exact enough as a float quotient of two integers below 2^53
  const ratio = Math.floor((imbalance * 1_000_000) / (yes + no));
  if (ratio > t.crisis_ratio) return InventoryState.CRISIS;
  if (ratio > t.exposed_ratio) return InventoryState.EXPOSED;
  if (ratio > t.skewed_ratio) return InventoryState.SKEWED;
  return InventoryState.BALANCED;
}
