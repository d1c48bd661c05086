/**
 * The replay source's storage half (spec 3.4): reads the recorded range slice by slice of receive
 * time (`backtest.chunk_seconds`), so memory stays bounded however long the range (the embedded
 * engine returns whole results, so a single streaming query would not bound it), and turns the
 * rows into the event sequence the live source produced:
 *
 *  - a `market_windows` row -> `market` at its discovery (windows found before the range: at its
 *    start, with their books rebuilt as they stood then, see warmup.ts);
 *  - exchange `book` snapshots, one `price_change` per frame (deltas sharing an `ingest_seq`),
 *    `tick_size`, `trade`, `resolved` (once per window), Binance `spot`;
 *  - recorded gaps and collector stops -> `feed` disconnected / connected;
 *  - windows without a `market_resolved`: settled `settle_grace_ms` after their end from the
 *    stored outcome, or estimated from Binance (see resolutions.ts).
 *
 * Everything is ordered by receive time, then `ingest_seq`, then within a frame book before
 * deltas before trades/ticks/resolutions (the frame order of mixed frames is not stored), then
 * `entry_index`. The next slice is read while the current one is replayed.
 */
import type { CryptoAsset, MarketWindow } from '@polymarket-arb/domain';
import type { Store } from '@polymarket-arb/common';
import type { MarketEvent } from '../../core/events.js';
import type { EventBatch, ReplayNote } from '../replay/batch.js';
import { bookEvent, levelChange, resolvedEvent, spotEvent, tickSizeEvent, tradeEvent, windowOf } from './convert.js';
import { settleWithoutWire, type Settled } from './resolutions.js';
import * as Q from './sql.js';
import { warmBooks } from './warmup.js';

export interface ReaderOptions {
  readonly store: Store;
  readonly startMs: number;
  readonly endMs: number;
  readonly assets: readonly CryptoAsset[];
  readonly chunkSeconds: number;
  readonly settleGraceMs: number;
}

/** A market is followed (and its rows read) until this long after its window ends. */
const LINGER_MS = 3_600_000;
/** Markets are announced at the range start only if the engine would still track them (10 min after end). */
const RETIRE_MS = 600_000;
const SKEW_TABLES = ['orderbook_snapshots', 'orderbook_deltas', 'market_events', 'spot_prices'] as const;

interface Known {
  readonly window: MarketWindow;
  readonly storedOutcome: string;
  readonly discoveredMs: number;
  /** A `market_resolved` was recorded for it (at any time). */
  wire: boolean;
  settled: boolean;
}

/** One replay item before sorting: its order key and what it carries. */
interface Item {
  rx: number;
  seq: number;
  prio: number;
  event: MarketEvent;
}

export interface ReaderStats {
  slices: number;
  rows: Record<string, number>;
  invalidRows: number;
  windows: number;
  settledWithoutWire: number;
}

export class ReplayReader {
  readonly stats: ReaderStats = { slices: 0, rows: {}, invalidRows: 0, windows: 0, settledWithoutWire: 0 };
  private readonly known = new Map<string, Known>();
  private readonly byToken = new Map<string, Known>();
  private skewMs = 1_000;
  /**
   * How far the recording machine's clock was behind the exchange (ms): the median of exchange
   * minus receive time over the first deltas, used only beyond a second (a well-synchronised
   * collector replays on its receive times, as recorded).
   */
  clockOffsetMs = 0;

  constructor(private readonly o: ReaderOptions) {}

  /** Measure the receive-vs-exchange skew of the range (bounds the slices' partition filter) and the clock offset. */
  async open(): Promise<void> {
    const { startMs, endMs } = this.o;
    const params = { lo: startMs - 86_400_000, hi: endMs + 86_400_000, start: startMs, end: endMs };
    let skew = 0;
    for (const table of SKEW_TABLES) {
      const rows = await Q.compactRows<[string | null]>(this.o.store, Q.skewSql(table), params);
      skew = Math.max(skew, Number(rows[0]?.[0] ?? 0) || 0);
    }
    this.skewMs = skew + 1_000;
    const lags = (await Q.compactRows<[string]>(this.o.store, Q.CLOCK_OFFSET_SQL, params)).map((r) => Number(r[0])).sort((a, b) => a - b);
    const median = lags.length === 0 ? 0 : (lags[lags.length >> 1] as number);
    this.clockOffsetMs = Math.abs(median) > 1_000 ? median : 0;
  }

