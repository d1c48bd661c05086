/**
 * Anomaly detection (spec 7.5) over the replay, off the engine's hot path: extreme net margins,
 * flash moves (spot, and the Up mid price), latency spikes (receive time far behind the exchange
 * timestamp), stalls (no market data while a window is open), and what the collector recorded
 * about itself (book mismatches, feed gaps, stops, unreadable rows). Each becomes an `anomalies`
 * row with its context as JSON. A condition is reported once when it starts, and again only after
 * it has eased (below half its threshold), so a long episode is one row, not thousands.
 */
import { chTimeMs, formatMicros, type Micros } from '@polymarket-arb/domain';
import type { MarketEvent } from '../../core/events.js';
import type { MarketState } from '../../core/market-state.js';
import type { MarketRegistry } from '../../core/markets.js';
import type { ReplayNote } from '../replay/batch.js';
import type { RowQueue } from './decisions.js';
import type { BacktestSettings } from '../run/settings.js';

export interface AnomalyRow {
  timestamp: string;
  anomaly_type: string;
  severity: 'info' | 'medium' | 'high';
  event_id: string | null;
  description: string;
  context: string;
  mode: string;
  run_id: string;
}

/** Rows kept per type (every occurrence is still counted). */
const MAX_ROWS_PER_TYPE = 10_000;
/** Anomalies kept in memory for the report. */
const REPORT_SAMPLE = 200;

interface MidSample {
  t: number;
  mid: Micros;
}

export class AnomalyDetector {
  readonly counts = new Map<string, number>();
  readonly sample: AnomalyRow[] = [];
  private readonly flagged = new Set<unknown>();
  private readonly mids = new Map<number, MidSample[]>();
  private lastClobMs: number;
  private readonly s: BacktestSettings;

  constructor(
    private readonly markets: MarketRegistry,
    settings: BacktestSettings,
    private readonly runId: string,
    startMs: number,
    private readonly sink?: RowQueue<AnomalyRow>,
  ) {
    this.s = settings;
    this.lastClobMs = startMs;
  }

  afterEvent(e: MarketEvent, nowMs: number): void {
    switch (e.type) {
      case 'book':
        this.clobData(nowMs, e.timestampMs);
        this.checkMargin(this.markets.token(e.tokenId)?.market, nowMs);
        return;
      case 'price_change': {
        this.clobData(nowMs, e.timestampMs);
        let last: MarketState | undefined;
        for (const c of e.changes) {
          const m = this.markets.token(c.tokenId)?.market;
          if (m !== last) this.checkMargin(m, nowMs);
          last = m;
        }
        return;
      }
      case 'trade':
      case 'tick_size':
        this.clobData(nowMs, e.timestampMs);
        return;
      case 'spot':
        this.checkLatency('binance', nowMs, e.timestampMs);
        this.checkSpot(e.asset, nowMs);
        return;
      default:
    }
  }

  onTick(nowMs: number): void {
    const open = this.markets.all.some((m) => m.window.windowStart <= nowMs && nowMs < m.window.windowEnd && !m.closed);
    if (this.mids.size > 4 * this.markets.all.length + 16) this.forgetRetired();
    const silent = nowMs - this.lastClobMs;
    if (this.starts('stall', open && silent >= this.s.anomaly_stall_ms, !open || silent < this.s.anomaly_stall_ms / 2))
      this.emit('stall', 'high', null, `no market data for ${silent} ms while a window is open`, { silentMs: silent }, nowMs);
    for (const m of this.markets.all) this.checkBookMove(m, nowMs);
  }

  /** Drop the mid samples of markets the engine no longer tracks. */
  private forgetRetired(): void {
    const live = new Set(this.markets.all.map((m) => m.eventHash));
    for (const key of this.mids.keys()) if (!live.has(key)) this.mids.delete(key);
  }

  onNote(n: ReplayNote): void {
    const severity = n.kind === 'feed_gap' || n.kind === 'invalid_row' ? 'high' : n.kind === 'collector_stopped' ? 'info' : 'medium';
    const text = {
      book_mismatch: 'the collector saw its local book disagree with the exchange',
      feed_gap: 'a feed was not followed (recorded gap)',
      collector_stopped: 'the collector was stopped: no data until it started again',
      invalid_row: 'a stored row could not be replayed and was skipped',
    }[n.kind];
    this.emit(n.kind, severity, n.eventId, text, n.detail, Math.floor(n.atMicros / 1000));
  }

  private clobData(nowMs: number, exchangeMs: number): void {
    this.lastClobMs = nowMs;
    this.flagged.delete('stall');
    this.checkLatency('clob', nowMs, exchangeMs);
  }

