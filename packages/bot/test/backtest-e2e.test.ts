/**
 * End to end: poly-sim with injected arbitrage episodes (ground truth in an NDJSON file) ->
 * `poly-collect` (the built CLI, a separate process) into an embedded store -> the backtest over
 * that range. The report shows every profitable episode the bot could take taken, no trade outside
 * them, and P&L equal to an independent calculation from the ground-truth prices (common's
 * `pairCost` on the pairs bought) within the fee rounding (one 0.00001 per fill at most). Two
 * backtests of the same recording are identical.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatMicros, pairCost, parseMicros } from '@polymarket-arb/domain';
import { openStore, silentLogger, type Store } from '@polymarket-arb/common';
import { startSimulator, type Simulator, type TruthEpisode } from '@polymarket-arb/sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BacktestReport } from '../src/backtest/report/model.js';
import { runBacktest, type BacktestResult } from '../src/backtest/run/run.js';
import { backtestConfig } from './backtest-helpers.js';

const COLLECTOR = fileURLToPath(new URL('../../collect/bin/poly-collect.js', import.meta.url));
const RUN_SECONDS = 40;

/** Money as micros from a report string ("-0.5" too). */
const m = (text: string): number => (text.startsWith('-') ? -parseMicros(text.slice(1)) : parseMicros(text));

