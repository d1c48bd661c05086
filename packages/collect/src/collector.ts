/**
 * The collector (spec 1.6): discovery, the CLOB market channel and Binance trades, wired to one
 * batching writer per table, with periodic snapshots, a mismatch/stall watchdog, health, and a
 * graceful stop that flushes everything. Storage and logging never run inside a socket callback
 * beyond pushing rows into memory.
 */
import { systemClock, type Clock, type MarketWindow } from '@polymarket-arb/domain';
import { BatchWriter, marketWindowRow, sleep, type Logger, type Store } from '@polymarket-arb/common';
import { Discovery, feedHttpClient, MarketChannel, type FeedLag } from '@polymarket-arb/venue';
import { BinanceCapture } from './capture/binance-capture.js';
import { ClobCapture } from './capture/clob-capture.js';
import { CAPTURE_TABLES, type CaptureSink, type CaptureWriters } from './capture/sink.js';
import type { CollectConfig } from './config.js';
import { recordRunStart, runDetail } from './run-record.js';
import { loadSpills, spillRows } from './spill.js';

export interface CollectorDeps {
  config: CollectConfig;
  store: Store;
  logger: Logger;
  clock?: Clock;
}

interface WindowState {
  window: MarketWindow;
  discoveredAtMs: number;
  subscribed: boolean;
}

export class Collector {
  readonly writers: CaptureWriters;
  readonly clob: ClobCapture;
  readonly channel: MarketChannel;
  readonly binance: BinanceCapture;
  readonly discovery: Discovery;
  readonly startedAtMs: number;
  /** Feed lag past which a feed counts as behind (collector.lag_threshold_ms). */
  readonly lagThresholdMs: number;
  private readonly windows = new Map<string, WindowState>();
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly clock: Clock;
  private stopping: Promise<void> | undefined;
  private stalled = false;

  constructor(private readonly deps: CollectorDeps) {
    const { config, logger } = deps;
    const settings = config.collector;
    this.clock = deps.clock ?? systemClock;
    this.startedAtMs = this.clock.nowMs();
    this.lagThresholdMs = settings.lag_threshold_ms;
    this.writers = makeWriters(deps, (table, rows) => spillRows(settings.spill_dir, deps.store.destination, table, rows, logger));
    const sink: CaptureSink = this.writers;
    this.channel = new MarketChannel({
      baseUrl: config.endpoints.clob_ws_url,
      clock: this.clock,
      logger: logger.child({ component: 'clob' }),
      initialBackoffMs: settings.reconnect.initial_backoff_ms,
      maxBackoffMs: settings.reconnect.max_backoff_ms,
      onFrame: (data, received, connId) => this.clob.onFrame(data, received, connId),
      onConnected: (connId) => {
        this.stalled = false;
        this.clob.onConnected(connId);
      },
      onDisconnected: (connId, reason, tokens) => this.clob.onDisconnected(connId, reason, tokens),
    });
    this.clob = new ClobCapture({
      sink,
      clock: this.clock,
      logger: logger.child({ component: 'books' }),
      resyncAfterMs: settings.resync_after_ms,
      keepRawFrames: settings.keep_raw_frames,
      requestResync: (ids) => this.channel.resync(ids),
      onResolved: (message, window) => {
        if (!window) return;
        const state = this.windows.get(window.slug);
        const winner =
          message.winningAssetId === window.yesTokenId
            ? 'Up'
            : message.winningAssetId === window.noTokenId
              ? 'Down'
              : message.winningOutcome;
        this.writers.windows.push(
          marketWindowRow(window, state?.discoveredAtMs ?? this.clock.nowMs(), this.clock.nowMs(), {
            closed: true,
            winningOutcome: winner,
            resolvedAtMs: message.timestampMs,
          }),
        );
      },
    });
    this.binance = new BinanceCapture({
      baseUrl: config.endpoints.binance_ws_url,
      assets: settings.assets,
      sink,
      clock: this.clock,
      logger: logger.child({ component: 'binance' }),
      initialBackoffMs: settings.reconnect.initial_backoff_ms,
      keepRawFrames: settings.keep_raw_frames,
    });
    this.discovery = new Discovery({
      gammaUrl: config.endpoints.gamma_url,
      clobUrl: config.endpoints.clob_url,
      assets: settings.assets,
      clock: this.clock,
      logger: logger.child({ component: 'discovery' }),
      http: feedHttpClient({ clock: this.clock, sleep, logger: logger.child({ component: 'http' }) }),
      intervalMs: settings.rediscover_interval_s * 1000,
      leadMs: settings.discovery_lead_s * 1000,
      windowsAhead: settings.windows_ahead,
      onWindows: (windows) => this.onWindows(windows),
      // Lag is read on the exchange clock; Binance's is taken to agree with Polymarket's.
      onClockOffset: (offsetMs) => {
        this.clob.lag.setClockOffset(offsetMs);
        this.binance.lag.setClockOffset(offsetMs);
      },
    });
  }