  /** The range as batches, one per slice, in replay order. */
  async *batches(signal?: AbortSignal): AsyncGenerator<EventBatch> {
    const { startMs, endMs, chunkSeconds } = this.o;
    const step = chunkSeconds * 1000;
    let from = startMs;
    let pending = this.slice(from, Math.min(from + step, endMs));
    for (;;) {
      const batch = await pending;
      const to = Math.min(from + step, endMs);
      const more = to < endMs && signal?.aborted !== true;
      if (more) pending = this.slice(to, Math.min(to + step, endMs));
      yield batch;
      if (!more) return;
      from = to;
    }
  }

  /** Settlements the store knows for windows left open at the end (a later `market_resolved`, a stored outcome, or the estimate). */
  async lateResolutions(eventIds: readonly string[]): Promise<Map<string, Settled>> {
    const out = new Map<string, Settled>();
    const ids = eventIds.filter((id) => this.known.has(id));
    if (ids.length === 0) return out;
    const wire = await Q.compactRows<Q.WireResolutionRow>(this.o.store, Q.WIRE_RESOLUTIONS_SQL, { ids });
    for (const [eventId, token, outcome] of wire) {
      const k = this.known.get(eventId);
      const winner = k === undefined ? undefined : token === k.window.yesTokenId ? 'yes' : token === k.window.noTokenId ? 'no' : undefined;
      if (winner !== undefined) out.set(eventId, { winner, source: 'stored' });
      else if (outcome !== '' && k !== undefined) this.known.set(eventId, { ...k, storedOutcome: outcome });
    }
    for (const id of ids) {
      if (out.has(id)) continue;
      const k = this.known.get(id) as Known;
      const s = await settleWithoutWire(this.o.store, k.window, k.storedOutcome);
      if (s !== undefined) out.set(id, s);
    }
    return out;
  }

  /** Read and merge one slice [fromMs, toMs) of receive time. */
  private async slice(fromMs: number, toMs: number): Promise<EventBatch> {
    this.stats.slices++;
    const items: Item[] = [];
    const notes: ReplayNote[] = [];
    const bad = { count: 0 };
    const rx0 = fromMs * 1000;
    const rx1 = toMs * 1000;
    const fresh = await this.windows(fromMs, toMs, items);
    if (fromMs === this.o.startMs) await this.warmUp(items, bad);
    this.forget(fromMs);
    const ids = [...this.known.keys()];
    const tokens = [...this.known.values()].flatMap((k) => [k.window.yesTokenId, k.window.noTokenId]);
    const p: Q.SliceParams = { ids, tokens, assets: [...this.o.assets], rx0, rx1, ts0: fromMs - this.skewMs, ts1: toMs + this.skewMs };
    if (fresh.length > 0) await this.markWire(fresh);
    const [snaps, deltas, marketEvents, spots, gaps, collector] = await Promise.all([
      ids.length > 0 ? Q.compactRows<Q.SnapshotRow>(this.o.store, Q.SNAPSHOTS_SQL, p).then((rows) => Q.withTokens(rows, 0, tokens)) : [],
      ids.length > 0 ? Q.compactRows<Q.DeltaRow>(this.o.store, Q.DELTAS_SQL, p).then((rows) => Q.withTokens(rows, 0, tokens)) : [],
      ids.length > 0
        ? Q.compactRows<Q.MarketEventRow>(this.o.store, Q.MARKET_EVENTS_SQL, p).then((rows) => Q.withTokens(rows, 1, tokens))
        : [],
      Q.compactRows<Q.SpotRow>(this.o.store, Q.SPOT_SQL, p),
      Q.compactRows<Q.GapRow>(this.o.store, Q.GAPS_SQL, p),
      Q.compactRows<Q.CollectorEventRow>(this.o.store, Q.COLLECTOR_EVENTS_SQL, p),
    ]);
    this.count({
      orderbook_snapshots: snaps.length,
      orderbook_deltas: deltas.length,
      market_events: marketEvents.length,
      spot_prices: spots.length,
      collector_gaps: gaps.length,
      collector_events: collector.length,
    });
    for (const s of snaps) items.push({ rx: Number(s[5]), seq: Number(s[6]), prio: 1, event: bookEvent(s, bad) });
    this.frames(deltas, items, bad);
    this.marketEvents(marketEvents, items, bad);
    for (const s of spots) {
      const e = spotEvent(s);
      if (e === undefined) bad.count++;
      else items.push({ rx: Number(s[3]), seq: 0, prio: 5, event: e });
    }
    this.gaps(gaps, rx0, rx1, items, notes);
    this.collectorEvents(collector, items, notes);
    await this.settlements(fromMs, toMs, items);
    if (bad.count > 0) {
      this.stats.invalidRows += bad.count;
      notes.push({ atMicros: rx0, kind: 'invalid_row', eventId: null, detail: { rows: bad.count, from: fromMs, to: toMs } });
    }
    items.sort((a, b) => a.rx - b.rx || a.seq - b.seq || a.prio - b.prio);
    return { events: items.map((i) => i.event), atMicros: items.map((i) => i.rx), notes, endMicros: rx1 };
  }

