/**
 * The queries of the replay reader, one per stored table, each for one slice of receive time.
 *
 * Every filter is one the table's sort key can use: book tables by `event_id` (the windows active
 * in the slice) plus an exchange-`timestamp` range (the partition key) widened by the largest
 * receive-vs-exchange skew measured for the range; spot prices by asset and timestamp. The exact
 * slice is then cut on `received_at`, the replay clock. Results come back as compact rows with
 * decimals as exact strings; 64-bit integers (µs times, ingest sequence numbers, all far below
 * 2^53) as plain JSON numbers, which halves what the hot queries return.
 */
import { EXACT_READ_SETTINGS, type Store } from '@polymarket-arb/common';

const READ_SETTINGS = { ...EXACT_READ_SETTINGS, output_format_json_quote_64bit_integers: 0 } as const;

export async function compactRows<T extends unknown[]>(store: Store, query: string, params: Record<string, unknown>): Promise<T[]> {
  const rs = await store.client.query({ query, format: 'JSONCompactEachRow', clickhouse_settings: READ_SETTINGS, query_params: params });
  return (await rs.json()) as T[];
}

/** Put the token ids back into rows whose column `col` holds a 1-based index into `tokens`. */
export function withTokens<T extends unknown[]>(rows: T[], col: number, tokens: readonly string[]): T[] {
  for (const r of rows) r[col] = tokens[Number(r[col]) - 1] ?? '';
  return rows;
}

/** Parameters of a slice: receive times in µs, exchange-time bounds in ms. */
export type SliceParams = {
  ids: string[];
  /** Token ids of the windows in `ids`: book rows return their 1-based position, not the 77-digit id. */
  tokens: string[];
  assets: string[];
  rx0: number;
  rx1: number;
  ts0: number;
  ts1: number;
};

const RX = `received_at >= fromUnixTimestamp64Micro({rx0:Int64}, 'UTC') AND received_at < fromUnixTimestamp64Micro({rx1:Int64}, 'UTC')`;
const TS = `timestamp >= fromUnixTimestamp64Milli({ts0:Int64}, 'UTC') AND timestamp < fromUnixTimestamp64Milli({ts1:Int64}, 'UTC')`;
const RXU = 'toUnixTimestamp64Micro(received_at)';
const TSM = 'toUnixTimestamp64Milli(timestamp)';

/** [event_id, asset, yes, no, start ms, end ms, discovered ms, slug, condition, market id, question, tick, min size, fee rate, exponent, taker only, rebate, neg risk, source, winning outcome] */
export type WindowRow = [
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  number,
  boolean,
  string,
  boolean,
  string,
  string,
];
export const WINDOWS_SQL = `SELECT event_id, asset, yes_token_id, no_token_id,
    toString(toUnixTimestamp64Milli(toDateTime64(window_start, 3))), toString(toUnixTimestamp64Milli(toDateTime64(window_end, 3))), toString(toUnixTimestamp64Milli(discovered_at)),
    slug, condition_id, market_id, question, tick_size, min_order_size, fee_rate, fee_exponent, fee_taker_only, fee_rebate_rate, neg_risk, resolution_source, winning_outcome
  FROM market_windows FINAL
  WHERE asset IN {assets:Array(String)} AND discovered_at < fromUnixTimestamp64Micro({rx1:Int64}, 'UTC') AND window_end > fromUnixTimestamp64Micro({linger0:Int64}, 'UTC')
  ORDER BY discovered_at, event_id`;

/** [token, ts ms, bids, asks, tick, rx µs, seq]; the slice queries return the token as its index in `tokens` (see `withTokens`). */
export type SnapshotRow = [string, number, unknown[], unknown[], string, number, number];
const TOKEN = 'indexOf({tokens:Array(String)}, token_id)';
export const SNAPSHOTS_SQL = `SELECT ${TOKEN}, ${TSM}, bids, asks, tick_size, ${RXU}, ingest_seq
  FROM orderbook_snapshots WHERE event_id IN {ids:Array(String)} AND source = 'ws_book' AND ${TS} AND ${RX}
  ORDER BY received_at, ingest_seq`;

