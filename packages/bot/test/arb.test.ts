import { pairCost, tradeFee } from '@polymarket-arb/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArbOpportunity, detectArb, makerBidPrice, Phase, phaseOf } from '../src/core/arb.js';
import { Variant } from '../src/core/codes.js';
import { MarketState } from '../src/core/market-state.js';
import { T0, testConfig, testWindow, u } from './helpers.js';

const cfg = testConfig();
const END = T0 + 900_000;

function market(yesAsk: string, noAsk: string, yesBid?: string, noBid?: string, size = '100'): MarketState {
  const m = new MarketState(testWindow(END), 0, 1, cfg.toxic);
  m.yes.book.setLevel('ask', u(yesAsk), u(size));
  m.no.book.setLevel('ask', u(noAsk), u(size));
  if (yesBid) m.yes.book.setLevel('bid', u(yesBid), u(size));
  if (noBid) m.no.book.setLevel('bid', u(noBid), u(size));
  m.yes.updatedMs = m.no.updatedMs = END - 700_000;
  m.refresh();
  return m;
}

const at = (secondsLeft: number): number => END - secondsLeft * 1000;

describe('arbitrage detection, net of fees', () => {
  it('derives combined cost, gross and net margins from the books (0.48 + 0.48: the reference example)', () => {
    const m = market('0.48', '0.48');
    expect(m.combinedCost).toBe(960_000);
    expect(m.grossMargin).toBe(40_000);
    // fee per share 0.07 x 0.48 x 0.52 = 0.017472 exactly, per leg
    expect(m.takerFeePerPair).toBe(34_944);
    expect(m.netMargin).toBe(5_056); // the reference's "edge ~0.5 cents per share"
  });

  it('applies the threshold of each time phase to the net margin', () => {
    const o = new ArbOpportunity();
    const m = market('0.47', '0.47'); // gross 0.06, fees 2 x 0.017437 -> net 0.025126
    expect(m.netMargin).toBe(25_126);
    expect(detectArb(m, at(700), cfg.strategy, cfg.sizing.mvp_size, o)).toBe(true);
    expect(o.phase).toBe(Phase.EARLY);
    expect(o.threshold).toBe(25_000);
    const thin = market('0.475', '0.475'); // net 0.0151...: passes mid, fails early
    expect(detectArb(thin, at(700), cfg.strategy, cfg.sizing.mvp_size, o)).toBe(false);
    expect(detectArb(thin, at(400), cfg.strategy, cfg.sizing.mvp_size, o)).toBe(true);
    expect(o.phase).toBe(Phase.MID);
    const late = market('0.48', '0.48'); // net 0.005056: only the late phase's 0.005
    expect(detectArb(late, at(400), cfg.strategy, cfg.sizing.mvp_size, o)).toBe(false);
    expect(detectArb(late, at(100), cfg.strategy, cfg.sizing.mvp_size, o)).toBe(true);
    expect(o).toMatchObject({ phase: Phase.LATE, threshold: 5_000, variant: Variant.TAKER, netMargin: 5_056 });
  });

  it('a gross margin that fees eat is not an opportunity', () => {
    const o = new ArbOpportunity();
    const m = market('0.49', '0.50'); // gross 0.01, fees 0.017493 + 0.0175 -> net < 0
    expect(m.grossMargin).toBe(10_000);
    expect(m.netMargin).toBeLessThan(0);
    expect(detectArb(m, at(100), { ...cfg.strategy, variant: 'taker' }, cfg.sizing.mvp_size, o)).toBe(false);
  });

  it('handles the edge prices 0.01 and 0.99 (tiny fees near the bounds)', () => {
    const o = new ArbOpportunity();
    const m = market('0.01', '0.98'); // fees 0.07x0.01x0.99 = 0.000693 and 0.07x0.98x0.02 = 0.001372
    expect(m.takerFeePerPair).toBe(693 + 1_372);
    expect(m.netMargin).toBe(10_000 - 2_065);
    expect(detectArb(m, at(100), cfg.strategy, cfg.sizing.mvp_size, o)).toBe(true);
    expect(detectArb(m, at(400), cfg.strategy, cfg.sizing.mvp_size, o)).toBe(false);
    const top = market('0.99', '0.01'); // 0.99 + 0.01 = 1: no margin at all
    expect(top.grossMargin).toBe(0);
    expect(top.netMargin).toBe(-1_386);
    expect(detectArb(top, at(100), cfg.strategy, cfg.sizing.mvp_size, o)).toBe(false);
  });

  it('never overstates the exact pair profit that common.pairCost charges', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99 }), fc.integer({ min: 1, max: 99 }), fc.integer({ min: 5, max: 2000 }), (yc, nc, shares) => {
        const m = market((yc / 100).toFixed(2), (nc / 100).toFixed(2));
        const size = shares * 1_000_000;
        const exact = pairCost({ size, yesPrice: yc * 10_000, noPrice: nc * 10_000, schedule: m.window.feeSchedule });
        const estimated = BigInt(m.netMargin) * BigInt(shares);
        // per-share fees are rounded up, the venue floors the charged fee: estimate <= exact, within 2 micros/share + 2 quanta
        return estimated <= exact.profit && exact.profit - estimated <= BigInt(2 * shares + 20);
      }),
      { numRuns: 300 },
    );
  });

  it('evaluates the maker variant: one fee instead of two', () => {
    const o = new ArbOpportunity();
    // a lagging Down ask at 0.45 while Up trades 0.52/0.53: taker 0.98 + 2 fees fails, maker clears.
    const m = market('0.53', '0.45', '0.52', '0.44');
    expect(m.netMargin).toBeLessThan(0);
    expect(detectArb(m, at(100), cfg.strategy, cfg.sizing.mvp_size, o)).toBe(true);
    expect(o.variant).toBe(Variant.MAKER_YES);
    expect(o.yesPrice).toBe(520_000); // one tick over 0.52 would be 0.53 = the ask: join the bid instead
    expect(o.noPrice).toBe(450_000);
    expect(o.fee).toBe(17_325); // 0.07 x 0.45 x 0.55, exact per share
    expect(tradeFee(100_000_000, 450_000, m.window.feeSchedule)).toBe(1_732_500n); // what 100 shares are charged
    expect(o.netMargin).toBe(1_000_000 - 520_000 - 450_000 - 17_325);
    expect(o.takerNet).toBe(m.netMargin);
    expect(o.confidence).toBeGreaterThan(0);
    // forced taker: the same book is below threshold
    expect(detectArb(m, at(100), { ...cfg.strategy, variant: 'taker' }, cfg.sizing.mvp_size, o)).toBe(false);
  });

  it('prefers taker-taker when it clears the threshold, even if a maker pair would net more', () => {
    const o = new ArbOpportunity();
    const m = market('0.47', '0.47', '0.40', '0.40');
    detectArb(m, at(700), cfg.strategy, cfg.sizing.mvp_size, o);
    expect(o.makerYesNet).toBeGreaterThan(o.takerNet);
    expect(o.variant).toBe(Variant.TAKER);
    expect(o.passes).toBe(true);
  });

  it('places maker bids one tick in, strictly below the ask, never below one tick', () => {
    expect(makerBidPrice(u('0.40'), u('0.45'), u('0.01'), 1)).toBe(u('0.41'));
    expect(makerBidPrice(u('0.40'), u('0.41'), u('0.01'), 1)).toBe(u('0.40'));
    expect(makerBidPrice(-1, u('0.45'), u('0.01'), 1)).toBe(-1);
    expect(makerBidPrice(u('0.01'), u('0.02'), u('0.01'), 1)).toBe(u('0.01'));
    expect(makerBidPrice(u('0.98'), -1, u('0.01'), 3)).toBe(u('0.99'));
  });

  it('scores confidence higher for deeper, fresher, bigger-margin opportunities', () => {
    const a = new ArbOpportunity();
    const b = new ArbOpportunity();
    detectArb(market('0.45', '0.45', undefined, undefined, '100'), at(700), cfg.strategy, cfg.sizing.mvp_size, a);
    detectArb(market('0.47', '0.47', undefined, undefined, '2'), at(700), cfg.strategy, cfg.sizing.mvp_size, b);
    expect(a.confidence).toBeGreaterThan(b.confidence);
    expect(a.confidence).toBeLessThanOrEqual(1);
  });
});