describe('backtest end to end: poly-sim -> poly-collect -> embedded store -> backtest', () => {
  const dir = mkdtempSync(join(tmpdir(), 'poly-bt-e2e-'));
  const truthFile = join(dir, 'truth.ndjson');
  let sim: Simulator;
  let store: Store;
  let truth: TruthEpisode[];
  let first: BacktestResult;
  let startMs: number;
  let endMs: number;
  let exitCode: number | null = null;
  /** How far the simulator's (the exchange's) clock is ahead of ours: truth times are on its clock. */
  let simAheadMs = 0;
  let stderr = '';
  const config = backtestConfig('0.02');

  beforeAll(async () => {
    const simStartMs = Math.floor(Date.now() / 900_000) * 900_000 + 120_000;
    simAheadMs = simStartMs - Date.now();
    sim = await startSimulator({
      // 2 minutes into the current window, whatever the time of day the test runs: the whole run sits in
      // one window with time to trade, as in the paper end-to-end test. (Run from the real clock, a run in
      // a window's last minutes found no market that could hold an episode, and recorded none.)
      startTimeMs: simStartMs,
      seed: 23,
      assets: 'BTC,ETH',
      rate: 40,
      binanceRate: 5,
      arbEpisodes: 5,
      arbMargin: '0.03',
      arbDurationMs: 3000,
      arbIntervalMs: 6500,
      arbFirstAfterMs: 7000,
      truthFile,
    });
    startMs = Date.now() - 1_000;
    const child = spawn(
      process.execPath,
      [COLLECTOR, '--assets', 'BTC,ETH', '--data-dir', join(dir, 'data'), '--duration', String(RUN_SECONDS), '--log-format', 'json'],
      {
        env: { ...process.env, ...sim.urls, POLY_LOG_LEVEL: 'info' },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    exitCode = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    endMs = Date.now() + 1_000;
    truth = readFileSync(truthFile, 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as TruthEpisode);
    store = await openStore({ dataDir: join(dir, 'data') });
    first = await runBacktest({
      config,
      store,
      startMs,
      endMs,
      assets: ['BTC', 'ETH'],
      reportDir: join(dir, 'out'),
      logger: silentLogger(),
      runId: 'e2e',
    });
  }, 120_000);

  afterAll(async () => {
    await store?.close();
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('recorded the simulator with its episodes', () => {
    expect(exitCode, stderr.slice(-2000)).toBe(0);
    expect(truth.length).toBeGreaterThanOrEqual(4);
    expect(truth).toEqual(sim.truth());
    expect(first.report.data.byType.price_change ?? 0).toBeGreaterThan(500);
    expect(first.report.data.invalidRows).toBe(0);
  });

  it('takes every episode it could take, and trades nowhere else', () => {
    const r = first.report;
    const fills = r.fills;
    const inEpisode = (f: BacktestReport['fills'][number], e: TruthEpisode) =>
      (f.tokenId === e.upTokenId || f.tokenId === e.downTokenId) && f.atMs >= e.startMs && f.atMs <= e.endMs + 1_000;
    // An episode can be taken when the collector had the books (it began after the first snapshots) and
    // the window had more than the 30 s no-trade margin left.
    const firstBookMs = Math.min(...fills.map((f) => f.atMs), Number.POSITIVE_INFINITY);
    const local = (exchangeMs: number) => exchangeMs - simAheadMs;
    const takeable = truth.filter(
      (e) => local(e.startMs) > startMs + 5_000 && local(e.endMs) < endMs - 2_000 && windowEndOf(e) - e.startMs > 35_000,
    );
    expect(
      takeable.length,
      `episodes ${JSON.stringify(truth.map((e) => local(e.startMs) - startMs))}, first fill ${local(firstBookMs) - startMs}`,
    ).toBeGreaterThanOrEqual(3);
    for (const e of takeable) {
      const own = fills.filter((f) => inEpisode(f, e));
      expect(own.filter((f) => f.outcome === 'yes').length, `episode ${e.id}: Up fills`).toBeGreaterThan(0);
      expect(own.filter((f) => f.outcome === 'no').length, `episode ${e.id}: Down fills`).toBeGreaterThan(0);
      for (const f of own) expect(f.price, `episode ${e.id} fill`).toBe(f.outcome === 'yes' ? e.upAsk : e.downAsk);
    }
    expect(fills.filter((f) => !truth.some((e) => inEpisode(f, e)))).toEqual([]);
    expect(r.summary.opportunitiesTaken).toBeGreaterThanOrEqual(takeable.length);
  });

  it('P&L equals the independent calculation from the ground-truth log, within the fee rounding', () => {
    const r = first.report;
    let expected = 0n;
    for (const e of truth) {
      const own = r.fills.filter(
        (f) => (f.tokenId === e.upTokenId || f.tokenId === e.downTokenId) && f.atMs >= e.startMs && f.atMs <= e.endMs + 1_000,
      );
      const up = own.filter((f) => f.outcome === 'yes').reduce((s, f) => s + parseMicros(f.size), 0);
      const down = own.filter((f) => f.outcome === 'no').reduce((s, f) => s + parseMicros(f.size), 0);
      expect(up, `episode ${e.id}: hedged`).toBe(down);
      if (up === 0) continue;
      expected += pairCost({
        size: up,
        yesPrice: parseMicros(e.upAsk),
        noPrice: parseMicros(e.downAsk),
        schedule: sim.catalog.market(e.asset, windowStartOf(e)).feeSchedule,
      }).profit;
    }
    const actual = m(r.summary.pnl);
    console.log(
      `[backtest e2e] ${truth.length} episodes, ${r.summary.trades} fills, P&L ${r.summary.pnl} (fees ${r.summary.fees}); independent calculation from the truth log ${formatMicros(Number(expected))}`,
    );
    expect(expected).toBeGreaterThan(0n);
    expect(Math.abs(actual - Number(expected))).toBeLessThanOrEqual(10 * r.summary.trades);
    expect(r.summary.maxImbalance).toBe('0');
  });

  it('writes decisions, counterfactuals and the report files; a second run is identical', async () => {
    const decisions = await store.queryRows<{ n: string }>(
      "SELECT toString(count()) AS n FROM decisions WHERE run_id = 'e2e' AND mode = 'backtest'",
    );
    expect(Number(decisions[0]?.n)).toBe(first.report.data.decisions);
    expect(first.files?.html).toMatch(/report\.html$/);
    const again = await runBacktest({
      config,
      store,
      startMs,
      endMs,
      assets: ['BTC', 'ETH'],
      logger: silentLogger(),
      runId: 'e2e',
      writeRows: false,
    });
    expect({ ...again.report, run: undefined }).toEqual({ ...first.report, run: undefined });
  });
});

function windowStartOf(e: TruthEpisode): number {
  return Number(/-(\d+)$/.exec(e.slug)?.[1]);
}

function windowEndOf(e: TruthEpisode): number {
  return (windowStartOf(e) + 900) * 1000;
}
