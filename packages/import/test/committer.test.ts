/**
 * The committer's ordering guarantee, which resuming relies on: a flush writes its rows first and
 * its checkpoints only after them; a store that keeps failing gets no checkpoint and fails the
 * import; a transient failure is retried; checkpoint versions always grow; producers wait when
 * the buffer is full.
 */
import { ManualClock } from '@polymarket-arb/domain';
import { describe, expect, it } from 'vitest';
import type { Checkpoint } from '../src/checkpoints.js';
import { Committer, type TableSink } from '../src/committer.js';
import { CommitError } from '../src/errors.js';
import { PRICE_COLUMNS } from '../src/rows.js';

const OPTIONS = { batchRows: 1000, flushIntervalMs: 10_000, maxBufferedRows: 10_000, storeAttempts: 3, retryDelayMs: 1 };
const batch = (n: number) => ({
  columns: PRICE_COLUMNS,
  values: Array.from({ length: n }, (_, i) => [1_790_000_000 + i, 't', '0.5', 'e', 'BTC', 'yes', 1, '2026-11-26 00:00:00.000']),
});
const checkpoint = (key: string, status: Checkpoint['status'] = 'done'): Checkpoint => ({
  kind: 'prices',
  key,
  rangeStart: 0,
  rangeEnd: 100,
  status,
  cursor: '',
  rows: 1,
  detail: '',
});

/** Records every insert; `failures` inserts of `failTable` throw first. */
function sink(failTable = '', failures = 0) {
  const calls: { table: string; values: unknown[][]; columns: readonly string[] }[] = [];
  let left = failures;
  const s: TableSink = {
    async insert(table, columns, values) {
      if (table === failTable && left-- > 0) throw new Error('store unavailable');
      calls.push({ table, columns, values });
    },
  };
  return { s, calls };
}

describe('Committer', () => {
  it('writes rows first and their checkpoints after, in one flush', async () => {
    const { s, calls } = sink();
    const committer = new Committer(s, new ManualClock(1000), OPTIONS);
    await committer.add('price_history', batch(3), checkpoint('a'));
    await committer.add('price_history', batch(2), checkpoint('b'));
    await committer.flush();
    expect(calls.map((c) => [c.table, c.values.length])).toEqual([
      ['price_history', 5],
      ['import_checkpoints', 2],
    ]);
    expect(committer.written.get('price_history')).toBe(5);
    expect(committer.checkpointsWritten).toBe(2);
  });

  it('writes no checkpoint when the rows cannot be written, and fails from then on', async () => {
    const { s, calls } = sink('price_history', 100);
    const committer = new Committer(s, new ManualClock(1000), OPTIONS);
    await committer.add('price_history', batch(3), checkpoint('a'));
    await expect(committer.flush()).rejects.toBeInstanceOf(CommitError);
    expect(calls).toEqual([]);
    await expect(committer.add('price_history', batch(1))).rejects.toThrow(
      /Could not write to the store: store unavailable\. Nothing past the last checkpoint was lost/,
    );
  });

  it('retries a transient store failure', async () => {
    const { s, calls } = sink('price_history', 2);
    const committer = new Committer(s, new ManualClock(1000), OPTIONS);
    await committer.add('price_history', batch(3), checkpoint('a'));
    await committer.flush();
    expect(committer.storeRetries).toBe(2);
    expect(calls.map((c) => c.table)).toEqual(['price_history', 'import_checkpoints']);
  });

  it('keeps the last checkpoint of a key in a flush, and versions grow across flushes on a frozen clock', async () => {
    const { s, calls } = sink();
    const committer = new Committer(s, new ManualClock(5000), OPTIONS);
    await committer.add('trade_history', batch(1), checkpoint('m', 'partial'));
    await committer.add('trade_history', batch(1), checkpoint('m', 'done'));
    await committer.flush();
    await committer.add('trade_history', batch(1), checkpoint('m', 'open'));
    await committer.flush();
    const checkpoints = calls.filter((c) => c.table === 'import_checkpoints');
    const column = (c: (typeof checkpoints)[number], name: string) => c.values.map((v) => v[c.columns.indexOf(name)]);
    expect(checkpoints.map((c) => column(c, 'status'))).toEqual([['done'], ['open']]);
    expect(checkpoints.map((c) => column(c, 'updated_at'))).toEqual([['1970-01-01 00:00:05.000'], ['1970-01-01 00:00:05.001']]);
  });

  it('makes producers wait for a flush when the buffer is full', async () => {
    const { s, calls } = sink();
    const committer = new Committer(s, new ManualClock(1000), { ...OPTIONS, maxBufferedRows: 4 });
    await committer.add('price_history', batch(2));
    await committer.add('price_history', batch(2));
    expect(calls).toHaveLength(0);
    await committer.add('price_history', batch(2)); // 4 buffered: waits until they are written
    expect(calls.map((c) => c.values.length)).toEqual([4]);
  });
});