  private checkLatency(feed: string, nowMs: number, exchangeMs: number): void {
    const lag = nowMs - exchangeMs;
    const limit = this.s.anomaly_latency_ms;
    if (this.starts(feed === 'clob' ? 'latency/clob' : 'latency/binance', lag >= limit, lag < limit / 2))
      this.emit(
        'latency_spike',
        'medium',
        null,
        `${feed} data received ${lag} ms after its exchange timestamp`,
        { feed, lagMs: lag, exchangeMs },
        nowMs,
      );
  }

  private checkMargin(m: MarketState | undefined, nowMs: number): void {
    if (m === undefined) return;
    const limit = this.s.anomaly_extreme_margin;
    // keyed by the event hash, not the market object: a retired market's books must be collectable
    if (!this.starts(m.eventHash, m.netMargin >= limit, m.netMargin < limit / 2)) return;
    const context = {
      slug: m.window.slug,
      yesAsk: formatMicros(Math.max(0, m.yesAsk)),
      noAsk: formatMicros(Math.max(0, m.noAsk)),
      yesAskSize: formatMicros(m.yesAskSize),
      noAskSize: formatMicros(m.noAskSize),
      netMargin: formatMicros(m.netMargin),
      remainingSecs: m.remainingSecs(nowMs),
    };
    this.emit(
      'extreme_margin',
      m.netMargin >= 2 * limit ? 'high' : 'medium',
      m.window.eventId,
      `taker pair nets ${context.netMargin} per pair after fees`,
      context,
      nowMs,
    );
  }

  private checkSpot(asset: string, nowMs: number): void {
    const tracker = this.markets.spotIfAny(asset as never);
    if (tracker === undefined) return;
    const bps = tracker.moveBps(nowMs, this.s.anomaly_flash_window_ms);
    const limit = this.s.anomaly_flash_move_bps;
    if (!this.starts(`spot/${asset}`, bps >= limit, bps < limit / 2)) return;
    this.emit(
      'flash_move',
      'medium',
      null,
      `${asset} spot moved ${bps.toFixed(1)} bps within ${this.s.anomaly_flash_window_ms} ms`,
      { asset, bps: Math.round(bps * 10) / 10, last: formatMicros(tracker.last) },
      nowMs,
    );
  }

  /** Up mid price moved by `anomaly_flash_book_move` within the flash window (sampled on ticks). */
  private checkBookMove(m: MarketState, nowMs: number): void {
    const bid = m.yes.book.bestBid();
    const ask = m.yes.book.bestAsk();
    if (bid < 0 || ask < 0 || m.closed) return;
    const mid = Math.floor((bid + ask) / 2);
    let list = this.mids.get(m.eventHash);
    if (list === undefined) this.mids.set(m.eventHash, (list = []));
    list.push({ t: nowMs, mid });
    while (list.length > 1 && (list[0] as MidSample).t < nowMs - this.s.anomaly_flash_window_ms) list.shift();
    const move = Math.abs(mid - (list[0] as MidSample).mid);
    const limit = this.s.anomaly_flash_book_move;
    if (!this.starts(`book/${m.window.eventId}`, move >= limit, move < limit / 2)) return;
    this.emit(
      'flash_move',
      'medium',
      m.window.eventId,
      `Up mid price moved ${formatMicros(move)} within ${this.s.anomaly_flash_window_ms} ms`,
      { slug: m.window.slug, from: formatMicros((list[0] as MidSample).mid), to: formatMicros(mid) },
      nowMs,
    );
  }

  /** True when condition `key` starts now (it was off); an eased condition (`off`) re-arms. */
  private starts(key: unknown, on: boolean, off: boolean): boolean {
    if (on && !this.flagged.has(key)) {
      this.flagged.add(key);
      return true;
    }
    if (off) this.flagged.delete(key);
    return false;
  }

  private emit(
    type: string,
    severity: AnomalyRow['severity'],
    eventId: string | null,
    description: string,
    context: Record<string, unknown>,
    atMs: number,
  ): void {
    const n = (this.counts.get(type) ?? 0) + 1;
    this.counts.set(type, n);
    if (n > MAX_ROWS_PER_TYPE) return;
    const row: AnomalyRow = {
      timestamp: chTimeMs(atMs),
      anomaly_type: type,
      severity,
      event_id: eventId,
      description,
      context: JSON.stringify(context),
      mode: 'backtest',
      run_id: this.runId,
    };
    this.sink?.push(row);
    if (this.sample.length < REPORT_SAMPLE) this.sample.push(row);
  }
}
