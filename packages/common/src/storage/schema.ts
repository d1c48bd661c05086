/**
 * The ClickHouse schema of the spec (phases 1, 2 and 7), as ordered, idempotent migrations.
 *
 * Table and column names and types follow the spec. Where the spec's schema would lose data we
 * widen or add, never drop:
 *  - every size (book levels, deltas, inventories, decisions) is `Decimal64(6)`: the wire carries
 *    sizes such as "219.217767"; P&L and fees are `Decimal64(6)` too (fees have 5 decimals);
 *  - spot prices and quantities are `Decimal64(8)`, the precision Binance sends;
 *  - `orderbook_deltas.book_side` ('bid' | 'ask'): a delta without it cannot be replayed;
 *  - the exchange's `hash`, the local receive time `received_at DateTime64(6)` and a per-process
 *    `ingest_seq` (wire order) sit next to every exchange timestamp;
 *  - every DateTime64 is pinned to 'UTC' so text means the same on every machine.
 *
 * A later issue adds a migration to the end of `MIGRATIONS`; applied versions are recorded in
 * `schema_migrations` and never run twice.
 */

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly statements: readonly string[];
}

const MERGE_TREE_BY_DAY = (orderBy: string): string => `ENGINE = MergeTree PARTITION BY toYYYYMMDD(timestamp) ORDER BY (${orderBy})`;

const PHASE_1_COLLECTOR: Migration = {
  version: 1,
  name: 'phase 1: order books, spot prices, market windows',
  statements: [
    `CREATE TABLE IF NOT EXISTS orderbook_snapshots (
      timestamp DateTime64(3, 'UTC'),
      event_id String,
      asset LowCardinality(String),
      token_id String,
      side LowCardinality(String),
      asks Array(Tuple(price Decimal64(6), size Decimal64(6))),
      bids Array(Tuple(price Decimal64(6), size Decimal64(6))),
      condition_id String,
      source LowCardinality(String),
      hash String,
      tick_size Decimal64(6),
      received_at DateTime64(6, 'UTC'),
      ingest_seq UInt64
    ) ${MERGE_TREE_BY_DAY('event_id, side, timestamp')}`,
    `CREATE TABLE IF NOT EXISTS orderbook_deltas (
      timestamp DateTime64(3, 'UTC'),
      event_id String,
      asset LowCardinality(String),
      token_id String,
      side LowCardinality(String),
      price Decimal64(6),
      size Decimal64(6),
      book_side LowCardinality(String),
      best_bid Nullable(Decimal64(6)),
      best_ask Nullable(Decimal64(6)),
      condition_id String,
      hash String,
      received_at DateTime64(6, 'UTC'),
      ingest_seq UInt64
    ) ${MERGE_TREE_BY_DAY('event_id, side, timestamp')}`,
    `CREATE TABLE IF NOT EXISTS spot_prices (
      timestamp DateTime64(3, 'UTC'),
      asset LowCardinality(String),
      price Decimal64(8),
      quantity Decimal64(8),
      symbol LowCardinality(String),
      trade_id UInt64,
      event_time DateTime64(3, 'UTC'),
      buyer_is_maker Bool,
      received_at DateTime64(6, 'UTC')
    ) ${MERGE_TREE_BY_DAY('asset, timestamp')}`,
    `CREATE TABLE IF NOT EXISTS market_windows (
      event_id String,
      asset LowCardinality(String),
      yes_token_id String,
      no_token_id String,
      window_start DateTime64(0, 'UTC'),
      window_end DateTime64(0, 'UTC'),
      discovered_at DateTime64(3, 'UTC'),
      slug String,
      condition_id String,
      market_id String,
      question String,
      tick_size Decimal64(6),
      min_order_size Decimal64(6),
      fee_rate Decimal64(6),
      fee_exponent UInt8,
      fee_taker_only Bool,
      fee_rebate_rate Decimal64(6),
      neg_risk Bool,
      resolution_source String,
      closed Bool DEFAULT false,
      winning_outcome LowCardinality(String) DEFAULT '',
      resolved_at Nullable(DateTime64(3, 'UTC')),
      updated_at DateTime64(3, 'UTC')
    ) ENGINE = ReplacingMergeTree(updated_at) ORDER BY (event_id)`,
  ],
};

