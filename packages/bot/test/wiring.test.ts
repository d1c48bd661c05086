import { ManualClock } from '@polymarket-arb/domain';
import { describe, expect, it } from 'vitest';
import { createBot, runBot } from '../src/bot.js';
import type { DataSource, MarketEvent } from '../src/core/index.js';
import type { NoOpExecutor } from '../src/executor/noop.js';
import { SimulatedExecutor } from '../src/executor/simulated/simulated-executor.js';
import { realBooks, T0, testConfig, testWindow, u } from './helpers.js';

/** A DataSource over a fixed list of events, 10 ms apart (what a replay source is, minus ClickHouse). */
function listSource(events: MarketEvent[], clock: ManualClock): DataSource {
  return {
    async run(sink, signal) {
      for (const e of events) {
        if (signal.aborted) return;
        clock.advanceMs(10);
        sink.push(e);
      }
    },
  };
}

describe('mode wiring: (DataSource, Executor, Clock)', () => {
  const w = testWindow(T0 + 900_000);
  const b = realBooks();
  const episode: MarketEvent[] = [
    { type: 'market', window: w },
    { type: 'book', tokenId: w.yesTokenId, bids: b.yes.bids, asks: b.yes.asks, timestampMs: 0 },
    { type: 'book', tokenId: w.noTokenId, bids: b.no.bids, asks: b.no.asks, timestampMs: 0 },
    { type: 'spot', asset: 'BTC', price: u('95000.12'), timestampMs: 0 },
    { type: 'price_change', timestampMs: 0, changes: [{ tokenId: w.noTokenId, side: 'ask', price: u('0.40'), size: u('30') }] },
    ...Array.from({ length: 36 }, (): MarketEvent => ({ type: 'tick' })),
  ];

  it('paper: the same events through runBot fill a balanced pair (after the latency and the taker delay)', async () => {
    const clock = new ManualClock(T0 + 60_000);
    const bot = createBot({ config: testConfig(), clock, mode: 'paper' });
    expect(bot.executor).toBeInstanceOf(SimulatedExecutor);
    await runBot(listSource(episode, clock), bot, new AbortController().signal);
    const inv = bot.markets.all[0]!.inventory;
    expect([inv.yes, inv.no]).toEqual([u('10'), u('10')]);
    expect(bot.engine.counters).toMatchObject({ spotUpdates: 1, ordersPlaced: 2, fills: 2, unknownTokens: 0 });
    expect(bot.recorder.captured).toBe(3); // BUY_PAIR + two FILLED
  });

  it('shadow: identical decisions, no fills, orders only recorded by the NoOp executor', async () => {
    const clock = new ManualClock(T0 + 60_000);
    const bot = createBot({ config: testConfig(), clock, mode: 'shadow' });
    await runBot(listSource(episode, clock), bot, new AbortController().signal);
    expect((bot.executor as NoOpExecutor).requests).toHaveLength(2);
    expect(bot.engine.counters.fills).toBe(0);
    expect(bot.recorder.captured).toBe(1);
    const health = bot.engine.health(clock.nowMs());
    expect(health.markets).toEqual([{ slug: w.slug, synced: true, yesAgeMs: 390, noAgeMs: 360, openOrders: 0, inventoryState: 0 }]);
    expect(health.counters).toMatchObject({ bookUpdates: 3, spotUpdates: 1, ordersPlaced: 2 });
  });

  it('stops when the signal aborts', async () => {
    const clock = new ManualClock(T0 + 60_000);
    const bot = createBot({ config: testConfig(), clock, mode: 'shadow' });
    const ac = new AbortController();
    ac.abort();
    await runBot(listSource(episode, clock), bot, ac.signal);
    expect(bot.engine.counters.events).toBe(0);
  });

  it('live mode needs an executor passed in', () => {
    expect(() => createBot({ config: testConfig(), clock: new ManualClock(0), mode: 'live' })).toThrow(/live mode needs an executor/);
  });
});
