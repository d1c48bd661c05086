/**
 * The final report of an import: what was found, imported, skipped (and why), and what it cost in
 * requests, retries and time. `formatSummary` prints it for people; the object is logged as is.
 */
import type { HttpStats } from '@polymarket-arb/venue';
import type { ImportKind } from './request.js';
import type { ImportStats, ItemCounters, SkippedItem } from './stats.js';

export interface ImportSummary {
  readonly kind: ImportKind;
  readonly startSec: number;
  readonly endSec: number;
  /** SIGINT/SIGTERM stopped the import before the end; a new run resumes it. */
  readonly interrupted: boolean;
  readonly durationMs: number;
  readonly markets: ImportStats['markets'];
  readonly missingExamples: readonly string[];
  readonly pieces: ItemCounters;
  readonly items: ItemCounters;
  /** Rows acknowledged by the store, per table. */
  readonly rowsWritten: Readonly<Record<string, number>>;
  readonly checkpointsWritten: number;
  readonly http: HttpStats;
  /** Time requests waited on the client-side rate limiter (own pace and Retry-After pauses), ms. */
  readonly throttledMs: number;
  readonly storeRetries: number;
  /** Numbers with more than 6 decimals, rounded half-up. */
  readonly roundedValues: number;
  readonly emptyItems: number;
  readonly rangeSplits: number;
  readonly switchedToV2: readonly string[];
  readonly capped: readonly string[];
  readonly skipped: readonly SkippedItem[];
  readonly problems: readonly string[];
}

const n = new Intl.NumberFormat('en-US');

/** Human-readable summary, a few lines. */
export function formatSummary(s: ImportSummary): string {
  const day = (sec: number): string => new Date(sec * 1000).toISOString().slice(0, 16).replace('T', ' ');
  const rows =
    Object.entries(s.rowsWritten)
      .map(([table, count]) => `${n.format(count)} ${table}`)
      .join(', ') || 'none';
  const totalRows = Object.values(s.rowsWritten).reduce((a, b) => a + b, 0);
  const seconds = s.durationMs / 1000;
  const lines = [
    `poly-import ${s.kind} ${day(s.startSec)} .. ${day(s.endSec)} UTC: ${s.interrupted ? 'INTERRUPTED (run the same command again to resume)' : s.items.failed + s.pieces.failed > 0 ? 'INCOMPLETE (run the same command again to retry the skipped items)' : 'complete'}`,
    `  markets   ${n.format(s.markets.found)} (${n.format(s.markets.closed)} closed, ${n.format(s.markets.open)} open, ${n.format(s.markets.fromStore)} known from an earlier run), ${n.format(s.markets.missing)} windows without a market${s.missingExamples.length ? ` (e.g. ${s.missingExamples.slice(0, 2).join(', ')})` : ''}`,
    `  items     ${n.format(s.items.total)}: ${n.format(s.items.completed)} imported, ${n.format(s.items.alreadyDone)} already done, ${n.format(s.items.resumed)} resumed, ${n.format(s.items.open)} still live, ${n.format(s.items.capped)} capped, ${n.format(s.items.failed + s.pieces.failed)} skipped`,
    `  rows      ${rows}; ${n.format(s.checkpointsWritten)} checkpoints`,
    `  requests  ${n.format(s.http.requests)}, retries ${n.format(s.http.retries)} (429: ${s.http.rateLimited}, 5xx: ${s.http.serverErrors}, network: ${s.http.networkErrors}), Retry-After waits ${(s.http.retryAfterWaitMs / 1000).toFixed(1)} s, rate-limiter waits ${(s.throttledMs / 1000).toFixed(1)} s`,
    `  duration  ${seconds.toFixed(1)} s (${n.format(seconds > 0 ? Math.round(totalRows / seconds) : 0)} rows/s)`,
  ];
  if (s.switchedToV2.length)
    lines.push(
      `  ${s.switchedToV2.length} markets had more trades than v1 offset paging reaches; continued on /v2/trades (e.g. ${s.switchedToV2.slice(0, 3).join(', ')})`,
    );
  if (s.capped.length)
    lines.push(
      `  ${s.capped.length} markets are incomplete: more trades than v1 offset paging reaches (e.g. ${s.capped.slice(0, 3).join(', ')}); run with --trades-api v2 or auto to complete them`,
    );
  if (s.rangeSplits) lines.push(`  ${s.rangeSplits} price ranges were refused as too long and split in two`);
  if (s.roundedValues) lines.push(`  ${s.roundedValues} numbers had more than 6 decimals and were rounded half-up`);
  if (s.emptyItems) lines.push(`  ${s.emptyItems} items had no data on the API`);
  for (const p of s.problems.slice(0, 5)) lines.push(`  problem: ${p}`);
  for (const k of s.skipped.slice(0, 10)) lines.push(`  skipped ${k.item}: ${k.reason}`);
  if (s.skipped.length > 10) lines.push(`  ... and ${s.skipped.length - 10} more skipped`);
  return lines.join('\n');
}
