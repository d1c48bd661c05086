/**
 * Row builders shared by the programs that write the same tables (the collector and the importer
 * both record `market_windows`). Decimals go out as exact strings, times as UTC DateTime64 text.
 */
import { chTimeMs, formatMicros, type MarketWindow } from '@polymarket-arb/domain';

export interface ResolutionInfo {
  closed: boolean;
  /** "Up", "Down" or "" while unresolved. */
  winningOutcome: string;
  resolvedAtMs: number | null;
}

const UNRESOLVED: ResolutionInfo = { closed: false, winningOutcome: '', resolvedAtMs: null };

/** A `market_windows` row. `updatedAtMs` orders versions (ReplacingMergeTree keeps the latest). */
export function marketWindowRow(
  w: MarketWindow,
  discoveredAtMs: number,
  updatedAtMs: number,
  resolution: ResolutionInfo = UNRESOLVED,
): object {
  return {
    event_id: w.eventId,
    asset: w.asset,
    yes_token_id: w.yesTokenId,
    no_token_id: w.noTokenId,
    window_start: chTimeMs(w.windowStart).slice(0, 19),
    window_end: chTimeMs(w.windowEnd).slice(0, 19),
    discovered_at: chTimeMs(discoveredAtMs),
    slug: w.slug,
    condition_id: w.conditionId,
    market_id: w.marketId,
    question: w.question,
    tick_size: formatMicros(w.tickSize),
    min_order_size: formatMicros(w.minOrderSize),
    fee_rate: formatMicros(w.feeSchedule.rate),
    fee_exponent: w.feeSchedule.exponent,
    fee_taker_only: w.feeSchedule.takerOnly,
    fee_rebate_rate: formatMicros(w.feeSchedule.rebateRate),
    neg_risk: w.negRisk,
    resolution_source: w.resolutionSource,
    closed: resolution.closed,
    winning_outcome: resolution.winningOutcome,
    resolved_at: resolution.resolvedAtMs === null ? null : chTimeMs(resolution.resolvedAtMs),
    updated_at: chTimeMs(updatedAtMs),
  };
}
