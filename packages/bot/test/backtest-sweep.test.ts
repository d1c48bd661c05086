/**
 * Parameter sweeps on worker threads: one ranked row per combination, each equal to a single run
 * of the same configuration in this thread, and the same rows whatever the number of workers.
 * (The workers run the compiled package: build with `npx tsc -b packages/bot` first.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseMicros } from '@polymarket-arb/domain';
import { openStore, type Store } from '@polymarket-arb/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBacktest } from '../src/backtest/run/run.js';
import { parseSweeps, sweepCombinations } from '../src/backtest/sweep/spec.js';
import { writeSynthetic } from '../src/backtest/replay/synthetic.js';
import { backtestConfig } from './backtest-helpers.js';

const START = Date.UTC(2026, 3, 1);
const range = { startMs: START - 60_000, endMs: START + 2 * 900_000 + 60_000, assets: ['BTC'] as const };
const SWEEPS = ['min_margin=0.02,0.04', 'sizing.mvp_size=10,20'];

describe('backtest parameter sweeps', () => {
  const dir = mkdtempSync(join(tmpdir(), 'poly-sweep-'));
  let store: Store;
  const config = backtestConfig('0.02');

  beforeAll(async () => {
    store = await openStore({ dataDir: join(dir, 'data') });
    await writeSynthetic(store, { startMs: START, windows: 2, assets: ['BTC'], framesPerSecond: 10, seed: 3, episodeMargin: 30_000 });
  });

  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('one row per combination, ranked by net P&L, each equal to a single run of that configuration', async () => {
    const { report } = await runBacktest({ config, store, ...range, sweeps: parseSweeps(SWEEPS), workers: 2, runId: 'sweep' });
    const rows = report.sweep ?? [];
    expect(rows.map((r) => r.rank)).toEqual([1, 2, 3, 4]);
    expect(rows.map((r) => r.label).sort()).toEqual([
      'min_margin=0.02 sizing.mvp_size=10',
      'min_margin=0.02 sizing.mvp_size=20',
      'min_margin=0.04 sizing.mvp_size=10',
      'min_margin=0.04 sizing.mvp_size=20',
    ]);
    const pnl = rows.map((r) => parseMicros(r.pnl.replace('-', '')) * (r.pnl.startsWith('-') ? -1 : 1));
    expect([...pnl].sort((a, b) => b - a)).toEqual(pnl);
    // the episodes net 0.03 per pair: a 0.04 threshold never trades, 20-share pairs earn more than 10-share ones
    expect(rows[0]?.label).toBe('min_margin=0.02 sizing.mvp_size=20');
    for (const r of rows.filter((x) => x.label.startsWith('min_margin=0.04'))) expect([r.pnl, r.trades]).toEqual(['0', 0]);
    expect(pnl[0]).toBeGreaterThan(pnl[1] as number);
    expect(pnl[1]).toBeGreaterThan(0);
    // the report's body is the best combination's run
    expect(report.summary.pnl).toBe(rows[0]?.pnl);
    expect(report.settings['sizing.mvp_size']).toBe('20');
    for (const combo of sweepCombinations(config, parseSweeps(SWEEPS))) {
      const single = await runBacktest({ config: combo.config, store, ...range, writeRows: false });
      expect(rows.find((r) => r.label === combo.label)?.pnl, combo.label).toBe(single.report.summary.pnl);
      expect(rows.find((r) => r.label === combo.label)?.trades, combo.label).toBe(single.report.summary.trades);
    }
  });

  it('the same rows with one worker as with several', async () => {
    const axes = parseSweeps(SWEEPS);
    const one = await runBacktest({ config, store, ...range, sweeps: axes, workers: 1, runId: 'sweep' });
    const three = await runBacktest({ config, store, ...range, sweeps: axes, workers: 3, runId: 'sweep' });
    expect(three.report.sweep).toEqual(one.report.sweep);
  });

  it('writes no rows to the store for a sweep', async () => {
    const n = await store.queryRows<{ n: string }>("SELECT toString(count()) AS n FROM decisions WHERE run_id LIKE 'sweep%'");
    expect(n[0]?.n).toBe('0');
  });
});
