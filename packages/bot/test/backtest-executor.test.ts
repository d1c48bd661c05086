/**
 * The simulated venue (backtest settings) on its own, against books set level by level: latency
 * and the 250 ms taker delay, partial fills by walking levels with a fee per level, liquidity we
 * took not offered twice, queue position of resting orders (prints and depth drops in either order), trade-through
 * fills, rules, window end, seeded trade failures and the crossed-book guard.
 */
import { formatMicros, type Micros } from '@polymarket-arb/domain';
import { describe, expect, it } from 'vitest';
import type { OrderRequest } from '../src/core/executor.js';
import { QueuePosition } from '../src/executor/simulated/queue.js';
import type { SimulatedVenueSettings } from '../src/executor/simulated/settings.js';
import { T0, u } from './helpers.js';
import { venueSetup, window, type ResultView } from './venue-helpers.js';

const SETTINGS: SimulatedVenueSettings = {
  latency_ms: 50,
  taker_delay_ms: 250,
  fail_probability: 0,
  seed: 7,
  queue_model: 'risk_averse',
  queue_match_ms: 50,
  crossed_books: 'allow',
};

function setup(settings: Partial<SimulatedVenueSettings> = {}) {
  const v = venueSetup('backtest', { ...SETTINGS, ...settings });
  const { ex, clock } = v;
  const w = window;
  const m = v.markets.all[0]!;
  const level = (side: 'bid' | 'ask', price: string, size: string, outcome: 'yes' | 'no' = 'yes') => {
    m.leg(outcome).book.setLevel(side, u(price), u(size));
    ex.onBookChanged(outcome === 'yes' ? w.yesTokenId : w.noTokenId, clock.nowMs());
  };
  const order = (
    side: 'BUY' | 'SELL',
    price: string,
    size: string,
    tif: OrderRequest['timeInForce'] = 'FAK',
    postOnly = false,
  ): OrderRequest => ({
    tokenId: w.yesTokenId,
    eventId: w.eventId,
    outcome: 'yes',
    side,
    price: u(price),
    size: u(size),
    timeInForce: tif,
    postOnly,
  });
  const at = (ms: number) => {
    clock.setMs(T0 + 60_000 + ms);
    ex.advance(clock.nowMs());
  };
  const print = (price: string, size: string, side: 'BUY' | 'SELL' = 'SELL') =>
    ex.onTrade(w.yesTokenId, u(price), u(size), clock.nowMs(), side);
  return {
    ex,
    m,
    w,
    clock,
    get results() {
      return v.results;
    },
    place: v.place,
    level,
    order,
    at,
    print,
  };
}

const sizes = (results: ResultView[]): string[] =>
  results.flatMap((r) => ('fill' in r ? [`${r.kind}:${formatMicros(r.fill.size)}@${formatMicros(r.fill.avgPrice)}`] : [r.kind]));

