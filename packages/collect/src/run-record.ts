/**
 * Where each run of a collector begins and ends, so a hole in the recording is never replayed as if
 * the books had been continuous.
 *
 * A run writes `start` to `collector_events` as it begins and `stop` when it shuts down gracefully.
 * Both name its assets ("assets BTC,ETH"): that is a collector's identity on a store that several
 * collectors (each with its own assets) may share, so one collector's start is never taken for
 * another's crash. A run that ends without `stop` (crash, kill -9, OOM kill, power loss) is noticed
 * by the next start of a collector with any of its assets: the latest start/stop naming those assets
 * is a `start`. That start then records what the dead run could not: a `stop` just after the dead
 * run's last stored row (detail "unclean stop ...") and, for every book and spot feed it was
 * following then, a `collector_gaps` row up to the new start (reason `unclean_stop`). The backtest
 * turns both into feed disconnects, so it does not replay across the hole.
 *
 * Startup stays fast on a large store: the run events are few and sorted by kind, and the last row
 * is looked for in growing slices of time back from now (15 min, 1 h, 4 h, ...), never before the
 * dead run's start, each cut on the tables' partition and sort key by exchange time.
 */
import { binanceSymbol, chTimeMicros, describeError, type Clock, type CryptoAsset } from '@polymarket-arb/domain';
import { type Logger, type Store } from '@polymarket-arb/common';
import type { CaptureWriters } from './capture/sink.js';

const RUN_DETAIL_RE = /^assets ([A-Z,]+)(?:;|$)/;
/** Exchange time may differ from receive time by this much (clock offset plus latency) in the last-row search. */
const SKEW_MICROS = 600_000_000;
const FIRST_SLICE_MICROS = 900_000_000;
export const UNCLEAN_STOP_REASON = 'unclean_stop';

/** `collector_events.detail` of a start or stop: "assets BTC,ETH" or "assets BTC,ETH; <note>". */
export function runDetail(assets: readonly CryptoAsset[], note?: string): string {
  const identity = `assets ${[...assets].sort().join(',')}`;
  return note === undefined ? identity : `${identity}; ${note}`;
}

/** The assets a start/stop detail names; undefined for details without them (stops of older versions). */
export function assetsOfRunDetail(detail: string): CryptoAsset[] | undefined {
  const list = RUN_DETAIL_RE.exec(detail)?.[1];
  return list === undefined ? undefined : (list.split(',').filter((a) => a.length > 0) as CryptoAsset[]);
}

export interface UncleanStop {
  /** When the dead run started (µs), and its assets. */
  runStartMicros: number;
  assets: CryptoAsset[];
  /** Receive time of its last stored row (µs), or undefined when it stored none. */
  lastRowMicros: number | undefined;
}

/**
 * The latest start/stop of a run with any of `assets`; a `start` there means that run never
 * stopped gracefully. Stops written before runs named their assets count for every collector.
 */
export async function findUncleanStop(store: Store, assets: readonly CryptoAsset[], nowMicros: number): Promise<UncleanStop | undefined> {
  const last = await store.queryRows<{ kind: string; detail: string; at: string }>(
    `SELECT kind, detail, toString(toUnixTimestamp64Micro(timestamp)) AS at FROM collector_events
      WHERE kind IN ('start', 'stop')
        AND (hasAny(splitByChar(',', extract(detail, '^assets ([A-Z,]+)')), {assets:Array(String)}) OR (kind = 'stop' AND NOT startsWith(detail, 'assets ')))
      ORDER BY timestamp DESC LIMIT 1`,
    { assets },
  );
  const run = last[0];
  if (run === undefined || run.kind !== 'start') return undefined;
  const runStartMicros = Number(run.at);
  const runAssets = assetsOfRunDetail(run.detail) ?? [...assets];
  return { runStartMicros, assets: runAssets, lastRowMicros: await lastStoredRowMicros(store, runAssets, runStartMicros, nowMicros) };
}

/** Receive time of the latest book, market-event or spot row of `assets` in [since, until). */
async function lastStoredRowMicros(
  store: Store,
  assets: readonly CryptoAsset[],
  sinceMicros: number,
  untilMicros: number,
): Promise<number | undefined> {
  const tables = ['orderbook_deltas', 'orderbook_snapshots', 'market_events', 'spot_prices'];
  const sql = `SELECT toString(max(rx)) AS rx FROM (${tables
    .map(
      (t) => `SELECT maxOrNull(toUnixTimestamp64Micro(received_at)) AS rx FROM ${t}
        WHERE asset IN {assets:Array(String)}
          AND timestamp >= fromUnixTimestamp64Micro({ts0:Int64}, 'UTC') AND timestamp < fromUnixTimestamp64Micro({ts1:Int64}, 'UTC')
          AND received_at >= fromUnixTimestamp64Micro({rx0:Int64}, 'UTC') AND received_at < fromUnixTimestamp64Micro({rx1:Int64}, 'UTC')`,
    )
    .join(' UNION ALL ')})`;
  let span = FIRST_SLICE_MICROS;
  for (let rx1 = untilMicros; rx1 > sinceMicros; span *= 4) {
    const rx0 = Math.max(sinceMicros, rx1 - span);
    const rows = await store.queryRows<{ rx: string | null }>(sql, { assets, rx0, rx1, ts0: rx0 - SKEW_MICROS, ts1: rx1 + SKEW_MICROS });
    const rx = rows[0]?.rx;
    if (rx !== null && rx !== undefined && rx !== '') return Number(rx);
    rx1 = rx0;
  }
  return undefined;
}

