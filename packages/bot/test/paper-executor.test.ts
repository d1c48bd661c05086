/**
 * Paper mode's venue: the simulated venue (the backtest's fill model) with the `[paper]` defaults,
 * on the real ETH book: a marketable order reaches the venue after the 50 ms latency, waits the
 * 250 ms taker delay and walks the real levels, one exact taker fee per level; paper's own
 * `fill_probability`; rules; resting orders; and the working orders saved and restored exactly.
 */
import { mulMicros, tradeFee } from '@polymarket-arb/domain';
import { describe, expect, it } from 'vitest';
import type { OrderRequest } from '../src/core/executor.js';
import type { SimulatedVenueSettings } from '../src/executor/simulated/settings.js';
import { realBooks, T0, testConfig, u } from './helpers.js';
import { venueSetup, window as w } from './venue-helpers.js';

/** The paper defaults, with every marketable order finding its liquidity unless a test says otherwise. */
const PAPER: SimulatedVenueSettings = { ...testConfig().paper, fill_probability: 1_000_000 };
/** Latency + taker delay of the defaults: when a marketable order is matched. */
const MATCH_MS = 300;

function setup(settings: Partial<SimulatedVenueSettings> = {}) {
  const v = venueSetup('paper', { ...PAPER, ...settings }, T0);
  const m = v.markets.all[0]!;
  const books = realBooks();
  for (const l of books.yes.bids) m.yes.book.setLevel('bid', l.price, l.size);
  for (const l of books.yes.asks) m.yes.book.setLevel('ask', l.price, l.size);
  for (const l of books.no.bids) m.no.book.setLevel('bid', l.price, l.size);
  for (const l of books.no.asks) m.no.book.setLevel('ask', l.price, l.size);
  const at = (ms: number) => {
    v.clock.setMs(T0 + ms);
    v.ex.advance(T0 + ms);
  };
  return {
    ...v,
    get results() {
      return v.results;
    },
    m,
    at,
  };
}

const order = (over: Partial<OrderRequest>): OrderRequest => ({
  tokenId: w.yesTokenId,
  eventId: w.eventId,
  outcome: 'yes',
  side: 'BUY',
  price: u('0.53'),
  size: u('10'),
  timeInForce: 'FAK',
  postOnly: false,
  ...over,
});
const fee = (size: string, price: string): number => Number(tradeFee(u(size), u(price), w.feeSchedule));
const notional = (size: string, price: string, rounding: 'ceil' | 'floor' = 'ceil'): number =>
  Number(mulMicros(u(size), u(price), rounding));

