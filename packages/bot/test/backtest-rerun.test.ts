/**
 * Reruns replace their own rows: the default run id names the range and settings, so running the
 * same backtest again leaves exactly one run's decisions, counterfactuals and anomalies (not one
 * copy per run), and the log says what was replaced. Rows of another run id, or of a shadow/paper
 * run that happens to share the id, are untouched. Real embedded store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { chTimeMicros, chTimeMs } from '@polymarket-arb/domain';
import { createLogger, openStore, type Store } from '@polymarket-arb/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUN_TABLES } from '../src/backtest/run/rerun.js';
import { defaultRunId, runBacktest } from '../src/backtest/run/run.js';
import { SYNTHETIC_DEFAULTS, syntheticWindow, writeSynthetic } from '../src/backtest/replay/synthetic.js';
import { backtestConfig } from './backtest-helpers.js';

const START = Date.UTC(2026, 4, 1);
const RANGE = { startMs: START - 60_000, endMs: START + 2 * 900_000 };
const config = backtestConfig('0.02');
const runId = defaultRunId(config, RANGE.startMs, RANGE.endMs);

type Counts = Record<(typeof RUN_TABLES)[number], number>;

describe('backtest reruns replace their own rows', () => {
  const dir = mkdtempSync(join(tmpdir(), 'poly-rerun-'));
  let store: Store;
  let log = '';
  const logger = createLogger({
    name: 'test',
    format: 'json',
    destination: new Writable({ write: (chunk: Buffer, _e, done) => ((log += chunk.toString()), done()) }),
  });
  const backtest = (id?: string) => runBacktest({ config, store, ...RANGE, assets: ['BTC'], logger, runId: id });

  async function counts(id: string, mode = 'backtest'): Promise<Counts> {
    const out = {} as Counts;
    for (const t of RUN_TABLES)
      out[t] = Number(
        (
          await store.queryRows<{ n: string }>(`SELECT count() AS n FROM ${t} WHERE run_id = {id:String} AND mode = {mode:String}`, {
            id,
            mode,
          })
        )[0]?.n,
      );
    return out;
  }

  beforeAll(async () => {
    store = await openStore({ dataDir: join(dir, 'data') });
    const recording = { ...SYNTHETIC_DEFAULTS, startMs: START, windows: 2, assets: ['BTC'] as const, framesPerSecond: 5, seed: 7 };
    await writeSynthetic(store, recording);
    // A book mismatch the collector recorded: the replay turns it into an anomalies row.
    const token = syntheticWindow(recording, 'BTC', 0).yesTokenId;
    await store.insert('collector_events', [
      {
        timestamp: chTimeMicros((START + 300_000) * 1000),
        kind: 'book_mismatch',
        source: 'clob',
        conn_id: 1,
        token_id: token,
        detail: '{}',
      },
    ]);
    // A shadow run that was given the same id: not the backtest's to replace.
    await store.insert('anomalies', [
      {
        timestamp: chTimeMs(START),
        anomaly_type: 'test',
        severity: 'info',
        event_id: null,
        description: 'shadow row',
        context: '{}',
        mode: 'shadow',
        run_id: runId,
      },
    ]);
  }, 60_000);

  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a second run of the same backtest leaves one run of rows, and says what it replaced', async () => {
    await backtest();
    const first = await counts(runId);
    expect(first.decisions).toBeGreaterThan(0);
    expect(first.counterfactuals).toBeGreaterThan(0);
    expect(first.anomalies).toBeGreaterThan(0);
    expect(log).not.toContain('replacing');
    await backtest();
    expect(await counts(runId)).toEqual(first);
    expect(log).toContain(
      `backtest: rerun of ${runId}; replacing the earlier run's ${first.decisions} decisions, ${first.counterfactuals} counterfactuals, ${first.anomalies} anomalies rows (give --run-id to keep them)`,
    );
    await backtest();
    expect(await counts(runId)).toEqual(first);
  }, 60_000);

  it('another run id adds its own rows and leaves the others, and a shadow row with the same id survives', async () => {
    const before = await counts(runId);
    await backtest('kept-apart');
    expect(await counts('kept-apart')).toEqual(before);
    expect(await counts(runId)).toEqual(before);
    expect((await counts(runId, 'shadow')).anomalies).toBe(1);
  }, 60_000);
});
