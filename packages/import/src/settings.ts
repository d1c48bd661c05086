/** The importer's tunables (from the `[import]` config section), with the defaults used by tests and the library. */
import { clientLimits, type LimitKey, type RetryPolicy } from '@polymarket-arb/venue';
import { DEFAULT_COMMITTER_OPTIONS, type CommitterOptions } from './committer.js';
import type { TradesSettings } from './jobs/trades.js';

export interface ImportSettings {
  /** Requests in flight at once. */
  readonly concurrency: number;
  /** Slugs or token ids per Gamma request. */
  readonly gammaBatch: number;
  /** Longest `/prices-history` range requested at once, s. */
  readonly pricesMaxRangeSec: number;
  readonly trades: Omit<TradesSettings, 'api'>;
  readonly retry: RetryPolicy;
  /** Requests per 10 s for each service and route. */
  readonly rateLimits: Readonly<Record<LimitKey, number>>;
  readonly committer: CommitterOptions;
}

export const DEFAULT_SETTINGS: ImportSettings = Object.freeze({
  concurrency: 8,
  gammaBatch: 50,
  // A third-party indexer splits into 15-day requests "to stay within the API's range limits".
  pricesMaxRangeSec: 15 * 86_400,
  trades: { pageLimit: 500, v1MaxOffset: 1000 },
  retry: { maxRetries: 8, baseMs: 500, maxMs: 30_000, retryAfterMaxMs: 300_000, timeoutMs: 30_000 },
  rateLimits: clientLimits(80),
  committer: DEFAULT_COMMITTER_OPTIONS,
});
