/**
 * Determinism: the same recorded data and configuration give bit-identical decisions,
 * counterfactuals, anomalies, fills and P&L, run after run, whatever the slice size and the pace;
 * and a run's event log (every engine input, every executor answer) replays into a fresh engine
 * with the same decisions and P&L.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '@polymarket-arb/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayEventLog } from '../src/audit/replay.js';
import { EventLogRecorder } from '../src/audit/event-log.js';
import { DecisionDrain, deterministicUuid } from '../src/backtest/analysis/decisions.js';
import { ReplayReader } from '../src/backtest/reader/reader.js';
import type { BacktestReport } from '../src/backtest/report/model.js';
import { runBacktest } from '../src/backtest/run/run.js';
import { BacktestRunner } from '../src/backtest/run/runner.js';
import type { DecisionRow } from '../src/observability/enrich.js';
import { writeSynthetic } from '../src/backtest/replay/synthetic.js';
import { backtestConfig } from './backtest-helpers.js';

const START = Date.UTC(2026, 2, 1);
const range = { startMs: START - 60_000, endMs: START + 2 * 900_000 + 60_000, assets: ['BTC', 'ETH'] as const };

/** The report without what legitimately differs between runs: wall time and the run id. */
function comparable(r: BacktestReport): unknown {
  return {
    ...r,
    run: undefined,
    runId: undefined,
    anomalies: { ...r.anomalies, sample: r.anomalies.sample.map((a) => ({ ...a, run_id: undefined })) },
  };
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
    const sliced = await runBacktest({
      config: { ...config, backtest: { ...config.backtest, chunk_seconds: 37 } },
      store,
      ...range,
      runId: 'det-c',
      writeRows: false,
    });
    const paced = await runBacktest({ config, store, ...range, runId: 'det-c', writeRows: false, speed: 4_000 });
    const strip = (r: BacktestReport) => ({
      ...(comparable(r) as object),
      data: { ...r.data, slices: 0 },
      settings: undefined,
      speed: undefined,
    });
    expect(sliced.report.data.slices).toBeGreaterThan(base.report.data.slices);
    expect(strip(sliced.report)).toEqual(strip(base.report));
    expect(strip(paced.report)).toEqual(strip(base.report));
    expect(paced.report.speed).toBe('4000');
  });

  it("a run's event log replays into a fresh engine: the same decisions, inventories and P&L", async () => {
    const viaRunBacktest = await runBacktest({ config, store, ...range, runId: 'det-d', writeRows: false });
    const reader = new ReplayReader({
      store,
      ...range,
      chunkSeconds: config.backtest.chunk_seconds,
      settleGraceMs: config.backtest.settle_grace_ms,
    });
    await reader.open();
    const log = new EventLogRecorder();
    const ran: DecisionRow[] = [];
    const runner = new BacktestRunner({
      config,
      ...range,
      runId: 'det-d',
      speed: 'max',
      clockOffsetMs: reader.clockOffsetMs,
      batches: (signal) => reader.batches(signal),
      eventLog: log,
      sinks: { decisions: { push: (row) => ran.push(row) > 0 } },
    });
    await runner.run();
    runner.finish(await reader.lateResolutions(runner.openWindows()));
    // logging changes nothing: the same fills and P&L as runBacktest
    expect(runner.bot.executor.fills).toEqual(viaRunBacktest.runner?.bot.executor.fills);
    expect(runner.pnl()).toBe(viaRunBacktest.runner?.pnl());
    expect(log.entries.filter((e) => e.kind === 'input' && e.event.type === 'order_fill').length).toBe(runner.bot.executor.fills.length);

    const replayed = replayEventLog(log, { ...config, observability: { ...config.observability, ring_size: 1 << 20 } }, 'backtest');
    const again: DecisionRow[] = [];
    new DecisionDrain(replayed.ring, replayed.markets, 'det-d', [], { push: (row) => again.push(row) > 0 }).drain();
    expect(ran.length).toBeGreaterThan(10);
    expect(again).toEqual(ran);
    expect(replayed.executor.unused).toBe(0);
    expect(replayed.engine.pnl.realizedTotal).toBe(runner.bot.engine.pnl.realizedTotal);
    expect(replayed.engine.counters).toEqual(runner.bot.engine.counters);
    const inventories = (b: typeof replayed.markets) => b.all.map((m) => [m.window.eventId, { ...m.inventory }]);
    expect(inventories(replayed.markets)).toEqual(inventories(runner.bot.markets));
  });

  it('decision ids are UUIDs derived from the run id and sequence', () => {
    expect(deterministicUuid('run', 7)).toBe(deterministicUuid('run', 7));
    expect(deterministicUuid('run', 7)).not.toBe(deterministicUuid('run', 8));
    expect(deterministicUuid('run', 7)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
