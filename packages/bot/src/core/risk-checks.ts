/**
 * Pre-trade risk checks (spec 6.1), pure: given a proposed order and the state around it, the
 * first reason to refuse, or `Reason.NONE`. The order of the checks is the order the decision log
 * explains skips in: market state, time, position, exposure, imbalance, daily loss, toxic flow.
 */
import type { Micros } from '@polymarket-arb/domain';
import { Reason, type InventoryStateCode, type ReasonCode, type SeverityCode } from './codes.js';

export interface RiskLimits {
  readonly min_time_remaining_secs: number;
  readonly max_position_per_market: Micros;
  readonly max_total_exposure: Micros;
  readonly daily_loss_limit: Micros;
  /** Inventory state at or above which new pairs are refused. */
  readonly blockInventoryState: InventoryStateCode;
  /** Toxic severity at or above which trades are refused. */
  readonly blockToxicSeverity: SeverityCode;
}

export interface RiskInput {
  remainingSecs: number;
  /** Shares held after the proposed order fills, per side. */
  positionYesAfter: Micros;
  positionNoAfter: Micros;
  /** Cost basis held everywhere after the proposed order (pUSD micros). */
  exposureAfter: Micros;
  inventoryState: InventoryStateCode;
  /** Today's P&L: realised plus open positions marked at the bids (negative = loss). */
  dailyPnl: Micros;
  toxicSeverity: SeverityCode;
}

export function preTradeReason(r: RiskInput, l: RiskLimits): ReasonCode {
  if (r.remainingSecs <= l.min_time_remaining_secs) return Reason.TOO_LATE;
  if (r.positionYesAfter > l.max_position_per_market || r.positionNoAfter > l.max_position_per_market) return Reason.POSITION_LIMIT;
  if (r.exposureAfter > l.max_total_exposure) return Reason.EXPOSURE_LIMIT;
  if (r.inventoryState >= l.blockInventoryState) return Reason.IMBALANCE_LIMIT;
  if (r.dailyPnl < 0 && -r.dailyPnl >= l.daily_loss_limit) return Reason.DAILY_LOSS_LIMIT;
  if (r.toxicSeverity >= l.blockToxicSeverity) return Reason.TOXIC_FLOW;
  return Reason.NONE;
}
