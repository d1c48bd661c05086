/**
 * What an import did, for the progress line and the final summary: markets found, items done or
 * skipped (with the reason), rows, and what the importer had to work around (v1 offset caps,
 * ranges split for the API, values rounded). HTTP counters live in the client, row counts in
 * the committer; `summarize` brings them together.
 */
export interface SkippedItem {
  readonly item: string;
  readonly reason: string;
}

/** Work items of one phase and how they ended. */
export interface ItemCounters {
  total: number;
  /** Done by an earlier run: skipped. */
  alreadyDone: number;
  /** Started by an earlier run: continued from its cursor. */
  resumed: number;
  /** Complete. */
  completed: number;
  /** Fetched, but the market was still live: fetched again next time. */
  open: number;
  /** Incomplete because of an API cap. */
  capped: number;
  /** Given up after retries, or refused by the API: listed in `skipped`. */
  failed: number;
}

export function newCounters(): ItemCounters {
  return { total: 0, alreadyDone: 0, resumed: 0, completed: 0, open: 0, capped: 0, failed: 0 };
}

/** Items finished in this run (any outcome). */
export function finished(c: ItemCounters): number {
  return c.completed + c.open + c.capped + c.failed;
}

export class ImportStats {
  readonly markets = { found: 0, closed: 0, open: 0, missing: 0, fromStore: 0 };
  /** A few of the slugs Gamma had no market for. */
  readonly missingExamples: string[] = [];
  /** Markets phase: (asset, day) pieces. */
  readonly pieces: ItemCounters = newCounters();
  /** Prices or trades phase. */
  readonly items: ItemCounters = newCounters();
  rowsFetched = 0;
  /** Items whose API answer was empty. */
  emptyItems = 0;
  /** `/prices-history` ranges split in two after the API refused them. */
  rangeSplits = 0;
  /** Markets with more trades than v1 offset paging reaches, continued on v2. */
  readonly switchedToV2: string[] = [];
  /** Markets left incomplete because v1's offset cap was reached (v1-only mode). */
  readonly capped: string[] = [];
  readonly skipped: SkippedItem[] = [];
  /** Gamma objects that could not be read. */
  readonly problems: string[] = [];

  noteMissing(slugs: readonly string[]): void {
    this.markets.missing += slugs.length;
    for (const slug of slugs) if (this.missingExamples.length < 5) this.missingExamples.push(slug);
  }
}