/** [token, ts ms, price, size, book side, rx µs, seq, entry] */
export type DeltaRow = [string, number, string, string, string, number, number, number];
export const DELTAS_SQL = `SELECT ${TOKEN}, ${TSM}, price, size, book_side, ${RXU}, ingest_seq, entry_index
  FROM orderbook_deltas WHERE event_id IN {ids:Array(String)} AND ${TS} AND ${RX}
  ORDER BY received_at, ingest_seq, entry_index`;

/** [type, token, event id, ts ms, price, size, trade side, new tick, winning token, winning outcome, rx µs, seq] */
export type MarketEventRow = [
  string,
  string,
  string,
  number,
  string | null,
  string | null,
  string,
  string | null,
  string,
  string,
  number,
  number,
];
export const MARKET_EVENTS_SQL = `SELECT event_type, ${TOKEN}, event_id, ${TSM}, price, size, trade_side, new_tick_size, winning_token_id, winning_outcome, ${RXU}, ingest_seq
  FROM market_events WHERE event_type IN ('last_trade_price', 'tick_size_change', 'market_resolved') AND event_id IN {ids:Array(String)} AND ${TS} AND ${RX}
  ORDER BY received_at, ingest_seq`;

/** [asset, price (8 decimals), ts ms, rx µs] */
export type SpotRow = [string, string, number, number];
export const SPOT_SQL = `SELECT asset, price, ${TSM}, ${RXU}
  FROM spot_prices WHERE asset IN {assets:Array(String)} AND ${TS} AND ${RX}
  ORDER BY received_at, trade_id`;

/** [source, token, event id, asset, started µs, ended µs] */
export type GapRow = [string, string, string, string, string, string];
export const GAPS_SQL = `SELECT source, token_id, event_id, asset, toString(toUnixTimestamp64Micro(started_at)), toString(toUnixTimestamp64Micro(ended_at))
  FROM collector_gaps
  WHERE asset IN {assets:Array(String)} AND started_at < fromUnixTimestamp64Micro({rx1:Int64}, 'UTC') AND ended_at >= fromUnixTimestamp64Micro({rx0:Int64}, 'UTC')
  ORDER BY started_at, source, token_id`;

/** [kind, token, detail, at µs] */
export type CollectorEventRow = [string, string, string, string];
export const COLLECTOR_EVENTS_SQL = `SELECT kind, token_id, detail, toString(toUnixTimestamp64Micro(timestamp))
  FROM collector_events WHERE kind IN ('book_mismatch', 'stop', 'start') AND timestamp >= fromUnixTimestamp64Micro({rx0:Int64}, 'UTC') AND timestamp < fromUnixTimestamp64Micro({rx1:Int64}, 'UTC')
  ORDER BY timestamp`;

/** Windows (of `ids`) with a `market_resolved` on the wire, whenever it was received: [event id, winning token, winning outcome, rx µs]. */
export type WireResolutionRow = [string, string, string, string];
export const WIRE_RESOLUTIONS_SQL = `SELECT event_id, any(winning_token_id), any(winning_outcome), toString(min(toUnixTimestamp64Micro(received_at)))
  FROM market_events WHERE event_type = 'market_resolved' AND event_id IN {ids:Array(String)} GROUP BY event_id`;

/** Last recorded trade price of an asset at or before an instant (ms), within the hour before it. */
export const SPOT_AT_SQL = `SELECT argMax(price, (timestamp, trade_id)), count() FROM spot_prices
  WHERE asset = {asset:String} AND timestamp <= fromUnixTimestamp64Milli({at:Int64}, 'UTC') AND timestamp > fromUnixTimestamp64Milli({from:Int64}, 'UTC')`;

/** Largest |received_at - timestamp| (ms) of a table's rows in the range (for the slice filters). */
export function skewSql(table: string): string {
  return `SELECT toString(max(abs(toUnixTimestamp64Milli(received_at) - toUnixTimestamp64Milli(timestamp)))) FROM ${table}
    WHERE timestamp >= fromUnixTimestamp64Milli({lo:Int64}, 'UTC') AND timestamp < fromUnixTimestamp64Milli({hi:Int64}, 'UTC') AND received_at >= fromUnixTimestamp64Milli({start:Int64}, 'UTC') AND received_at < fromUnixTimestamp64Milli({end:Int64}, 'UTC')`;
}

