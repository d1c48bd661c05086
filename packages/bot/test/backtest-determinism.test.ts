/**
 * Determinism: the same recorded data and configuration give bit-identical decisions,
 * counterfactuals, anomalies, fills and P&L, run after run, whatever the slice size and the pace.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '@polymarket-arb/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBacktestBot } from '../src/backtest/bot.js';
import { deterministicUuid } from '../src/backtest/decisions.js';
import { ReplayReader } from '../src/backtest/reader/reader.js';
import { ReplayDataSource } from '../src/backtest/source.js';
import { runBot } from '../src/bot.js';
import type { BacktestReport } from '../src/backtest/report/model.js';
import { runBacktest } from '../src/backtest/run.js';
import { writeSynthetic } from '../src/backtest/synthetic.js';
import { backtestConfig } from './backtest-helpers.js';

const START = Date.UTC(2026, 2, 1);
const range = { startMs: START - 60_000, endMs: START + 2 * 900_000 + 60_000, assets: ['BTC', 'ETH'] as const };

/** The report without what legitimately differs between runs: wall time and the run id. */
function comparable(r: BacktestReport): unknown {
  return { ...r, run: undefined, runId: undefined, anomalies: { ...r.anomalies, sample: r.anomalies.sample.map((a) => ({ ...a, run_id: undefined })) } };
}

async function rows(store: Store, table: string, runId: string): Promise<string[]> {
  const all = await store.queryRows<Record<string, unknown>>(`SELECT * FROM ${table} WHERE run_id = {r:String}`, { r: runId });
  return all.map(({ decision_id: _d, run_id: _r, ...rest }) => JSON.stringify(rest)).sort();
}

describe('backtest determinism', () => {
  const dir = mkdtempSync(join(tmpdir(), 'poly-det-'));
  let store: Store;
  const config = backtestConfig('0.02', { backtest: { fail_probability: 300_000, seed: 9 } });

  beforeAll(async () => {
    store = await openStore({ dataDir: join(dir, 'data') });
    await writeSynthetic(store, { startMs: START, windows: 2, assets: ['BTC', 'ETH'], framesPerSecond: 10, seed: 5 });
  });

  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('two runs: identical decisions, counterfactuals, anomalies, fills and P&L', async () => {
    const a = await runBacktest({ config, store, ...range, runId: 'det-a' });
    const b = await runBacktest({ config, store, ...range, runId: 'det-b' });
    expect(a.report.summary.trades).toBeGreaterThan(4);
    expect(a.report.summary.failedTrades).toBeGreaterThan(0);
    expect(a.report.counterfactuals.rows).toBeGreaterThan(0);
    expect(comparable(b.report)).toEqual(comparable(a.report));
    expect(b.runner?.bot.executor.fills).toEqual(a.runner?.bot.executor.fills);
    for (const table of ['decisions', 'counterfactuals', 'anomalies']) {
      const ra = await rows(store, table, 'det-a');
      expect(await rows(store, table, 'det-b'), table).toEqual(ra);
      if (table !== 'anomalies') expect(ra.length, table).toBeGreaterThan(10);
    }
    // decision ids come from the run id and the sequence, never from a random source
    const ids = await store.queryRows<{ decision_id: string }>("SELECT decision_id FROM decisions WHERE run_id = 'det-a'");
    expect(new Set(ids.map((r) => r.decision_id))).toEqual(new Set(ids.map((_, i) => deterministicUuid('det-a', i))));
    // P&L is exact and the engine's own accounting agrees with the backtest's ledgers
    expect(a.report.summary.engineRealizedPnl).toBe(a.report.summary.settledPnl);
  });

  it('the same report whatever the slice size and the pace', async () => {
    const base = await runBacktest({ config, store, ...range, runId: 'det-c', writeRows: false });
    const sliced = await runBacktest({ config: { ...config, backtest: { ...config.backtest, chunk_seconds: 37 } }, store, ...range, runId: 'det-c', writeRows: false });
    const paced = await runBacktest({ config, store, ...range, runId: 'det-c', writeRows: false, speed: 4_000 });
    const strip = (r: BacktestReport) => ({ ...(comparable(r) as object), data: { ...r.data, slices: 0 }, settings: undefined, speed: undefined });
    expect(sliced.report.data.slices).toBeGreaterThan(base.report.data.slices);
    expect(strip(sliced.report)).toEqual(strip(base.report));
    expect(strip(paced.report)).toEqual(strip(base.report));
    expect(paced.report.speed).toBe('4000');
  });

  it('runBot over the ReplayDataSource (the DataSource interface) drives the engine to the same fills and P&L', async () => {
    const viaRunner = await runBacktest({ config, store, ...range, runId: 'det-d', writeRows: false });
    const reader = new ReplayReader({ store, ...range, chunkSeconds: config.backtest.chunk_seconds, settleGraceMs: config.backtest.settle_grace_ms });
    await reader.open();
    const bot = createBacktestBot(config, range.startMs * 1000, reader.clockOffsetMs);
    await runBot(new ReplayDataSource((signal) => reader.batches(signal), bot.clock, range.startMs, config.backtest.tick_ms), bot.engine, new AbortController().signal, 0);
    expect(bot.executor.fills).toEqual(viaRunner.runner?.bot.executor.fills);
    expect(bot.engine.pnl.realizedTotal).toBe(viaRunner.runner?.bot.engine.pnl.realizedTotal);
    expect(bot.engine.counters).toEqual(viaRunner.runner?.bot.engine.counters);
  });

  it('decision ids are UUIDs derived from the run id and sequence', () => {
    expect(deterministicUuid('run', 7)).toBe(deterministicUuid('run', 7));
    expect(deterministicUuid('run', 7)).not.toBe(deterministicUuid('run', 8));
    expect(deterministicUuid('run', 7)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
