/**
 * Health and metrics: `GET /healthz` (JSON: connection states, last-message ages, feed lag, buffers;
 * 200 when collecting, 503 otherwise with the reasons in `degradedBy`, for liveness/readiness probes)
 * and `GET /metrics` (Prometheus text: frames and rows per second and in total, feed lag, buffer
 * depth, reconnects, book mismatches, drops).
 * Plus the periodic health line in the log.
 */
import { createServer, type Server } from 'node:http';
import { type Logger } from '@polymarket-arb/common';
import type { FeedLag } from '@polymarket-arb/venue';
import type { Collector } from './collector.js';
import { HealthBindError, HealthPortInUseError } from './errors.js';

/** How far behind a feed we read (see FeedLag), ms; null before its first frame. */
export interface LagReport {
  lagMs: number | null;
  /** Highest over the last 10 s. */
  lagMaxMs: number | null;
  behind: boolean;
  episodes: number;
}

/** Why /healthz says 503: feeds down or stale, the store failing, a feed read too far behind. */
export type DegradedBy = 'clob_down' | 'binance_down' | 'clob_stale' | 'store' | 'clob_lag' | 'binance_lag';

export interface HealthReport {
  status: 'ok' | 'degraded';
  degradedBy: DegradedBy[];
  uptimeS: number;
  lagThresholdMs: number;
  clob: { state: string; lastMessageAgeMs: number; reconnects: number; subscribedTokens: number } & LagReport;
  binance: { state: string; lastMessageAgeMs: number; reconnects: number } & LagReport;
  windows: string[];
  buffers: Record<string, { buffered: number; written: number; dropped: number; retried: number; lastError: string | null }>;
  counters: Record<string, number>;
}

export function healthReport(c: Collector, nowMs: number, stallMs: number): HealthReport {
  const clobAge = c.channel.lastDataAtMs ? nowMs - c.channel.lastDataAtMs : -1;
  const binAge = c.binance.socket.lastFrameAtMs ? nowMs - c.binance.socket.lastFrameAtMs : -1;
  const buffers = Object.fromEntries(Object.values(c.writers).map((w) => [w.table, { ...w.stats, lastError: w.stats.lastError ?? null }]));
  const problems: [DegradedBy, boolean][] = [
    ['clob_down', c.channel.socket.state !== 'open'],
    ['binance_down', c.binance.socket.state !== 'open'],
    ['clob_stale', clobAge >= stallMs],
    ['store', Object.values(c.writers).some((w) => w.stats.lastError !== undefined)],
    ['clob_lag', c.clob.lag.behind],
    ['binance_lag', c.binance.lag.behind],
  ];
  const degradedBy = problems.filter(([, on]) => on).map(([why]) => why);
  return {
    status: degradedBy.length === 0 ? 'ok' : 'degraded',
    degradedBy,
    uptimeS: Math.round((nowMs - c.startedAtMs) / 1000),
    lagThresholdMs: c.lagThresholdMs,
    clob: {
      state: c.channel.socket.state,
      lastMessageAgeMs: clobAge,
      reconnects: c.channel.socket.reconnects,
      subscribedTokens: c.channel.subscribed.size,
      ...lagReport(c.clob.lag),
    },
    binance: {
      state: c.binance.socket.state,
      lastMessageAgeMs: binAge,
      reconnects: c.binance.socket.reconnects,
      ...lagReport(c.binance.lag),
    },
    windows: c.followedWindows().map((w) => w.slug),
    buffers,
    counters: {
      ...c.clob.counters,
      binanceTrades: c.binance.counters.trades,
      binanceMissedTrades: c.binance.counters.missedTrades,
      binanceInvalid: c.binance.counters.invalid,
    },
  };
}

function lagReport(lag: FeedLag): LagReport {
  const ms = (v: number) => (Number.isFinite(v) ? Math.round(v) : null);
  return { lagMs: ms(lag.lastMs), lagMaxMs: ms(lag.recentMaxMs()), behind: lag.behind, episodes: lag.episodes };
}

