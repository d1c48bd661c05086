import { describe, expect, it } from 'vitest';
import { Severity } from '../src/core/codes.js';
import { MarketState } from '../src/core/market-state.js';
import { assessToxicity, OrderFlowTracker, SpotTracker, ToxicAssessment, ToxicFlag } from '../src/core/toxic.js';
import { T0, testConfig, testWindow, u } from './helpers.js';

const s = testConfig().toxic;

/** A market whose yes asks saw `n` ordinary orders of 20 shares, then one big ask at `price`. */
function withBigAsk(bigShares: number, price: string, atMs: number): MarketState {
  const m = new MarketState(testWindow(T0 + 900_000), 0, 1, s);
  for (let i = 0; i < 20; i++) {
    const p = u('0.60') + (i % 10) * 10_000;
    const before = m.yes.book.sizeAt('ask', p);
    m.yes.book.setLevel('ask', p, before + u('20'));
    m.yes.flow.onLevel(true, p, before, before + u('20'), atMs - 5_000 + i);
  }
  const before = m.yes.book.sizeAt('ask', u(price));
  m.yes.book.setLevel('ask', u(price), before + bigShares * 1_000_000);
  m.yes.flow.onLevel(true, u(price), before, before + bigShares * 1_000_000, atMs);
  return m;
}

describe('toxic flow', () => {
  it('keeps a rolling average of order sizes over the window (growth only)', () => {
    const f = new OrderFlowTracker({ ...s, window: 4, min_samples: 2 });
    for (const size of [10, 20, 30, 40, 50]) f.onLevel(true, 500_000, 0, size, 0);
    f.onLevel(true, 500_000, 100, 40, 0); // a shrinking level is not an order
    expect(f.samples()).toBe(4);
    expect(f.average()).toBe((20 + 30 + 40 + 50) / 4);
  });

  it('flags an order above 50x the average, not one at 49x, and none before min_samples', () => {
    expect(withBigAsk(1_001, '0.55', 10_000).yes.flow.largeAtMs).toBe(10_000); // 20 x 50 = 1000
    expect(withBigAsk(999, '0.55', 10_000).yes.flow.largeAtMs).toBe(0);
    const f = new OrderFlowTracker(s);
    f.onLevel(true, 1, 0, 20, 0);
    f.onLevel(true, 1, 0, 1_000_000, 1);
    expect(f.largeAtMs).toBe(0);
  });

  it('grades severity: sudden large ask at our price is HIGH, the same one after 500 ms MEDIUM, elsewhere LOW', () => {
    const out = new ToxicAssessment();
    const m = withBigAsk(2_000, '0.55', 10_000);
    m.yes.price = u('0.55');
    m.yes.updatedMs = m.no.updatedMs = 10_000;
    assessToxicity(m.yes, undefined, undefined, 10_000, 10_499, s, out);
    expect(out.severity).toBe(Severity.HIGH);
    expect(out.flags).toBe(ToxicFlag.LARGE | ToxicFlag.SUDDEN | ToxicFlag.AT_OUR_PRICE);
    expect(out.ratio).toBeCloseTo(100, 5);
    assessToxicity(m.yes, undefined, undefined, 10_000, 10_500, s, out);
    expect(out.severity).toBe(Severity.MEDIUM);
    m.yes.price = u('0.54');
    assessToxicity(m.yes, undefined, undefined, 10_000, 10_100, s, out);
    expect(out.severity).toBe(Severity.LOW);
  });

  it('forgets a large order once it has left the book', () => {
    const out = new ToxicAssessment();
    const m = withBigAsk(2_000, '0.55', 10_000);
    m.yes.price = u('0.55');
    m.yes.book.setLevel('ask', u('0.55'), u('100'));
    assessToxicity(m.yes, undefined, undefined, 10_000, 10_100, s, out);
    expect(out.severity).toBe(Severity.NONE);
  });

  it('spot jumping while a book lags is HIGH; with sudden bait at our price CRITICAL', () => {
    const out = new ToxicAssessment();
    const spot = new SpotTracker();
    spot.record(u('95000'), 9_000);
    spot.record(u('95200'), 9_900); // +21 bps within 2 s
    const quiet = new MarketState(testWindow(T0 + 900_000), 0, 1, s);
    assessToxicity(quiet.yes, quiet.no, spot, 9_000, 10_000, s, out);
    expect(out.spotMoveBps).toBeCloseTo(21.05, 1);
    expect(out.severity).toBe(Severity.HIGH);
    assessToxicity(quiet.yes, quiet.no, spot, 9_800, 10_000, s, out); // books moved 200 ms ago: not lagging
    expect(out.severity).toBe(Severity.LOW);
    const bait = withBigAsk(2_000, '0.55', 10_000);
    bait.yes.price = u('0.56');
    assessToxicity(bait.yes, bait.no, spot, 9_000, 10_200, s, out);
    expect(out.severity).toBe(Severity.CRITICAL);
    expect(spot.moveBps(20_000, 2_000)).toBe(0); // old moves age out
  });
});
