// Benchmark: the sustained ingest rate, poly-sim -> poly-collect -> embedded store, on this machine.
// The requested rate is stepped up; each step runs poly-sim in its own process at --rate frames/s
// (BTC, ETH, SOL) for a fresh collector here (embedded engine), then quiesces the simulator, stops
// the collector as on SIGTERM and compares what the simulator sent with what was stored. A step is
// sustained when every delta sent was stored (none dropped) AND the collector kept up: feed lag p99
// (receive time minus exchange time, from the stored deltas) under the collector's lag threshold.
// Stepping stops at the first step that is not sustained; the answer is the highest that was.
//
//   node packages/collect/bench/ingest.mjs [--rates 2000,4000,6000,8000,12000,16000,20000] [--seconds 15]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openStore, silentLogger } from '@polymarket-arb/common';
import { Collector, loadCollectConfig } from '../dist/index.js';

const { values } = parseArgs({
  options: { rates: { type: 'string', default: '2000,4000,6000,8000,12000,16000,20000' }, seconds: { type: 'string', default: '15' } },
});
const rates = values.rates.split(',').map(Number);
const seconds = Number(values.seconds);
const TABLES = [
  'orderbook_deltas',
  'orderbook_snapshots',
  'spot_prices',
  'market_windows',
  'market_events',
  'raw_frames',
  'collector_gaps',
  'collector_events',
];
const dir = mkdtempSync(join(tmpdir(), 'poly-ingest-'));
const store = await openStore({ dataDir: join(dir, 'data') });
await store.migrate();

/** poly-sim in a child process at `rate` frames/s; resolves with its URLs and the child. */
async function startSim(rate) {
  const child = spawn(
    process.execPath,
    [
      new URL('../../sim/bin/poly-sim.js', import.meta.url).pathname,
      '--port',
      '0',
      '--seed',
      '3',
      '--assets',
      'BTC,ETH,SOL',
      '--rate',
      String(rate),
      '--binance-rate',
      '20',
    ],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const env = await new Promise((resolve) => {
    let text = '';
    child.stdout.on('data', (d) => {
      text += d;
      const found = Object.fromEntries(
        text
          .split('\n')
          .filter((l) => l.includes('='))
          .map((l) => l.trim().split(/=(.*)/s).slice(0, 2)),
      );
      if (found.BINANCE_WS_URL) resolve(found);
    });
  });
  return { env, child, control: env.POLY_GAMMA_URL.replace('/gamma', '/_control') };
}

const one = async (sql) => (await store.queryRows(sql))[0];

/** One step: run, quiesce, stop, compare. */
async function step(rate) {
  for (const t of TABLES) await store.command(`TRUNCATE TABLE ${t}`);
  const sim = await startSim(rate);
  const config = loadCollectConfig({
    env: sim.env,
    flags: { 'collector.assets': ['BTC', 'ETH', 'SOL'], 'collector.spill_dir': join(dir, 'spill') },
  });
  const collector = new Collector({ config, store, logger: silentLogger() });
  await collector.start();
  const startedAt = Date.now();
  let heapMB = 0;
  while (Date.now() - startedAt < seconds * 1000) {
    await new Promise((r) => setTimeout(r, 1000));
    heapMB = Math.max(heapMB, process.memoryUsage().heapUsed / 2 ** 20);
  }
  const runS = (Date.now() - startedAt) / 1000;
  await fetch(`${sim.control}/stall?seconds=600`, { method: 'POST' });
  await new Promise((r) => setTimeout(r, 1000));
  await collector.stop();
  const stats = await (await fetch(`${sim.control}/stats`)).json();
  sim.child.kill('SIGTERM');
  const sentEntries = stats.market.reduce((a, c) => a + Object.values(c.priceChangeEntries).reduce((x, y) => x + y, 0), 0);
  const sentFrames = stats.market.reduce((a, c) => a + c.framesSent, 0);
  const stored = Number((await one('SELECT toString(count()) AS n FROM orderbook_deltas')).n);
  const lag =
    await one(`SELECT arrayMap(x -> toString(round(x / 1000)), quantiles(0.5, 0.9, 0.99)(toUnixTimestamp64Micro(received_at) - toUnixTimestamp64Milli(timestamp) * 1000)) AS q,
                                toString(round(max(toUnixTimestamp64Micro(received_at) - toUnixTimestamp64Milli(timestamp) * 1000) / 1000)) AS max FROM orderbook_deltas`);
  const [p50, p90, p99] = lag.q.map(Number);
  const dropped = Object.values(collector.writers).reduce((a, w) => a + w.stats.dropped, 0);
  const lossless = stored === sentEntries && dropped === 0;
  const keptUp = p99 < collector.lagThresholdMs;
  return {
    rate,
    framesPerS: sentFrames / runS,
    sentEntries,
    stored,
    dropped,
    p50,
    p90,
    p99,
    max: Number(lag.max),
    episodes: collector.clob.lag.episodes,
    heapMB,
    connections: stats.market.length,
    lossless,
    keptUp,
    thresholdMs: collector.lagThresholdMs,
  };
}

console.log(
  `ingest: poly-sim (BTC, ETH, SOL, own process) -> poly-collect -> embedded store; ${seconds} s per step, requested rates ${rates.join(', ')} frames/s`,
);
console.log(' requested   sent f/s   deltas sent     stored  dropped   lag p50    p90     p99     max  episodes  heap MB  result');
let best;
for (const rate of rates) {
  const s = await step(rate);
  const result =
    s.lossless && s.keptUp
      ? 'sustained'
      : !s.lossless
        ? `LOSS (${s.sentEntries - s.stored} deltas${s.connections > 1 ? `, ${s.connections - 1} reconnects` : ''})`
        : `BEHIND (lag p99 >= ${s.thresholdMs} ms)`;
  console.log(
    `${String(s.rate).padStart(10)} ${s.framesPerS.toFixed(0).padStart(10)} ${String(s.sentEntries).padStart(13)} ${String(s.stored).padStart(10)} ${String(s.dropped).padStart(8)} ${`${s.p50} ms`.padStart(9)} ${`${s.p90}`.padStart(6)} ${`${s.p99}`.padStart(7)} ${`${s.max}`.padStart(7)} ${String(s.episodes).padStart(9)} ${s.heapMB.toFixed(0).padStart(8)}  ${result}`,
  );
  if (result !== 'sustained') break;
  best = s;
}
console.log(
  best
    ? `\nsustained on this machine: ${best.framesPerS.toFixed(0)} frames/s delivered (requested ${best.rate}), every delta sent stored, lag p50/p90/p99 ${best.p50}/${best.p90}/${best.p99} ms`
    : '\nno step was sustained: lower --rates',
);
await store.close();
rmSync(dir, { recursive: true, force: true });
