/**
 * The book mirror on the real crossing burst (opening `book`, 49 batched `price_change`, closing
 * `book`): the deltas rebuild the closing book exactly, the self-check flags exactly the entries at
 * the crossing, once per episode, and the listener hears every frame after it was applied. Then the
 * rules around it: unsynced books are not checked, a tick-size change is a new epoch, untracked and
 * impossible levels are counted, not applied.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock, parseMicros } from '@polymarket-arb/domain';
import { agreesWithExchange, BookMirror, type BookMirrorListener, type MirroredBook } from '../src/clob/book-mirror.js';
import type { MarketMessage } from '../src/clob/messages.js';
import { fixtureJson } from './helpers.js';

type Level = { price: string; size: string };
type Frame = { event_type: string; asset_id?: string; bids?: Level[]; asks?: Level[]; tick_size?: string };

const YES = '76670567130917723816490572615540605537878462672464291990940067659127658071111';
const NO = '54179564009642723353355316176091991063553046330768303687769988635499280029688';
const frames = fixtureJson<Frame[]>('ws_market_price_change_crossing_burst.json');
const bytes = (frame: unknown) => Buffer.from(typeof frame === 'string' ? frame : JSON.stringify(frame));
const levels = (ls: Level[]) =>
  ls.map((l) => ({ price: parseMicros(l.price), size: parseMicros(l.size) })).sort((a, b) => a.price - b.price);
const ascending = (book: MirroredBook, side: 'bid' | 'ask') => book.book.levels(side).sort((a, b) => a.price - b.price);

function mirrorOfBurst(listener: BookMirrorListener = {}) {
  const clock = new ManualClock(1_790_658_700_000);
  const mirror = new BookMirror({ clock, listener });
  const yes = mirror.follow(YES, 1_000);
  const no = mirror.follow(NO, 1_000);
  return { mirror, yes, no, clock };
}

describe('BookMirror on the real crossing burst', () => {
  it('rebuilds the exchange book exactly: opening book + 49 deltas = closing book', () => {
    const { mirror, yes } = mirrorOfBurst();
    for (const f of frames.slice(0, -1)) mirror.onFrame(bytes(f));
    const closing = frames[frames.length - 1] as Frame;
    expect(ascending(yes, 'bid')).toEqual(levels(closing.bids ?? []));
    expect(ascending(yes, 'ask')).toEqual(levels(closing.asks ?? []));
    expect(mirror.counters).toMatchObject({
      fastFrames: 49,
      genericFrames: 1,
      books: 1,
      deltas: 98,
      untrackedDeltas: 0,
      rejectedLevels: 0,
    });
    expect(yes).toMatchObject({ synced: true, changed: true, tickSize: 1_000 });
  });

  it('flags exactly the entries at the crossing, once per episode, until the book agrees again', () => {
    const heard: string[] = [];
    const { mirror, yes, no } = mirrorOfBurst({
      onMismatch: (book, bid, ask) => void heard.push(`disagrees ${book.tokenId === YES ? 'yes' : 'no'} ${bid} ${ask}`),
      onAgreement: (book) => void heard.push(`agrees ${book.tokenId === YES ? 'yes' : 'no'}`),
    });
    for (const f of frames) mirror.onFrame(bytes(f));
    // Only the token with an opening book is checked: 2 entries disagree (the crossing), in one episode.
    expect(mirror.counters).toMatchObject({ mismatchedEntries: 2, bookMismatches: 1 });
    expect(heard).toHaveLength(2);
    expect(heard[0]).toMatch(/^disagrees yes \d+ \d+$/);
    expect(heard[1]).toBe('agrees yes');
    expect(yes.mismatchSinceMs).toBe(0);
    expect(no.synced).toBe(false);
  });

  it('tells the listener what each frame held, after applying it', () => {
    const heard: string[] = [];
    const { mirror, yes } = mirrorOfBurst({
      onPriceChanges: (batch) => heard.push(`fast ${batch.count} ${batch.hashOf(0)}`),
      onMessage: (m: MarketMessage) => heard.push(`${m.type} ${yes.book.levelCount('bid')}`),
      onMalformed: (error) => heard.push(`malformed ${error.slice(0, 8)}`),
    });
    expect(mirror.onFrame(bytes(frames[0]))).toBe(JSON.stringify(frames[0]));
    expect(mirror.onFrame(bytes(frames[1]))).toBeUndefined();
    mirror.onFrame(bytes('{"event_type":"price_change",'));
    expect(heard).toEqual([
      `book ${(frames[0]?.bids ?? []).length}`,
      'fast 2 b7623b6417b3ae46dbe5d608a65474c9cec84ef9',
      'malformed not JSON',
    ]);
    expect(mirror.counters.malformedFrames).toBe(1);
  });
});

describe('BookMirror rules', () => {
  const book = (asset: string, bids: [string, string][], asks: [string, string][]) =>
    bytes({
      event_type: 'book',
      asset_id: asset,
      market: '0x1',
      timestamp: '1',
      hash: 'h',
      bids: bids.map(([price, size]) => ({ price, size })),
      asks: asks.map(([price, size]) => ({ price, size })),
    });
  const delta = (asset: string, price: string, size: string, side: 'BUY' | 'SELL', bestBid: string, bestAsk: string) =>
    bytes({
      market: '0x1',
      price_changes: [{ asset_id: asset, price, size, side, hash: 'h', best_bid: bestBid, best_ask: bestAsk }],
      timestamp: '2',
      event_type: 'price_change',
    });

  it('checks a book only once it is synced, and stops when it is lost', () => {
    const { mirror, yes } = mirrorOfBurst();
    mirror.onFrame(delta(YES, '0.4', '10', 'BUY', '0.9', '0.95'));
    expect(mirror.counters.mismatchedEntries).toBe(0);
    mirror.onFrame(book(YES, [['0.4', '10']], [['0.6', '10']]));
    mirror.onFrame(delta(YES, '0.45', '10', 'BUY', '0.45', '0.6'));
    expect(mirror.counters.mismatchedEntries).toBe(0);
    yes.lose();
    mirror.onFrame(delta(YES, '0.46', '10', 'BUY', '0.9', '0.95'));
    expect(mirror.counters.mismatchedEntries).toBe(0);
    expect(yes.book.bestBid()).toBe(460_000);
  });

  it('hears the exchange report an empty side as 0 or 1', () => {
    const { mirror, yes } = mirrorOfBurst();
    mirror.onFrame(book(YES, [], []));
    expect(agreesWithExchange(yes.book, 0, 1_000_000)).toBe(true);
    expect(agreesWithExchange(yes.book, 0, 0)).toBe(true);
    expect(agreesWithExchange(yes.book, 10_000, -1)).toBe(false);
  });

  it('starts a new book epoch on a tick-size change', () => {
    const { mirror, yes } = mirrorOfBurst();
    const epoch = yes.book.epoch;
    mirror.onFrame(
      bytes({
        event_type: 'tick_size_change',
        asset_id: YES,
        market: '0x1',
        old_tick_size: '0.001',
        new_tick_size: '0.01',
        timestamp: '3',
      }),
    );
    expect(yes.tickSize).toBe(10_000);
    expect(yes.book.epoch).toBe(epoch + 1);
    expect(mirror.counters.tickSizeChanges).toBe(1);
  });

  it('counts deltas of tokens it does not follow and levels no book can hold, applying neither', () => {
    const { mirror, yes } = mirrorOfBurst();
    mirror.unfollow(NO);
    mirror.onFrame(delta(NO, '0.5', '10', 'SELL', '0.4', '0.5'));
    mirror.onFrame(
      bytes({
        event_type: 'price_change',
        market: '0x1',
        timestamp: '4',
        price_changes: [{ asset_id: YES, price: '0.00005', size: '1', side: 'BUY', hash: 'h' }],
      }),
    );
    expect(mirror.counters).toMatchObject({ deltas: 2, untrackedDeltas: 1, rejectedLevels: 1 });
    expect(yes.changed).toBe(false);
    expect(mirror.followed().map((b) => b.tokenId)).toEqual([YES]);
  });
});
