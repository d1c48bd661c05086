/** Builds a bot on the real book (Up book + its mirror as Down) for the benches. */
import { ManualClock, parseFeeSchedule, parseMicros } from '@polymarket-arb/domain';
import { createBot } from '../dist/bot.js';
import { loadBotConfig } from '../dist/config.js';
import { realBook } from './lib.mjs';

export const T0 = 1_787_414_400_000;

export function window() {
  return {
    eventId: '3763487',
    slug: 'btc-updown-15m-1787414400',
    asset: 'BTC',
    conditionId: '0x2eea',
    marketId: '3763487',
    question: 'bench',
    yesTokenId: '113013382422133157315656090194075928009220145127085300671933810669470922115281',
    noTokenId: '38034349155375505476764349018583065542443879908961992019053731521216367745079',
    windowStart: T0,
    windowEnd: T0 + 900_000,
    tickSize: 10_000,
    minOrderSize: 5_000_000,
    feeSchedule: parseFeeSchedule({ exponent: 1, rate: 0.07, takerOnly: true, rebateRate: 0.2 }),
    negRisk: false,
    resolutionSource: '',
  };
}

/** A shadow/paper bot with the real book loaded; `ringSize` for the capture bench. */
export function benchBot(mode = 'shadow', overrides = {}) {
  const base = loadBotConfig({ env: {} });
  const config = { ...base, ...overrides };
  const clock = new ManualClock(T0 + 60_000);
  const bot = createBot({ config, clock, mode });
  const w = window();
  bot.engine.process({ type: 'market', window: w });
  const book = realBook();
  const lv = (l) => ({ price: parseMicros(l.price), size: parseMicros(l.size) });
  const mirror = (l) => ({ price: 1_000_000 - l.price, size: l.size });
  const yes = { bids: book.bids.map(lv), asks: book.asks.map(lv) };
  bot.engine.process({ type: 'book', tokenId: w.yesTokenId, bids: yes.bids, asks: yes.asks, timestampMs: 0 });
  bot.engine.process({ type: 'book', tokenId: w.noTokenId, bids: yes.asks.map(mirror), asks: yes.bids.map(mirror), timestampMs: 0 });
  return { ...bot, clock, window: w, config };
}
