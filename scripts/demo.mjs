#!/usr/bin/env node
// `npm run demo`: the main job, offline. Starts the exchange simulator (poly-sim) and the collector
// (poly-collect) against it with the embedded store, lets them run, then prints what was captured.
//
//   npm run demo                      # 40 s, BTC,ETH,SOL, data in a temporary directory
//   npm run demo -- --seconds 120 --data-dir ./demo-data --assets BTC,ETH
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '40' },
    'data-dir': { type: 'string' },
    assets: { type: 'string', default: 'BTC,ETH,SOL' },
    seed: { type: 'string', default: '42' },
    rate: { type: 'string', default: '300' },
  },
});
const seconds = Number(values.seconds);
if (!Number.isFinite(seconds) || seconds < 5) {
  console.error('demo: --seconds must be a number of seconds, at least 5.');
  process.exit(2);
}
const dataDir = resolve(values['data-dir'] ?? join(mkdtempSync(join(tmpdir(), 'poly-demo-')), 'data'));
// Start the simulated clock 20 s before a window boundary so the run shows a rollover.
const now = Date.now();
const boundary = Math.ceil(now / 900_000) * 900_000;
const startTime = new Date(boundary - 20_000).toISOString();

console.log(`demo: simulator (seed ${values.seed}, ${values.assets}, ${values.rate} msgs/s, clock starting at ${startTime})`);
const sim = spawn(
  process.execPath,
  [
    join(root, 'packages/sim/bin/poly-sim.js'),
    '--port',
    '0',
    '--seed',
    values.seed,
    '--assets',
    values.assets,
    '--rate',
    values.rate,
    '--arb-episodes',
    '4',
    '--arb-margin',
    '0.03',
    '--arb-start',
    '24',
    '--arb-interval',
    '4',
    '--start-time',
    startTime,
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const env = await readEnvLines(sim, ['POLY_GAMMA_URL', 'POLY_CLOB_URL', 'POLY_CLOB_WS_URL', 'POLY_DATA_API_URL', 'BINANCE_WS_URL']);
for (const [k, v] of Object.entries(env)) console.log(`  ${k}=${v}`);

console.log(`demo: collector for ${seconds} s into ${dataDir}`);
const collector = spawn(
  process.execPath,
  [
    join(root, 'packages/collect/bin/poly-collect.js'),
    '--assets',
    values.assets,
    '--data-dir',
    dataDir,
    '--duration',
    String(seconds),
    '--log-level',
    'warn',
  ],
  {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, ...env },
  },
);
const code = await new Promise((r) => collector.on('exit', r));
sim.kill('SIGTERM');
await new Promise((r) => sim.on('exit', r));
if (code !== 0) {
  console.error(`demo: poly-collect exited with ${code}`);
  process.exit(1);
}

const { openStore } = await import(join(root, 'packages/common/dist/index.js'));
const { formatMicros, parseMicros } = await import(join(root, 'packages/domain/dist/index.js'));
const store = await openStore({ dataDir });
const q = (sql) => store.queryRows(sql);
console.log('\nWhat was captured');
console.log('-----------------');
console.table(
  await q(
    `SELECT slug, asset, window_start, window_end, fee_rate, tick_size, closed, winning_outcome FROM market_windows FINAL ORDER BY window_start, asset`,
  ),
);
console.table(
  await q(
    `SELECT 'orderbook_deltas' AS table, count() AS rows FROM orderbook_deltas UNION ALL SELECT 'orderbook_snapshots', count() FROM orderbook_snapshots UNION ALL SELECT 'spot_prices', count() FROM spot_prices UNION ALL SELECT 'market_events', count() FROM market_events UNION ALL SELECT 'raw_frames', count() FROM raw_frames UNION ALL SELECT 'collector_gaps', count() FROM collector_gaps`,
  ),
);
console.table(
  await q(
    `SELECT asset, count() AS trades, min(price) AS low, max(price) AS high, max(trade_id) - min(trade_id) + 1 - count() AS missing_trade_ids FROM spot_prices GROUP BY asset ORDER BY asset`,
  ),
);
console.table(await q(`SELECT kind, count() AS n FROM collector_events GROUP BY kind ORDER BY kind`));
const tops = await q(`SELECT w.slug AS slug, s.side AS side, argMax(s.bids, s.ingest_seq) AS bids, argMax(s.asks, s.ingest_seq) AS asks
  FROM orderbook_snapshots AS s INNER JOIN (SELECT slug, yes_token_id, no_token_id FROM market_windows FINAL) AS w ON s.token_id = w.yes_token_id OR s.token_id = w.no_token_id
  GROUP BY slug, side ORDER BY slug, side DESC`);
console.log('\nLatest snapshot of each book (best 3 levels; yes = Up, no = Down):');
for (const t of tops) {
  const best = (levels, bid) =>
    levels
      .map((l) => ({ p: parseMicros(l.price), s: l.size }))
      .sort((a, b) => (bid ? b.p - a.p : a.p - b.p))
      .slice(0, 3)
      .map((l) => `${formatMicros(l.p)} x ${l.s}`)
      .join(', ');
  console.log(`  ${t.slug.padEnd(26)} ${t.side.padEnd(3)} bids [${best(t.bids, true)}]  asks [${best(t.asks, false)}]`);
}
const range = await q(`SELECT toString(min(received_at)) AS first, toString(max(received_at)) AS last FROM raw_frames`);
await store.close();

// The same data through the strategy: a backtest over what was just recorded.
const startIso = range[0].first.slice(0, 16).replace(' ', 'T');
const endIso = new Date(Date.parse(`${range[0].last.slice(0, 19).replace(' ', 'T')}Z`) + 120_000).toISOString().slice(0, 16);
console.log(`\ndemo: backtest of the recording (${startIso} .. ${endIso} UTC), report in ${join(dataDir, '..', 'report')}`);
const backtest = spawn(
  process.execPath,
  [
    join(root, 'packages/bot/bin/poly-bot.js'),
    '--mode',
    'backtest',
    '--assets',
    values.assets,
    '--data-dir',
    dataDir,
    '--start',
    startIso,
    '--end',
    endIso,
    '--report',
    join(dataDir, '..', 'report'),
    '--log-level',
    'warn',
  ],
  { stdio: 'inherit' },
);
await new Promise((r) => backtest.on('exit', r));
console.log(`\ndemo: done. The data stays in ${dataDir}; query it with the embedded engine or re-run with --data-dir.`);

/** Read KEY=VALUE lines from a child's stdout until every key arrived. */
function readEnvLines(child, keys) {
  return new Promise((resolveEnv, reject) => {
    const found = {};
    let buffer = '';
    const timer = setTimeout(() => reject(new Error('poly-sim did not print its URLs within 15 s')), 15_000);
    child.on('exit', (c) => reject(new Error(`poly-sim exited early with ${c}`)));
    child.stdout.on('data', (chunk) => {
      buffer += chunk.toString();
      let nl;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl).trim();
        buffer = buffer.slice(nl + 1);
        const eq = line.indexOf('=');
        if (eq > 0 && keys.includes(line.slice(0, eq))) found[line.slice(0, eq)] = line.slice(eq + 1);
      }
      if (keys.every((k) => k in found)) {
        clearTimeout(timer);
        resolveEnv(found);
      }
    });
  });
}
