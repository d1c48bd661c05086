// Benchmark: the REST half of poly-sim. Prints (1) catalog costs: spotAt, building a market, a
// market's trade history; (2) HTTP throughput and latency percentiles of the main endpoints on a
// real socket, against a baseline measured in the same run: /clob/ok, which does no work.
//
// Run after `npm run build`:  node packages/sim/bench/rest.mjs
import { createServer } from 'node:http';
import { Agent, request } from 'node:http';
import { ManualClock } from '@polymarket-arb/domain';
import { Catalog } from '../dist/catalog.js';
import { createRestHandler, RestFaults } from '../dist/rest/index.js';

const WINDOW = 1795694400;
const NOW_MS = (WINDOW + 450) * 1000;

function perCall(label, n, fn) {
  for (let i = 0; i < Math.min(n, 1000); i++) fn(i); // warm up
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn(i + 1000);
  const us = Number(process.hrtime.bigint() - start) / 1000 / n;
  console.log(`${label.padEnd(46)} ${us.toFixed(2).padStart(9)} µs/call`);
}

const catalog = new Catalog({ seed: 1 });
perCall('catalog.spotAt', 200_000, (i) => catalog.spotAt('BTC', NOW_MS + i * 137));
perCall('catalog.upProbability', 100_000, (i) => catalog.upProbability(catalog.market('ETH', WINDOW), NOW_MS - 400_000 + i));
perCall('catalog.market (uncached: ids, text, eras)', 5_000, (i) => new Catalog({ seed: 2, cacheSize: 1 }).market('SOL', WINDOW + 900 * i));
const fresh = new Catalog({ seed: 3 });
perCall('catalog.trades (one market, uncached)', 300, (i) => fresh.trades(fresh.market('XRP', WINDOW - 900 * i)));

const books = new Map();
const server = createServer();
const handle = createRestHandler({
  catalog,
  books: { bookSummary: (t) => books.get(t) },
  clock: new ManualClock(NOW_MS),
  faults: new RestFaults(),
});
server.on('request', (req, res) => {
  if (!handle(req, res, new URL(req.url, 'http://x'))) res.writeHead(404).end();
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const { port } = server.address();
const agent = new Agent({ keepAlive: true, maxSockets: 8 });

function get(path) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`${path}: ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end();
  });
}

async function load(label, path, total = 3000, concurrency = 8) {
  for (let i = 0; i < 50; i++) await get(path);
  const latencies = [];
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < total) {
        const t0 = process.hrtime.bigint();
        await get(path);
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))].toFixed(2);
  console.log(
    `${label.padEnd(34)} ${String(Math.round(total / seconds)).padStart(7)} req/s   p50 ${q(0.5)} ms   p90 ${q(0.9)} ms   p99 ${q(0.99)} ms`,
  );
}

const m = catalog.market('BTC', WINDOW);
const old = catalog.market('ETH', WINDOW - 3600);
console.log('\nHTTP, 8 concurrent keep-alive clients (server and clients share the machine):');
for (let i = 0; i < 3000; i++) await get('/clob/ok'); // warm the server and the sockets before measuring
await load('baseline /clob/ok', '/clob/ok');
await load('/gamma/events?slug (live)', `/gamma/events?slug=${m.slug}`);
await load('/gamma/markets?slug&closed=true', `/gamma/markets?slug=${old.slug}&closed=true`);
await load('/clob/clob-markets/{id}', `/clob/clob-markets/${m.conditionId}`);
await load('/clob/prices-history 1d fid=1', `/clob/prices-history?market=${old.yesTokenId}&interval=1d&fidelity=1`, 1000);
await load('/data-api/trades limit=100', `/data-api/trades?market=${old.conditionId}&limit=100`, 1000);
await load('/data-api/v2/trades limit=100', `/data-api/v2/trades?condition=${old.conditionId}&limit=100`, 1000);
agent.destroy();
server.close();
