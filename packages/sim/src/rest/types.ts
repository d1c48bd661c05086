/**
 * Contracts between the REST services and the rest of the simulator: the read-only view of live
 * books (implemented by the live half, see DESIGN.md) and the tunable limits of the services.
 */
import type { Clock } from '@polymarket-arb/domain';
import type { Catalog } from '../catalog.js';
import type { RestFaults } from './faults.js';

export interface LiveBookView {
  /** The CLOB `OrderBookSummary` JSON object for a token with a live book (exact wire shape:
   *  market, asset_id, timestamp, hash, bids ascending, asks descending, min_order_size, tick_size,
   *  neg_risk, last_trade_price), or undefined. */
  bookSummary(tokenId: string): Record<string, unknown> | undefined;
}

/** Caps of the real services, configurable so tests can reach them with little data. */
export interface RestLimits {
  /** Data API v1 `/trades`: largest `limit` (500 per the 2025-08-26 changelog). */
  tradesMaxLimit: number;
  /** Data API v1 `/trades`: largest `offset` (1000 per the same changelog). */
  tradesMaxOffset: number;
  /** Default `limit` of both trade endpoints. */
  tradesDefaultLimit: number;
  /** Data API v2 `/v2/trades`: largest `limit`. */
  tradesV2MaxLimit: number;
  /** Data API v2: most condition ids in one `condition` filter (20, reference §4.3). */
  tradesV2MaxConditions: number;
  /** CLOB `/prices-history`: longest startTs..endTs range in seconds (the importer must split). */
  pricesHistoryMaxRangeSec: number;
  /** CLOB `POST /books`: most token ids per request. */
  booksMaxItems: number;
  /** Gamma list endpoints: default and largest `limit`. */
  gammaDefaultLimit: number;
  gammaMaxLimit: number;
  /** How far back (s) token and condition ids are indexed on first miss, so ids learnt from an
   *  earlier run with the same seed are recognised. */
  indexLookbackSec: number;
}

export const DEFAULT_REST_LIMITS: Readonly<RestLimits> = Object.freeze({
  tradesMaxLimit: 500,
  tradesMaxOffset: 1000,
  tradesDefaultLimit: 100,
  tradesV2MaxLimit: 500,
  tradesV2MaxConditions: 20,
  // A third-party indexer splits into 15-day requests "to stay within the API's range limits".
  pricesHistoryMaxRangeSec: 15 * 86_400,
  booksMaxItems: 500,
  gammaDefaultLimit: 100,
  gammaMaxLimit: 500,
  indexLookbackSec: 7 * 86_400,
});

export interface RestDeps {
  catalog: Catalog;
  books: LiveBookView;
  clock: Clock;
  faults: RestFaults;
  limits?: Partial<RestLimits>;
}