describe('backtest executor: taking liquidity', () => {
  it('arrives after the latency, waits the taker delay, then walks levels up to the limit (one fee per level)', () => {
    const s = setup();
    s.level('ask', '0.45', '10');
    s.level('ask', '0.46', '10');
    s.level('ask', '0.48', '50');
    expect(s.place(s.order('BUY', '0.47', '30')).ok).toBe(true);
    s.at(49);
    s.at(299);
    expect(s.results).toEqual([]);
    s.at(300);
    expect(s.results).toHaveLength(1);
    const r = s.results[0] as Extract<ResultView, { kind: 'partial_fill' }>;
    expect(r.kind).toBe('partial_fill');
    expect(r.done).toBe(true);
    expect(r.atMs).toBe(T0 + 60_300);
    // 10 @ 0.45 (fee 0.17325) + 10 @ 0.46 (fee 0.17388); the 0.48 level is above the limit
    expect([formatMicros(r.fill.size), formatMicros(r.fill.notional), formatMicros(r.fill.fee), formatMicros(r.fill.avgPrice)]).toEqual([
      '20',
      '9.1',
      '0.34713',
      '0.455',
    ]);
    expect(s.ex.stats.delayedOrders).toBe(1);
  });

  it('matches the book as it is after the taker delay: liquidity gone means no fill', () => {
    const s = setup();
    s.level('ask', '0.45', '10');
    s.place(s.order('BUY', '0.45', '10'));
    s.at(100); // marketable on arrival: held
    s.level('ask', '0.45', '0');
    s.at(300);
    expect(s.results.map((r) => r.kind)).toEqual(['cancelled']);
    expect((s.results[0] as { reason: string }).reason).toMatch(/after the 250 ms taker delay/);
    expect(s.ex.stats.missedAfterDelay).toBe(1);
  });

  it('never takes the same recorded shares twice; the memory ends when the recorded level shrinks', () => {
    const s = setup({ taker_delay_ms: 0 });
    s.level('ask', '0.45', '10');
    s.place(s.order('BUY', '0.45', '6'));
    s.at(50);
    s.place(s.order('BUY', '0.45', '6'));
    s.at(100);
    expect(sizes(s.results)).toEqual(['filled:6@0.45', 'partial_fill:4@0.45']);
    // the recorded level drops to 3 (others took it): our 6 consumed are capped at 3, so nothing is left
    s.level('ask', '0.45', '3');
    s.place(s.order('BUY', '0.45', '5'));
    s.at(150);
    expect(s.results.at(-1)?.kind).toBe('cancelled');
    // new size arrives at the level: 3 recorded + 7 new, we consumed 3 -> 7 available
    s.level('ask', '0.45', '10');
    s.place(s.order('BUY', '0.45', '7'));
    s.at(200);
    expect(sizes(s.results).at(-1)).toBe('filled:7@0.45');
  });

  it('FOK fills completely or not at all', () => {
    const s = setup({ taker_delay_ms: 0 });
    s.level('ask', '0.45', '8');
    s.place(s.order('BUY', '0.45', '10', 'FOK'));
    s.at(50);
    expect(s.results.map((r) => r.kind)).toEqual(['cancelled']);
  });
});

describe('backtest executor: resting orders and their queue position', () => {
  it('queues behind the size at its price; prints at the price fill it only after the queue ahead', () => {
    const s = setup();
    s.level('bid', '0.44', '100');
    s.level('ask', '0.47', '100');
    s.place(s.order('BUY', '0.44', '20', 'GTC', true));
    s.at(50);
    expect(s.results.map((r) => r.kind)).toEqual(['resting']);
    s.print('0.44', '60'); // 60 of the 100 ahead
    s.level('bid', '0.44', '40');
    expect(s.results).toHaveLength(1);
    s.at(1_000);
    s.print('0.44', '50'); // 40 ahead, then 10 reach us
    expect(sizes(s.results).slice(1)).toEqual(['partial_fill:10@0.44']);
    const fill = (s.results[1] as Extract<ResultView, { kind: 'partial_fill' }>).fill;
    expect([fill.fee, fill.liquidity]).toEqual([0, 'maker']);
  });

  it('a depth drop reported before its print is not counted twice (the simulator and live feed order)', () => {
    const s = setup();
    s.level('bid', '0.44', '100');
    s.place(s.order('BUY', '0.44', '20', 'GTC', true));
    s.at(50);
    s.level('bid', '0.44', '40'); // the level change of a 60-share trade ...
    s.print('0.44', '60'); // ... then its print: the same 60 shares
    expect(s.results.map((r) => r.kind)).toEqual(['resting']);
    s.at(2_000);
    s.level('bid', '0.44', '0');
    s.print('0.44', '50'); // 40 ahead, 10 reach us
    expect(sizes(s.results).slice(1)).toEqual(['partial_fill:10@0.44']);
  });

  it('cancellations come from behind the order (risk-averse), or evenly (proportional)', () => {
    const q = new QueuePosition(u('100'), 'risk_averse', 50);
    q.onDepth(u('150'), 0); // 50 join behind
    q.onDepth(u('110'), 1_000); // 40 cancel: all from behind
    expect(formatMicros(q.ahead)).toBe('100');
    q.onDepth(u('60'), 2_000); // more than is behind: the queue ahead must shrink to the level
    expect(formatMicros(q.ahead)).toBe('60');
    const p = new QueuePosition(u('100'), 'proportional', 50);
    p.onDepth(u('200'), 0);
    p.onDepth(u('100'), 1_000); // half the level cancels: half of the 100 ahead
    expect(formatMicros(p.ahead)).toBe('50');
  });

  it('fills when the price trades or is offered through it', () => {
    const s = setup();
    s.level('bid', '0.44', '100');
    s.place(s.order('BUY', '0.44', '20', 'GTC', true));
    s.at(50);
    s.print('0.43', '15'); // a seller went below our bid: we were hit first
    s.level('ask', '0.42', '3'); // 3 offered below our bid
    s.level('ask', '0.43', '9'); // and 9 more: only 2 of them still needed
    expect(sizes(s.results).slice(1)).toEqual(['partial_fill:15@0.44', 'partial_fill:3@0.44', 'filled:2@0.44']);
  });

  it('post-only orders that would cross are rejected; resting orders end with the window', () => {
    const s = setup();
    s.level('ask', '0.44', '10');
    s.place(s.order('BUY', '0.44', '10', 'GTC', true));
    s.at(50);
    expect(s.results.map((r) => r.kind)).toEqual(['rejected']);
    s.level('ask', '0.44', '0');
    s.place(s.order('BUY', '0.40', '10', 'GTC', true));
    s.at(100);
    s.at(900_000);
    expect(s.results.map((r) => r.kind)).toEqual(['rejected', 'resting', 'cancelled']);
    expect((s.results[2] as { reason: string }).reason).toMatch(/end of its window/);
    expect((s.results[2] as { atMs: number }).atMs).toBe(T0 + 900_000);
  });
});

