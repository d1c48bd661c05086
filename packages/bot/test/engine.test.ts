import { formatMicros, type MarketWindow } from '@polymarket-arb/domain';
import { describe, expect, it } from 'vitest';
import { InventoryState, type MarketEvent } from '../src/core/index.js';
import type { NoOpExecutor } from '../src/executor/noop.js';
import type { SimulatedExecutor } from '../src/executor/simulated/simulated-executor.js';
import { parseSavedState, restoreState, saveState } from '../src/modes/saved-state.js';
import { enrichDecision } from '../src/observability/enrich.js';
import { snapshot, testBot, type TestBot } from './bot-helpers.js';
import { levels, realBooks, T0, testConfig, u } from './helpers.js';

const END = T0 + 900_000;

/**
 * These tests are about the engine, so paper's venue matches marketable orders on arrival (no
 * 250 ms taker delay): fills arrive 50 ms (the latency) after the decision.
 */
function engineConfig(overrides: Parameters<typeof testConfig>[0] = {}): ReturnType<typeof testConfig> {
  return testConfig({ ...overrides, paper: { taker_delay_ms: 0, ...overrides.paper } });
}

/** Drain the bot's ring into "ACTION:REASON" strings (and the rows, for details). */
function decisions(bot: TestBot): string[] {
  const out: string[] = [];
  for (let i = bot.ring.peek(); i >= 0; i = bot.ring.peek()) {
    const row = enrichDecision(bot.ring, i, { directory: bot.markets, mode: 'test', runId: 't' });
    out.push(`${row.action}:${row.reason_code}`);
    bot.ring.release();
  }
  return out;
}

function start(mode: 'paper' | 'shadow', config = engineConfig(), startMs = T0 + 60_000): TestBot {
  const bot = testBot(mode, config, startMs);
  const b = realBooks();
  snapshot(bot.driver, bot.window, b.yes, b.no);
  return bot;
}

/** A Down ask at 0.40 appears (the book lags): 0.51 + 0.40 nets 0.0557 after both fees. */
function cheapNoAsk(bot: TestBot, price = '0.40', size = '30'): void {
  bot.driver.push({
    type: 'price_change',
    timestampMs: 0,
    changes: [{ tokenId: bot.window.noTokenId, side: 'ask', price: u(price), size: u(size) }],
  });
}

function later(bot: TestBot, ms: number): void {
  bot.clock.advanceMs(ms);
  bot.driver.push({ type: 'tick' });
}