/** Row count of a table in the range (by receive time; windows by overlap). */
export function countSql(table: string): string {
  if (table === 'market_windows') {
    return `SELECT toString(count()) FROM market_windows FINAL WHERE asset IN {assets:Array(String)} AND discovered_at < fromUnixTimestamp64Milli({end:Int64}, 'UTC') AND window_end > fromUnixTimestamp64Milli({start:Int64}, 'UTC')`;
  }
  return `SELECT toString(count()) FROM ${table} WHERE asset IN {assets:Array(String)} AND timestamp >= fromUnixTimestamp64Milli({lo:Int64}, 'UTC') AND timestamp < fromUnixTimestamp64Milli({hi:Int64}, 'UTC')
    AND received_at >= fromUnixTimestamp64Milli({start:Int64}, 'UTC') AND received_at < fromUnixTimestamp64Milli({end:Int64}, 'UTC')`;
}

/** First and last receive time recorded in the order-book deltas (for the "no data" message). */
export const RECORDED_RANGE_SQL = `SELECT toString(count()), toString(min(received_at)), toString(max(received_at)) FROM orderbook_deltas`;

/** Warm-up: the last book (exchange or periodic snapshot) of each token before the range start. */
export const WARM_SNAPSHOTS_SQL = `SELECT token_id, ${TSM}, bids, asks, tick_size, ${RXU}, ingest_seq
  FROM orderbook_snapshots WHERE event_id IN {ids:Array(String)} AND timestamp >= fromUnixTimestamp64Milli({lo:Int64}, 'UTC') AND received_at < fromUnixTimestamp64Micro({rx1:Int64}, 'UTC')
  ORDER BY token_id, received_at DESC, ingest_seq DESC LIMIT 1 BY token_id`;

/** Warm-up: deltas received between the earliest such snapshot and the range start. */
export const WARM_DELTAS_SQL = `SELECT token_id, ${TSM}, price, size, book_side, ${RXU}, ingest_seq, entry_index
  FROM orderbook_deltas WHERE event_id IN {ids:Array(String)} AND timestamp >= fromUnixTimestamp64Milli({lo:Int64}, 'UTC') AND received_at >= fromUnixTimestamp64Micro({rx0:Int64}, 'UTC') AND received_at < fromUnixTimestamp64Micro({rx1:Int64}, 'UTC')
  ORDER BY received_at, ingest_seq, entry_index`;

/** Warm-up: was the collector following the books at the range start? Gaps covering it, and its last start/stop before it. */
export const WARM_GAPS_SQL = `SELECT token_id FROM collector_gaps WHERE source = 'clob' AND started_at < fromUnixTimestamp64Micro({rx1:Int64}, 'UTC') AND ended_at > fromUnixTimestamp64Micro({rx1:Int64}, 'UTC')`;
export const WARM_LAST_RUN_SQL = `SELECT kind FROM collector_events WHERE kind IN ('start', 'stop') AND timestamp < fromUnixTimestamp64Micro({rx1:Int64}, 'UTC') AND timestamp >= fromUnixTimestamp64Micro({rx0:Int64}, 'UTC') ORDER BY timestamp DESC LIMIT 1`;

/** Exchange minus receive time (ms) of the first deltas of the range: the recording clock's offset (plus latency). */
export const CLOCK_OFFSET_SQL = `SELECT toString(toUnixTimestamp64Milli(timestamp) - intDiv(toUnixTimestamp64Micro(received_at), 1000)) FROM orderbook_deltas
  WHERE timestamp >= fromUnixTimestamp64Milli({lo:Int64}, 'UTC') AND timestamp < fromUnixTimestamp64Milli({hi:Int64}, 'UTC') AND received_at >= fromUnixTimestamp64Milli({start:Int64}, 'UTC') AND received_at < fromUnixTimestamp64Milli({end:Int64}, 'UTC')
  ORDER BY received_at, ingest_seq, entry_index LIMIT 10000`;