const PHASE_2_HISTORY: Migration = {
  version: 2,
  name: 'phase 2: price and trade history',
  statements: [
    `CREATE TABLE IF NOT EXISTS price_history (
      timestamp DateTime64(0, 'UTC'),
      token_id String,
      price Decimal64(6),
      event_id String,
      asset LowCardinality(String),
      side LowCardinality(String),
      fidelity_minutes UInt32,
      imported_at DateTime64(3, 'UTC')
    ) ENGINE = ReplacingMergeTree(imported_at) PARTITION BY toYYYYMM(timestamp) ORDER BY (token_id, fidelity_minutes, timestamp)`,
    `CREATE TABLE IF NOT EXISTS trade_history (
      timestamp DateTime64(3, 'UTC'),
      condition_id String,
      token_id String,
      event_id String,
      asset LowCardinality(String),
      side LowCardinality(String),
      outcome LowCardinality(String),
      outcome_index UInt8,
      price Decimal64(6),
      size Decimal64(6),
      proxy_wallet String,
      transaction_hash String,
      source LowCardinality(String),
      imported_at DateTime64(3, 'UTC')
    ) ENGINE = ReplacingMergeTree(imported_at) PARTITION BY toYYYYMM(timestamp)
      ORDER BY (condition_id, timestamp, transaction_hash, token_id, side, price, size, proxy_wallet)`,
  ],
};

const PHASE_7_OBSERVABILITY: Migration = {
  version: 3,
  name: 'phase 7: decisions, counterfactuals, anomalies',
  statements: [
    `CREATE TABLE IF NOT EXISTS decisions (
      timestamp DateTime64(3, 'UTC'),
      decision_id UUID,
      event_id String,
      asset LowCardinality(String),
      yes_ask Decimal64(6),
      no_ask Decimal64(6),
      combined_cost Decimal64(6),
      gross_margin Decimal64(6),
      spot_price Decimal64(8),
      time_remaining_secs UInt32,
      inventory_yes Decimal64(6),
      inventory_no Decimal64(6),
      inventory_state LowCardinality(String),
      action LowCardinality(String),
      reason_code LowCardinality(String),
      reason_detail String,
      size Decimal64(6),
      executed_price Nullable(Decimal64(6)),
      slippage Nullable(Decimal64(6)),
      latency_us Nullable(UInt32),
      net_margin Decimal64(6),
      fee_per_pair Decimal64(6),
      threshold Decimal64(6),
      confidence Float32,
      mode LowCardinality(String),
      run_id String
    ) ${MERGE_TREE_BY_DAY('event_id, timestamp')}`,
    `CREATE TABLE IF NOT EXISTS counterfactuals (
      timestamp DateTime64(3, 'UTC'),
      decision_id UUID,
      event_id String,
      actual_action LowCardinality(String),
      actual_pnl Decimal64(6),
      hypothetical_action LowCardinality(String),
      hypothetical_pnl Decimal64(6),
      regret Decimal64(6),
      decision_quality LowCardinality(String),
      mode LowCardinality(String),
      run_id String
    ) ${MERGE_TREE_BY_DAY('event_id, timestamp')}`,
    `CREATE TABLE IF NOT EXISTS anomalies (
      timestamp DateTime64(3, 'UTC'),
      anomaly_type LowCardinality(String),
      severity LowCardinality(String),
      event_id Nullable(String),
      description String,
      context String,
      mode LowCardinality(String),
      run_id String
    ) ${MERGE_TREE_BY_DAY('anomaly_type, timestamp')}`,
  ],
};

