/**
 * Backtest throughput (after `npx tsc -b packages/bot`):
 *   node packages/bot/bench/backtest.mjs [--windows N] [--fps F] [--combos 1,2,4,8]
 *
 * A synthetic recording (collector-shaped rows, BTC + ETH, N windows each, F order-change frames
 * per second per market, one arbitrage episode per window) is written into a fresh embedded store,
 * then measured:
 *   1. in memory (the range loaded once as tapes): tape decode alone; the engine + backtest
 *      executor fed pre-decoded events; and the full replay from tapes (decode + engine), in
 *      events/s and book events/s (book + price_change), one core;
 *   2. end to end from the embedded store (runBacktest: sliced queries, merge, engine, ledgers,
 *      decisions written), events/s;
 *   3. a parameter sweep of N combinations on worker threads vs 1 combination: wall time, the
 *      speed-up over N separate runs (the store is read once for all), and the marginal cost of
 *      each extra combination (its replay on a worker).
 * Baseline measured in the same run: the same events through `for await` over an async generator
 * (one promise per event), the obvious way to feed an engine; the replay source pushes a batch's
 * events synchronously into the driver instead.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openStore, silentLogger } from '@polymarket-arb/common';
import { loadBotConfig } from '../dist/config.js';
import { ReplayReader } from '../dist/backtest/reader/reader.js';
import { BacktestRunner } from '../dist/backtest/run/runner.js';
import { runBacktest } from '../dist/backtest/run/run.js';
import { parseSweeps } from '../dist/backtest/sweep/spec.js';
import { writeSynthetic } from '../dist/backtest/replay/synthetic.js';
import { decodeTape, encodeTape } from '../dist/backtest/replay/tape.js';
import { header } from './lib.mjs';

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const WINDOWS = Number(arg('windows', '4'));
const FPS = Number(arg('fps', '50'));
const COMBOS = arg('combos', '1,2,4,8').split(',').map(Number);
const START = Date.UTC(2026, 5, 1);
const range = { startMs: START - 60_000, endMs: START + WINDOWS * 900_000 + 60_000, assets: ['BTC', 'ETH'] };

const rate = (n, ms) => `${Math.round((n / ms) * 1000).toLocaleString('en-US')}/s`;
const bookEvents = (batches) =>
  batches.reduce((s, b) => s + b.events.filter((e) => e.type === 'book' || e.type === 'price_change').length, 0);

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/** Median wall ms of `fn` over `rounds` rounds after one warm-up. */
function timeIt(fn, rounds = 5) {
  fn();
  const out = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    fn();
    out.push(performance.now() - t0);
  }
  return median(out);
}

async function timeAsync(fn, rounds = 3) {
  await fn();
  const out = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return median(out);
}

