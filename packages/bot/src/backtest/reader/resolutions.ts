/**
 * Settlement when the market channel did not deliver a `market_resolved`: the stored outcome
 * (`market_windows.winning_outcome`, from Gamma or the importer), otherwise an estimate from the
 * recorded Binance price with the markets' rule "end >= start means Up", flagged as estimated
 * (Binance is a proxy; the oracle is Chainlink). A boundary price is the last recorded trade at or
 * before it, and only counts if trades were also recorded within a minute after it (else the
 * recording had stopped and the price would be stale).
 */
import { parseDecimal, type MarketWindow } from '@polymarket-arb/domain';
import { type Store } from '@polymarket-arb/common';
import type { ResolutionSource } from '../replay/batch.js';
import { compactRows } from './sql.js';

const LOOKBACK_MS = 3_600_000;
const COVERAGE_MS = 60_000;

const SPOT_BOUNDARY_SQL = `SELECT argMaxIf(price, (timestamp, trade_id), timestamp <= fromUnixTimestamp64Milli({at:Int64}, 'UTC')),
    toString(countIf(timestamp <= fromUnixTimestamp64Milli({at:Int64}, 'UTC'))), toString(countIf(timestamp > fromUnixTimestamp64Milli({at:Int64}, 'UTC')))
  FROM spot_prices WHERE asset = {asset:String} AND timestamp > fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND timestamp <= fromUnixTimestamp64Milli({to:Int64}, 'UTC')`;

/** The recorded Binance price (8-decimal string) at instant `atMs`, or undefined when not covered. */
export async function spotAt(store: Store, asset: string, atMs: number): Promise<string | undefined> {
  const rows = await compactRows<[string, string, string]>(store, SPOT_BOUNDARY_SQL, {
    asset,
    at: atMs,
    from: atMs - LOOKBACK_MS,
    to: atMs + COVERAGE_MS,
  });
  const r = rows[0];
  if (r === undefined || Number(r[1]) === 0 || Number(r[2]) === 0) return undefined;
  return r[0];
}

/** "End >= start means Up" on the recorded reference price; undefined when a boundary is not covered. */
export async function estimateWinner(store: Store, w: MarketWindow): Promise<'yes' | 'no' | undefined> {
  const [start, end] = await Promise.all([spotAt(store, w.asset, w.windowStart), spotAt(store, w.asset, w.windowEnd)]);
  if (start === undefined || end === undefined) return undefined;
  return parseDecimal(end, 8) >= parseDecimal(start, 8) ? 'yes' : 'no';
}

export interface Settled {
  readonly winner: 'yes' | 'no';
  readonly source: ResolutionSource;
}

/** The stored outcome name ("Up"/"Down") as a winner. */
export function storedWinner(outcome: string): 'yes' | 'no' | undefined {
  const name = outcome.trim().toLowerCase();
  return name === 'up' ? 'yes' : name === 'down' ? 'no' : undefined;
}

/** Stored outcome first, else the estimate; undefined when neither is known. */
export async function settleWithoutWire(store: Store, w: MarketWindow, storedOutcome: string): Promise<Settled | undefined> {
  const stored = storedWinner(storedOutcome);
  if (stored !== undefined) return { winner: stored, source: 'stored' };
  const estimated = await estimateWinner(store, w);
  return estimated === undefined ? undefined : { winner: estimated, source: 'estimated' };
}
