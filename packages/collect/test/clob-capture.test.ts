import { describe, expect, it } from 'vitest';
import { parseMicros } from '@polymarket-arb/domain';
import { ClobCapture } from '../src/capture/clob-capture.js';
import { arraySink } from '../src/capture/sink.js';
import { clock, fixtureJson, fixtureText, quiet, windowFor } from './helpers.js';

type Level = { price: string; size: string };
type Frame = { event_type: string; asset_id?: string; bids?: Level[]; asks?: Level[]; price_changes?: unknown[] };

const YES = '76670567130917723816490572615540605537878462672464291990940067659127658071111';
const NO = '54179564009642723353355316176091991063553046330768303687769988635499280029688';

function setup() {
  const sink = arraySink();
  const resyncs: string[][] = [];
  const c = clock();
  const capture = new ClobCapture({ sink, clock: c, logger: quiet, requestResync: (ids) => resyncs.push([...ids]) });
  capture.track(windowFor(YES, NO, '0x285746de0e4f751fd4dc8f9dc2cecd0101ba9ad0096a43145ed9643b09514f01'));
  return { sink, resyncs, capture, clock: c };
}

const levels = (ls: Level[]) =>
  ls.map((l) => ({ price: parseMicros(l.price), size: parseMicros(l.size) })).sort((a, b) => a.price - b.price);

describe('ClobCapture on the real crossing burst', () => {
  const frames = fixtureJson<Frame[]>('ws_market_price_change_crossing_burst.json');

  it('rebuilds the exchange book exactly: opening book + 49 deltas = closing book', () => {
    const { capture, sink } = setup();
    const closing = frames[frames.length - 1] as Frame;
    frames.slice(0, -1).forEach((f, i) => capture.onFrame(Buffer.from(JSON.stringify(f)), 1_790_658_700_000_000 + i, 1));
    const book = capture.token(YES)?.mirror.book;
    if (!book) throw new Error('untracked');
    expect(book.levels('bid').sort((a, b) => a.price - b.price)).toEqual(levels(closing.bids ?? []));
    expect(book.levels('ask').sort((a, b) => a.price - b.price)).toEqual(levels(closing.asks ?? []));
    expect(sink.rows.deltas).toHaveLength(98);
    expect(capture.counters).toMatchObject({ frames: 50, fastFrames: 49, books: 1, deltas: 98 });
  });

  it('flags exactly the deltas at the crossing, once per episode, and the closing book clears it without a resync', () => {
    const { capture, sink, resyncs } = setup();
    frames.forEach((f, i) => capture.onFrame(Buffer.from(JSON.stringify(f)), 1_790_658_700_000_000 + i, 1));
    // Only the token with an opening book can be checked: 2 entries disagree (the crossing), in one episode.
    expect(capture.counters.mismatchedEntries).toBe(2);
    expect(capture.counters.bookMismatches).toBe(1);
    expect(capture.token(YES)?.mirror.mismatchSinceMs).toBe(0);
    capture.resyncStaleMismatches();
    expect(resyncs).toEqual([]);
    expect(sink.rows.collectorEvents.filter((e) => (e as { kind: string }).kind === 'book_mismatch')).toHaveLength(1);
  });

  it('stores each delta with its book side, exact decimals, exchange and receive time and wire order', () => {
    const { capture, sink } = setup();
    capture.onFrame(Buffer.from(JSON.stringify(frames[1])), 1_790_658_700_123_456, 7);
    expect(sink.rows.deltas[1]).toEqual({
      timestamp: '2026-09-29 05:11:14.035',
      event_id: '904351',
      asset: 'BTC',
      token_id: NO,
      side: 'no',
      price: '0.699',
      size: '1000',
      book_side: 'ask',
      best_bid: '0.603',
      best_ask: '0.699',
      condition_id: '0x285746de0e4f751fd4dc8f9dc2cecd0101ba9ad0096a43145ed9643b09514f01',
      hash: 'c0978ce48e525b35579b9fb4556a08538ebf265a',
      received_at: '2026-09-29 05:11:40.123456',
      ingest_seq: (sink.rows.deltas[0] as { ingest_seq: number }).ingest_seq,
      entry_index: 1,
    });
    expect(sink.rows.rawFrames[0]).toMatchObject({ source: 'clob', conn_id: 7, parse_status: 'ok', frame: JSON.stringify(frames[1]) });
  });

  it('resyncs a book that stays wrong past the grace period', () => {
    const { capture, resyncs, clock: c } = setup();
    capture.onFrame(Buffer.from(JSON.stringify(frames[0])), 1, 1);
    // A delta whose reported best bid cannot match the local book.
    capture.onFrame(
      Buffer.from(
        JSON.stringify({
          market: '0x2',
          price_changes: [{ asset_id: YES, price: '0.2', size: '1', side: 'BUY', hash: 'h', best_bid: '0.9', best_ask: '0.95' }],
          timestamp: '1790658700000',
          event_type: 'price_change',
        }),
      ),
      2,
      1,
    );
    expect(capture.counters.bookMismatches).toBe(1);
    capture.resyncStaleMismatches();
    expect(resyncs).toEqual([]);
    c.advanceMs(2500);
    capture.resyncStaleMismatches();
    expect(resyncs).toEqual([[YES]]);
  });

  it('keeps malformed and unknown frames raw, counted, without crashing', () => {
    const { capture, sink } = setup();
    capture.onFrame(Buffer.from('{"event_type":"price_change",'), 1, 1);
    capture.onFrame(Buffer.from('{"event_type":"brand_new","x":1}'), 2, 1);
    capture.onFrame(Buffer.from(fixtureText('ws_price_change_legacy.json')), 3, 1);
    expect(capture.counters).toMatchObject({ malformedFrames: 1, unknownEvents: 1, deltas: 1, untrackedDeltas: 1 });
    expect(sink.rows.rawFrames.map((r) => (r as { parse_status: string }).parse_status)).toEqual(['malformed', 'unknown', 'legacy']);
  });

  it('records a gap from a disconnect until the next snapshot of each token', () => {
    const { capture, sink, clock: c } = setup();
    capture.onFrame(Buffer.from(JSON.stringify(frames[0])), 1, 1);
    capture.onDisconnected(1, 'code 1006', [YES, NO]);
    c.advanceMs(1500);
    capture.onFrame(Buffer.from(JSON.stringify(frames[0])), c.nowMicros(), 2);
    expect(sink.rows.gaps).toEqual([
      expect.objectContaining({
        token_id: YES,
        reason: 'code 1006',
        started_at: '2026-09-29 05:11:40.000000',
        ended_at: '2026-09-29 05:11:41.500000',
      }),
    ]);
    capture.closeOpenGaps();
    expect(sink.rows.gaps).toHaveLength(2); // NO never got a snapshot: closed at shutdown
  });

  it('writes periodic snapshots only of books that changed', () => {
    const { capture, sink } = setup();
    capture.onFrame(Buffer.from(JSON.stringify(frames[0])), 1, 1);
    expect(capture.snapshotChangedBooks()).toBe(0);
    capture.onFrame(Buffer.from(JSON.stringify(frames[1])), 2, 1);
    expect(capture.snapshotChangedBooks()).toBe(1);
    expect(capture.snapshotChangedBooks()).toBe(0);
    const periodic = sink.rows.snapshots.filter((s) => (s as { source: string }).source === 'periodic');
    expect(periodic).toHaveLength(1);
    expect(periodic[0]).toMatchObject({ token_id: YES, side: 'yes', tick_size: '0.001' });
  });
});