describe('backtest executor: rules, failures and guards', () => {
  it('refuses off-tick prices, sizes below the minimum, and orders reaching a closed window', () => {
    const s = setup();
    expect(s.place(s.order('BUY', '0.455', '10'))).toMatchObject({ ok: false, reason: expect.stringMatching(/multiple of the tick 0.01/) });
    expect(s.place(s.order('BUY', '0.45', '4.99'))).toMatchObject({ ok: false, reason: expect.stringMatching(/minimum order size 5/) });
    s.clock.setMs(T0 + 899_990);
    s.place(s.order('BUY', '0.45', '10'));
    s.at(900_000);
    expect(s.results.map((r) => (r.kind === 'rejected' ? r.reason : r.kind))).toEqual(['market closed (its window has ended)']);
  });

  it('a matched trade FAILS with the configured probability, seeded: never a fill, always the same draws', () => {
    const outcomes = (seed: number): string[] => {
      const s = setup({ taker_delay_ms: 0, fail_probability: u('0.5'), seed });
      s.level('ask', '0.45', '1000');
      for (let i = 0; i < 20; i++) {
        s.place(s.order('BUY', '0.45', '5'));
        s.at(50 * (i + 1));
      }
      return s.results.map((r) => r.kind);
    };
    const a = outcomes(3);
    expect(a).toEqual(outcomes(3));
    expect(a).not.toEqual(outcomes(4));
    expect(a.filter((k) => k === 'cancelled').length).toBeGreaterThan(3);
    expect(a.filter((k) => k === 'filled').length).toBeGreaterThan(3);
    const s = setup({ taker_delay_ms: 0, fail_probability: u('1') });
    s.level('ask', '0.45', '10');
    s.place(s.order('BUY', '0.45', '5'));
    s.at(50);
    expect(s.results).toMatchObject([{ kind: 'cancelled', filled: 0, reason: expect.stringMatching(/FAILED on-chain/) }]);
    expect([s.ex.stats.failedTrades, s.ex.fills.length]).toEqual([1, 0]);
  });

  it('crossed books: filled from by default (that is how an Up+Down arbitrage looks), refused on request', () => {
    for (const mode of ['allow', 'refuse'] as const) {
      const s = setup({ taker_delay_ms: 0, crossed_books: mode });
      s.level('bid', '0.47', '10');
      s.level('ask', '0.45', '10');
      s.place(s.order('BUY', '0.45', '5'));
      s.at(50);
      const filled: Micros = s.ex.stats.filledSize;
      expect(formatMicros(filled)).toBe(mode === 'allow' ? '5' : '0');
      expect(mode === 'allow' ? s.ex.stats.crossedFills : s.ex.stats.crossedRefusals).toBe(1);
    }
  });
});
