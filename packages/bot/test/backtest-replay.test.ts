/**
 * The replay reader and ReplaySource from a real embedded store: rows written exactly as the
 * collector writes them come back as the event sequence the live source produced, in receive-time
 * order, identical whatever the slice size; books at the range start are rebuilt from snapshots + deltas; gaps and
 * collector stops surface as feed events; windows without a wire resolution settle from the stored
 * outcome or the Binance estimate; impossible rows are refused; an empty range is a clear error.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '@polymarket-arb/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventBatch } from '../src/backtest/replay/batch.js';
import { ReplayClock } from '../src/backtest/replay/clock.js';
import { requireData } from '../src/backtest/reader/coverage.js';
import { ReplayReader } from '../src/backtest/reader/reader.js';
import { ReplaySource } from '../src/backtest/replay/source.js';
import type { EventSink, MarketEvent } from '../src/core/events.js';
import { Recording, window } from './backtest-rows.js';
import { lv } from './backtest-helpers.js';

const B = Date.UTC(2026, 0, 1, 10, 0, 0);
const us = (ms: number) => ms * 1000;
const W1 = window('BTC', B + 600_000, 1);
const W2 = window('BTC', B + 1_500_000, 2);
const W3 = window('ETH', B + 300_000, 3); // no wire resolution, stored outcome
const W4 = window('ETH', B + 1_200_000, 4); // no wire resolution, no stored outcome: estimated
const END = B + 1_400_000;

function record(): Recording {
  const r = new Recording([W1, W2, W3, W4]);
  r.window(W1, B - 400_000)
    .window(W2, B + 10_000)
    .window(W3, B + 5_000, 'Down')
    .window(W4, B + 6_000);
  // before the range: initial books, a delta the periodic snapshot already holds, the periodic snapshot, later deltas
  r.book(
    W1.yesTokenId,
    us(B - 300_000),
    B - 300_010,
    [['0.40', '100']],
    [
      ['0.55', '20'],
      ['0.60', '50'],
    ],
  );
  r.book(
    W1.noTokenId,
    us(B - 299_999),
    B - 300_010,
    [
      ['0.45', '20'],
      ['0.40', '50'],
    ],
    [['0.60', '100']],
  );
  r.frame(us(B - 6_000), B - 6_010, [[W1.yesTokenId, 'bid', '0.41', '30']]);
  r.book(
    W1.yesTokenId,
    us(B - 5_000),
    B - 6_010,
    [
      ['0.41', '30'],
      ['0.40', '100'],
    ],
    [
      ['0.55', '20'],
      ['0.60', '50'],
    ],
    'periodic',
  );
  r.frame(us(B - 2_000), B - 2_010, [
    [W1.yesTokenId, 'ask', '0.55', '0'],
    [W1.yesTokenId, 'ask', '0.56', '40'],
  ]);
  r.frame(us(B - 1_000), B - 1_010, [[W1.noTokenId, 'ask', '0.58', '15']]);
  // in the range
  r.frame(us(B + 1_000), B + 990, [
    [W1.yesTokenId, 'bid', '0.44', '10'],
    [W1.noTokenId, 'ask', '0.56', '10'],
  ]);
  r.spot('BTC', us(B + 1_500), B + 1_499, '95000.12345650');
  r.lastTrade(W1.yesTokenId, us(B + 2_000), B + 1_995, '0.44', '5', 'SELL');
  r.spot('BTC', us(B + 2_500), B + 2_499, '95000.12345640');
  r.book(
    W1.yesTokenId,
    us(B + 3_000),
    B + 2_995,
    [
      ['0.44', '5'],
      ['0.41', '30'],
    ],
    [['0.56', '40']],
  );
  r.tickSize(W1.yesTokenId, us(B + 4_000), B + 3_990, '0.01', '0.001');
  r.book(W2.yesTokenId, us(B + 10_200), B + 10_190, [['0.50', '10']], [['0.52', '10']]);
  r.book(W2.noTokenId, us(B + 10_201), B + 10_190, [['0.48', '10']], [['0.50', '10']]);
  r.gap('clob', W1.yesTokenId, 'BTC', W1.eventId, us(B + 20_000), us(B + 25_000));
  r.gap('clob', W1.noTokenId, 'BTC', W1.eventId, us(B + 20_000), us(B + 25_500));
  r.collectorEvent('book_mismatch', us(B + 30_000), W1.yesTokenId, '{"local":{"bid":1},"exchange":{"bid":2}}');
  r.collectorEvent('stop', us(B + 40_000), '', 'graceful shutdown');
  r.collectorEvent('start', us(B + 45_000), '', 'assets BTC');
  r.frame(us(B + 50_000), B + 49_990, [
    [W1.yesTokenId, 'ask', '1.5', '3'],
    [W1.noTokenId, 'bid', '0.30', '-2'],
    [W1.yesTokenId, 'bid', '0.45', '7'],
  ]);
  r.resolved(W1, us(B + 620_000), B + 619_990, 'yes');
  // spot around W4's boundaries for the estimate: start 3000.5, end 3000.25 -> Down
  r.spot('ETH', us(W4.windowStart - 1_000), W4.windowStart - 1_000, '3000.50000000');
  r.spot('ETH', us(W4.windowStart + 2_000), W4.windowStart + 2_000, '3001.00000000');
  r.spot('ETH', us(W4.windowEnd - 500), W4.windowEnd - 500, '3000.25000000');
  r.spot('ETH', us(W4.windowEnd + 5_000), W4.windowEnd + 5_000, '3002.00000000');
  return r;
}

const at = (ms: number) => us(ms);
const book = (
  tokenId: string,
  bids: [string, string][],
  asks: [string, string][],
  timestampMs: number,
  tickSize?: number,
): MarketEvent => ({
  type: 'book',
  tokenId,
  bids: bids.map(([p, s]) => lv(p, s)),
  asks: asks.map(([p, s]) => lv(p, s)),
  timestampMs,
  ...(tickSize === undefined ? {} : { tickSize }),
});

/** The sequence the live source would have produced for the recording above. */
function expected(): [number, MarketEvent][] {
  return [
    [at(B), { type: 'market', window: W1 }],
    [
      at(B),
      book(
        W1.yesTokenId,
        [
          ['0.40', '100'],
          ['0.41', '30'],
        ],
        [
          ['0.56', '40'],
          ['0.60', '50'],
        ],
        B - 2_010,
        10_000,
      ),
    ],
    [
      at(B),
      book(
        W1.noTokenId,
        [
          ['0.40', '50'],
          ['0.45', '20'],
        ],
        [
          ['0.58', '15'],
          ['0.60', '100'],
        ],
        B - 1_010,
        10_000,
      ),
    ],
    [
      at(B + 1_000),
      {
        type: 'price_change',
        timestampMs: B + 990,
        changes: [
          { tokenId: W1.yesTokenId, side: 'bid', price: 440_000, size: 10_000_000 },
          { tokenId: W1.noTokenId, side: 'ask', price: 560_000, size: 10_000_000 },
        ],
      },
    ],
    [at(B + 1_500), { type: 'spot', asset: 'BTC', price: 95_000_123_457, timestampMs: B + 1_499 }],
    [at(B + 2_000), { type: 'trade', tokenId: W1.yesTokenId, price: 440_000, size: 5_000_000, side: 'SELL', timestampMs: B + 1_995 }],
    [at(B + 2_500), { type: 'spot', asset: 'BTC', price: 95_000_123_456, timestampMs: B + 2_499 }],
    [
      at(B + 3_000),
      book(
        W1.yesTokenId,
        [
          ['0.44', '5'],
          ['0.41', '30'],
        ],
        [['0.56', '40']],
        B + 2_995,
        10_000,
      ),
    ],
    [at(B + 4_000), { type: 'tick_size', tokenId: W1.yesTokenId, tickSize: 1_000, timestampMs: B + 3_990 }],
    [at(B + 5_000), { type: 'market', window: W3 }],
    [at(B + 6_000), { type: 'market', window: W4 }],
    [at(B + 10_000), { type: 'market', window: W2 }],
    [at(B + 10_200), book(W2.yesTokenId, [['0.50', '10']], [['0.52', '10']], B + 10_190, 10_000)],
    [at(B + 10_201), book(W2.noTokenId, [['0.48', '10']], [['0.50', '10']], B + 10_190, 10_000)],
    [at(B + 20_000), { type: 'feed', feed: 'clob', connected: false, timestampMs: B + 20_000 }],
    [at(B + 25_000), { type: 'feed', feed: 'clob', connected: true, timestampMs: B + 25_000 }],
    [at(B + 25_500), { type: 'feed', feed: 'clob', connected: true, timestampMs: B + 25_500 }],
    [at(B + 40_000), { type: 'feed', feed: 'clob', connected: false, timestampMs: B + 40_000 }],
    [at(B + 40_000), { type: 'feed', feed: 'binance', connected: false, timestampMs: B + 40_000 }],
    [at(B + 45_000), { type: 'feed', feed: 'clob', connected: true, timestampMs: B + 45_000 }],
    [at(B + 45_000), { type: 'feed', feed: 'binance', connected: true, timestampMs: B + 45_000 }],
    [
      at(B + 50_000),
      {
        type: 'price_change',
        timestampMs: B + 49_990,
        changes: [{ tokenId: W1.yesTokenId, side: 'bid', price: 450_000, size: 7_000_000 }],
      },
    ],
    [
      at(W3.windowEnd + 60_000),
      { type: 'resolved', eventId: W3.eventId, winner: 'no', timestampMs: W3.windowEnd + 60_000, source: 'stored' } as MarketEvent,
    ],
    [at(B + 620_000), { type: 'resolved', eventId: W1.eventId, winner: 'yes', timestampMs: B + 619_990, source: 'wire' } as MarketEvent],
    [
      at(W4.windowEnd + 60_000),
      { type: 'resolved', eventId: W4.eventId, winner: 'no', timestampMs: W4.windowEnd + 60_000, source: 'estimated' } as MarketEvent,
    ],
  ];
}

