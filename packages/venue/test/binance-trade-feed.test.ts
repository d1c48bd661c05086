/**
 * The Binance trade feed, frame by frame (no socket: frames are handed in as the socket would):
 * trades validated into exact decimals with their ids and times, skipped trade ids reported as
 * missed trades, every frame reported with how it was read, and `serverShutdown` answered with a
 * reconnect. The socket half (renewal, outages) runs against poly-sim in collect's capture test.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '@polymarket-arb/domain';
import { BinanceTradeFeed, type MissedTrades, type SpotTrade, type TradeFrameStatus } from '../src/binance/trade-feed.js';
import { quiet } from './helpers.js';

const trade = (id: number, fields: Record<string, unknown> = {}) =>
  Buffer.from(
    JSON.stringify({
      stream: 'btcusdt@trade',
      data: {
        e: 'trade',
        E: 1_790_658_700_100 + id,
        s: 'BTCUSDT',
        t: id,
        p: '112345.67000000',
        q: '0.00123000',
        T: 1_790_658_700_000 + id,
        m: true,
        M: true,
        ...fields,
      },
    }),
  );

function feed() {
  const trades: SpotTrade[] = [];
  const missed: MissedTrades[] = [];
  const frames: TradeFrameStatus[] = [];
  const f = new BinanceTradeFeed({
    baseUrl: 'ws://127.0.0.1:9',
    assets: ['BTC', 'ETH'],
    clock: new ManualClock(1_790_658_700_000),
    logger: quiet,
    onTrade: (t) => void trades.push(t),
    onMissedTrades: (m) => void missed.push(m),
    onFrame: (_text, status) => void frames.push(status),
  });
  return { f, trades, missed, frames };
}

describe('BinanceTradeFeed', () => {
  it('hands over each trade with exact decimals, its ids and times', () => {
    const { f, trades, frames } = feed();
    f.onFrame(trade(5_000), 1_790_658_700_200_000, 1);
    expect(trades).toEqual([
      {
        asset: 'BTC',
        symbol: 'BTCUSDT',
        price: '112345.67',
        quantity: '0.00123',
        tradeId: 5_000,
        tradeTimeMs: 1_790_658_705_000,
        eventTimeMs: 1_790_658_705_100,
        buyerIsMaker: true,
      },
    ]);
    expect(frames).toEqual(['ok']);
    expect(f.lag.lastExchangeMs).toBe(1_790_658_705_100);
  });

  it('reports skipped trade ids per symbol as missed trades', () => {
    const { f, missed } = feed();
    for (const id of [10, 11, 15, 16]) f.onFrame(trade(id), 1, 1);
    f.onFrame(trade(3, { s: 'ETHUSDT' }), 1, 1);
    expect(missed).toEqual([{ symbol: 'BTCUSDT', firstId: 12, lastId: 14, count: 3 }]);
    expect(f.counters).toMatchObject({ trades: 5, missedTrades: 3 });
  });

  it('says how each frame was read, and never throws', () => {
    const { f, trades, frames } = feed();
    f.onFrame(Buffer.from('{"stream":'), 1, 1);
    f.onFrame(Buffer.from('{"result":null,"id":1}'), 1, 1);
    f.onFrame(trade(1, { p: '1.123456789' }), 1, 1);
    f.onFrame(trade(2, { s: 'DOGEUSDT' }), 1, 1);
    f.onFrame(Buffer.from('"just a string"'), 1, 1);
    expect(frames).toEqual(['malformed', 'unknown', 'invalid', 'invalid', 'unknown']);
    expect(trades).toEqual([]);
    expect(f.counters).toMatchObject({ frames: 5, invalid: 3 });
  });

  it('reconnects at once when Binance announces a server shutdown', () => {
    const { f, frames } = feed();
    f.onFrame(Buffer.from(JSON.stringify({ stream: 'btcusdt@trade', data: { e: 'serverShutdown', E: 1 } })), 1, 1);
    expect(frames).toEqual(['ok']);
    expect(f.counters.serverShutdowns).toBe(1);
  });
});
