/**
 * Resume points in `import_checkpoints`, one per (kind, key, range): a market piece resolved, a
 * token's price range, a market's trades. `done` items are skipped by the next run; `partial`
 * ones resume from their cursor; `open` (the market was still trading) and `capped` (v1 could not
 * reach every trade) are fetched again. A checkpoint is written only after the rows it covers
 * (see committer.ts), so resuming never leaves a gap.
 */
import { chTimeMs } from '@polymarket-arb/domain';
import { type Store } from '@polymarket-arb/common';

export type CheckpointKind = 'markets' | 'prices' | 'trades';
export type CheckpointStatus = 'done' | 'partial' | 'open' | 'capped';

export interface Checkpoint {
  readonly kind: CheckpointKind;
  readonly key: string;
  /** Unix seconds. */
  readonly rangeStart: number;
  readonly rangeEnd: number;
  readonly status: CheckpointStatus;
  /** Where a `partial` item resumes (format owned by the job). */
  readonly cursor: string;
  /** Rows the item has written so far. */
  readonly rows: number;
  readonly detail: string;
}

export type CheckpointMap = ReadonlyMap<string, Checkpoint>;

/** Identity of a checkpoint: what ReplacingMergeTree keys it by. */
export function checkpointId(kind: CheckpointKind, key: string, rangeStart: number, rangeEnd: number): string {
  return `${kind}|${key}|${rangeStart}|${rangeEnd}`;
}

interface CheckpointRecord {
  kind: CheckpointKind;
  key: string;
  rs: number;
  re: number;
  status: CheckpointStatus;
  cursor: string;
  rows: string;
  detail: string;
}

/** The latest checkpoint of every item of `kind` whose range touches [fromSec, toSec]. */
export async function loadCheckpoints(
  store: Store,
  kind: CheckpointKind,
  fromSec: number,
  toSec: number,
): Promise<Map<string, Checkpoint>> {
  const records = await store.queryRows<CheckpointRecord>(
    `SELECT kind, key, toUnixTimestamp(range_start) AS rs, toUnixTimestamp(range_end) AS re, status, cursor, rows, detail
     FROM import_checkpoints FINAL
     WHERE kind = {kind:String} AND range_end >= toDateTime64({from:Int64}, 0, 'UTC') AND range_start <= toDateTime64({to:Int64}, 0, 'UTC')`,
    { kind, from: Math.max(0, fromSec), to: toSec },
  );
  const map = new Map<string, Checkpoint>();
  for (const r of records) {
    const checkpoint: Checkpoint = {
      kind: r.kind,
      key: r.key,
      rangeStart: Number(r.rs),
      rangeEnd: Number(r.re),
      status: r.status,
      cursor: r.cursor,
      rows: Number(r.rows),
      detail: r.detail,
    };
    map.set(checkpointId(checkpoint.kind, checkpoint.key, checkpoint.rangeStart, checkpoint.rangeEnd), checkpoint);
  }
  return map;
}

/** The `import_checkpoints` row of a checkpoint; `updatedAtMs` must grow per key (the newest wins). */
export function checkpointRow(c: Checkpoint, updatedAtMs: number): object {
  return {
    kind: c.kind,
    key: c.key,
    range_start: chTimeMs(c.rangeStart * 1000).slice(0, 19),
    range_end: chTimeMs(c.rangeEnd * 1000).slice(0, 19),
    status: c.status,
    cursor: c.cursor,
    rows: c.rows,
    detail: c.detail,
    updated_at: chTimeMs(updatedAtMs),
  };
}
