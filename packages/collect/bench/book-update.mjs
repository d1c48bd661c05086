// Benchmark: WebSocket message -> local book state (spec target < 10 µs; issue target p50 <= 0.8 µs
// for a real two-entry price_change), on the path the collector runs: the venue's BookMirror
// (allocation-free byte scanner into the dense OrderBook and the self-check, generic parser as
// fallback), then the same frames through the collector's whole ClobCapture (the mirror plus every
// row it stores, raw frames included; the rows go to a sink that drops them). Compared with a naive
// baseline measured in the same run: Buffer -> string -> JSON.parse -> Map of float prices.
//
// Run after `npm run build`:  node packages/collect/bench/book-update.mjs
import { readFileSync } from 'node:fs';
import { CRYPTO_FEES_2026, systemClock } from '@polymarket-arb/domain';
import { silentLogger } from '@polymarket-arb/common';
import { BookMirror } from '@polymarket-arb/venue';
import { ClobCapture } from '../dist/index.js';

const frames = JSON.parse(readFileSync(new URL('../test/fixtures/ws_market_price_change_crossing_burst.json', import.meta.url), 'utf8'));
const snapshotFixture = readFileSync(new URL('../test/fixtures/ws_book_snapshot_captured.json', import.meta.url), 'utf8');
const tradeFixture = readFileSync(new URL('../test/fixtures/ws_last_trade_price.json', import.meta.url), 'utf8');

const priceChanges = frames.filter((f) => f.event_type === 'price_change').map((f) => Buffer.from(JSON.stringify(f)));
const book = Buffer.from(JSON.stringify(frames[0]));
const snapshot = Buffer.from(JSON.stringify(JSON.parse(snapshotFixture)));
const trade = Buffer.from(JSON.stringify(JSON.parse(tradeFixture)));
const tokens = [...new Set(frames.flatMap((f) => (f.price_changes ?? []).map((c) => c.asset_id).concat(f.asset_id ?? [])))];
tokens.push(JSON.parse(snapshotFixture).asset_id, JSON.parse(tradeFixture).asset_id);

function mirror() {
  const m = new BookMirror({ clock: systemClock });
  for (const t of tokens) m.follow(t, 10_000);
  m.onFrame(book);
  return (buf) => m.onFrame(buf);
}

/** The collector's capture, following the tokens in pairs as market windows (Up, Down). */
function capture() {
  const drop = { push: () => true };
  const sink = {
    deltas: drop,
    snapshots: drop,
    marketEvents: drop,
    rawFrames: drop,
    gaps: drop,
    collectorEvents: drop,
    spot: drop,
    windows: drop,
  };
  const c = new ClobCapture({ sink, clock: systemClock, logger: silentLogger(), requestResync: () => {} });
  for (let i = 0; i < tokens.length; i += 2) c.track(windowOf(tokens[i], tokens[i + 1] ?? `${tokens[i]}0`, i));
  c.onFrame(book, systemClock.nowMicros(), 1);
  return (buf) => c.onFrame(buf, systemClock.nowMicros(), 1);
}

function windowOf(yesTokenId, noTokenId, i) {
  return {
    eventId: String(i),
    slug: `btc-updown-15m-${1_790_658_000 + i * 900}`,
    asset: 'BTC',
    conditionId: '0x1',
    marketId: String(i),
    question: '',
    yesTokenId,
    noTokenId,
    windowStart: 1_790_658_000_000,
    windowEnd: 1_790_658_900_000,
    tickSize: 1_000,
    minOrderSize: 5_000_000,
    feeSchedule: CRYPTO_FEES_2026,
    negRisk: false,
    resolutionSource: '',
  };
}

function naive() {
  const books = new Map();
  for (const t of tokens) books.set(t, { bids: new Map(), asks: new Map(), bestBid: 0, bestAsk: 1 });
  const apply = (b, side, price, size) => {
    const m = side === 'BUY' ? b.bids : b.asks;
    if (size === 0) m.delete(price);
    else m.set(price, size);
  };
  return (buf) => {
    const msg = JSON.parse(buf.toString('utf8'));
    const events = Array.isArray(msg) ? msg : [msg];
    for (const e of events) {
      if (e.event_type === 'price_change') {
        for (const c of e.price_changes) {
          const b = books.get(c.asset_id);
          if (!b) continue;
          apply(b, c.side, parseFloat(c.price), parseFloat(c.size));
          b.bestBid = b.bids.size ? Math.max(...b.bids.keys()) : 0;
          b.bestAsk = b.asks.size ? Math.min(...b.asks.keys()) : 1;
        }
      } else if (e.event_type === 'book') {
        const b = books.get(e.asset_id);
        if (!b) continue;
        b.bids.clear();
        b.asks.clear();
        for (const l of e.bids) b.bids.set(parseFloat(l.price), parseFloat(l.size));
        for (const l of e.asks) b.asks.set(parseFloat(l.price), parseFloat(l.size));
      }
    }
  };
}

function percentiles(samples) {
  samples.sort((a, b) => a - b);
  const at = (q) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))];
  return { p50: at(0.5), p99: at(0.99) };
}

/** Time every call individually (ns), minus the timer's own cost measured the same way. */
function measure(fn, inputs, iterations) {
  for (let i = 0; i < 20_000; i++) fn(inputs[i % inputs.length]); // warm-up
  const samples = new Float64Array(iterations);
  for (let i = 0; i < iterations; i++) {
    const input = inputs[i % inputs.length];
    const t0 = process.hrtime.bigint();
    fn(input);
    samples[i] = Number(process.hrtime.bigint() - t0);
  }
  return percentiles(Array.from(samples));
}

const overhead = measure(() => {}, [0], 200_000);
const cases = [
  ['price_change (2 entries, real capture)', priceChanges],
  ['book snapshot (64 levels, real capture)', [snapshot]],
  ['last_trade_price (generic path)', [trade]],
];
const us = (ns) => (Math.max(0, ns - overhead.p50) / 1000).toFixed(3);
console.log(`WebSocket message -> book state, per message (timer overhead ${overhead.p50} ns subtracted)`);
console.log(`price_change frame size: ${priceChanges[0].length}..${Math.max(...priceChanges.map((b) => b.length))} bytes`);
console.log(
  'message'.padEnd(42),
  'book p50 µs',
  'book p99 µs',
  'naive p50 µs',
  'naive p99 µs',
  'speed-up p50',
  '+rows p50 µs',
  '+rows p99 µs',
);
// Each path over every case before the next path, so one path's code is not optimised for another's objects.
const iterationsOf = (inputs) => (inputs === priceChanges ? 500_000 : 100_000);
const byPath = [mirror, naive, capture].map((path) => cases.map(([, inputs]) => measure(path(), inputs, iterationsOf(inputs))));
for (const [i, [name]] of cases.entries()) {
  const [a, b, c] = byPath.map((results) => results[i]);
  const ratio = (b.p50 - overhead.p50) / Math.max(1, a.p50 - overhead.p50);
  console.log(
    name.padEnd(42),
    us(a.p50).padStart(11),
    us(a.p99).padStart(11),
    us(b.p50).padStart(12),
    us(b.p99).padStart(12),
    `${ratio.toFixed(1)}x`.padStart(12),
    us(c.p50).padStart(12),
    us(c.p99).padStart(12),
  );
}
console.log(
  "book = the venue BookMirror as the collector runs it; +rows = the collector's ClobCapture (mirror, rows and raw frames, to a sink that drops them)",
);
