/**
 * Rows of `price_history` and `trade_history` (columns in common's storage/schema.ts), built as
 * column lists plus value arrays (sent as JSONCompactEachRow: fewer objects to build and collect,
 * see bench/import.mjs). Decimals are exact strings; `price_history.timestamp` (DateTime64(0)) is
 * unix seconds, the other times UTC DateTime64 text. `imported_at` is the version
 * ReplacingMergeTree keeps when the same point or trade is imported again.
 */
import { chTimeMs } from '@polymarket-arb/domain';
import type { MarketRef } from './gamma.js';
import type { PricePoint } from './wire/prices.js';
import type { TradeRecord } from './wire/trades.js';

/** Rows of one table: the column names once, then one array of values per row. */
export interface RowBatch {
  readonly columns: readonly string[];
  readonly values: unknown[][];
}

/** Where a price series belongs: event, asset and side ('yes' = Up), '' when unknown. */
export interface SeriesMeta {
  readonly tokenId: string;
  readonly eventId: string;
  readonly asset: string;
  readonly side: string;
}

export const PRICE_COLUMNS = ['timestamp', 'token_id', 'price', 'event_id', 'asset', 'side', 'fidelity_minutes', 'imported_at'] as const;

export function priceRows(points: readonly PricePoint[], series: SeriesMeta, fidelityMinutes: number, importedAtMs: number): RowBatch {
  const importedAt = chTimeMs(importedAtMs);
  return {
    columns: PRICE_COLUMNS,
    values: points.map((p) => [p.t, series.tokenId, p.price, series.eventId, series.asset, series.side, fidelityMinutes, importedAt]),
  };
}

export type TradeSource = 'data-api/v1' | 'data-api/v2';

export const TRADE_COLUMNS = [
  'timestamp',
  'condition_id',
  'token_id',
  'event_id',
  'asset',
  'side',
  'outcome',
  'outcome_index',
  'price',
  'size',
  'proxy_wallet',
  'transaction_hash',
  'source',
  'imported_at',
] as const;

export function tradeRows(trades: readonly TradeRecord[], market: MarketRef, source: TradeSource, importedAtMs: number): RowBatch {
  const importedAt = chTimeMs(importedAtMs);
  return {
    columns: TRADE_COLUMNS,
    values: trades.map((t) => [
      chTimeMs(t.timestamp * 1000),
      t.conditionId,
      t.tokenId,
      market.eventId,
      market.asset,
      t.side,
      t.outcome,
      t.outcomeIndex,
      t.price,
      t.size,
      t.proxyWallet,
      t.transactionHash,
      source,
      importedAt,
    ]),
  };
}

/** Rows built as objects (common's `marketWindowRow`), as a batch; every object must have the same keys. */
export function objectRows(rows: readonly object[]): RowBatch {
  const first = rows[0] as Record<string, unknown> | undefined;
  const columns = first ? Object.keys(first) : [];
  return { columns, values: rows.map((row) => columns.map((c) => (row as Record<string, unknown>)[c])) };
}