/** The rows that close a dead run: its `stop`, and a gap per feed it followed, up to `nowMicros`. */
export async function uncleanStopRows(
  store: Store,
  dead: UncleanStop,
  nowMicros: number,
  unsubscribeAfterEndS: number,
): Promise<{ events: object[]; gaps: object[] }> {
  // Just after the last row (or the start), so a replay applies that row before the stop, and the
  // stop never sorts before the start it ends.
  const fromMicros = Math.min((dead.lastRowMicros ?? dead.runStartMicros) + 1, nowMicros);
  const from = chTimeMicros(fromMicros);
  const until = chTimeMicros(nowMicros);
  const note = `unclean stop: the run started at ${isoMicros(dead.runStartMicros)} ended without a graceful shutdown (crash or kill); detected at the next start, ${isoMicros(nowMicros)}; ${dead.lastRowMicros === undefined ? 'it stored no row' : `its last stored row was received at ${isoMicros(dead.lastRowMicros)}`}`;
  const windows = await store.queryRows<{ event_id: string; asset: string; yes_token_id: string; no_token_id: string }>(
    `SELECT event_id, asset, yes_token_id, no_token_id FROM market_windows FINAL
      WHERE asset IN {assets:Array(String)} AND discovered_at <= fromUnixTimestamp64Micro({at:Int64}, 'UTC') AND window_end > fromUnixTimestamp64Micro({over:Int64}, 'UTC')
      ORDER BY event_id`,
    { assets: dead.assets, at: fromMicros, over: fromMicros - unsubscribeAfterEndS * 1_000_000 },
  );
  const gap = {
    started_at: from,
    ended_at: until,
    reason: UNCLEAN_STOP_REASON,
    detail: 'the collector stopped without a graceful shutdown; recorded at its next start',
  };
  const gaps = [
    ...windows.flatMap((w) =>
      [w.yes_token_id, w.no_token_id].map((token) => ({ source: 'clob', token_id: token, event_id: w.event_id, asset: w.asset, ...gap })),
    ),
    ...dead.assets.map((asset) => ({ source: 'binance', token_id: binanceSymbol(asset).toUpperCase(), event_id: '', asset, ...gap })),
  ];
  const events = [{ timestamp: from, kind: 'stop', source: 'clob', conn_id: 0, token_id: '', detail: runDetail(dead.assets, note) }];
  return { events, gaps };
}

export interface RunStartDeps {
  store: Store;
  writers: CaptureWriters;
  assets: readonly CryptoAsset[];
  clock: Clock;
  unsubscribeAfterEndS: number;
  logger: Logger;
}

/**
 * Record this run's start, first closing the previous run of these assets if it died. Written to
 * the store before anything is collected, so a crash at any later moment leaves this start behind;
 * if the store refuses, the rows go to the writers, which retry (and spill at shutdown).
 */
export async function recordRunStart(deps: RunStartDeps): Promise<void> {
  const { store, writers, assets, clock, logger } = deps;
  const nowMicros = clock.nowMicros();
  let closing: { events: object[]; gaps: object[] } = { events: [], gaps: [] };
  try {
    const dead = await findUncleanStop(store, assets, nowMicros);
    if (dead !== undefined) {
      closing = await uncleanStopRows(store, dead, nowMicros, deps.unsubscribeAfterEndS);
      logger.warn(
        {
          assets: dead.assets,
          runStartedAt: isoMicros(dead.runStartMicros),
          lastRowAt: dead.lastRowMicros === undefined ? null : isoMicros(dead.lastRowMicros),
          gaps: closing.gaps.length,
        },
        'the previous run of these assets ended without a graceful shutdown (crash or kill): its hole, from its last stored row to now, is recorded as a stop and as gaps',
      );
    }
  } catch (err) {
    logger.warn(
      { err: describeError(err) },
      'could not check whether the previous run stopped gracefully; a hole it left, if any, is not recorded',
    );
  }
  const start = { timestamp: chTimeMicros(nowMicros), kind: 'start', source: 'clob', conn_id: 0, token_id: '', detail: runDetail(assets) };
  for (const [writer, rows] of [
    [writers.gaps, closing.gaps],
    [writers.collectorEvents, [...closing.events, start]],
  ] as const) {
    try {
      await store.insert(writer.table, rows);
    } catch (err) {
      logger.warn(
        { table: writer.table, err: describeError(err) },
        'could not record the start of this run yet; the rows are buffered and retried with the others',
      );
      for (const row of rows) writer.push(row);
    }
  }
}

function isoMicros(micros: number): string {
  return new Date(Math.floor(micros / 1000)).toISOString();
}