describe('arbitrage detection, exactly on its boundaries', () => {
  const s = cfg.strategy; // thresholds 0.025 / 0.015 / 0.005, phases at 600 s and 300 s left

  it('a net margin exactly at the threshold passes; one tick dearer fails, one tick cheaper passes', () => {
    const o = new ArbOpportunity();
    // 0.355 + 0.587: gross 0.058; fees 0.07 x 0.355 x 0.645 = 0.01602825 -> 0.016029 and
    // 0.07 x 0.587 x 0.413 = 0.01697017 -> 0.016971 (rounded up per share): net exactly 0.025
    const early = market('0.355', '0.587');
    expect([early.takerFeePerPair, early.netMargin]).toEqual([33_000, 25_000]);
    expect(detectArb(early, at(700), s, cfg.sizing.mvp_size, o)).toBe(true);
    expect(o).toMatchObject({ phase: Phase.EARLY, threshold: 25_000, netMargin: 25_000, variant: Variant.TAKER });
    expect(detectArb(market('0.356', '0.587'), at(700), s, cfg.sizing.mvp_size, o)).toBe(false);
    expect(o.netMargin).toBeLessThan(25_000);
    expect(detectArb(market('0.354', '0.587'), at(700), s, cfg.sizing.mvp_size, o)).toBe(true);
    // the late threshold: 0.011 + 0.982, gross 0.007, fees 0.000762 + 0.001238: net exactly 0.005
    const late = market('0.011', '0.982');
    expect(late.netMargin).toBe(5_000);
    expect(detectArb(late, at(100), s, cfg.sizing.mvp_size, o)).toBe(true);
    expect(o).toMatchObject({ phase: Phase.LATE, threshold: 5_000, netMargin: 5_000 });
    expect(detectArb(market('0.011', '0.983'), at(100), s, cfg.sizing.mvp_size, o)).toBe(false);
  });

  it('a phase lasts until its last second has passed: 600 s left is already mid, 300 s left already late', () => {
    expect([phaseOf(601, s), phaseOf(600, s), phaseOf(599, s)]).toEqual([Phase.EARLY, Phase.MID, Phase.MID]);
    expect([phaseOf(301, s), phaseOf(300, s), phaseOf(299, s)]).toEqual([Phase.MID, Phase.LATE, Phase.LATE]);
    // through detection: a net of 0.0151 clears the mid threshold (0.015), not the early one (0.025)
    const o = new ArbOpportunity();
    const thin = market('0.475', '0.475');
    expect(detectArb(thin, END - 601_000, s, cfg.sizing.mvp_size, o)).toBe(false);
    expect(o.phase).toBe(Phase.EARLY);
    expect(detectArb(thin, END - 600_999, s, cfg.sizing.mvp_size, o)).toBe(true); // 600.999 s: whole seconds left 600
    expect(detectArb(thin, at(600), s, cfg.sizing.mvp_size, o)).toBe(true);
    expect(o).toMatchObject({ phase: Phase.MID, remainingSecs: 600, threshold: 15_000 });
    // a net of 0.005056 clears only the late threshold (0.005)
    const late = market('0.48', '0.48');
    expect(detectArb(late, at(301), s, cfg.sizing.mvp_size, o)).toBe(false);
    expect(detectArb(late, at(300), s, cfg.sizing.mvp_size, o)).toBe(true);
    expect(o).toMatchObject({ phase: Phase.LATE, remainingSecs: 300 });
  });
});
