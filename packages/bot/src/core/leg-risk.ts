/**
 * Leg risk (spec 6.3): one leg of a pair filled and the other did not, so the market holds
 * unhedged shares. Pure assessment; the engine carries the plan out through the Executor.
 *
 *  - WAIT while an order of the market is still working, or for `leg_timeout_ms` after the
 *    imbalance began (the second leg is usually a few ms behind the first);
 *  - EMERGENCY_CLOSE (sell the excess at the bid, IOC, `emergency_slippage_ticks` below it) when
 *    the unhedged cost exceeds `max_unhedged_exposure`, or when time presses and the missing leg
 *    costs more than the ceiling;
 *  - CHASE (buy the missing leg, IOC) at a price up to the ceiling: the price at which the
 *    completed pair loses at most `max_chase_loss` per share after the taker fee. Under time
 *    pressure (`time_pressure_secs` left) the chase bids `chase_step_ticks` above the ask.
 */
import type { Micros, Outcome } from '@polymarket-arb/domain';
import { Reason, type ReasonCode } from './codes.js';
import type { MarketState } from './market-state.js';
import { roundSize, SIZE_STEP } from './sizing.js';

export interface LegRiskSettings {
  readonly leg_timeout_ms: number;
  readonly max_unhedged_exposure: Micros;
  readonly time_pressure_secs: number;
  readonly chase_step_ticks: number;
  readonly max_chase_loss: Micros;
  readonly emergency_slippage_ticks: number;
}

export const LegAction = { NONE: 0, WAIT: 1, CHASE: 2, EMERGENCY_CLOSE: 3 } as const;
export type LegActionCode = (typeof LegAction)[keyof typeof LegAction];

/** The plan (reused): buy `size` of `outcome` up to `price` (CHASE) or sell it down to `price`. */
export class LegRiskPlan {
  action: LegActionCode = LegAction.NONE;
  reason: ReasonCode = Reason.NONE;
  outcome: Outcome = 'yes';
  price: Micros = 0;
  size: Micros = 0;
  ceiling: Micros = 0;
  unhedgedCost: Micros = 0;
}

/**
 * Highest price p (a tick multiple) at which buying the missing leg keeps the pair's loss per
 * share within `maxLoss`: p + fee(p) <= 1 - heavyAvgCost + maxLoss.
 */
export function chaseCeiling(m: MarketState, heavyAvgCost: Micros, maxLoss: Micros): Micros {
  const tick = m.tickSize;
  const bound = 1_000_000 - heavyAvgCost + maxLoss;
  let p = Math.min(1_000_000 - tick, bound - (bound % tick));
  while (p >= tick && p + m.fees.takerFee(p) > bound) p -= tick;
  return p >= tick ? p : -1;
}

export function assessLegRisk(m: MarketState, nowMs: number, s: LegRiskSettings, minImbalance: Micros, out: LegRiskPlan): LegRiskPlan {
  out.action = LegAction.NONE;
  out.reason = Reason.NONE;
  const inv = m.inventory;
  const excess = inv.imbalance();
  if (excess === 0 || excess < minImbalance || m.closed) return out;
  out.action = LegAction.WAIT;
  if (m.openOrders > 0 || nowMs - inv.imbalanceSinceMs < s.leg_timeout_ms) return out;

  const heavy: Outcome = inv.yes > inv.no ? 'yes' : 'no';
  const light: Outcome = heavy === 'yes' ? 'no' : 'yes';
  const heldHeavy = heavy === 'yes' ? inv.yes : inv.no;
  const heavyCost = heavy === 'yes' ? inv.yesCost : inv.noCost;
  const avgCost = Number((BigInt(heavyCost) * 1_000_000n) / BigInt(heldHeavy));
  out.unhedgedCost = inv.unhedgedCost();
  out.ceiling = chaseCeiling(m, avgCost, s.max_chase_loss);
  const lightAsk = m.leg(light).book.bestAsk();
  const pressed = m.remainingSecs(nowMs) <= s.time_pressure_secs;

  if (out.unhedgedCost > s.max_unhedged_exposure) return planClose(m, heavy, excess, Reason.EXPOSURE_OVER_LIMIT, s, out);
  if (pressed && (lightAsk < 0 || out.ceiling < 0 || lightAsk > out.ceiling))
    return planClose(m, heavy, excess, Reason.CEILING_EXCEEDED, s, out);
  if (lightAsk < 0 || out.ceiling < 0 || lightAsk > out.ceiling) return out; // patient: wait for a better ask
  out.action = LegAction.CHASE;
  out.reason = pressed ? Reason.TIME_PRESSURE : Reason.LEG_TIMEOUT;
  out.outcome = light;
  out.price = pressed ? Math.min(out.ceiling, lightAsk + s.chase_step_ticks * m.tickSize) : lightAsk;
  const rounded = roundSize(excess) === excess ? excess : roundSize(excess) + SIZE_STEP;
  out.size = Math.max(rounded, m.window.minOrderSize);
  return out;
}

function planClose(m: MarketState, heavy: Outcome, excess: Micros, reason: ReasonCode, s: LegRiskSettings, out: LegRiskPlan): LegRiskPlan {
  const bid = m.leg(heavy).book.bestBid();
  const size = roundSize(excess);
  if (bid < 0 || size < m.window.minOrderSize) return out; // nothing to sell into, or too small: keep waiting
  out.action = LegAction.EMERGENCY_CLOSE;
  out.reason = reason;
  out.outcome = heavy;
  out.price = Math.max(m.tickSize, bid - s.emergency_slippage_ticks * m.tickSize);
  out.size = size;
  return out;
}