/**
 * Per-second rates of cumulative counters over a sliding window, from readings taken every second
 * or so. Rates read at any moment (a scrape, the health line) cover the last `windowMs`, or the time
 * since the first reading when that is shorter, so they mean something from the first scrape on.
 */
export class RateMeter {
  private readonly samples: { atMs: number; totals: Readonly<Record<string, number>> }[] = [];

  constructor(readonly windowMs = 10_000) {}

  /** Keep a reading of the totals. */
  sample(nowMs: number, totals: Readonly<Record<string, number>>): void {
    this.samples.push({ atMs: nowMs, totals });
    // The oldest reading kept is the last one at or before the window's start: the baseline.
    while (this.samples.length > 2 && (this.samples[1] as { atMs: number }).atMs <= nowMs - this.windowMs) this.samples.shift();
  }

  /** Rates from the baseline reading (the last at or before the window's start) to `totals` at `nowMs`. */
  ratesAt(nowMs: number, totals: Readonly<Record<string, number>>): Map<string, number> {
    let base = this.samples[0];
    for (const s of this.samples) if (s.atMs <= nowMs - this.windowMs) base = s;
    const seconds = base === undefined ? 0 : (nowMs - base.atMs) / 1000;
    const rates = new Map<string, number>();
    for (const [key, total] of Object.entries(totals)) rates.set(key, seconds > 0 ? (total - (base?.totals[key] ?? 0)) / seconds : 0);
    return rates;
  }
}

export function prometheusText(r: HealthReport, rates: ReadonlyMap<string, number>): string {
  const lines: string[] = [];
  const metric = (name: string, help: string, type: 'counter' | 'gauge', samples: [string, number][]) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [labels, value] of samples) lines.push(`${name}${labels} ${Number.isFinite(value) ? value : 0}`);
  };
  const rate = (key: string) => rates.get(key) ?? 0;
  metric('poly_collect_up', '1 when collecting normally', 'gauge', [['', r.status === 'ok' ? 1 : 0]]);
  metric('poly_collect_frames_total', 'WebSocket frames received', 'counter', [['{source="clob"}', r.counters.frames ?? 0]]);
  metric('poly_collect_messages_per_second', 'Frames per second over the last 10 s (since start when shorter)', 'gauge', [
    ['{source="clob"}', rate('clob_frames')],
    ['{source="binance"}', rate('binance_trades')],
  ]);
  metric(
    'poly_collect_rows_written_total',
    'Rows acknowledged by the store',
    'counter',
    Object.entries(r.buffers).map(([t, b]) => [`{table="${t}"}`, b.written]),
  );
  metric(
    'poly_collect_rows_per_second',
    'Rows written per second over the last 10 s (since start when shorter)',
    'gauge',
    Object.keys(r.buffers).map((t) => [`{table="${t}"}`, rate(`rows_${t}`)]),
  );
  metric(
    'poly_collect_rows_dropped_total',
    'Rows refused because a buffer was full (or unwritable at shutdown)',
    'counter',
    Object.entries(r.buffers).map(([t, b]) => [`{table="${t}"}`, b.dropped]),
  );
  metric(
    'poly_collect_rows_retried_total',
    'Rows whose insert failed and was retried',
    'counter',
    Object.entries(r.buffers).map(([t, b]) => [`{table="${t}"}`, b.retried]),
  );
  metric(
    'poly_collect_buffer_rows',
    'Rows waiting to be written',
    'gauge',
    Object.entries(r.buffers).map(([t, b]) => [`{table="${t}"}`, b.buffered]),
  );
  metric('poly_collect_reconnects_total', 'WebSocket reconnects', 'counter', [
    ['{source="clob"}', r.clob.reconnects],
    ['{source="binance"}', r.binance.reconnects],
  ]);
  metric('poly_collect_last_message_age_seconds', 'Seconds since the last message', 'gauge', [
    ['{source="clob"}', r.clob.lastMessageAgeMs / 1000],
    ['{source="binance"}', r.binance.lastMessageAgeMs / 1000],
  ]);
  const lagSamples = (pick: (l: LagReport) => number | null): [string, number][] => [
    ['{source="clob"}', (pick(r.clob) ?? Number.NaN) / 1000],
    ['{source="binance"}', (pick(r.binance) ?? Number.NaN) / 1000],
  ];
  metric(
    'poly_collect_feed_lag_seconds',
    'Receive time minus exchange timestamp of the latest frame (exchange clock)',
    'gauge',
    lagSamples((l) => l.lagMs),
  );
  metric(
    'poly_collect_feed_lag_max_seconds',
    'Highest feed lag over the last 10 s',
    'gauge',
    lagSamples((l) => l.lagMaxMs),
  );
  metric(
    'poly_collect_feed_lag_threshold_seconds',
    'Feed lag past which the collector counts as behind (collector.lag_threshold_ms)',
    'gauge',
    [['', r.lagThresholdMs / 1000]],
  );
  metric('poly_collect_feed_behind', '1 while the feed lag is past the threshold', 'gauge', [
    ['{source="clob"}', r.clob.behind ? 1 : 0],
    ['{source="binance"}', r.binance.behind ? 1 : 0],
  ]);
  metric('poly_collect_lag_episodes_total', 'Episodes of feed lag past the threshold', 'counter', [
    ['{source="clob"}', r.clob.episodes],
    ['{source="binance"}', r.binance.episodes],
  ]);
  metric('poly_collect_book_mismatches_total', 'Episodes where the local book disagreed with the exchange best bid/ask', 'counter', [
    ['', r.counters.bookMismatches ?? 0],
  ]);
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

