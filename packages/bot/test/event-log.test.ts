/**
 * The engine's input is one stream: market events and account events, in order. A paper run's
 * event log (every input with its clock time, every executor answer) replays into a fresh engine
 * with the same decisions, inventory and P&L; a replay asked for something else stops with the
 * place it diverged. And provisional fills: a fill reported MATCHED counts at once, a FAILED trade
 * is reversed, a CONFIRMED one stays; account events arriving between steps (a live executor's
 * socket callback) are fed at once.
 */
import { ManualClock, type MarketWindow } from '@polymarket-arb/domain';
import { describe, expect, it } from 'vitest';
import { EventLogRecorder } from '../src/audit/event-log.js';
import { ReplayDivergence, replayEventLog } from '../src/audit/replay.js';
import { DecisionDrain } from '../src/backtest/analysis/decisions.js';
import { createBot, type Bot } from '../src/bot.js';
import type { BotConfig } from '../src/config.js';
import type { AccountEvent, AccountEventSink } from '../src/core/account-events.js';
import { InventoryState } from '../src/core/codes.js';
import type { Executor, ExecutorContext, OpenOrderView, OrderRequest, PairAck, PairIntent, PlaceAck } from '../src/core/executor.js';
import type { DecisionRow } from '../src/observability/enrich.js';
import { snapshot } from './bot-helpers.js';
import { levels, realBooks, T0, testConfig, testWindow, u } from './helpers.js';

const END = T0 + 900_000;

/** Every decision in the bot's ring, as the rows the writer would store (ids from the run id). */
function decisions(bot: Bot): DecisionRow[] {
  const rows: DecisionRow[] = [];
  new DecisionDrain(bot.ring, bot.markets, 'log', [], { push: (row) => rows.push(row) > 0 }).drain();
  return rows;
}

const tick = (bot: Bot, clock: ManualClock, ms: number) => {
  clock.advanceMs(ms);
  bot.driver.push({ type: 'tick' });
};

/**
 * A paper session over two markets: a taker pair, a maker bid filled by a print through it (its
 * second leg sent on the fill), a pair whose second leg vanished (leg risk closes the excess under
 * time pressure), frames applied through the level path, and resolutions.
 */
function paperSession(config: BotConfig, log: EventLogRecorder): { bot: Bot; clock: ManualClock } {
  const clock = new ManualClock(END - 100_000);
  const bot = createBot({ config, clock, mode: 'paper', eventLog: log });
  const taker = testWindow(END, '1001');
  const maker = testWindow(END, '1002');
  const d = bot.driver;
  d.push({ type: 'market', window: taker });
  d.push({ type: 'market', window: maker });
  const b = realBooks();
  snapshot(d, taker, b.yes, b.no);
  snapshot(
    d,
    maker,
    { bids: levels(['0.52', '100']), asks: levels(['0.53', '100']) },
    { bids: levels(['0.44', '100']), asks: levels(['0.45', '100']) },
  );
  // the taker market: a cheap Down ask, applied as a frame through the level path
  d.level(taker.noTokenId, 'ask', u('0.40'), u('30'));
  d.endLevels();
  for (let i = 0; i < 5; i++) tick(bot, clock, 100);
  // the maker bid rests; a seller goes through it
  d.push({ type: 'trade', tokenId: maker.yesTokenId, price: u('0.51'), size: u('100'), side: 'SELL', timestampMs: 0 });
  for (let i = 0; i < 5; i++) tick(bot, clock, 100);
  // a second taker pair whose Down ask vanishes before the order arrives: leg risk
  clock.advanceMs(2_000);
  cheapDownAsk(bot, taker, '0.40', '40');
  clock.advanceMs(20);
  cheapDownAsk(bot, taker, '0.40', '0');
  for (let i = 0; i < 40; i++) tick(bot, clock, 100);
  cheapDownAsk(bot, taker, '0.46', '50');
  for (let i = 0; i < 5; i++) tick(bot, clock, 100);
  clock.advanceMs(200_000);
  d.push({ type: 'resolved', eventId: maker.eventId, winner: 'yes', timestampMs: clock.nowMs() });
  d.push({ type: 'resolved', eventId: taker.eventId, winner: 'no', timestampMs: clock.nowMs() });
  tick(bot, clock, 100);
  return { bot, clock };
}

function cheapDownAsk(bot: Bot, w: MarketWindow, price: string, size: string): void {
  bot.driver.push({
    type: 'price_change',
    timestampMs: 0,
    changes: [{ tokenId: w.noTokenId, side: 'ask', price: u(price), size: u(size) }],
  });
}

