/**
 * Health and metrics: `GET /healthz` (JSON: connection states, last-message ages, buffers; 200 when
 * collecting, 503 otherwise, for liveness/readiness probes) and `GET /metrics` (Prometheus text:
 * frames and rows per second and in total, buffer depth, reconnects, book mismatches, drops).
 * Plus the periodic health line in the log.
 */
import { createServer, type Server } from 'node:http';
import type { Logger } from '@polymarket-arb/common';
import type { Collector } from './collector.js';

export interface HealthReport {
  status: 'ok' | 'degraded';
  uptimeS: number;
  clob: { state: string; lastMessageAgeMs: number; reconnects: number; subscribedTokens: number };
  binance: { state: string; lastMessageAgeMs: number; reconnects: number };
  windows: string[];
  buffers: Record<string, { buffered: number; written: number; dropped: number; retried: number; lastError: string | null }>;
  counters: Record<string, number>;
}

export function healthReport(c: Collector, nowMs: number, stallMs: number): HealthReport {
  const clobAge = c.channel.lastDataAtMs ? nowMs - c.channel.lastDataAtMs : -1;
  const binAge = c.binance.socket.lastFrameAtMs ? nowMs - c.binance.socket.lastFrameAtMs : -1;
  const buffers = Object.fromEntries(Object.values(c.writers).map((w) => [w.table, { ...w.stats, lastError: w.stats.lastError ?? null }]));
  const storeErrors = Object.values(c.writers).some((w) => w.stats.lastError !== undefined);
  const ok = c.channel.socket.state === 'open' && c.binance.socket.state === 'open' && !storeErrors && (clobAge >= 0 ? clobAge < stallMs : true);
  return {
    status: ok ? 'ok' : 'degraded',
    uptimeS: Math.round((nowMs - c.startedAtMs) / 1000),
    clob: { state: c.channel.socket.state, lastMessageAgeMs: clobAge, reconnects: c.channel.socket.reconnects, subscribedTokens: c.channel.subscribed.size },
    binance: { state: c.binance.socket.state, lastMessageAgeMs: binAge, reconnects: c.binance.socket.reconnects },
    windows: c.followedWindows().map((w) => w.slug),
    buffers,
    counters: { ...c.clob.counters, binanceTrades: c.binance.counters.trades, binanceMissedTrades: c.binance.counters.missedTrades, binanceInvalid: c.binance.counters.invalid },
  };
}

/** Per-second rates between two readings of cumulative counters. */
export class RateMeter {
  private last = new Map<string, number>();
  private lastAtMs = 0;
  rates = new Map<string, number>();

  update(nowMs: number, totals: Record<string, number>): void {
    const dt = (nowMs - this.lastAtMs) / 1000;
    if (this.lastAtMs > 0 && dt > 0) for (const [k, v] of Object.entries(totals)) this.rates.set(k, (v - (this.last.get(k) ?? 0)) / dt);
    this.last = new Map(Object.entries(totals));
    this.lastAtMs = nowMs;
  }
}

export function prometheusText(r: HealthReport, rates: RateMeter): string {
  const lines: string[] = [];
  const metric = (name: string, help: string, type: 'counter' | 'gauge', samples: [string, number][]) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [labels, value] of samples) lines.push(`${name}${labels} ${Number.isFinite(value) ? value : 0}`);
  };
  const rate = (key: string) => rates.rates.get(key) ?? 0;
  metric('poly_collect_up', '1 when collecting normally', 'gauge', [['', r.status === 'ok' ? 1 : 0]]);
  metric('poly_collect_frames_total', 'WebSocket frames received', 'counter', [['{source="clob"}', r.counters.frames ?? 0]]);
  metric('poly_collect_messages_per_second', 'Frames per second over the last health interval', 'gauge', [['{source="clob"}', rate('clob_frames')], ['{source="binance"}', rate('binance_trades')]]);
  metric('poly_collect_rows_written_total', 'Rows acknowledged by the store', 'counter', Object.entries(r.buffers).map(([t, b]) => [`{table="${t}"}`, b.written]));
  metric('poly_collect_rows_per_second', 'Rows written per second over the last health interval', 'gauge', Object.keys(r.buffers).map((t) => [`{table="${t}"}`, rate(`rows_${t}`)]));
  metric('poly_collect_rows_dropped_total', 'Rows refused because a buffer was full (or unwritable at shutdown)', 'counter', Object.entries(r.buffers).map(([t, b]) => [`{table="${t}"}`, b.dropped]));
  metric('poly_collect_rows_retried_total', 'Rows whose insert failed and was retried', 'counter', Object.entries(r.buffers).map(([t, b]) => [`{table="${t}"}`, b.retried]));
  metric('poly_collect_buffer_rows', 'Rows waiting to be written', 'gauge', Object.entries(r.buffers).map(([t, b]) => [`{table="${t}"}`, b.buffered]));
  metric('poly_collect_reconnects_total', 'WebSocket reconnects', 'counter', [['{source="clob"}', r.clob.reconnects], ['{source="binance"}', r.binance.reconnects]]);
  metric('poly_collect_last_message_age_seconds', 'Seconds since the last message', 'gauge', [['{source="clob"}', r.clob.lastMessageAgeMs / 1000], ['{source="binance"}', r.binance.lastMessageAgeMs / 1000]]);
  metric('poly_collect_book_mismatches_total', 'Episodes where the local book disagreed with the exchange best bid/ask', 'counter', [['', r.counters.bookMismatches ?? 0]]);
  metric('poly_collect_resyncs_total', 'Book resyncs requested', 'counter', [['', r.counters.resyncs ?? 0]]);
  metric('poly_collect_gaps_total', 'Recorded gaps (disconnect until fresh snapshot)', 'counter', [['', r.counters.gaps ?? 0]]);
  metric('poly_collect_malformed_frames_total', 'Frames that were not JSON (kept raw)', 'counter', [['', r.counters.malformedFrames ?? 0]]);
  metric('poly_collect_unknown_events_total', 'Events of unknown type (kept raw)', 'counter', [['', r.counters.unknownEvents ?? 0]]);
  metric('poly_collect_binance_missed_trades_total', 'Binance trade ids skipped', 'counter', [['', r.counters.binanceMissedTrades ?? 0]]);
  metric('poly_collect_subscribed_tokens', 'Tokens subscribed on the market channel', 'gauge', [['', r.clob.subscribedTokens]]);
  return lines.join('\n') + '\n';
}

export function rateTotals(c: Collector): Record<string, number> {
  const totals: Record<string, number> = { clob_frames: c.clob.counters.frames, binance_trades: c.binance.counters.trades };
  for (const w of Object.values(c.writers)) totals[`rows_${w.table}`] = w.stats.written;
  return totals;
}

export function startHealthServer(port: number, report: () => HealthReport, rates: RateMeter, logger: Logger): Promise<Server> {
  const server = createServer((req, res) => {
    const r = report();
    if (req.url === '/healthz' || req.url === '/health') {
      res.writeHead(r.status === 'ok' ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify(r));
    } else if (req.url === '/metrics') {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(prometheusText(r, rates));
    } else {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":"not found: use /healthz or /metrics"}');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      logger.info({ port: (server.address() as { port: number }).port }, 'health endpoint listening (/healthz, /metrics)');
      resolve(server);
    });
  });
}