const COLLECTOR_AUDIT: Migration = {
  version: 4,
  name: 'collector: market events, raw frames, gaps, collector events, delta entry order',
  statements: [
    // Wire order inside a frame: (ingest_seq, entry_index) orders every delta exactly.
    `ALTER TABLE orderbook_deltas ADD COLUMN IF NOT EXISTS entry_index UInt16 AFTER ingest_seq`,
    `CREATE TABLE IF NOT EXISTS market_events (
      timestamp DateTime64(3, 'UTC'),
      event_type LowCardinality(String),
      event_id String,
      asset LowCardinality(String),
      token_id String,
      condition_id String,
      side LowCardinality(String),
      price Nullable(Decimal64(6)),
      size Nullable(Decimal64(6)),
      trade_side LowCardinality(String),
      old_tick_size Nullable(Decimal64(6)),
      new_tick_size Nullable(Decimal64(6)),
      winning_token_id String,
      winning_outcome LowCardinality(String),
      fee_rate_bps String,
      transaction_hash String,
      received_at DateTime64(6, 'UTC'),
      ingest_seq UInt64
    ) ENGINE = MergeTree PARTITION BY toYYYYMMDD(timestamp) ORDER BY (event_type, token_id, timestamp)`,
    // Every frame as received, so a parser bug never destroys data (and for replay).
    `CREATE TABLE IF NOT EXISTS raw_frames (
      received_at DateTime64(6, 'UTC'),
      source LowCardinality(String),
      conn_id UInt32,
      ingest_seq UInt64,
      parse_status LowCardinality(String),
      frame String CODEC(ZSTD(3))
    ) ENGINE = MergeTree PARTITION BY toYYYYMMDD(received_at) ORDER BY (source, ingest_seq)`,
    // Intervals in which a token's book was not being followed (disconnect -> fresh snapshot).
    `CREATE TABLE IF NOT EXISTS collector_gaps (
      source LowCardinality(String),
      token_id String,
      event_id String,
      asset LowCardinality(String),
      started_at DateTime64(6, 'UTC'),
      ended_at DateTime64(6, 'UTC'),
      reason LowCardinality(String),
      detail String
    ) ENGINE = MergeTree PARTITION BY toYYYYMMDD(started_at) ORDER BY (token_id, started_at)`,
    `CREATE TABLE IF NOT EXISTS collector_events (
      timestamp DateTime64(6, 'UTC'),
      kind LowCardinality(String),
      source LowCardinality(String),
      conn_id UInt32,
      token_id String,
      detail String
    ) ENGINE = MergeTree PARTITION BY toYYYYMMDD(timestamp) ORDER BY (kind, timestamp)`,
  ],
};

const IMPORT_CHECKPOINTS: Migration = {
  version: 5,
  name: 'importer: resumable checkpoints',
  statements: [
    // One row per (kind, key, range): what an import finished, or where it stopped (cursor).
    `CREATE TABLE IF NOT EXISTS import_checkpoints (
      kind LowCardinality(String),
      key String,
      range_start DateTime64(0, 'UTC'),
      range_end DateTime64(0, 'UTC'),
      status LowCardinality(String),
      cursor String,
      rows UInt64,
      detail String,
      updated_at DateTime64(3, 'UTC')
    ) ENGINE = ReplacingMergeTree(updated_at) ORDER BY (kind, key, range_start, range_end)`,
  ],
};

/** The tables the collector writes (and may spill at shutdown, to load at the next start). */
const COLLECTOR_TABLES = [
  'orderbook_snapshots',
  'orderbook_deltas',
  'spot_prices',
  'market_windows',
  'market_events',
  'raw_frames',
  'collector_gaps',
  'collector_events',
] as const;

/**
 * Inserts that carry an `insert_deduplication_token` already seen among the table's last 10,000
 * inserts are dropped: loading a spill file resends, after a crash, a batch the store may have
 * acknowledged just before it, and must not store it twice. (Token-less inserts are deduplicated by
 * content over the same window; the collector's rows carry microsecond receive times and sequence
 * numbers, so two of its batches are never identical.)
 */
const CAPTURE_INSERT_DEDUPLICATION: Migration = {
  version: 6,
  name: 'capture tables: insert deduplication window (spill loading exactly once)',
  statements: COLLECTOR_TABLES.map((t) => `ALTER TABLE ${t} MODIFY SETTING non_replicated_deduplication_window = 10000`),
};

/** Every migration, in the order it must run. Append only. */
export const MIGRATIONS: readonly Migration[] = [
  PHASE_1_COLLECTOR,
  PHASE_2_HISTORY,
  PHASE_7_OBSERVABILITY,
  COLLECTOR_AUDIT,
  IMPORT_CHECKPOINTS,
  CAPTURE_INSERT_DEDUPLICATION,
];

/** The nine tables of the spec. */
export const SPEC_TABLES = [
  'orderbook_snapshots',
  'orderbook_deltas',
  'spot_prices',
  'market_windows',
  'price_history',
  'trade_history',
  'decisions',
  'counterfactuals',
  'anomalies',
] as const;
export type SpecTable = (typeof SPEC_TABLES)[number];

export const MIGRATIONS_TABLE = 'schema_migrations';

export const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (
  version UInt32,
  name String,
  applied_at DateTime64(3, 'UTC')
) ENGINE = ReplacingMergeTree(applied_at) ORDER BY version`;