header('backtest replay throughput');
const dir = mkdtempSync(join(tmpdir(), 'poly-bench-bt-'));
const store = await openStore({ dataDir: join(dir, 'data') });
try {
  const config = loadBotConfig({ env: {} });
  const t0 = performance.now();
  const counts = await writeSynthetic(store, { startMs: START, windows: WINDOWS, assets: ['BTC', 'ETH'], framesPerSecond: FPS, seed: 1 });
  console.log(
    `recording: ${WINDOWS} windows x BTC, ETH at ${FPS} frames/s: ${Object.entries(counts)
      .map(([t, n]) => `${t} ${n}`)
      .join(', ')} (written in ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
  );

  // 1. in memory
  const reader = new ReplayReader({
    store,
    ...range,
    chunkSeconds: config.backtest.chunk_seconds,
    settleGraceMs: config.backtest.settle_grace_ms,
  });
  await reader.open();
  const batches = [];
  for await (const b of reader.batches()) batches.push(b);
  const tapes = batches.map((b) => encodeTape(b, false));
  const events = batches.reduce((s, b) => s + b.events.length, 0);
  const books = bookEvents(batches);
  const bytes = tapes.reduce((s, t) => s + t.data.byteLength, 0);
  console.log(
    `loaded: ${events.toLocaleString('en-US')} events (${books.toLocaleString('en-US')} book events) in ${tapes.length} tapes, ${(bytes / events).toFixed(1)} bytes/event`,
  );
  const decodeMs = timeIt(() => {
    for (const t of tapes) decodeTape(t);
  });
  console.log(
    `1a. tape decode only                  ${rate(events, decodeMs).padStart(14)} events   ${rate(books, decodeMs).padStart(14)} book events`,
  );
  const engineMs = timeIt(() => {
    const r = new BacktestRunner({ config, ...range, runId: 'bench', speed: 'max', observe: false, keepFills: false });
    for (const b of batches) r.runBatchNow(b);
    r.finish();
  });
  console.log(
    `1b. engine + executor (pre-decoded)   ${rate(events, engineMs).padStart(14)} events   ${rate(books, engineMs).padStart(14)} book events`,
  );
  let pnl = '';
  const fullMs = timeIt(() => {
    const r = new BacktestRunner({ config, ...range, runId: 'bench', speed: 'max' });
    for (const t of tapes) r.runBatchNow(decodeTape(t));
    r.finish();
    pnl = String(r.pnl());
  });
  console.log(
    `1c. full replay from tapes            ${rate(events, fullMs).padStart(14)} events   ${rate(books, fullMs).padStart(14)} book events   (target > 1,000,000 book events/s: ${(books / fullMs) * 1000 > 1e6 ? 'met' : 'NOT met'}; P&L ${pnl} micros)`,
  );
  const baselineMs = await timeAsync(async () => {
    const r = new BacktestRunner({ config, ...range, runId: 'bench', speed: 'max', observe: false, keepFills: false });
    async function* source() {
      for (const b of batches) for (const e of b.events) yield e;
    }
    const one = { events: [undefined], atMicros: [0], notes: [], endMicros: 0 };
    let i = 0;
    const flat = batches.flatMap((b) => b.atMicros);
    for await (const e of source()) {
      one.events[0] = e;
      one.atMicros[0] = flat[i++];
      one.endMicros = one.atMicros[0];
      r.runBatchNow(one);
    }
  });
  console.log(
    `    baseline: for-await over events    ${rate(events, baselineMs).padStart(14)} events   (${(baselineMs / engineMs).toFixed(1)}x slower than 1b)`,
  );

  // 2. end to end from the store
  let e2e;
  const e2eMs = await timeAsync(async () => {
    e2e = await runBacktest({ config, store, ...range, logger: silentLogger(), runId: 'bench-e2e', writeRows: true });
  }, 2);
  console.log(
    `2.  end to end from the embedded store ${rate(e2e.report.data.events, e2eMs).padStart(13)} events   (${(e2eMs / 1000).toFixed(2)} s for ${(range.endMs - range.startMs) / 60_000} min of replay, ${e2e.report.data.decisions} decisions written)`,
  );

  // 3. sweep scaling
  const cores = availableParallelism();
  const values = [
    '0.010',
    '0.011',
    '0.012',
    '0.013',
    '0.014',
    '0.015',
    '0.016',
    '0.017',
    '0.018',
    '0.019',
    '0.020',
    '0.021',
    '0.022',
    '0.023',
    '0.024',
    '0.025',
  ];
  let one;
  for (const n of COMBOS) {
    const sweeps = parseSweeps([`min_margin=${values.slice(0, n).join(',')}`]);
    const t = performance.now();
    const r = await runBacktest({ config, store, ...range, sweeps, logger: silentLogger(), runId: 'bench-sweep' });
    const ms = performance.now() - t;
    one ??= ms;
    const marginal =
      n > 1 ? `, ${((ms - one) / (n - 1) / 1000).toFixed(2)} s per extra combination` : ' (reading the store once is most of it)';
    console.log(
      `3.  sweep of ${String(n).padStart(2)} combination${n === 1 ? ' ' : 's'} on ${Math.min(n, cores)} worker${Math.min(n, cores) === 1 ? ' ' : 's'}   ${(ms / 1000).toFixed(2).padStart(6)} s = ${((one * n) / ms).toFixed(2)}x the throughput of separate runs${marginal}; best ${r.report.sweep[0].label}`,
    );
  }
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