  /** Windows discovered by the end of the slice and still live: newly seen ones are announced. */
  private async windows(fromMs: number, toMs: number, items: Item[]): Promise<Known[]> {
    const rows = await Q.compactRows<Q.WindowRow>(this.o.store, Q.WINDOWS_SQL, {
      assets: [...this.o.assets],
      rx1: toMs * 1000,
      linger0: (fromMs - LINGER_MS) * 1000,
    });
    const fresh: Known[] = [];
    for (const r of rows) {
      if (this.known.has(r[0])) continue;
      const k: Known = { window: windowOf(r), storedOutcome: r[19], discoveredMs: Number(r[6]), wire: false, settled: false };
      this.known.set(r[0], k);
      this.byToken.set(k.window.yesTokenId, k).set(k.window.noTokenId, k);
      this.stats.windows++;
      fresh.push(k);
      const at = Math.max(k.discoveredMs, this.o.startMs);
      if (k.discoveredMs < this.o.startMs && k.window.windowEnd + RETIRE_MS <= this.o.startMs) continue;
      items.push({ rx: at * 1000, seq: 0, prio: 0, event: { type: 'market', window: k.window } });
    }
    return fresh;
  }

  private async warmUp(items: Item[], bad: { count: number }): Promise<void> {
    const start = this.o.startMs;
    const live = [...this.known.values()]
      .filter((k) => k.discoveredMs < start && k.window.windowEnd + RETIRE_MS > start)
      .map((k) => k.window);
    for (const e of await warmBooks(this.o.store, live, start, bad)) items.push({ rx: start * 1000, seq: 0, prio: 1, event: e });
  }

  /** Note which new windows have a `market_resolved` recorded (those are never settled otherwise). */
  private async markWire(fresh: Known[]): Promise<void> {
    const rows = await Q.compactRows<Q.WireResolutionRow>(this.o.store, Q.WIRE_RESOLUTIONS_SQL, {
      ids: fresh.map((k) => k.window.eventId),
    });
    for (const r of rows) {
      const k = this.known.get(r[0]);
      if (k !== undefined) k.wire = true;
    }
  }

  /** Stop reading windows long over (bounds memory and the `IN` lists). */
  private forget(fromMs: number): void {
    for (const [id, k] of this.known) {
      if (k.window.windowEnd + LINGER_MS >= fromMs) continue;
      this.known.delete(id);
      this.byToken.delete(k.window.yesTokenId);
      this.byToken.delete(k.window.noTokenId);
    }
  }

  /** The deltas of one frame (one `ingest_seq`) become one `price_change`. */
  private frames(rows: Q.DeltaRow[], items: Item[], bad: { count: number }): void {
    let i = 0;
    while (i < rows.length) {
      const first = rows[i] as Q.DeltaRow;
      const seq = first[6];
      const changes = [];
      let ts = 0;
      for (; i < rows.length && (rows[i] as Q.DeltaRow)[6] === seq; i++) {
        const r = rows[i] as Q.DeltaRow;
        const c = levelChange(r);
        if (c === undefined) bad.count++;
        else changes.push(c);
        ts = Math.max(ts, Number(r[1]));
      }
      if (changes.length > 0)
        items.push({ rx: Number(first[5]), seq: Number(seq), prio: 2, event: { type: 'price_change', changes, timestampMs: ts } });
    }
  }

