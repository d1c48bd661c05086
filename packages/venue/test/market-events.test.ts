/**
 * The one mapping from venue messages to the engine's market events, on real captures: a `book`, a
 * batched `price_change`, a tick-size change and a trade become the events the engine applies, and
 * what the venue could not have sent is refused (the backtest reader maps stored rows through the
 * same functions, so a replay sees what the live run saw).
 */
import { describe, expect, it } from 'vitest';
import { CRYPTO_FEES_2026, type MarketWindow } from '@polymarket-arb/domain';
import { parseMarketFrame } from '../src/clob/parse.js';
import {
  bookSnapshotEvent,
  levelChange,
  marketEventOf,
  resolvedEvent,
  spotEvent,
  tradeEvent,
  validLevels,
  winnerOf,
  type Refusals,
} from '../src/market-events.js';
import { fixtureJson, fixtureText } from './helpers.js';

const messageOf = (text: string) => {
  const m = parseMarketFrame(text).messages[0];
  if (m === undefined) throw new Error('no message');
  return m;
};

const window: MarketWindow = {
  eventId: '904351',
  slug: 'btc-updown-15m-1790658000',
  asset: 'BTC',
  conditionId: '0x1',
  marketId: '1',
  question: '',
  yesTokenId: 'up',
  noTokenId: 'down',
  windowStart: 1_790_658_000_000,
  windowEnd: 1_790_658_900_000,
  tickSize: 10_000,
  minOrderSize: 5_000_000,
  feeSchedule: CRYPTO_FEES_2026,
  negRisk: false,
  resolutionSource: '',
};

describe('venue messages -> market events', () => {
  it('a book replaces the book, with its tick size', () => {
    const event = marketEventOf(messageOf(fixtureText('ws_book_snapshot_captured.json')));
    expect(event).toMatchObject({ type: 'book', timestampMs: 1_786_604_072_222, tickSize: 10_000 });
    if (event?.type !== 'book') throw new Error('not a book');
    expect(event.bids[0]).toEqual({ price: 10_000, size: 3_149_725_720_000 });
    expect([event.bids.length, event.asks.length]).toEqual([7, 57]);
  });

  it('a batched price_change is one event with every level, and a trade is a trade', () => {
    const frames = fixtureJson<unknown[]>('ws_market_price_change_crossing_burst.json');
    expect(marketEventOf(messageOf(JSON.stringify(frames[1])))).toEqual({
      type: 'price_change',
      timestampMs: 1_790_658_674_035,
      changes: [
        {
          tokenId: '76670567130917723816490572615540605537878462672464291990940067659127658071111',
          side: 'bid',
          price: 301_000,
          size: 1_000_000_000,
        },
        {
          tokenId: '54179564009642723353355316176091991063553046330768303687769988635499280029688',
          side: 'ask',
          price: 699_000,
          size: 1_000_000_000,
        },
      ],
    });
    expect(marketEventOf(messageOf(fixtureText('ws_last_trade_price.json')))).toMatchObject({
      type: 'trade',
      price: 491_000,
      size: 85_360_000,
      side: 'SELL',
      timestampMs: 1_724_564_136_087,
    });
    expect(marketEventOf(messageOf(fixtureText('ws_tick_size_change.json')))).toMatchObject({ type: 'tick_size', tickSize: 1_000 });
    expect(marketEventOf(messageOf(fixtureText('ws_market_best_bid_ask_msg.json')))).toBeUndefined();
  });

  it('refuses what the venue could not have sent', () => {
    const refused: Refusals = { count: 0 };
    const good = [{ price: 500_000, size: 1 }];
    expect(validLevels(good, refused)).toBe(good);
    const book = bookSnapshotEvent(
      'up',
      [
        { price: 0, size: 5 },
        { price: 400_000, size: 5 },
      ],
      [
        { price: 600_000, size: 0 },
        { price: 1_000_000, size: 1 },
      ],
      1,
      -1,
      refused,
    );
    expect(book).toEqual({ type: 'book', tokenId: 'up', bids: [{ price: 400_000, size: 5 }], asks: [], timestampMs: 1 });
    expect(refused.count).toBe(3);
    expect(levelChange('up', 'bid', 1_000_000, 1)).toBeUndefined();
    expect(levelChange('up', 'both', 500_000, 1)).toBeUndefined();
    expect(levelChange('up', 'ask', 500_000, 0)).toEqual({ tokenId: 'up', side: 'ask', price: 500_000, size: 0 });
    expect(tradeEvent('up', 500_000, 0, 'BUY', 1)).toBeUndefined();
    expect(tradeEvent('up', 500_000, 1, 'HOLD', 1)).toBeUndefined();
  });

  it('tells the winner by token, else by outcome name', () => {
    expect(winnerOf(window, 'down', '')).toBe('no');
    expect(winnerOf(window, 'other', 'Up')).toBe('yes');
    expect(winnerOf(window, 'other', 'maybe')).toBeUndefined();
    expect(resolvedEvent(window, 'up', 'Up', 7)).toEqual({ type: 'resolved', eventId: '904351', winner: 'yes', timestampMs: 7 });
  });

  it('rounds a Binance price half-up from 8 decimals to micros', () => {
    expect(spotEvent('BTC', '112345.67000050', 1)).toEqual({ type: 'spot', asset: 'BTC', price: 112_345_670_001, timestampMs: 1 });
    expect(spotEvent('BTC', '112345.67000049', 1)?.price).toBe(112_345_670_000);
    expect(spotEvent('BTC', 'n/a', 1)).toBeUndefined();
    expect(spotEvent('BTC', '0', 1)).toBeUndefined();
  });
});