describe('event log: a run replays from its input', () => {
  const config = testConfig({ paper: { fill_probability: 1_000_000 } });

  it('a paper session (taker and maker pairs, leg risk, frames, settlement) replays to the same decisions, inventory and P&L', () => {
    const log = new EventLogRecorder();
    const { bot } = paperSession(config, log);
    const ran = decisions(bot);
    const kinds = ran.map((r) => r.action);
    for (const action of ['BUY_PAIR', 'POST_MAKER', 'ORDER_RESTING', 'TAKE_LEG', 'FILLED', 'ORDER_CANCELLED', 'EMERGENCY_CLOSE', 'SETTLE'])
      expect(kinds, action).toContain(action);
    const inputs = log.entries.filter((e) => e.kind === 'input').map((e) => (e.kind === 'input' ? e.event.type : ''));
    expect(inputs).toContain('order_fill');
    expect(inputs).toContain('order_resting');

    const replayed = replayEventLog(log, config, 'paper');
    expect(decisions(replayed)).toEqual(ran);
    expect(replayed.executor.unused).toBe(0);
    expect(replayed.engine.pnl.realizedTotal).toBe(bot.engine.pnl.realizedTotal);
    expect(replayed.engine.pnl.realizedTotal).not.toBe(0);
    expect(replayed.engine.counters).toEqual(bot.engine.counters);
  });

  it('a replay asked for anything else stops where it diverged', () => {
    const log = new EventLogRecorder();
    paperSession(config, log);
    const other = testConfig({ paper: { fill_probability: 1_000_000 }, sizing: { mvp_size: u('12') } });
    expect(() => replayEventLog(log, other, 'paper')).toThrow(ReplayDivergence);
    expect(() => replayEventLog(log, other, 'paper')).toThrow(/replay diverged at executor call 1: the engine asked (place|pair)/);
  });
});

/** A venue that answers orders and reports only what a test tells it to (a live executor's shape). */
class ScriptedExecutor implements Executor {
  readonly kind = 'live' as const;
  readonly canFill = true;
  readonly requests: OrderRequest[] = [];
  private seq = 0;
  private readonly events: AccountEventSink;

  constructor(ctx: ExecutorContext) {
    this.events = ctx.events;
  }

  placeOrder(request: OrderRequest): PlaceAck {
    this.requests.push(request);
    return { ok: true, orderId: `live-${++this.seq}` };
  }

  submitPair(pair: PairIntent): PairAck {
    const primary = this.placeOrder(pair.primary);
    return { primary, second: pair.secondWhen === 'with_primary' ? this.placeOrder(pair.second) : undefined };
  }

  cancelOrder(): boolean {
    return false;
  }

  openOrders(): OpenOrderView[] {
    return [];
  }

  /** The venue says something (from its socket, between driver steps). */
  report(e: AccountEvent): void {
    this.events.push(e);
  }
}

describe('provisional fills', () => {
  it('MATCHED counts at once; FAILED reverses the fill (a failure for the breaker); CONFIRMED keeps it; all replayable', () => {
    const clock = new ManualClock(T0 + 60_000);
    const log = new EventLogRecorder();
    const config = testConfig();
    const bot = createBot({ config, clock, mode: 'live', executor: (ctx) => new ScriptedExecutor(ctx), eventLog: log });
    const w = testWindow(END);
    bot.driver.push({ type: 'market', window: w });
    const b = realBooks();
    snapshot(bot.driver, w, b.yes, b.no);
    bot.driver.push({
      type: 'price_change',
      timestampMs: 0,
      changes: [{ tokenId: w.noTokenId, side: 'ask', price: u('0.40'), size: u('30') }],
    });
    expect(bot.executor.requests.map((r) => `${r.outcome} ${r.size / 1e6}@${r.price / 1e6}`)).toEqual(['yes 10@0.51', 'no 10@0.4']);
    const m = bot.markets.all[0]!;
    const fill = (price: number) => ({
      size: u('10'),
      notional: 10 * price,
      fee: 0,
      avgPrice: price,
      liquidity: 'taker' as const,
      cumulative: u('10'),
    });
    clock.advanceMs(80);
    bot.executor.report({
      type: 'order_fill',
      orderId: 'live-1',
      atMs: clock.nowMs(),
      fill: fill(u('0.51')),
      done: true,
      tradeId: 't1',
      status: 'matched',
    });
    bot.executor.report({
      type: 'order_fill',
      orderId: 'live-2',
      atMs: clock.nowMs(),
      fill: fill(u('0.40')),
      done: true,
      tradeId: 't2',
      status: 'matched',
    });
    expect([m.inventory.yes, m.inventory.no]).toEqual([u('10'), u('10')]); // fed at once, as they arrived
    clock.advanceMs(5_000);
    bot.executor.report({ type: 'trade_status', orderId: 'live-2', tradeId: 't2', status: 'FAILED', atMs: clock.nowMs() });
    expect([m.inventory.yes, m.inventory.no, m.inventory.noCost, m.inventory.state]).toEqual([u('10'), 0, 0, InventoryState.CRISIS]);
    expect(bot.engine.counters.fillsReversed).toBe(1);
    expect(bot.engine.breaker.failures).toBe(1);
    bot.executor.report({ type: 'trade_status', orderId: 'live-1', tradeId: 't1', status: 'CONFIRMED', atMs: clock.nowMs() });
    bot.executor.report({ type: 'trade_status', orderId: 'live-1', tradeId: 't1', status: 'FAILED', atMs: clock.nowMs() }); // final already: ignored
    expect([m.inventory.yes, m.inventory.yesCost]).toEqual([u('10'), u('5.1')]);
    const rows = decisions(bot).map((r) => `${r.action}:${r.reason_code}`);
    expect(rows).toEqual(['BUY_PAIR:ARB_TAKER', 'FILLED:EXEC_FILLED', 'FILLED:EXEC_FILLED', 'FILL_REVERSED:EXEC_TRADE_FAILED']);

    const replayed = replayEventLog(log, config, 'live');
    expect(replayed.markets.all[0]!.inventory).toEqual(m.inventory);
    expect(replayed.engine.counters).toEqual(bot.engine.counters);
  });
});
