/** Test helpers that build a whole bot (engine + executor + ring + driver) on a ManualClock; events go in through the driver. */
import { ManualClock, type MarketWindow, type OrderBookLevel } from '@polymarket-arb/domain';
import { createBot, type Bot, type BotMode } from '../src/bot.js';
import type { BotConfig } from '../src/config.js';
import type { EventSink } from '../src/core/index.js';
import { T0, testConfig, testWindow } from './helpers.js';

export interface TestBot extends Bot {
  clock: ManualClock;
  window: MarketWindow;
}

/** A bot in `mode` on a ManualClock at `startMs`, with one market (ending 15 minutes after T0) added. */
export function testBot(mode: BotMode, config: BotConfig = testConfig(), startMs = T0 + 60_000): TestBot {
  const clock = new ManualClock(startMs);
  const bot = createBot({ config, clock, mode });
  const window = testWindow(T0 + 900_000);
  bot.driver.push({ type: 'market', window });
  return { ...bot, clock, window };
}

/** Send full snapshots of both books. */
export function snapshot(
  sink: EventSink,
  w: MarketWindow,
  yes: { bids: OrderBookLevel[]; asks: OrderBookLevel[] },
  no: { bids: OrderBookLevel[]; asks: OrderBookLevel[] },
): void {
  sink.push({ type: 'book', tokenId: w.yesTokenId, bids: yes.bids, asks: yes.asks, timestampMs: 0 });
  sink.push({ type: 'book', tokenId: w.noTokenId, bids: no.bids, asks: no.asks, timestampMs: 0 });
}