describe('engine: the strategy loop over real books', () => {
  it('records nothing while the books price nothing below 1 (first filter)', () => {
    const bot = start('paper');
    expect(bot.engine.counters.evaluations).toBe(2);
    bot.driver.push({
      type: 'price_change',
      timestampMs: 0,
      changes: [{ tokenId: bot.window.yesTokenId, side: 'bid', price: u('0.48'), size: u('1') }],
    });
    expect(decisions(bot)).toEqual([]);
  });

  it('buys a taker pair, paper-fills both legs after the latency and ends balanced', () => {
    const bot = start('paper');
    cheapNoAsk(bot);
    expect(decisions(bot)).toEqual(['BUY_PAIR:ARB_TAKER']);
    const inv = bot.markets.all[0]!.inventory;
    expect(inv.yes).toBe(0);
    later(bot, 50);
    expect(decisions(bot)).toEqual(['FILLED:EXEC_FILLED', 'FILLED:EXEC_FILLED']);
    expect([inv.yes, inv.no, inv.state]).toEqual([u('10'), u('10'), InventoryState.BALANCED]);
    // 10 x 0.51 + fee 0.17493, and 10 x 0.40 + fee 0.168: exact
    expect(inv.yesCost + inv.noCost).toBe(u('5.1') + u('0.17493') + u('4') + u('0.168'));
    cheapNoAsk(bot, '0.40', '31'); // still there 50 ms later: cooldown
    expect(decisions(bot)).toEqual(['SKIP:COOLDOWN']);
    bot.clock.advanceMs(2_000);
    cheapNoAsk(bot, '0.40', '32');
    expect(decisions(bot)).toEqual(['BUY_PAIR:ARB_TAKER']);
  });

  it('settles a resolved market: the pair pays exactly 1 per share', () => {
    const bot = start('paper');
    cheapNoAsk(bot);
    later(bot, 50);
    decisions(bot);
    bot.driver.push({ type: 'resolved', eventId: bot.window.eventId, winner: 'no', timestampMs: END });
    expect(decisions(bot)).toEqual(['SETTLE:WINDOW_RESOLVED']);
    expect(bot.engine.pnl.realizedTotal).toBe(u('10') - (u('9.1') + u('0.34293')));
    cheapNoAsk(bot, '0.39');
    expect(decisions(bot)).toEqual(['SKIP:MARKET_CLOSED']);
    bot.driver.push({ type: 'tick' }); // settled and flat: dropped from memory, still enrichable
    expect(bot.markets.all).toHaveLength(0);
    expect(bot.markets.lookup(bot.markets.event(bot.window.eventId)?.eventHash ?? -1)).toBeUndefined();
    cheapNoAsk(bot, '0.38');
    expect(bot.engine.counters.unknownTokens).toBe(1);
  });

  it('forgets a flat market 10 minutes after its window ended', () => {
    const bot = start('paper');
    bot.clock.setMs(END + 600_001);
    bot.driver.push({ type: 'tick' });
    expect(bot.markets.all).toHaveLength(0);
  });

  it('applies a price_change frame atomically and evaluates once', () => {
    const bot = start('paper');
    const before = bot.engine.counters.evaluations;
    const w = bot.window;
    // alone, the first entry would be an arbitrage; the second (same frame) removes it again
    bot.driver.push({
      type: 'price_change',
      timestampMs: 0,
      changes: [
        { tokenId: w.noTokenId, side: 'ask', price: u('0.40'), size: u('30') },
        { tokenId: w.noTokenId, side: 'ask', price: u('0.40'), size: 0 },
      ],
    });
    expect(bot.engine.counters.evaluations).toBe(before + 1);
    expect(decisions(bot)).toEqual([]);
  });

  it('shadow mode records the decision and the would-be orders, sends nothing and holds nothing', () => {
    const bot = start('shadow');
    cheapNoAsk(bot);
    later(bot, 500);
    expect(decisions(bot)).toEqual(['BUY_PAIR:ARB_TAKER']);
    const noop = bot.executor as NoOpExecutor;
    expect(noop.requests.map((r) => `${r.side} ${r.outcome} ${r.size / 1e6}@${r.price / 1e6} ${r.timeInForce}`)).toEqual([
      'BUY yes 10@0.51 FAK',
      'BUY no 10@0.4 FAK',
    ]);
    expect(bot.markets.all[0]!.inventory.yes + bot.markets.all[0]!.openOrders).toBe(0);
  });

  it('explains skips: below threshold, too late, trading disabled, stale book', () => {
    const thin = start('paper');
    cheapNoAsk(thin, '0.47'); // 0.51 + 0.47: gross 0.02, fees eat it
    expect(decisions(thin)).toEqual(['SKIP:BELOW_THRESHOLD']);
    const late = start('paper', engineConfig(), END - 20_000);
    cheapNoAsk(late);
    expect(decisions(late)).toEqual(['SKIP:TOO_LATE']);
    const off = start('paper', engineConfig({ strategy: { trading_enabled: false } }));
    cheapNoAsk(off);
    expect(decisions(off)).toEqual(['SKIP:TRADING_DISABLED']);
    const stale = start('paper');
    stale.driver.push({ type: 'feed', feed: 'clob', connected: false, timestampMs: 0 });
    cheapNoAsk(stale);
    expect(decisions(stale)).toEqual(['SKIP:STALE_BOOK']);
  });

  it('trips the circuit breaker after 3 failed orders, skips while open, trades again after the cooldown', () => {
    const bot = start('paper', engineConfig({ paper: { fill_probability: 0 } }));
    cheapNoAsk(bot);
    later(bot, 50); // both legs come back unfilled: 2 failures
    bot.clock.advanceMs(2_000);
    cheapNoAsk(bot, '0.40', '31');
    later(bot, 50); // third failure trips it
    expect(decisions(bot)).toEqual([
      'BUY_PAIR:ARB_TAKER',
      'ORDER_CANCELLED:EXEC_NO_FILL',
      'ORDER_CANCELLED:EXEC_NO_FILL',
      'BUY_PAIR:ARB_TAKER',
      'ORDER_CANCELLED:EXEC_NO_FILL',
      'CIRCUIT_TRIP:FAILURES_TRIPPED',
      'ORDER_CANCELLED:EXEC_NO_FILL',
    ]);
    expect(bot.engine.canTrade(bot.clock.nowMs())).toBe(false);
    bot.clock.advanceMs(2_000);
    cheapNoAsk(bot, '0.40', '32');
    expect(decisions(bot)).toEqual(['SKIP:CIRCUIT_OPEN']);
    bot.clock.advanceMs(60_000);
    cheapNoAsk(bot, '0.40', '33');
    expect(decisions(bot)).toEqual(['BUY_PAIR:ARB_TAKER']);
  });

  it('maker variant: rests a fee-free bid, takes the other leg when the market trades through it', () => {
    const bot = testBot('paper', engineConfig(), END - 100_000);
    const w = bot.window;
    snapshot(
      bot.driver,
      w,
      { bids: levels(['0.52', '100']), asks: levels(['0.53', '100']) },
      { bids: levels(['0.44', '100']), asks: levels(['0.45', '100']) },
    );
    expect(decisions(bot)).toEqual(['POST_MAKER:ARB_MAKER']);
    later(bot, 50);
    expect(decisions(bot)).toEqual(['ORDER_RESTING:EXEC_RESTING']);
    bot.driver.push({ type: 'trade', tokenId: w.yesTokenId, price: u('0.51'), size: u('100'), side: 'SELL', timestampMs: 0 });
    expect(decisions(bot)).toEqual(['FILLED:EXEC_FILLED', 'TAKE_LEG:MAKER_FILLED']);
    later(bot, 50);
    expect(decisions(bot)).toEqual(['FILLED:EXEC_FILLED']);
    const inv = bot.markets.all[0]!.inventory;
    expect([inv.yes, inv.no, inv.state]).toEqual([u('10'), u('10'), InventoryState.BALANCED]);
    expect(inv.yesCost).toBe(u('5.2')); // maker leg: no fee
    expect(inv.noCost).toBe(u('4.5') + u('0.17325'));
  });

  it('prices the maker bid on the tick the market has now: a tick_size change to 0.001, and back to 0.01', () => {
    // Up 0.52/0.53, Down 0.44/0.45, 100 s left: only a maker bid on Up clears. One tick above the
    // 0.52 bid is the 0.53 ask at tick 0.01 (so it joins the bid), but 0.521 at tick 0.001.
    const sentAfter = (events: (w: MarketWindow) => MarketEvent[]): string[] => {
      const bot = testBot('shadow', engineConfig(), END - 100_000);
      for (const e of events(bot.window)) bot.driver.push(e);
      expect(decisions(bot)).toEqual(['POST_MAKER:ARB_MAKER']);
      return (bot.executor as NoOpExecutor).requests.map((r) => `${r.side} ${r.outcome} ${formatMicros(r.size)}@${formatMicros(r.price)}`);
    };
    const tick = (w: MarketWindow, size: string): MarketEvent => ({
      type: 'tick_size',
      tokenId: w.yesTokenId,
      tickSize: u(size),
      timestampMs: 0,
    });
    const upBook = (w: MarketWindow, tickSize?: string): MarketEvent => ({
      type: 'book',
      tokenId: w.yesTokenId,
      bids: levels(['0.52', '100']),
      asks: levels(['0.53', '100']),
      timestampMs: 0,
      ...(tickSize ? { tickSize: u(tickSize) } : {}),
    });
    const downBook = (w: MarketWindow): MarketEvent => ({
      type: 'book',
      tokenId: w.noTokenId,
      bids: levels(['0.44', '100']),
      asks: levels(['0.45', '100']),
      timestampMs: 0,
    });

    expect(sentAfter((w) => [upBook(w), downBook(w)])).toEqual(['BUY yes 10@0.52']);
    expect(sentAfter((w) => [tick(w, '0.001'), upBook(w), downBook(w)])).toEqual(['BUY yes 10@0.521']);
    // back: the Up book came on tick 0.001, the market returns to 0.01 before the Down book completes the pair
    expect(sentAfter((w) => [upBook(w, '0.001'), tick(w, '0.01'), downBook(w)])).toEqual(['BUY yes 10@0.52']);
  });

  it('maker variant: cancels the bid when the other leg moves away', () => {
    const bot = testBot('paper', engineConfig(), END - 100_000);
    const w = bot.window;
    snapshot(
      bot.driver,
      w,
      { bids: levels(['0.52', '100']), asks: levels(['0.53', '100']) },
      { bids: levels(['0.44', '100']), asks: levels(['0.45', '100']) },
    );
    later(bot, 50);
    decisions(bot);
    bot.driver.push({
      type: 'price_change',
      timestampMs: 0,
      changes: [
        { tokenId: w.noTokenId, side: 'ask', price: u('0.45'), size: 0 },
        { tokenId: w.noTokenId, side: 'ask', price: u('0.48'), size: u('100') },
      ],
    });
    later(bot, 50);
    // the new book still prices a maker-no pair below 1 (0.45 + 0.53) but not after the fee: explained, not traded
    expect(decisions(bot)).toEqual(['CANCEL:BELOW_THRESHOLD', 'SKIP:BELOW_THRESHOLD', 'ORDER_CANCELLED:EXEC_CANCELLED']);
    expect((bot.executor as SimulatedExecutor).openOrders()).toHaveLength(0);
  });

  it('leg risk: one leg filled, the other vanished -> waits, then chases the missing leg when it is affordable', () => {
    const bot = start('paper');
    cheapNoAsk(bot);
    bot.clock.advanceMs(20);
    cheapNoAsk(bot, '0.40', '0'); // the cheap Down ask is gone before our order arrives
    later(bot, 30);
    expect(decisions(bot)).toEqual(['BUY_PAIR:ARB_TAKER', 'FILLED:EXEC_FILLED', 'ORDER_CANCELLED:EXEC_NO_FILL']);
    const m = bot.markets.all[0]!;
    expect(m.inventory.state).toBe(InventoryState.CRISIS);
    later(bot, 2_000); // timed out, but Down asks 0.51 > ceiling 0.47: patient, wait
    expect(decisions(bot)).toEqual([]);
    cheapNoAsk(bot, '0.46', '50');
    expect(decisions(bot)).toEqual(['CHASE:LEG_TIMEOUT', 'SKIP:BELOW_THRESHOLD']); // 0.51 + 0.46 nets < 0 as a new pair
    later(bot, 50);
    expect(decisions(bot)).toEqual(['FILLED:EXEC_FILLED']);
    expect([m.inventory.yes, m.inventory.no, m.inventory.state]).toEqual([u('10'), u('10'), InventoryState.BALANCED]);
  });

  it('leg risk under time pressure with the missing leg too dear: emergency close at the bid', () => {
    const bot = start('paper', engineConfig(), END - 110_000);
    cheapNoAsk(bot);
    bot.clock.advanceMs(20);
    cheapNoAsk(bot, '0.40', '0');
    later(bot, 30);
    decisions(bot);
    later(bot, 2_000);
    expect(decisions(bot)).toEqual(['EMERGENCY_CLOSE:CEILING_EXCEEDED']);
    later(bot, 50);
    expect(decisions(bot)).toEqual(['FILLED:EXEC_FILLED']);
    const m = bot.markets.all[0]!;
    expect([m.inventory.yes, m.inventory.no, m.inventory.state]).toEqual([0, 0, InventoryState.BALANCED]);
    // bought 10 at 0.51 (+0.17493 fee), sold 10 at 0.49 (-0.17493 fee)
    expect(bot.engine.pnl.realizedTotal).toBe(u('4.9') - u('0.17493') - (u('5.1') + u('0.17493')));
  });

  it('saves and restores inventory, P&L and working paper orders exactly', () => {
    const bot = start('paper');
    cheapNoAsk(bot);
    later(bot, 50);
    const text = JSON.stringify(saveState(bot.engine, (bot.executor as SimulatedExecutor).snapshotOrders()));
    expect(text).not.toMatch(/\d\.\d{7,}/); // exact decimal strings, no float noise
    const fresh = testBot('paper');
    restoreState(fresh.engine, parseSavedState(text));
    const a = bot.markets.all[0]!.inventory;
    const b = fresh.markets.all[0]!.inventory;
    expect([b.yes, b.no, b.yesCost, b.noCost, b.state]).toEqual([a.yes, a.no, a.yesCost, a.noCost, a.state]);
    expect(() => parseSavedState('{"version":2}')).toThrow(/state file does not match the expected layout at version/);
  });
});

