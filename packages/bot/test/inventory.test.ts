import { describe, expect, it } from 'vitest';
import { InventoryState } from '../src/core/codes.js';
import { classifyInventory, Inventory } from '../src/core/inventory.js';
import { testConfig, u } from './helpers.js';

const t = testConfig().inventory;
const S = (shares: number): number => shares * 1_000_000;

describe('inventory states', () => {
  it('classifies by imbalance ratio with an absolute floor and a cost cap', () => {
    expect(classifyInventory(0, 0, 0, t)).toBe(InventoryState.BALANCED);
    expect(classifyInventory(S(100), S(100), 0, t)).toBe(InventoryState.BALANCED);
    expect(classifyInventory(S(112), S(100), S(6), t)).toBe(InventoryState.BALANCED); // 5.7%
    expect(classifyInventory(S(130), S(100), S(15), t)).toBe(InventoryState.SKEWED); // 13%
    expect(classifyInventory(S(200), S(100), S(49), t)).toBe(InventoryState.EXPOSED); // 33%
    expect(classifyInventory(S(500), S(100), S(49), t)).toBe(InventoryState.CRISIS); // 67%
    expect(classifyInventory(S(4), 0, S(2), t)).toBe(InventoryState.BALANCED); // below 5 shares: cannot be traded away
    expect(classifyInventory(S(300), S(290), u('50.01'), t)).toBe(InventoryState.CRISIS); // cost cap wins
  });

  it('a ratio exactly at a threshold stays in the state below it; one micro over moves up', () => {
    // ratio = |yes - no| / (yes + no): thresholds skewed 0.1, exposed 0.3, crisis 0.6 (cost far below the 50 cap)
    const at = (yes: string, no: string) => classifyInventory(u(yes), u(no), u('1'), t);
    expect([at('54.9998', '45'), at('55', '45'), at('55.0002', '45')]).toEqual([
      InventoryState.BALANCED,
      InventoryState.BALANCED,
      InventoryState.SKEWED,
    ]); // 0.099998, 0.1, 0.100001
    expect([at('65', '35'), at('65.0002', '35')]).toEqual([InventoryState.SKEWED, InventoryState.EXPOSED]); // 0.3, 0.300001
    expect([at('80', '20'), at('80.0005', '20')]).toEqual([InventoryState.EXPOSED, InventoryState.CRISIS]); // 0.6, 0.600001
  });

  it('moves Balanced -> Crisis (one leg) -> Balanced (hedged) -> Skewed -> Exposed as fills arrive', () => {
    const inv = new Inventory();
    const seen: number[] = [];
    const step = (outcome: 'yes' | 'no', shares: number, price: string, now: number): void => {
      inv.buy(outcome, S(shares), (S(shares) * u(price)) / 1_000_000, 0);
      seen.push(inv.update(t, now));
    };
    step('yes', 10, '0.48', 1_000);
    expect(inv.imbalanceSinceMs).toBe(1_000);
    step('no', 10, '0.48', 1_200);
    expect(inv.imbalanceSinceMs).toBe(0);
    step('yes', 3, '0.48', 1_300);
    step('yes', 10, '0.48', 1_400);
    expect(seen).toEqual([InventoryState.CRISIS, InventoryState.BALANCED, InventoryState.BALANCED, InventoryState.EXPOSED]);
    step('no', 13, '0.5', 1_500);
    expect(inv.state).toBe(InventoryState.BALANCED);
    step('yes', 8, '0.5', 1_600); // 31 vs 23: 14.8%
    expect(inv.state).toBe(InventoryState.SKEWED);
  });

  it('keeps exact cost basis through sells (average cost) and settlement', () => {
    const inv = new Inventory();
    inv.buy('yes', S(10), u('4.8'), u('0.17472'));
    inv.buy('no', S(10), u('4.8'), u('0.17472'));
    expect(inv.totalCost()).toBe(u('9.94944'));
    const pnl = inv.sell('yes', S(4), u('2.2'), u('0.06776')); // bought at 0.497472 avg incl. fee
    expect(pnl).toBe(u('2.2') - u('0.06776') - u('1.989888'));
    expect(inv.yes).toBe(S(6));
    expect(inv.yesCost).toBe(u('4.974720') - u('1.989888'));
    expect(inv.unhedgedCost()).toBe((u('4.97472') * 4) / 10);
    const settled = inv.settle('no');
    expect(settled).toBe(u('10') - u('2.984832') - u('4.97472'));
    expect(inv.realizedPnl).toBe(pnl + settled);
    expect([inv.yes, inv.no, inv.yesCost, inv.noCost]).toEqual([0, 0, 0, 0]);
  });
});
