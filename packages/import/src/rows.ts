/**
 * Rows of `price_history` and `trade_history` (columns in common's storage/schema.ts): decimals as
 * exact strings, times as UTC DateTime64 text. `imported_at` is the version ReplacingMergeTree
 * keeps when the same point or trade is imported again.
 */
import { chTimeMs } from '@polymarket-arb/common';
import type { MarketRef } from './gamma.js';
import type { PricePoint } from './wire/prices.js';
import type { TradeRecord } from './wire/trades.js';

/** Where a price series belongs: event, asset and side ('yes' = Up), '' when unknown. */
export interface SeriesMeta {
  readonly tokenId: string;
  readonly eventId: string;
  readonly asset: string;
  readonly side: string;
}

export function priceRow(point: PricePoint, series: SeriesMeta, fidelityMinutes: number, importedAtMs: number): object {
  return {
    timestamp: chTimeMs(point.t * 1000).slice(0, 19),
    token_id: series.tokenId,
    price: point.price,
    event_id: series.eventId,
    asset: series.asset,
    side: series.side,
    fidelity_minutes: fidelityMinutes,
    imported_at: chTimeMs(importedAtMs),
  };
}

export type TradeSource = 'data-api/v1' | 'data-api/v2';

export function tradeRow(trade: TradeRecord, market: MarketRef, source: TradeSource, importedAtMs: number): object {
  return {
    timestamp: chTimeMs(trade.timestamp * 1000),
    condition_id: trade.conditionId,
    token_id: trade.tokenId,
    event_id: market.eventId,
    asset: market.asset,
    side: trade.side,
    outcome: trade.outcome,
    outcome_index: trade.outcomeIndex,
    price: trade.price,
    size: trade.size,
    proxy_wallet: trade.proxyWallet,
    transaction_hash: trade.transactionHash,
    source,
    imported_at: chTimeMs(importedAtMs),
  };
}
