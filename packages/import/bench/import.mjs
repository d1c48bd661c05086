// Benchmark: poly-import into the embedded store (chDB), end to end against the simulator's REST
// services on a real socket (in a child process, sim-server.mjs; the machine has 2 cores). Prints rows/s
// for a prices import and a trades import, next to baselines measured in the same run: the raw
// store insert of the same price rows (what the store alone allows) and the HTTP fetch and parse
// of the same price series without storing (what the API side alone allows).
//
// Run after `npm run build` (or `npx tsc -b packages/import packages/sim`):
//   node packages/import/bench/import.mjs [days=2] [assets=BTC,ETH]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore, silentLogger } from '@polymarket-arb/common';
import { clientLimits } from '@polymarket-arb/venue';
import { DEFAULT_SETTINGS, ExactNumbers, Importer, parseImportRequest, parsePricesHistory } from '../dist/index.js';

const days = Number(process.argv[2] ?? 2);
const assets = process.argv[3] ?? 'BTC,ETH';
const SIM_NOW = Date.UTC(2026, 10, 20);
const start = new Date(SIM_NOW - (days + 1) * 86_400_000).toISOString().slice(0, 10);
const end = new Date(SIM_NOW - 86_400_000).toISOString().slice(0, 10);

const sim = spawn(process.execPath, [fileURLToPath(new URL('./sim-server.mjs', import.meta.url)), '1', String(SIM_NOW)], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const port = await new Promise((resolve, reject) => {
  sim.stdout.on('data', (d) => /PORT (\d+)/.test(String(d)) && resolve(Number(/PORT (\d+)/.exec(String(d))[1])));
  sim.on('exit', (code) => reject(new Error(`sim-server exited with ${code}`)));
});
const base = `http://127.0.0.1:${port}`;
const endpoints = { gammaUrl: `${base}/gamma`, clobUrl: `${base}/clob`, dataApiUrl: `${base}/data-api` };

const dir = mkdtempSync(join(tmpdir(), 'poly-import-bench-'));
const store = await openStore({ dataDir: join(dir, 'data') });
await store.migrate();
// The published limits would pace the trades import at 160 requests per 10 s: lift them to measure throughput.
const unthrottled = clientLimits(
  100,
  Object.fromEntries(['gamma', 'gamma_events', 'gamma_markets', 'clob', 'clob_prices_history', 'data', 'data_trades'].map((k) => [k, 1e6])),
);
const settings = { ...DEFAULT_SETTINGS, rateLimits: unthrottled };

function line(label, rows, ms, extra = '') {
  console.log(
    `${label.padEnd(50)} ${String(rows).padStart(10)} rows ${(ms / 1000).toFixed(2).padStart(8)} s ${String(Math.round((rows * 1000) / ms)).padStart(10)} rows/s ${extra}`,
  );
}

async function importRun(kind, flags) {
  const request = parseImportRequest(kind, { start, end, assets, ...flags }, { assets: ['BTC'], tradesApi: 'auto' }, Date.now());
  const t0 = performance.now();
  const summary = await new Importer({ store, logger: silentLogger(), endpoints, settings }, request).run();
  const ms = performance.now() - t0;
  const table = kind === 'prices' ? 'price_history' : 'trade_history';
  line(
    `import ${kind} (${days} d, ${assets}${flags.fidelity ? `, fidelity ${flags.fidelity}` : ''})`,
    summary.rowsWritten[table] ?? 0,
    ms,
    `(${summary.http.requests} requests, concurrency ${settings.concurrency})`,
  );
  return summary;
}

console.log(`poly-import bench: ${start} .. ${end}, ${assets}; Node ${process.version}; embedded chDB`);
await importRun('trades', {});
const prices = await importRun('prices', { fidelity: '1' });

// Baseline 1: the same price rows inserted straight into a copy of the table, in the importer's batch
// size: as JSON objects (store.insert) and as the importer sends them (JSONCompactEachRow arrays).
const rows = await store.queryRows('SELECT * FROM price_history');
await store.command('CREATE TABLE bench_price_history AS price_history');
const batch = settings.committer.batchRows;
let t0 = performance.now();
for (let i = 0; i < rows.length; i += batch) await store.insert('bench_price_history', rows.slice(i, i + batch));
line('baseline: raw insert, JSONEachRow objects', rows.length, performance.now() - t0);
const columns = Object.keys(rows[0]);
const arrays = rows.map((r) => columns.map((c) => r[c]));
t0 = performance.now();
for (let i = 0; i < arrays.length; i += batch)
  await store.client.insert({ table: 'bench_price_history', values: arrays.slice(i, i + batch), format: 'JSONCompactEachRow', columns });
const insertMs = performance.now() - t0;
line('baseline: raw insert, JSONCompactEachRow arrays', rows.length, insertMs);

// Baseline 2: fetch and parse the same series over HTTP, storing nothing (sequential, one socket).
const tokens = (await store.queryRows('SELECT DISTINCT token_id FROM price_history LIMIT 200')).map((r) => r.token_id);
const numbers = new ExactNumbers();
let points = 0;
t0 = performance.now();
for (const token of tokens) {
  const body = await (await fetch(`${endpoints.clobUrl}/prices-history?market=${token}&fidelity=1`)).json();
  points += parsePricesHistory(body, numbers).length;
}
line(`baseline: fetch + parse only (${tokens.length} series)`, points, performance.now() - t0);

// Baseline 3: parsing alone, on one long series.
const body = {
  history: Array.from({ length: 10_000 }, (_, i) => ({ t: 1_790_000_000 + i * 60, p: Math.round(Math.random() * 1000) / 1000 })),
};
t0 = performance.now();
for (let i = 0; i < 50; i++) parsePricesHistory(body, numbers);
line('baseline: parsePricesHistory alone', 500_000, performance.now() - t0);

const importRate = prices.rowsWritten.price_history / (prices.durationMs / 1000);
const insertRate = rows.length / (insertMs / 1000);
console.log(
  `prices import runs at ${(importRate / insertRate).toFixed(2)}x the raw JSONCompactEachRow insert rate (1.00 = the store is the only cost)`,
);

await store.close();
sim.kill('SIGTERM');
rmSync(dir, { recursive: true, force: true });
