import { mulMicros, tradeFee } from '@polymarket-arb/domain';
import { describe, expect, it } from 'vitest';
import { MarketRegistry } from '../src/core/markets.js';
import { PaperExecutor, type PaperSettings } from '../src/executor/paper.js';
import type { OrderRequest, OrderResult } from '../src/core/executor.js';
import { realBooks, T0, testConfig, testWindow, u } from './helpers.js';

const cfg = testConfig();
const w = testWindow(T0 + 900_000);

function setup(settings: Partial<PaperSettings> = {}): { paper: PaperExecutor; results: OrderResult[]; markets: MarketRegistry; clock: { now: number } } {
  const markets = new MarketRegistry(cfg.toxic);
  const m = markets.add(w);
  const books = realBooks();
  for (const l of books.yes.bids) m.yes.book.setLevel('bid', l.price, l.size);
  for (const l of books.yes.asks) m.yes.book.setLevel('ask', l.price, l.size);
  for (const l of books.no.bids) m.no.book.setLevel('bid', l.price, l.size);
  for (const l of books.no.asks) m.no.book.setLevel('ask', l.price, l.size);
  const clock = { now: 0 };
  const paper = new PaperExecutor(markets, { latency_ms: 50, fill_probability: 1_000_000, seed: 1, ...settings }, () => clock.now);
  const results: OrderResult[] = [];
  paper.setResultListener((r) => results.push(r));
  return { paper, results, markets, clock };
}

const order = (over: Partial<OrderRequest>): OrderRequest => ({ tokenId: w.yesTokenId, eventId: w.eventId, outcome: 'yes', side: 'BUY', price: u('0.53'), size: u('10'), timeInForce: 'FAK', postOnly: false, ...over });
const fee = (size: string, price: string): number => Number(tradeFee(u(size), u(price), w.feeSchedule));
const notional = (size: string, price: string, rounding: 'ceil' | 'floor' = 'ceil'): number => Number(mulMicros(u(size), u(price), rounding));

