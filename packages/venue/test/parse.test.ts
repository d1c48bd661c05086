import { describe, expect, it } from 'vitest';
import { parseMarketFrame } from '../src/clob/parse.js';
import { fixtureText } from './helpers.js';

const one = (name: string) => {
  const parsed = parseMarketFrame(fixtureText(name));
  expect(parsed.error).toBeUndefined();
  expect(parsed.messages).toHaveLength(1);
  return parsed.messages[0];
};

describe('generic market-channel parser on real captures', () => {
  it('reads a live book with exact sizes, tick size and last trade price', () => {
    const book = one('ws_book_snapshot_captured.json');
    expect(book).toMatchObject({
      type: 'book',
      timestampMs: 1_786_604_072_222,
      hash: 'ed47eb91f3c7985fac1cb18cb7c19535eddd3c0a',
      tickSize: 10_000,
      lastTradePrice: 920_000,
    });
    if (book?.type !== 'book') throw new Error('not a book');
    expect(book.bids[0]).toEqual({ price: 10_000, size: 3_149_725_720_000 });
    expect(book.bids).toHaveLength(7);
    expect(book.asks).toHaveLength(57);
  });

  it('reads the current batched price_change with per-entry best bid/ask', () => {
    const frames = JSON.parse(fixtureText('ws_market_price_change_crossing_burst.json')) as unknown[];
    const parsed = parseMarketFrame(JSON.stringify(frames[1]));
    const msg = parsed.messages[0];
    if (msg?.type !== 'price_change') throw new Error('not a price_change');
    expect(msg.legacy).toBe(false);
    expect(msg.timestampMs).toBe(1_790_658_674_035);
    expect(msg.changes).toEqual([
      {
        assetId: '76670567130917723816490572615540605537878462672464291990940067659127658071111',
        price: 301_000,
        size: 1_000_000_000,
        bookSide: 'bid',
        hash: 'b7623b6417b3ae46dbe5d608a65474c9cec84ef9',
        bestBid: 301_000,
        bestAsk: 397_000,
      },
      {
        assetId: '54179564009642723353355316176091991063553046330768303687769988635499280029688',
        price: 699_000,
        size: 1_000_000_000,
        bookSide: 'ask',
        hash: 'c0978ce48e525b35579b9fb4556a08538ebf265a',
        bestBid: 603_000,
        bestAsk: 699_000,
      },
    ]);
  });

  it('accepts the legacy single-level price_change', () => {
    expect(one('ws_price_change_legacy.json')).toEqual({
      type: 'price_change',
      market: '0xdd22472e552920b8438158ea7238bfadfa4f736aa4cee91a6b86c39ead110917',
      timestampMs: 1_723_967_931_411,
      legacy: true,
      changes: [
        {
          assetId: '48331043336612883890938759509493159234755048973500640148014422747788308965732',
          price: 514_000,
          size: 21_574_080_000,
          bookSide: 'ask',
          hash: 'bf32b3746fff40c76c98021b7f3f07261169dd26',
          bestBid: null,
          bestAsk: null,
        },
      ],
    });
    const changes = parseMarketFrame(
      '{"event_type":"price_change","asset_id":"1","market":"0x1","changes":[{"price":"0.5","side":"BUY","size":"10"}],"hash":"h","timestamp":"1"}',
    );
    expect(changes.messages[0]).toMatchObject({ legacy: true, changes: [{ assetId: '1', price: 500_000, bookSide: 'bid', hash: 'h' }] });
  });

  it('reads trades, tick size changes, best bid/ask and resolutions', () => {
    expect(one('ws_last_trade_price.json')).toMatchObject({
      type: 'last_trade_price',
      price: 491_000,
      size: 85_360_000,
      side: 'SELL',
      feeRateBps: '0',
      timestampMs: 1_724_564_136_087,
    });
    expect(one('ws_tick_size_change.json')).toMatchObject({ type: 'tick_size_change', oldTickSize: 10_000, newTickSize: 1_000 });
    expect(one('ws_market_best_bid_ask_msg.json')).toMatchObject({ type: 'best_bid_ask', bestBid: 730_000, bestAsk: 770_000 });
    expect(one('ws_market_resolved_msg.json')).toMatchObject({
      type: 'market_resolved',
      winningOutcome: 'Yes',
      winningAssetId: '76043073756653678226373981964075571318267289248134717369284518995922789326425',
    });
    expect(one('ws_market_new_market_msg.json')).toMatchObject({ type: 'new_market', slug: 'nvda-above-240-on-january-30-2026' });
  });

  it('reads a frame that is an array of events (the initial dump)', () => {
    const frames = JSON.parse(fixtureText('ws_market_price_change_crossing_burst.json')) as unknown[];
    const parsed = parseMarketFrame(JSON.stringify(frames.slice(0, 3)));
    expect(parsed.messages.map((m) => m.type)).toEqual(['book', 'price_change', 'price_change']);
  });

  it('never throws: malformed JSON, unknown events, empty numbers, bad sides', () => {
    expect(parseMarketFrame('{"event_type":"price_change",').error).toMatch(/not JSON/);
    expect(parseMarketFrame('{"event_type":"shiny_new_thing","x":1}').messages).toEqual([
      { type: 'unknown', eventType: 'shiny_new_thing' },
    ]);
    const empty = parseMarketFrame(
      '{"event_type":"price_change","market":"0x1","timestamp":"1","price_changes":[{"asset_id":"1","price":"","size":"1","side":"BUY","hash":"h"}]}',
    );
    expect(empty.messages[0]).toMatchObject({ type: 'invalid', eventType: 'price_change', reason: 'price is missing or empty' });
    const side = parseMarketFrame(
      '{"event_type":"price_change","market":"0x1","timestamp":"1","price_changes":[{"asset_id":"1","price":"0.5","size":"1","side":"HOLD","hash":"h"}]}',
    );
    expect(side.messages[0]).toMatchObject({ type: 'invalid' });
    expect(parseMarketFrame('42').messages[0]).toMatchObject({ type: 'invalid' });
    // empty last_trade_price in a book is "absent", not an error
    const book = parseMarketFrame(
      '{"event_type":"book","asset_id":"1","market":"0x1","timestamp":"1","hash":"h","bids":[],"asks":[],"last_trade_price":""}',
    );
    expect(book.messages[0]).toMatchObject({ type: 'book', lastTradePrice: null });
  });
});
