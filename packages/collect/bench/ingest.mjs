// Benchmark: sustained ingest from the simulator into the embedded store.
// poly-sim runs in its own process at --rate frames/s; the collector runs here (so its memory
// can be sampled) with the embedded engine. At the end the simulator is quiesced and what it
// sent is compared with what was stored: loss must be zero.
//
//   node packages/collect/bench/ingest.mjs [--rate 20000] [--seconds 60]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openStore, silentLogger } from '@polymarket-arb/common';
import { Collector, loadCollectConfig } from '../dist/index.js';

const { values } = parseArgs({ options: { rate: { type: 'string', default: '20000' }, seconds: { type: 'string', default: '60' } } });
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const dir = mkdtempSync(join(tmpdir(), 'poly-ingest-'));
const sim = spawn(process.execPath, [new URL('../../sim/bin/poly-sim.js', import.meta.url).pathname, '--port', '0', '--seed', '3', '--assets', 'BTC,ETH,SOL', '--rate', String(rate), '--binance-rate', '20'], { stdio: ['ignore', 'pipe', 'ignore'] });
const env = await new Promise((resolve) => {
  let text = '';
  sim.stdout.on('data', (d) => {
    text += d;
    const found = Object.fromEntries(text.split('\n').filter((l) => l.includes('=')).map((l) => l.trim().split(/=(.*)/s).slice(0, 2)));
    if (found.BINANCE_WS_URL) resolve(found);
  });
});
const control = env.POLY_GAMMA_URL.replace('/gamma', '/_control');
const store = await openStore({ dataDir: join(dir, 'data') });
await store.migrate();
const config = loadCollectConfig({ env, flags: { 'collector.assets': ['BTC', 'ETH', 'SOL'], 'collector.spill_dir': join(dir, 'spill') } });
const collector = new Collector({ config, store, logger: silentLogger() });
await collector.start();

const samples = [];
const started = Date.now();
let lastFrames = 0;
let lastRows = 0;
const rows = () => Object.values(collector.writers).reduce((a, w) => a + w.stats.written, 0);
console.log(`ingest: poly-sim at ${rate} frames/s (BTC, ETH, SOL) -> poly-collect -> embedded store, ${seconds} s`);
console.log('   t s   frames/s     rows/s   buffered    heap MB     rss MB');
while (Date.now() - started < seconds * 1000) {
  await new Promise((r) => setTimeout(r, 5000));
  const t = (Date.now() - started) / 1000;
  const frames = collector.clob.counters.frames;
  const written = rows();
  const buffered = Object.values(collector.writers).reduce((a, w) => a + w.stats.buffered, 0);
  const mem = process.memoryUsage();
  samples.push({ t, framesPerS: (frames - lastFrames) / 5, rowsPerS: (written - lastRows) / 5, buffered, heapMB: mem.heapUsed / 2 ** 20, rssMB: mem.rss / 2 ** 20 });
  lastFrames = frames;
  lastRows = written;
  const s = samples[samples.length - 1];
  console.log(`${s.t.toFixed(0).padStart(5)} ${s.framesPerS.toFixed(0).padStart(10)} ${s.rowsPerS.toFixed(0).padStart(10)} ${String(s.buffered).padStart(10)} ${s.heapMB.toFixed(0).padStart(10)} ${s.rssMB.toFixed(0).padStart(10)}`);
}
await fetch(`${control}/stall?seconds=600`, { method: 'POST' });
await new Promise((r) => setTimeout(r, 1000));
await collector.stop();
const stats = await (await fetch(`${control}/stats`)).json();
const sentEntries = stats.market.reduce((a, c) => a + Object.values(c.priceChangeEntries).reduce((x, y) => x + y, 0), 0);
const sentFrames = stats.market.reduce((a, c) => a + c.framesSent, 0);
const [{ n: storedDeltas }] = await store.queryRows('SELECT toString(count()) AS n FROM orderbook_deltas');
const [{ n: storedRaw }] = await store.queryRows("SELECT toString(count()) AS n FROM raw_frames WHERE source = 'clob'");
const dropped = Object.values(collector.writers).reduce((a, w) => a + w.stats.dropped, 0);
const steady = samples.slice(1);
const avg = (k) => steady.reduce((a, s) => a + s[k], 0) / Math.max(1, steady.length);
console.log(`\nsent: ${sentFrames} frames (${sentEntries} price_change entries); stored: ${storedRaw} raw frames, ${storedDeltas} deltas; dropped rows: ${dropped}`);
console.log(`steady state (after the first 5 s): ${avg('framesPerS').toFixed(0)} frames/s, ${avg('rowsPerS').toFixed(0)} rows/s; heap ${Math.min(...steady.map((s) => s.heapMB)).toFixed(0)}..${Math.max(...steady.map((s) => s.heapMB)).toFixed(0)} MB, rss ${Math.min(...steady.map((s) => s.rssMB)).toFixed(0)}..${Math.max(...steady.map((s) => s.rssMB)).toFixed(0)} MB`);
console.log(`loss: ${Number(storedDeltas) === sentEntries && dropped === 0 ? 'none (every delta sent was stored)' : `MISMATCH: sent ${sentEntries}, stored ${storedDeltas}`}`);
await store.close();
sim.kill('SIGTERM');
rmSync(dir, { recursive: true, force: true });