describe('paper executor', () => {
  it('walks the real ask levels up to the limit, with the taker fee of each level, exactly', () => {
    const { paper, results } = setup();
    expect(paper.placeOrder(order({ size: u('2000') }))).toMatchObject({ ok: true });
    paper.advance(50);
    expect(results).toHaveLength(1);
    const r = results[0];
    expect(r?.kind).toBe('filled');
    if (r?.kind !== 'filled') return;
    expect(r.fill.size).toBe(u('2000'));
    expect(r.fill.notional).toBe(notional('1028', '0.51') + notional('918', '0.52') + notional('54', '0.53'));
    expect(r.fill.fee).toBe(fee('1028', '0.51') + fee('918', '0.52') + fee('54', '0.53'));
    expect(r.fill.fee).toBe(u('17.9828') + u('16.03929') + u('0.94159')); // 1028 x 0.017493, 918 x 0.017472, 54 x 0.017437, each floored to 5 decimals
    expect(r.fill.liquidity).toBe('taker');
  });

  it('fills partially when the depth up to the limit runs out (FAK: the rest is cancelled)', () => {
    const { paper, results } = setup();
    paper.placeOrder(order({ size: u('3000'), price: u('0.52') }));
    paper.advance(50);
    expect(results[0]).toMatchObject({ kind: 'partial_fill', done: true, fill: { size: u('1946'), cumulative: u('1946') } });
    expect(paper.openOrders()).toHaveLength(0);
  });

  it('matches the book as it is when the order arrives, after the latency', () => {
    const { paper, results, markets } = setup();
    paper.placeOrder(order({ size: u('100') }));
    paper.advance(49);
    expect(results).toHaveLength(0);
    markets.book(w.yesTokenId)?.setLevel('ask', u('0.51'), 0); // the 0.51 level is taken before we arrive
    paper.advance(50);
    expect(results[0]).toMatchObject({ kind: 'filled', atMs: 50, fill: { avgPrice: u('0.52'), notional: notional('100', '0.52') } });
  });

  it('sells by walking the bids down to the limit, rounding proceeds down', () => {
    const { paper, results } = setup();
    paper.placeOrder(order({ side: 'SELL', price: u('0.48'), size: u('1500') }));
    paper.advance(60);
    expect(results[0]).toMatchObject({ kind: 'filled', fill: { notional: notional('1028', '0.49', 'floor') + notional('472', '0.48', 'floor'), fee: fee('1028', '0.49') + fee('472', '0.48') } });
  });

  it('fills marketable orders with the configured probability, reproducibly for a seed', () => {
    const never = setup({ fill_probability: 0 });
    never.paper.placeOrder(order({}));
    never.paper.advance(50);
    expect(never.results[0]).toMatchObject({ kind: 'cancelled', filled: 0 });
    expect((never.results[0] as { reason: string }).reason).toMatch(/fill_probability/);
    const pattern = (seed: number): string => {
      const s = setup({ fill_probability: 500_000, seed });
      for (let i = 0; i < 40; i++) s.paper.placeOrder(order({ size: u('5') }));
      s.paper.advance(50);
      return s.results.map((r) => (r.kind === 'filled' ? 'F' : '-')).join('');
    };
    expect(pattern(7)).toBe(pattern(7));
    expect(pattern(7)).not.toBe(pattern(8));
    const fills = pattern(7).split('').filter((c) => c === 'F').length;
    expect(fills).toBeGreaterThan(8);
    expect(fills).toBeLessThan(32);
  });

  it('rejects orders that break the venue rules, on placement', () => {
    const { paper } = setup();
    expect(paper.placeOrder(order({ size: u('4.99') }))).toMatchObject({ ok: false, reason: expect.stringMatching(/below the minimum order size 5/) });
    expect(paper.placeOrder(order({ price: u('0.515') }))).toMatchObject({ ok: false, reason: expect.stringMatching(/not a multiple of the tick 0\.01/) });
    expect(paper.placeOrder(order({ size: u('5.001') }))).toMatchObject({ ok: false, reason: expect.stringMatching(/multiple of 0\.01 share/) });
    expect(paper.placeOrder(order({ price: u('0.995') }))).toMatchObject({ ok: false });
    expect(paper.placeOrder(order({ postOnly: true }))).toMatchObject({ ok: false, reason: expect.stringMatching(/FAK orders cannot be post-only/) });
  });

  it('FOK fills all or nothing', () => {
    const { paper, results } = setup();
    paper.placeOrder(order({ timeInForce: 'FOK', size: u('1100'), price: u('0.51') }));
    paper.placeOrder(order({ timeInForce: 'FOK', size: u('1000'), price: u('0.51') }));
    paper.advance(50);
    expect(results.map((r) => r.kind)).toEqual(['cancelled', 'filled']);
  });

  it('post-only: refuses to cross, rests, and fills (fee-free) only when the market trades through its price', () => {
    const { paper, results, markets } = setup();
    paper.placeOrder(order({ timeInForce: 'GTC', postOnly: true, price: u('0.51') }));
    const id = paper.placeOrder(order({ timeInForce: 'GTC', postOnly: true, price: u('0.50'), size: u('20') }));
    paper.advance(50);
    expect(results.map((r) => r.kind)).toEqual(['rejected', 'resting']);
    const book = markets.book(w.yesTokenId);
    book?.setLevel('ask', u('0.50'), u('7')); // at our price: queue unknown, no fill
    paper.onBookChanged(w.yesTokenId, 60);
    paper.onTrade(w.yesTokenId, u('0.50'), u('7'), 61);
    expect(results).toHaveLength(2);
    book?.setLevel('ask', u('0.49'), u('6')); // strictly through our bid
    paper.onBookChanged(w.yesTokenId, 70);
    paper.onBookChanged(w.yesTokenId, 71); // the same standing ask is not counted twice
    expect(results[2]).toMatchObject({ kind: 'partial_fill', done: false, fill: { size: u('6'), avgPrice: u('0.50'), fee: 0, liquidity: 'maker', notional: u('3') } });
    expect(results).toHaveLength(3);
    paper.onTrade(w.yesTokenId, u('0.48'), u('100'), 80);
    expect(results[3]).toMatchObject({ kind: 'filled', fill: { size: u('14'), cumulative: u('20'), fee: 0 } });
    expect(id.ok && paper.cancelOrder(id.orderId)).toBe(false);
  });

  it('cancels a resting order after the latency, and saves/restores working orders exactly', () => {
    const { paper, results, clock } = setup();
    const ack = paper.placeOrder(order({ timeInForce: 'GTC', postOnly: true, price: u('0.47'), size: u('12.34') }));
    paper.advance(50);
    const saved = paper.snapshotOrders();
    expect(saved).toEqual([expect.objectContaining({ price: '0.47', size: '12.34', filled: '0', timeInForce: 'GTC', postOnly: true })]);
    clock.now = 100;
    expect(ack.ok && paper.cancelOrder(ack.orderId)).toBe(true);
    paper.advance(149);
    expect(results.at(-1)?.kind).toBe('resting');
    paper.advance(150);
    expect(results.at(-1)).toMatchObject({ kind: 'cancelled', atMs: 150 });
    const restored = setup();
    restored.paper.restoreOrders(JSON.parse(JSON.stringify(saved)));
    expect(restored.paper.snapshotOrders()).toEqual(saved);
    expect(restored.paper.placeOrder(order({}))).toMatchObject({ orderId: 'paper-2' });
  });
});