/** What the health server serves from; `report()` is undefined while the collector is starting. */
export interface HealthSource {
  report(): HealthReport | undefined;
  /** Per-second rates by `rateTotals` key. */
  rates(): ReadonlyMap<string, number>;
}

export interface HealthBind {
  host: string;
  port: number;
}

/**
 * Serve /healthz and /metrics on `bind`. Called before anything else starts, so a port in use or an
 * address this machine does not have stops the program at once with a sentence naming the setting.
 */
export async function startHealthServer(bind: HealthBind, source: HealthSource, logger: Logger): Promise<Server> {
  const server = createServer((req, res) => {
    const r = source.report();
    if (req.url === '/healthz' || req.url === '/health') {
      res.writeHead(r?.status === 'ok' ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify(r ?? { status: 'starting' }));
    } else if (req.url === '/metrics') {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(r === undefined ? STARTING_METRICS : prometheusText(r, source.rates()));
    } else {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":"not found: use /healthz or /metrics"}');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => reject(listenError(err, bind)));
    server.listen(bind.port, bind.host, () => resolve());
  });
  logger.info({ host: bind.host, port: (server.address() as { port: number }).port }, 'health endpoint listening (/healthz, /metrics)');
  return server;
}

const STARTING_METRICS = '# HELP poly_collect_up 1 when collecting normally\n# TYPE poly_collect_up gauge\npoly_collect_up 0\n';

const PORT_SETTING =
  '--health-port N, POLY_COLLECT_HEALTH_PORT or collector.health_port in the config file (0 turns /healthz and /metrics off)';
const BIND_SETTING = '--health-bind, POLY_COLLECT_HEALTH_BIND or collector.health_bind';

function listenError(err: NodeJS.ErrnoException, { host, port }: HealthBind): Error {
  switch (err.code) {
    case 'EADDRINUSE':
      return new HealthPortInUseError(`Health port ${port} on ${host} is already in use (another poly-collect, or another program).`, {
        hint: `Stop that program, or choose another port with ${PORT_SETTING}.`,
      });
    case 'EACCES':
      return new HealthPortInUseError(`Health port ${port} needs privileges this process does not have.`, {
        hint: `Use a port above 1023 with ${PORT_SETTING}.`,
      });
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return new HealthBindError(`Health bind address ${host} is not an address of this machine.`, {
        hint: `Use 127.0.0.1 (this machine only) or 0.0.0.0 (every interface) with ${BIND_SETTING}.`,
      });
    default:
      return err;
  }
}
