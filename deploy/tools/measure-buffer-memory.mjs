#!/usr/bin/env node
/**
 * How much memory a buffered row costs, per table: the figures behind max_buffered_rows and the
 * memory limit in deploy/ (deploy/README.md, "Memory"). Rows are made by the collector's real
 * capture code from the real captures in packages/collect/test/fixtures and held in arrays, as the
 * batching writer holds them while ClickHouse is down; the heap is measured after full GCs.
 *
 *   npm run build && node --expose-gc deploy/tools/measure-buffer-memory.mjs [max_buffered_rows]
 */
import { readFileSync } from 'node:fs';
import { arraySink, BinanceCapture, ClobCapture } from '@polymarket-arb/collect';
import { CRYPTO_FEES_2026, ManualClock } from '@polymarket-arb/domain';
import { silentLogger } from '@polymarket-arb/common';

if (typeof global.gc !== 'function') {
  console.error('Run with node --expose-gc.');
  process.exit(2);
}
const maxRows = Number(process.argv[2] ?? 60_000);
const fixture = (name) => JSON.parse(readFileSync(new URL(`../../packages/collect/test/fixtures/${name}`, import.meta.url), 'utf8'));
const burst = fixture('ws_market_price_change_crossing_burst.json');
const capturedBook = fixture('ws_book_snapshot_captured.json');
const N = 4000;

function window(yes, no, conditionId) {
  return {
    eventId: '904351',
    slug: 'btc-updown-15m-1790658000',
    asset: 'BTC',
    conditionId,
    marketId: '1',
    question: '',
    yesTokenId: yes,
    noTokenId: no,
    windowStart: 1_790_658_000_000,
    windowEnd: 1_790_658_900_000,
    tickSize: 1000,
    minOrderSize: 5_000_000,
    feeSchedule: CRYPTO_FEES_2026,
    negRisk: false,
    resolutionSource: '',
  };
}

/** Heap bytes per row of `table` after `produce` filled a sink (other tables' rows released). */
function measure(table, produce) {
  const sink = arraySink();
  const clock = new ManualClock(1_790_658_700_000);
  global.gc();
  const before = process.memoryUsage().heapUsed;
  produce(sink, clock);
  for (const key of Object.keys(sink.rows)) if (key !== table) sink.rows[key].length = 0;
  global.gc();
  const rows = sink.rows[table];
  const bytes = (process.memoryUsage().heapUsed - before) / rows.length;
  return { bytes: Math.round(bytes), json: Math.round(rows.reduce((n, r) => n + JSON.stringify(r).length + 1, 0) / rows.length) };
}

const clob = (sink, clock, w) => {
  const capture = new ClobCapture({ sink, clock, logger: silentLogger(), requestResync: () => {} });
  capture.track(w);
  return capture;
};
// The burst's market, both tokens followed (as the collector follows a window's Up and Down).
const otherToken = burst
  .flatMap((f) => f.price_changes ?? [])
  .map((p) => p.asset_id)
  .find((id) => id !== burst[0].asset_id);
const burstWindow = window(burst[0].asset_id, otherToken, burst[0].market);
const replayBurst = (sink, clock) => {
  const c = clob(sink, clock, burstWindow);
  for (let r = 0; r < N / 50; r++)
    burst.forEach((f, i) => c.onFrame(Buffer.from(JSON.stringify(f)), 1_790_658_700_000_000 + r * 100 + i, 1));
};
// A deep book (49 levels a side, as a busy 15-minute market shows at tick 0.01).
const deepBook = {
  ...capturedBook,
  bids: Array.from({ length: 49 }, (_, i) => ({ price: (0.01 * (i + 1)).toFixed(2), size: (1000 + i * 7.5).toFixed(2) })),
  asks: Array.from({ length: 49 }, (_, i) => ({ price: (0.51 + 0.01 * i).toFixed(2), size: (800 + i * 3.25).toFixed(2) })),
};
const replayDeepBooks = (sink, clock) => {
  const c = clob(sink, clock, window(capturedBook.asset_id, '2', capturedBook.market));
  for (let r = 0; r < N; r++) c.onFrame(Buffer.from(JSON.stringify(deepBook)), r, 1);
};
const trade = (i) =>
  JSON.stringify({
    stream: 'btcusdt@trade',
    data: {
      e: 'trade',
      E: 1_790_658_700_000 + i,
      s: 'BTCUSDT',
      t: 5_000_000_000 + i,
      p: '112345.67000000',
      q: '0.00123000',
      T: 1_790_658_700_000 + i,
      m: i % 2 === 0,
      M: true,
    },
  });
const replayTrades = (sink, clock) => {
  const b = new BinanceCapture({ baseUrl: 'ws://127.0.0.1:9', assets: ['BTC'], sink, clock, logger: silentLogger() });
  for (let i = 0; i < N * 5; i++) b.onFrame(Buffer.from(trade(i)), 1_790_658_700_000_000 + i, 1);
};

const results = {
  'orderbook_snapshots (98 levels)': measure('snapshots', replayDeepBooks),
  'orderbook_deltas (real burst)': measure('deltas', replayBurst),
  'raw_frames (98-level books)': measure('rawFrames', replayDeepBooks),
  'raw_frames (real burst)': measure('rawFrames', replayBurst),
  spot_prices: measure('spot', replayTrades),
  'raw_frames (Binance trades)': measure('rawFrames', replayTrades),
};
console.log('table                              heap B/row   spill JSON B/row');
for (const [name, r] of Object.entries(results))
  console.log(`${name.padEnd(34)} ${String(r.bytes).padStart(10)} ${String(r.json).padStart(18)}`);
const worst =
  results['orderbook_snapshots (98 levels)'].bytes +
  results['orderbook_deltas (real burst)'].bytes +
  results['raw_frames (98-level books)'].bytes +
  results['spot_prices'].bytes;
const spill = 3 * results['raw_frames (98-level books)'].json;
const mib = (b) => (b / 2 ** 20).toFixed(0);
console.log(
  `\nmax_buffered_rows = ${maxRows}: the four busy tables full = ${mib(maxRows * worst)} MiB; spilling the largest at shutdown holds ~${mib(maxRows * spill)} MiB more (its JSON about three times).`,
);