  private marketEvents(rows: Q.MarketEventRow[], items: Item[], bad: { count: number }): void {
    for (const r of rows) {
      const rx = Number(r[10]);
      const seq = Number(r[11]);
      if (r[0] === 'last_trade_price' || r[0] === 'tick_size_change') {
        const e = r[0] === 'last_trade_price' ? tradeEvent(r) : tickSizeEvent(r);
        if (e === undefined) bad.count++;
        else items.push({ rx, seq, prio: 3, event: e });
        continue;
      }
      const k = this.known.get(r[2]) ?? this.byToken.get(r[1]);
      if (k === undefined || k.settled) continue;
      const e = resolvedEvent(k.window, r);
      if (e === undefined) continue;
      k.settled = true;
      items.push({ rx, seq, prio: 4, event: e });
    }
  }

  /** Recorded gaps -> the feed disconnects at their start and reconnects at their end (once per instant). */
  private gaps(rows: Q.GapRow[], rx0: number, rx1: number, items: Item[], notes: ReplayNote[]): void {
    const seen = new Set<string>();
    for (const [source, token, eventId, asset, started, ended] of rows) {
      const feed = source === 'binance' ? 'binance' : 'clob';
      const s = Number(started);
      const e = Number(ended);
      if (s >= rx0 && s < rx1 && !seen.has(`${feed}/${s}`)) {
        seen.add(`${feed}/${s}`);
        items.push({ rx: s, seq: 0, prio: 0, event: { type: 'feed', feed, connected: false, timestampMs: Math.floor(s / 1000) } });
        notes.push({
          atMicros: s,
          kind: 'feed_gap',
          eventId: eventId === '' ? null : eventId,
          detail: { feed, token, asset, durationMs: Math.round((e - s) / 1000) },
        });
      }
      if (e >= rx0 && e < rx1 && !seen.has(`${feed}/end/${e}`)) {
        seen.add(`${feed}/end/${e}`);
        items.push({ rx: e, seq: 0, prio: 6, event: { type: 'feed', feed, connected: true, timestampMs: Math.floor(e / 1000) } });
      }
    }
  }

  private collectorEvents(rows: Q.CollectorEventRow[], items: Item[], notes: ReplayNote[]): void {
    for (const [kind, token, detail, at] of rows) {
      const rx = Number(at);
      if (kind === 'book_mismatch') {
        const k = this.byToken.get(token);
        if (k !== undefined)
          notes.push({
            atMicros: rx,
            kind: 'book_mismatch',
            eventId: k.window.eventId,
            detail: { token, slug: k.window.slug, collector: safeJson(detail) },
          });
        continue;
      }
      const connected = kind === 'start';
      for (const feed of ['clob', 'binance'] as const)
        items.push({ rx, seq: 0, prio: connected ? 6 : 0, event: { type: 'feed', feed, connected, timestampMs: Math.floor(rx / 1000) } });
      if (!connected) notes.push({ atMicros: rx, kind: 'collector_stopped', eventId: null, detail: { detail } });
    }
  }

  /** Windows without a wire resolution, due in this slice: stored outcome, else the Binance estimate. */
  private async settlements(fromMs: number, toMs: number, items: Item[]): Promise<void> {
    for (const k of this.known.values()) {
      const due = k.window.windowEnd + this.o.settleGraceMs; // exchange time
      const local = due - this.clockOffsetMs;
      if (k.wire || k.settled || local < fromMs || local >= toMs) continue;
      const s = await settleWithoutWire(this.o.store, k.window, k.storedOutcome);
      k.settled = true;
      if (s === undefined) continue;
      this.stats.settledWithoutWire++;
      items.push({
        rx: local * 1000,
        seq: 0,
        prio: 7,
        event: { type: 'resolved', eventId: k.window.eventId, winner: s.winner, timestampMs: due, source: s.source } as MarketEvent,
      });
    }
  }

  private count(rows: Record<string, number>): void {
    for (const [t, n] of Object.entries(rows)) this.stats.rows[t] = (this.stats.rows[t] ?? 0) + n;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
