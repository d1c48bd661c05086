import { describe, expect, it } from 'vitest';
import { InventoryState, Reason, Severity } from '../src/core/codes.js';
import { assessLegRisk, chaseCeiling, LegAction, LegRiskPlan } from '../src/core/leg-risk.js';
import { MarketState } from '../src/core/market-state.js';
import { preTradeReason, type RiskInput, type RiskLimits } from '../src/core/risk-checks.js';
import { T0, testConfig, testWindow, u } from './helpers.js';

const cfg = testConfig();
const limits: RiskLimits = {
  min_time_remaining_secs: 30,
  max_position_per_market: u('100'),
  max_total_exposure: u('500'),
  daily_loss_limit: u('50'),
  blockInventoryState: InventoryState.EXPOSED,
  blockToxicSeverity: Severity.HIGH,
};
const ok: RiskInput = {
  remainingSecs: 300,
  positionYesAfter: u('10'),
  positionNoAfter: u('10'),
  exposureAfter: u('10'),
  inventoryState: InventoryState.BALANCED,
  dailyPnl: 0,
  toxicSeverity: Severity.LOW,
};

describe('pre-trade risk checks', () => {
  it('passes a normal trade and refuses each limit with its own reason', () => {
    expect(preTradeReason(ok, limits)).toBe(Reason.NONE);
    expect(preTradeReason({ ...ok, remainingSecs: 30 }, limits)).toBe(Reason.TOO_LATE);
    expect(preTradeReason({ ...ok, remainingSecs: 31 }, limits)).toBe(Reason.NONE);
    expect(preTradeReason({ ...ok, positionNoAfter: u('100.01') }, limits)).toBe(Reason.POSITION_LIMIT);
    expect(preTradeReason({ ...ok, exposureAfter: u('500.000001') }, limits)).toBe(Reason.EXPOSURE_LIMIT);
    expect(preTradeReason({ ...ok, inventoryState: InventoryState.SKEWED }, limits)).toBe(Reason.NONE);
    expect(preTradeReason({ ...ok, inventoryState: InventoryState.EXPOSED }, limits)).toBe(Reason.IMBALANCE_LIMIT);
    expect(preTradeReason({ ...ok, dailyPnl: -u('49.99') }, limits)).toBe(Reason.NONE);
    expect(preTradeReason({ ...ok, dailyPnl: -u('50') }, limits)).toBe(Reason.DAILY_LOSS_LIMIT);
    expect(preTradeReason({ ...ok, toxicSeverity: Severity.MEDIUM }, limits)).toBe(Reason.NONE);
    expect(preTradeReason({ ...ok, toxicSeverity: Severity.HIGH }, limits)).toBe(Reason.TOXIC_FLOW);
  });

  it('reports the first failing check in a fixed order (time before position before exposure ...)', () => {
    const all: RiskInput = {
      remainingSecs: 1,
      positionYesAfter: u('999'),
      positionNoAfter: 0,
      exposureAfter: u('999'),
      inventoryState: InventoryState.CRISIS,
      dailyPnl: -u('99'),
      toxicSeverity: Severity.CRITICAL,
    };
    expect(preTradeReason(all, limits)).toBe(Reason.TOO_LATE);
    expect(preTradeReason({ ...all, remainingSecs: 100 }, limits)).toBe(Reason.POSITION_LIMIT);
    expect(preTradeReason({ ...all, remainingSecs: 100, positionYesAfter: 0 }, limits)).toBe(Reason.EXPOSURE_LIMIT);
  });
});

/** A market holding 10 yes (cost 4.8 + fee) and `no` no-shares, imbalanced since t=0. */
function legged(noShares: string, noAsk: string, yesBid = '0.46'): MarketState {
  const m = new MarketState(testWindow(T0 + 900_000), 0, 1, cfg.toxic);
  m.inventory.buy('yes', u('10'), u('4.8'), u('0.17472'));
  if (noShares !== '0') m.inventory.buy('no', u(noShares), u(noShares) * 0.48, 0);
  m.inventory.update(cfg.inventory, T0);
  m.no.book.setLevel('ask', u(noAsk), u('100'));
  m.yes.book.setLevel('bid', u(yesBid), u('100'));
  m.refresh();
  return m;
}

describe('leg risk', () => {
  const plan = new LegRiskPlan();
  const s = cfg.leg_risk;
  const min = cfg.inventory.min_imbalance_shares;

  it('computes the chase ceiling: the completed pair loses at most max_chase_loss per share after the fee', () => {
    const m = legged('0', '0.50');
    const ceiling = chaseCeiling(m, u('0.497472'), u('0.02'));
    expect(ceiling).toBe(u('0.5'));
    const price = ceiling + m.tickSize;
    expect(u('0.497472') + price + m.fees.takerFee(price)).toBeGreaterThan(u('1.02'));
    expect(u('0.497472') + ceiling + m.fees.takerFee(ceiling)).toBeLessThanOrEqual(u('1.02'));
  });

  it('waits while the other leg is in flight or until the timeout', () => {
    const m = legged('0', '0.50');
    m.openOrders = 1;
    expect(assessLegRisk(m, T0 + 60_000, s, min, plan).action).toBe(LegAction.WAIT);
    m.openOrders = 0;
    expect(assessLegRisk(m, T0 + 1_999, s, min, plan).action).toBe(LegAction.WAIT);
  });

  it('chases the missing leg at the ask after the timeout, aggressively under time pressure', () => {
    const m = legged('0', '0.50');
    expect(assessLegRisk(m, T0 + 2_000, s, min, plan)).toMatchObject({
      action: LegAction.CHASE,
      reason: Reason.LEG_TIMEOUT,
      outcome: 'no',
      price: u('0.50'),
      size: u('10'),
    });
    const pressed = T0 + 900_000 - 100_000;
    expect(assessLegRisk(m, pressed, s, min, plan)).toMatchObject({
      action: LegAction.CHASE,
      reason: Reason.TIME_PRESSURE,
      price: u('0.50'),
    }); // ask + 1 tick capped at the 0.50 ceiling
    const cheap = legged('0', '0.45');
    expect(assessLegRisk(cheap, pressed, s, min, plan)).toMatchObject({ action: LegAction.CHASE, price: u('0.46') });
  });

  it('closes at the bid when the missing leg is above the ceiling under time pressure, waits otherwise', () => {
    const m = legged('0', '0.60');
    expect(assessLegRisk(m, T0 + 2_000, s, min, plan).action).toBe(LegAction.WAIT);
    expect(assessLegRisk(m, T0 + 800_000, s, min, plan)).toMatchObject({
      action: LegAction.EMERGENCY_CLOSE,
      reason: Reason.CEILING_EXCEEDED,
      outcome: 'yes',
      price: u('0.43'),
      size: u('10'),
    });
  });

  it('closes at once when the unhedged cost exceeds the limit', () => {
    const m = legged('0', '0.50');
    expect(assessLegRisk(m, T0 + 2_000, { ...s, max_unhedged_exposure: u('4') }, min, plan)).toMatchObject({
      action: LegAction.EMERGENCY_CLOSE,
      reason: Reason.EXPOSURE_OVER_LIMIT,
      unhedgedCost: u('4.97472'),
    });
  });

  it('does nothing for a hedged market or an imbalance below the floor', () => {
    expect(assessLegRisk(legged('10', '0.50'), T0 + 9_000, s, min, plan).action).toBe(LegAction.NONE);
    expect(assessLegRisk(legged('6', '0.50'), T0 + 9_000, s, min, plan).action).toBe(LegAction.NONE);
  });
});
