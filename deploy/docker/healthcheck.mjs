#!/usr/bin/env node
/**
 * Health check of a running poly-collect, for the image's HEALTHCHECK and the Kubernetes liveness
 * probe. It asks the collector's own `GET /healthz` (200 = collecting, 503 = degraded, with a JSON
 * report either way) and exits 0 (healthy) or 1 (not), printing one line that says why.
 *
 *   node healthcheck.mjs [--live] [--port N] [--config FILE] [--timeout-ms N]
 *
 * Default ("ready"): healthy only on 200.
 * --live: alive when the collector answers and nothing but the store or the feed lag is wrong.
 *   /healthz also says 503 while ClickHouse is down, and then the collector is doing its job
 *   (buffering, retrying); restarting it would only lose the buffered rows' time and stop the
 *   recording, because a collector needs the store to start. Likewise while it reads behind the
 *   feed (lag past collector.lag_threshold_ms) it is catching up; a restart would drop the backlog
 *   unread. So a liveness failure means: no answer (hung or dead), or feeds down or stale.
 * While the collector starts (store, migrations, discovery) /healthz says 503 "starting": not ready,
 *   but alive.
 * The port: --port (on 127.0.0.1), else the collector's configuration resolved as poly-collect does
 * (config/collect.toml in the working directory, then POLY_COLLECT_HEALTH_PORT and
 * POLY_COLLECT_HEALTH_BIND: a collector bound to one address is asked there, one bound to every
 * interface on 127.0.0.1).
 */
import { existsSync } from 'node:fs';

const args = parseArgs(process.argv.slice(2));
const { port, host } =
  args.port !== undefined
    ? { port: args.port, host: '127.0.0.1' }
    : await configuredEndpoint(args.config).catch((err) => finish(1, `cannot read the configuration: ${message(err)}`));
try {
  if (port === 0) finish(1, 'health endpoint is off (collector.health_port = 0); set it in the config or POLY_COLLECT_HEALTH_PORT');
  const res = await fetch(`http://${host.includes(':') ? `[${host}]` : host}:${port}/healthz`, {
    signal: AbortSignal.timeout(args.timeoutMs),
  });
  const report = await res.json().catch(() => undefined);
  if (res.status === 200) finish(0, `collecting (port ${port})`);
  if (res.status !== 503 || report === undefined) finish(1, `unexpected answer from /healthz on port ${port}: HTTP ${res.status}`);
  if (report.status === 'starting') finish(args.live ? 0 : 1, 'starting (store, migrations, market discovery)');
  const storeErrors = Object.entries(report.buffers ?? {}).filter(([, b]) => b && b.lastError);
  const behind = ['clob', 'binance'].filter((f) => report[f]?.behind).map((f) => `${f} lag ${(report[f].lagMs / 1000).toFixed(1)} s`);
  const why = `clob ${report.clob?.state}, binance ${report.binance?.state}, store ${storeErrors.length > 0 ? `failing (${storeErrors.map(([t]) => t).join(', ')})` : 'ok'}${behind.length > 0 ? `, behind the feed (${behind.join(', ')})` : ''}`;
  // Reasons a restart would not cure: the store is down (buffering), or the collector is catching up.
  const notDead = new Set(['store', 'clob_lag', 'binance_lag']);
  const reasons = report.degradedBy ?? (storeErrors.length > 0 ? ['store'] : ['unknown']);
  if (args.live && reasons.length > 0 && reasons.every((r) => notDead.has(r)))
    finish(0, `alive, ${storeErrors.length > 0 ? 'waiting for the store' : 'catching up with the feed'}: ${why}`);
  finish(1, `degraded: ${why}`);
} catch (err) {
  finish(1, `no answer from /healthz on port ${port}: ${message(err)}`);
}

function finish(code, text) {
  console.log(`poly-collect ${code === 0 ? 'healthy' : 'unhealthy'}: ${text}`);
  process.exit(code);
}

/** One line: a configuration error lists its problems on several. */
function message(err) {
  return (err instanceof Error ? err.message : String(err)).replace(/\s*\n\s*/g, ' ');
}

/** Where poly-collect serves /healthz with this config file and environment (no flags). */
async function configuredEndpoint(file = 'config/collect.toml') {
  const candidates = ['./packages/collect/dist/config.js', '../../packages/collect/dist/config.js'].map((p) => new URL(p, import.meta.url));
  const module = candidates.find((u) => existsSync(u));
  if (module === undefined) throw new Error('cannot find poly-collect (packages/collect/dist/config.js); pass --port N');
  const { loadCollectConfig } = await import(module.href);
  const { health_port: port, health_bind: bind } = loadCollectConfig({
    file: existsSync(file) ? file : undefined,
    env: process.env,
  }).collector;
  return { port, host: bind === '0.0.0.0' || bind === '::' ? '127.0.0.1' : bind };
}

function parseArgs(argv) {
  const out = { live: false, port: undefined, config: undefined, timeoutMs: 5000 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--live') out.live = true;
    else if (a === '--port') out.port = wholeNumber(argv[++i], a);
    else if (a === '--config') out.config = argv[++i];
    else if (a === '--timeout-ms') out.timeoutMs = wholeNumber(argv[++i], a);
    else finish(1, `unknown argument ${a}; use --live, --port N, --config FILE, --timeout-ms N`);
  }
  return out;
}

function wholeNumber(text, flag) {
  if (!/^\d+$/.test(text ?? '')) finish(1, `${flag} needs a whole number, got ${JSON.stringify(text)}`);
  return Number(text);
}