describe('paper executor (the simulated venue with [paper] settings)', () => {
  it('walks the real ask levels up to the limit after latency and taker delay, with the taker fee of each level, exactly', () => {
    const s = setup();
    expect(s.place(order({ size: u('2000') }))).toMatchObject({ ok: true, orderId: 'paper-1' });
    s.at(MATCH_MS - 1);
    expect(s.results).toHaveLength(0);
    s.at(MATCH_MS);
    expect(s.results).toHaveLength(1);
    const r = s.results[0];
    expect(r?.kind).toBe('filled');
    if (r?.kind !== 'filled') return;
    expect(r.fill.size).toBe(u('2000'));
    expect(r.fill.notional).toBe(notional('1028', '0.51') + notional('918', '0.52') + notional('54', '0.53'));
    expect(r.fill.fee).toBe(fee('1028', '0.51') + fee('918', '0.52') + fee('54', '0.53'));
    expect(r.fill.fee).toBe(u('17.9828') + u('16.03929') + u('0.94159')); // 1028 x 0.017493, 918 x 0.017472, 54 x 0.017437, each floored to 5 decimals
    expect(r.fill.liquidity).toBe('taker');
  });

  it('fills partially when the depth up to the limit runs out (FAK: the rest is cancelled)', () => {
    const s = setup();
    s.place(order({ size: u('3000'), price: u('0.52') }));
    s.at(MATCH_MS);
    expect(s.results[0]).toMatchObject({ kind: 'partial_fill', done: true, fill: { size: u('1946'), cumulative: u('1946') } });
    expect(s.ex.openOrders()).toHaveLength(0);
  });

  it('matches the book as it is after the taker delay', () => {
    const s = setup();
    s.place(order({ size: u('100') }));
    s.at(50); // arrives, marketable: held for the taker delay
    s.m.yes.book.setLevel('ask', u('0.51'), 0); // the 0.51 level is taken meanwhile
    s.at(MATCH_MS);
    expect(s.results[0]).toMatchObject({
      kind: 'filled',
      atMs: T0 + MATCH_MS,
      fill: { avgPrice: u('0.52'), notional: notional('100', '0.52') },
    });
  });

  it('sells by walking the bids down to the limit, rounding proceeds down', () => {
    const s = setup();
    s.place(order({ side: 'SELL', price: u('0.48'), size: u('1500') }));
    s.at(MATCH_MS);
    expect(s.results[0]).toMatchObject({
      kind: 'filled',
      fill: {
        notional: notional('1028', '0.49', 'floor') + notional('472', '0.48', 'floor'),
        fee: fee('1028', '0.49') + fee('472', '0.48'),
      },
    });
  });

  it('fills marketable orders with the configured probability, reproducibly for a seed', () => {
    const never = setup({ fill_probability: 0 });
    never.place(order({}));
    never.at(MATCH_MS);
    expect(never.results[0]).toMatchObject({ kind: 'cancelled', filled: 0 });
    expect((never.results[0] as { reason: string }).reason).toMatch(/fill_probability/);
    const pattern = (seed: number): string => {
      const s = setup({ fill_probability: 500_000, seed });
      for (let i = 0; i < 40; i++) s.place(order({ size: u('5') }));
      s.at(MATCH_MS);
      return s.results.map((r) => (r.kind === 'filled' ? 'F' : '-')).join('');
    };
    expect(pattern(7)).toBe(pattern(7));
    expect(pattern(7)).not.toBe(pattern(8));
    const fills = pattern(7)
      .split('')
      .filter((c) => c === 'F').length;
    expect(fills).toBeGreaterThan(8);
    expect(fills).toBeLessThan(32);
  });

  it('rejects orders that break the venue rules, on placement', () => {
    const s = setup();
    expect(s.place(order({ size: u('4.99') }))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/below the minimum order size 5/),
    });
    expect(s.place(order({ price: u('0.515') }))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/not a multiple of the tick 0\.01/),
    });
    expect(s.place(order({ size: u('5.001') }))).toMatchObject({ ok: false, reason: expect.stringMatching(/multiple of 0\.01 share/) });
    expect(s.place(order({ price: u('0.995') }))).toMatchObject({ ok: false });
    expect(s.place(order({ postOnly: true }))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/FAK orders cannot be post-only/),
    });
  });

  it('FOK fills all or nothing', () => {
    const s = setup();
    s.place(order({ timeInForce: 'FOK', size: u('1100'), price: u('0.51') }));
    s.place(order({ timeInForce: 'FOK', size: u('1000'), price: u('0.51') }));
    s.at(MATCH_MS);
    expect(s.results.map((r) => r.kind)).toEqual(['cancelled', 'filled']);
  });

  it('post-only: refuses to cross, rests behind the queue at its price, and fills (fee-free) when the market trades through it', () => {
    const s = setup();
    s.place(order({ timeInForce: 'GTC', postOnly: true, price: u('0.51') }));
    const ack = s.place(order({ timeInForce: 'GTC', postOnly: true, price: u('0.49'), size: u('20') }));
    s.at(50);
    expect(s.results.map((r) => r.kind)).toEqual(['rejected', 'resting']);
    s.ex.onTrade(w.yesTokenId, u('0.49'), u('7'), T0 + 60, 'SELL'); // at our price: the shares bid there before us go first
    expect(s.results).toHaveLength(2);
    s.m.yes.book.setLevel('ask', u('0.48'), u('6')); // offered strictly through our bid
    s.ex.onBookChanged(w.yesTokenId, T0 + 70);
    s.ex.onBookChanged(w.yesTokenId, T0 + 71); // the same standing ask is not counted twice
    expect(s.results[2]).toMatchObject({
      kind: 'partial_fill',
      done: false,
      fill: { size: u('6'), avgPrice: u('0.49'), fee: 0, liquidity: 'maker', notional: u('2.94') },
    });
    expect(s.results).toHaveLength(3);
    s.ex.onTrade(w.yesTokenId, u('0.47'), u('100'), T0 + 80, 'SELL');
    expect(s.results[3]).toMatchObject({ kind: 'filled', fill: { size: u('14'), cumulative: u('20'), fee: 0 } });
    expect(ack.ok && s.ex.cancelOrder(ack.orderId)).toBe(false);
  });

  it('cancels a resting order after the latency, and saves/restores working orders exactly', () => {
    const s = setup();
    const ack = s.place(order({ timeInForce: 'GTC', postOnly: true, price: u('0.47'), size: u('12.34') }));
    s.at(50);
    const saved = s.ex.snapshotOrders();
    expect(saved).toEqual([
      expect.objectContaining({ orderId: 'paper-1', price: '0.47', size: '12.34', filled: '0', timeInForce: 'GTC', postOnly: true }),
    ]);
    s.clock.setMs(T0 + 100);
    expect(ack.ok && s.ex.cancelOrder(ack.orderId)).toBe(true);
    s.at(149);
    expect(s.results.at(-1)?.kind).toBe('resting');
    s.at(150);
    expect(s.results.at(-1)).toMatchObject({ kind: 'cancelled', atMs: T0 + 150 });
    const restored = setup();
    restored.ex.restoreOrders(JSON.parse(JSON.stringify(saved)));
    expect(restored.ex.snapshotOrders()).toEqual(saved);
    expect(restored.place(order({}))).toMatchObject({ orderId: 'paper-2' });
  });
});