/** Everything the reader yields, without the spot rows used only for the W4 estimate. */
async function readAll(
  store: Store,
  chunkSeconds: number,
  startMs = B,
): Promise<{ batches: EventBatch[]; seq: [number, MarketEvent][]; reader: ReplayReader }> {
  const reader = new ReplayReader({ store, startMs, endMs: END, assets: ['BTC', 'ETH'], chunkSeconds, settleGraceMs: 60_000 });
  await reader.open();
  const batches: EventBatch[] = [];
  for await (const b of reader.batches()) batches.push(b);
  const seq = batches
    .flatMap((b) => b.events.map((e, i) => [b.atMicros[i] as number, e] as [number, MarketEvent]))
    .filter(([, e]) => !(e.type === 'spot' && e.asset === 'ETH'));
  return { batches, seq, reader };
}

describe('replay from the embedded store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'poly-replay-'));
  let store: Store;

  beforeAll(async () => {
    store = await openStore({ dataDir: join(dir, 'data') });
    await record().insert(store);
  });

  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reproduces the live event sequence, in receive-time order', async () => {
    const { seq, reader } = await readAll(store, 300);
    expect(seq).toEqual(expected());
    expect(reader.stats.invalidRows).toBe(2);
  });

  it('gives the same sequence whatever the slice size, each slice holding only its own time', async () => {
    const small = await readAll(store, 7);
    expect(small.seq).toEqual(expected());
    expect(small.batches.length).toBe(200);
    for (const b of small.batches) for (const t of b.atMicros) expect(t).toBeLessThan(b.endMicros);
  });

  it('surfaces recorded gaps, stops, mismatches and refused rows as notes for the anomaly log', async () => {
    const { batches } = await readAll(store, 300);
    const notes = batches.flatMap((b) => b.notes).map((n) => [n.kind, n.atMicros, n.eventId]);
    expect(notes).toEqual([
      ['feed_gap', at(B + 20_000), W1.eventId],
      ['book_mismatch', at(B + 30_000), W1.eventId],
      ['collector_stopped', at(B + 40_000), null],
      ['invalid_row', at(B), null],
    ]);
  });

  it('as a DataSource: sets the replay clock to each receive time and ticks every 100 ms of replay time', async () => {
    const reader = new ReplayReader({ store, startMs: B, endMs: B + 3_000, assets: ['BTC'], chunkSeconds: 1, settleGraceMs: 60_000 });
    await reader.open();
    const clock = new ReplayClock(us(B));
    const source = new ReplaySource({ clock, startMs: B, tickMs: 100, speed: 'max', batches: (signal) => reader.batches(signal) });
    const seen: [string, number][] = [];
    const sink: EventSink = { push: (e) => seen.push([e.type, clock.nowMs()]), level: () => {}, endLevels: () => {} };
    await source.run(sink, new AbortController().signal);
    expect(seen.filter(([t]) => t === 'tick').map(([, ms]) => ms - B)).toEqual(Array.from({ length: 29 }, (_, i) => (i + 1) * 100));
    expect(seen.filter(([t]) => t !== 'tick')).toEqual([
      ['market', B],
      ['book', B],
      ['book', B],
      ['price_change', B + 1_000],
      ['spot', B + 1_500],
      ['trade', B + 2_000],
      ['spot', B + 2_500],
    ]);
  });

  it('books at a later start are rebuilt from the last snapshot and the deltas since', async () => {
    const { seq } = await readAll(store, 300, B + 3_500);
    expect(seq.slice(0, 3)).toEqual([
      [at(B + 3_500), { type: 'market', window: W1 }],
      [
        at(B + 3_500),
        book(
          W1.yesTokenId,
          [
            ['0.41', '30'],
            ['0.44', '5'],
          ],
          [['0.56', '40']],
          B + 2_995,
          10_000,
        ),
      ],
      [
        at(B + 3_500),
        book(
          W1.noTokenId,
          [
            ['0.40', '50'],
            ['0.45', '20'],
          ],
          [
            ['0.56', '10'],
            ['0.58', '15'],
            ['0.60', '100'],
          ],
          B + 990,
          10_000,
        ),
      ],
    ]);
  });

  it('a range without recorded books is a clear error naming the empty tables and the recorded range', async () => {
    await expect(requireData(store, B + 86_400_000, B + 2 * 86_400_000, ['BTC'])).rejects.toThrow(
      /Nothing to replay for BTC from 2026-01-02T10:00:00Z to 2026-01-03T10:00:00Z: market_windows, orderbook_snapshots, orderbook_deltas, spot_prices have no rows in that range\. The store \(embedded chDB at .*\) holds order books from 2026-01-01 09:5\d:\d\d\.\d+ to 2026-01-01 10:00:50\.000000 UTC\. Record data first with poly-collect/,
    );
    await expect(requireData(store, B, END, ['SOL'])).rejects.toThrow(/Nothing to replay for SOL/);
    await expect(requireData(store, B, END, ['BTC'])).resolves.toMatchObject({ market_windows: 2, orderbook_deltas: 5 });
  });
});
