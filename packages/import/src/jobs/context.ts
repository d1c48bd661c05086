/** What every import job sees: the HTTP client, the committer, the endpoints, the clock and the run's stats. */
import type { Clock } from '@polymarket-arb/domain';
import type { HttpClient } from '@polymarket-arb/venue';
import type { Committer } from '../committer.js';
import type { ImportStats } from '../stats.js';
import type { ExactNumbers } from '../wire/numbers.js';

export interface Endpoints {
  readonly gammaUrl: string;
  readonly clobUrl: string;
  readonly dataApiUrl: string;
}

export interface JobContext {
  readonly http: HttpClient;
  readonly committer: Committer;
  readonly numbers: ExactNumbers;
  readonly endpoints: Endpoints;
  readonly clock: Clock;
  readonly signal: AbortSignal;
  readonly stats: ImportStats;
}

/** How an item ended: complete, complete for now (still live), or incomplete by an API cap. */
export type ItemResult = 'done' | 'open' | 'capped';

/** Also possible for a markets piece: already resolved by an earlier run, read back from the store. */
export type PieceResult = ItemResult | 'stored';
