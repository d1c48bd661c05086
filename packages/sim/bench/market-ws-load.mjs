#!/usr/bin/env node
/**
 * Load benchmark of the market WebSocket: how many frames per second one client receives,
 * sustained, from `poly-sim` running in its own process (as in real use), and the delivery lag
 * (receive time minus the frame's timestamp). Baseline, measured in the same run: a bare `ws`
 * server in its own process sending one pre-built price_change frame in a loop, i.e. what the
 * transport alone delivers on this machine.
 *
 *   node packages/sim/bench/market-ws-load.mjs [seconds=10] [rates=20000,40000]
 * Needs `npx tsc -b packages/sim` first (runs dist/).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

const seconds = Number(process.argv[2] ?? 10);
const rates = (process.argv[3] ?? '20000,40000').split(',').map(Number);
const bin = fileURLToPath(new URL('../bin/poly-sim.js', import.meta.url));
const WARMUP_MS = 1500;

function percentile(sorted, p) {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Count frames for `seconds` after a warm-up; lag from the frame's "timestamp" when it has one. */
async function measure(url, subscribe) {
  const ws = new WebSocket(url);
  await once(ws, 'open');
  if (subscribe) ws.send(subscribe);
  let counting = false;
  let frames = 0;
  let deltas = 0;
  const lags = [];
  ws.on('message', (data) => {
    if (!counting) return;
    frames++;
    const text = data.toString();
    if (text.charCodeAt(2) === 109 /* {"market":..,"price_changes" */ && text.includes('"price_changes"')) deltas++;
    if ((frames & 63) === 0) {
      const i = text.lastIndexOf('"timestamp":"');
      if (i >= 0) lags.push(Date.now() - Number(text.slice(i + 13, i + 26)));
    }
  });
  await new Promise((r) => setTimeout(r, WARMUP_MS));
  counting = true;
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const elapsed = (performance.now() - t0) / 1000;
  counting = false;
  ws.terminate();
  lags.sort((a, b) => a - b);
  return { perSec: frames / elapsed, deltasPerSec: deltas / elapsed, lag: [50, 90, 99].map((p) => percentile(lags, p)) };
}

async function withProcess(args, env, run) {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  const lines = createInterface({ input: child.stdout });
  const urls = {};
  for await (const line of lines) {
    const [k, v] = line.split('=');
    urls[k] = v;
    if (Object.keys(urls).length === 5 || k === 'URL') break;
  }
  try {
    return await run(urls);
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
}

const BASELINE_SERVER = `
import { WebSocketServer } from 'ws';
const frame = JSON.stringify({market:'0x285746de0e4f751fd4dc8f9dc2cecd0101ba9ad0096a43145ed9643b09514f01',price_changes:[{asset_id:'76670567130917723816490572615540605537878462672464291990940067659127658071111',price:'0.301',size:'1000',side:'BUY',hash:'b7623b6417b3ae46dbe5d608a65474c9cec84ef9',best_bid:'0.301',best_ask:'0.397'},{asset_id:'54179564009642723353355316176091991063553046330768303687769988635499280029688',price:'0.699',size:'1000',side:'SELL',hash:'c0978ce48e525b35579b9fb4556a08538ebf265a',best_bid:'0.603',best_ask:'0.699'}],timestamp:'0',event_type:'price_change'});
const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' }, () => console.log('URL=ws://127.0.0.1:' + wss.address().port));
wss.on('connection', (ws) => {
  // At most 1000 frames per turn: a peer that vanished can leave the socket 'open' but draining
  // instantly, and an unbounded loop would then never yield (nor see SIGTERM).
  const pump = () => { for (let i = 0; i < 1000 && ws.readyState === 1 && ws.bufferedAmount < 1 << 20; i++) ws.send(frame); if (ws.readyState === 1) setImmediate(pump); };
  pump();
});
process.on('SIGTERM', () => process.exit(0));
`;

console.log(`market WebSocket load, one client, ${seconds} s per run after ${WARMUP_MS} ms warm-up`);
const baseline = await withProcess(['--input-type=module', '-e', BASELINE_SERVER], { NODE_PATH: '' }, (u) => measure(u.URL));
console.log(`baseline  bare ws server, one pre-built frame in a loop: ${Math.round(baseline.perSec).toLocaleString('en')} frames/s`);
for (const rate of rates) {
  const result = await withProcess(
    [bin, '--port', '0', '--rate', String(rate), '--assets', 'BTC,ETH,SOL', '--log-level', 'warn'],
    {},
    async (urls) => {
      const gamma = urls.POLY_CLOB_WS_URL.replace('ws://', 'http://').replace('/clob-ws', '');
      const markets = await (await fetch(`${gamma}/_control/markets`)).json();
      const ids = markets.flatMap((m) => [m.upTokenId, m.downTokenId]);
      return measure(`${urls.POLY_CLOB_WS_URL}/ws/market`, JSON.stringify({ assets_ids: ids, type: 'market' }));
    },
  );
  const ratio = (result.perSec / baseline.perSec).toFixed(2);
  console.log(
    `poly-sim  --rate ${rate}: ${Math.round(result.perSec).toLocaleString('en')} frames/s (${Math.round(result.deltasPerSec).toLocaleString('en')} price_change/s), ` +
      `lag p50/p90/p99 ${result.lag.map((x) => `${x} ms`).join('/')}, ${ratio}x baseline; 20,000 msgs/s target ${result.perSec >= 20000 ? 'met' : 'MISSED'}`,
  );
}