  async start(): Promise<void> {
    const { config, logger } = this.deps;
    // Spills first: they may hold the previous run's graceful `stop`.
    await loadSpills(config.collector.spill_dir, this.deps.store, logger);
    await recordRunStart({
      store: this.deps.store,
      writers: this.writers,
      assets: config.collector.assets,
      clock: this.clock,
      unsubscribeAfterEndS: config.collector.unsubscribe_after_end_s,
      logger,
    });
    this.binance.start();
    this.channel.start();
    await this.discovery.start();
    this.every(config.collector.snapshot_interval_ms, () => this.clob.snapshotChangedBooks());
    this.every(250, () => this.watchdog());
    logger.info({ assets: config.collector.assets, store: this.deps.store.description }, 'collecting');
  }

  /** Stop reading, snapshot, flush every buffer. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async shutdown(): Promise<void> {
    const { logger, config } = this.deps;
    for (const t of this.timers) clearInterval(t);
    this.discovery.stop();
    this.clob.beginShutdown();
    await Promise.all([this.channel.stop(), this.binance.stop()]);
    this.watchLag(true);
    this.recordUnreadTails();
    this.clob.snapshotChangedBooks();
    this.clob.closeOpenGaps();
    this.clob.collectorEvent('stop', '', runDetail(config.collector.assets, 'graceful shutdown'));
    const deadline = config.collector.writer.shutdown_timeout_s * 1000;
    await Promise.all(Object.values(this.writers).map((w) => w.close(deadline)));
    logger.info({ rows: this.rowsWritten() }, 'all buffers flushed');
  }

  /** Rows acknowledged by the store, per table. */
  rowsWritten(): Record<string, number> {
    return Object.fromEntries(Object.values(this.writers).map((w) => [w.table, w.stats.written]));
  }

  /** New windows: record them, follow their books, and let go of the ones long over. */
  private onWindows(found: MarketWindow[]): void {
    const now = this.discovery.nowMs();
    for (const window of found) {
      const known = this.windows.get(window.slug);
      if (known) continue;
      this.windows.set(window.slug, { window, discoveredAtMs: this.clock.nowMs(), subscribed: false });
      this.writers.windows.push(marketWindowRow(window, this.clock.nowMs(), this.clock.nowMs()));
      this.deps.logger.info({ slug: window.slug, start: new Date(window.windowStart).toISOString() }, 'market window discovered');
    }
    const subscribe: string[] = [];
    const unsubscribe: string[] = [];
    const grace = this.deps.config.collector.unsubscribe_after_end_s * 1000;
    for (const [slug, state] of this.windows) {
      const over = now > state.window.windowEnd + grace;
      if (!state.subscribed && !over) {
        this.clob.track(state.window);
        subscribe.push(state.window.yesTokenId, state.window.noTokenId);
        state.subscribed = true;
      } else if (over) {
        if (state.subscribed) unsubscribe.push(state.window.yesTokenId, state.window.noTokenId);
        this.clob.untrack(state.window);
        this.windows.delete(slug);
      }
    }
    if (unsubscribe.length > 0) this.channel.unsubscribe(unsubscribe);
    if (subscribe.length > 0) this.channel.subscribe(subscribe);
  }

  /** The feeds whose lag is watched, by the `source` their events are stored under. */
  private feedLags(): [source: 'clob' | 'binance', lag: FeedLag, connId: number][] {
    return [
      ['clob', this.clob.lag, this.channel.socket.connId],
      ['binance', this.binance.lag, this.binance.socket.connId],
    ];
  }

