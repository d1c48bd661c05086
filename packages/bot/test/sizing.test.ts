import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InventoryState } from '../src/core/codes.js';
import { pairOrderCost, sizePair, SIZE_STEP, type SizingInput } from '../src/core/sizing.js';
import { testConfig, u } from './helpers.js';

const limits = testConfig().sizing;
const MIN = u('5');

const input = (over: Partial<SizingInput> = {}): SizingInput => ({
  limits,
  minOrderSize: MIN,
  inventoryYes: 0,
  inventoryNo: 0,
  state: InventoryState.BALANCED,
  totalExposure: 0,
  depth: u('1000'),
  yesPrice: u('0.47'),
  noPrice: u('0.47'),
  yesFee: u('0.0175'),
  noFee: u('0.0175'),
  ...over,
});

const shares = (max: number) => fc.integer({ min: 0, max: max * 100 }).map((c) => c * 10_000);

describe('position sizing', () => {
  it('buys the MVP size when nothing limits it', () => {
    expect(sizePair(input())).toEqual({ yes: u('10'), no: u('10') });
  });

  it('is capped by depth, per-market position and total exposure, and rounds down to 0.01 share', () => {
    expect(sizePair(input({ depth: u('7.123456') }))).toEqual({ yes: u('7.12'), no: u('7.12') });
    expect(sizePair(input({ inventoryYes: u('93'), inventoryNo: u('93') }))).toEqual({ yes: u('7'), no: u('7') });
    // 500 budget - 496 held = 4 pUSD -> 4 / 0.975 = 4.10 shares < 5: nothing
    expect(sizePair(input({ totalExposure: u('496') }))).toEqual({ yes: 0, no: 0 });
    expect(sizePair(input({ totalExposure: u('494') }))).toEqual({ yes: u('6.15'), no: u('6.15') });
  });

  it('scales down when Skewed and tops up the light leg; buys nothing when Exposed or in Crisis', () => {
    expect(sizePair(input({ state: InventoryState.SKEWED, inventoryYes: u('40'), inventoryNo: u('30') }))).toEqual({
      yes: u('5'),
      no: u('15'),
    });
    expect(sizePair(input({ state: InventoryState.EXPOSED, inventoryYes: u('40'), inventoryNo: u('20') }))).toEqual({ yes: 0, no: 0 });
    expect(sizePair(input({ state: InventoryState.CRISIS }))).toEqual({ yes: 0, no: 0 });
  });

  it('property: never above the caps, each leg 0 or >= min size, always on the 0.01 grid', () => {
    fc.assert(
      fc.property(
        shares(150),
        shares(150),
        shares(600),
        shares(300),
        fc.constantFrom(InventoryState.BALANCED, InventoryState.SKEWED, InventoryState.EXPOSED, InventoryState.CRISIS),
        fc.integer({ min: 1, max: 98 }),
        fc.integer({ min: 1, max: 98 }),
        shares(50),
        (invYes, invNo, exposure, depth, state, yc, nc, mvp) => {
          const l = { ...limits, mvp_size: mvp };
          const i = input({
            limits: l,
            inventoryYes: invYes,
            inventoryNo: invNo,
            totalExposure: exposure,
            depth,
            state,
            yesPrice: yc * 10_000,
            noPrice: nc * 10_000,
          });
          const { yes, no } = sizePair(i);
          for (const leg of [yes, no]) {
            expect(leg % SIZE_STEP).toBe(0);
            expect(leg === 0 || leg >= MIN).toBe(true);
          }
          if (yes > 0) expect(invYes + yes).toBeLessThanOrEqual(l.max_position_per_market);
          if (no > 0) expect(invNo + no).toBeLessThanOrEqual(l.max_position_per_market);
          expect(Math.min(yes, no)).toBeLessThanOrEqual(Math.max(depth, 0));
          if (yes + no > 0)
            expect(exposure + pairOrderCost(yes, i.yesPrice, u('0.0175'), no, i.noPrice, u('0.0175'))).toBeLessThanOrEqual(
              l.max_total_exposure,
            );
          if (state >= InventoryState.EXPOSED) expect(yes + no).toBe(0);
          if (state === InventoryState.BALANCED) expect(yes).toBe(no);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