describe('engine: toxic flow and depth in the loop', () => {
  it('skips an arbitrage offered by a sudden order 50x the average (TOXIC_FLOW), trades it once it has aged', () => {
    const bot = start('paper');
    const w = bot.window;
    // ordinary flow on the Down asks: 20 orders of about 20 shares far from the top
    for (let i = 0; i < 20; i++)
      bot.driver.push({
        type: 'price_change',
        timestampMs: 0,
        changes: [{ tokenId: w.noTokenId, side: 'ask', price: u('0.9'), size: u(String(20 * (i + 1))) }],
      });
    decisions(bot);
    cheapNoAsk(bot, '0.40', '5000'); // 5000 shares at once: 250x the average, at the price we would take
    expect(decisions(bot)).toEqual(['SKIP:TOXIC_FLOW']);
    bot.clock.advanceMs(600);
    bot.driver.push({
      type: 'price_change',
      timestampMs: 0,
      changes: [{ tokenId: w.yesTokenId, side: 'bid', price: u('0.01'), size: u('1') }],
    });
    expect(decisions(bot)).toEqual(['BUY_PAIR:ARB_TAKER']); // still large (MEDIUM) but no longer sudden: allowed below HIGH
  });

  it('skips when the depth that clears the threshold is below the minimum order size (NO_DEPTH)', () => {
    const bot = start('paper');
    cheapNoAsk(bot, '0.40', '4.99');
    expect(decisions(bot)).toEqual(['SKIP:NO_DEPTH']);
  });

  it('walks several levels for the size, never past the price where the marginal pair stops clearing', () => {
    const bot = start('paper', engineConfig({ sizing: { mvp_size: u('40') } }));
    bot.driver.push({
      type: 'price_change',
      timestampMs: 0,
      changes: [
        { tokenId: bot.window.noTokenId, side: 'ask', price: u('0.40'), size: u('15') },
        { tokenId: bot.window.noTokenId, side: 'ask', price: u('0.42'), size: u('10') },
        { tokenId: bot.window.noTokenId, side: 'ask', price: u('0.48'), size: u('100') }, // 0.51 + 0.48 nets < 0.025
      ],
    });
    expect(decisions(bot)).toEqual(['BUY_PAIR:ARB_TAKER']);
    const noOrder = (bot.executor as SimulatedExecutor).openOrders().find((o) => o.request.outcome === 'no');
    expect(noOrder?.request).toMatchObject({ price: u('0.42'), size: u('25') });
  });
});