  /**
   * Falling behind (or catching up): log it and store the episode's start and end. At shutdown,
   * after the last frame was read, an episode still open ends there.
   */
  private watchLag(atShutdown = false): void {
    const thresholdMs = this.lagThresholdMs;
    const now = this.clock.nowMs();
    for (const [source, lag, connId] of this.feedLags()) {
      const change = lag.tick(now, thresholdMs, atShutdown);
      if (change === 'behind') {
        const lagMs = Math.round(lag.episodeStartLagMs);
        this.deps.logger.warn(
          { source, lagMs, thresholdMs },
          'feed lag past the threshold: the collector is reading old data (falling behind)',
        );
        this.clob.collectorEvent('lag_start', '', JSON.stringify({ lagMs, thresholdMs }), connId, source);
      }
      if (change === 'caught_up' || (atShutdown && lag.behind)) this.recordLagEnd(source, lag, connId, now, change !== 'caught_up');
    }
  }

  private recordLagEnd(source: string, lag: FeedLag, connId: number, nowMs: number, atShutdown: boolean): void {
    lag.behind = false;
    const end = {
      maxLagMs: Math.round(lag.episodeMaxMs),
      durationMs: Math.round(nowMs - lag.episodeStartedAtMs),
      ...(atShutdown ? { atShutdown } : {}),
    };
    this.deps.logger.info({ source, ...end }, atShutdown ? 'stopped while behind the feed' : 'feed lag back under the threshold');
    this.clob.collectorEvent('lag_end', '', JSON.stringify(end), connId, source);
  }

  /**
   * A socket cut at shutdown while frames were still arriving (a backlog longer than the close wait)
   * left frames unread: a gap from the exchange time of the last frame read (on the local clock).
   */
  private recordUnreadTails(): void {
    const now = this.clock.nowMicros();
    const feeds = [
      { source: 'clob', socket: this.channel.socket, lag: this.clob.lag, record: (from: number) => this.clob.recordUnreadTail(from, now) },
      {
        source: 'binance',
        socket: this.binance.socket,
        lag: this.binance.lag,
        record: (from: number) => this.binance.recordUnreadTail(from, now),
      },
    ];
    for (const { source, socket, lag, record } of feeds) {
      if (socket.closeCut !== 'cap') continue;
      const fromMicros = lag.lastExchangeMs > 0 ? (lag.lastExchangeMs - lag.clockOffsetMs) * 1000 : now;
      record(fromMicros);
      const lastReadMs = Math.round(lag.lastExchangeMs);
      this.deps.logger.warn(
        { source, lastReadExchangeMs: lastReadMs },
        'shutdown cut the socket before every frame sent was read: a gap is recorded from the last frame read',
      );
      this.clob.collectorEvent('unread_at_shutdown', '', JSON.stringify({ lastReadExchangeMs: lastReadMs }), socket.connId, source);
    }
  }

  /** Mismatch resyncs, lag episodes and stall detection (subscribed to an open market but no data). */
  private watchdog(): void {
    this.clob.resyncStaleMismatches();
    this.watchLag();
    if (this.channel.socket.state !== 'open' || this.channel.subscribed.size === 0) return;
    const now = this.discovery.nowMs();
    const anyOpen = [...this.windows.values()].some((s) => s.subscribed && now >= s.window.windowStart && now < s.window.windowEnd);
    const silentMs = this.clock.nowMs() - this.channel.lastDataAtMs;
    if (anyOpen && silentMs > this.deps.config.collector.stall_timeout_s * 1000 && !this.stalled) {
      this.stalled = true;
      this.deps.logger.warn({ silentMs }, 'market channel stalled (subscribed to an open market, no data): reconnecting');
      this.clob.onStall([...this.channel.subscribed], silentMs);
      this.channel.socket.reconnect('stall');
    }
  }

  private every(ms: number, fn: () => void): void {
    const t = setInterval(fn, ms);
    this.timers.push(t);
  }

  /** Open windows this collector follows (for health). */
  followedWindows(): MarketWindow[] {
    return [...this.windows.values()].filter((s) => s.subscribed).map((s) => s.window);
  }
}

function makeWriters(deps: CollectorDeps, onUnwritten: (table: string, rows: readonly object[]) => void): CaptureWriters {
  const w = deps.config.collector.writer;
  const make = (table: string) =>
    new BatchWriter(deps.store, {
      table,
      batchRows: w.batch_rows,
      flushIntervalMs: w.flush_interval_ms,
      maxBufferedRows: w.max_buffered_rows,
      maxRetryDelayMs: w.max_retry_delay_ms,
      logger: deps.logger.child({ table }),
      onUnwritten,
    });
  return Object.fromEntries(Object.entries(CAPTURE_TABLES).map(([key, table]) => [key, make(table)])) as CaptureWriters;
}
