/**
 * `runBacktest`: one backtest over a recorded range, or a parameter sweep. It checks the range
 * holds data, replays it slice by slice through the engine with the backtest executor, settles
 * what is left at the end, writes decisions, counterfactuals and anomalies to the store (single
 * runs; a rerun with the same run id replaces the rows of the earlier one), and returns the report
 * (and writes report.json + report.html when asked; their directory is checked before anything is
 * replayed).
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type CryptoAsset } from '@polymarket-arb/domain';
import { BatchWriter, checkOutputDirectory, silentLogger, writeFileAtomic, type Logger, type Store } from '@polymarket-arb/common';
import type { BotConfig } from '../../config.js';
import type { DecisionRow } from '../../observability/enrich.js';
import type { AnomalyRow } from '../analysis/anomalies.js';
import type { CounterfactualRow } from '../analysis/counterfactuals.js';
import { requireData } from '../reader/coverage.js';
import { ReplayReader } from '../reader/reader.js';
import type { ReplaySpeed } from '../replay/source.js';
import { buildReport, reportMeta, type BacktestReport } from '../report/model.js';
import { renderHtml } from '../report/html.js';
import { settingsHash } from '../report/settings.js';
import { replaceEarlierRun } from './rerun.js';
import { BacktestRunner } from './runner.js';
import { runSweep } from '../sweep/sweep.js';
import type { SweepAxis } from '../sweep/spec.js';

export interface RunBacktestOptions {
  readonly config: BotConfig;
  readonly store: Store;
  readonly startMs: number;
  /** Exclusive end (unix ms). */
  readonly endMs: number;
  readonly assets: readonly CryptoAsset[];
  readonly speed?: ReplaySpeed;
  readonly sweeps?: readonly SweepAxis[];
  /** Write report.json and report.html here. */
  readonly reportDir?: string | undefined;
  readonly logger?: Logger;
  readonly signal?: AbortSignal;
  readonly runId?: string | undefined;
  /** Write decisions, counterfactuals and anomalies to the store (default true; sweeps never do). */
  readonly writeRows?: boolean;
  /** Worker threads of a sweep (default: the available cores). */
  readonly workers?: number;
}

export interface BacktestResult {
  readonly report: BacktestReport;
  readonly files: { readonly json: string; readonly html: string } | undefined;
  /** The single run's runner (undefined for a sweep), for tests and tools. */
  readonly runner: BacktestRunner | undefined;
}

const REPORT_FILES = ['report.json', 'report.html'] as const;

function isoCompact(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]|\.000/g, '');
}

/** `backtest-<start>-<end>-<settings hash>`: the same data and config give the same run id (and a rerun replaces its rows). */
export function defaultRunId(config: BotConfig, startMs: number, endMs: number): string {
  return `backtest-${isoCompact(startMs)}-${isoCompact(endMs)}-${settingsHash(config)}`;
}

export async function runBacktest(o: RunBacktestOptions): Promise<BacktestResult> {
  const logger = o.logger ?? silentLogger();
  const runId = o.runId ?? defaultRunId(o.config, o.startMs, o.endMs);
  if (o.reportDir !== undefined) checkOutputDirectory('--report', o.reportDir, REPORT_FILES);
  const coverage = await requireData(o.store, o.startMs, o.endMs, o.assets);
  logger.info({ runId, store: o.store.description, ...coverage }, 'backtest: data found');
  const sweeping = (o.sweeps?.length ?? 0) > 0;
  const result = sweeping
    ? { report: await runSweep({ ...o, sweeps: o.sweeps ?? [], runId, logger }), runner: undefined }
    : await replayOnce(o, runId, logger);
  const files = o.reportDir === undefined ? undefined : writeReport(o.reportDir, result.report);
  if (files !== undefined) logger.info(files, 'backtest: report written');
  return { ...result, files };
}

function writers(o: RunBacktestOptions, logger: Logger) {
  if (o.writeRows === false) return undefined;
  const obs = o.config.observability;
  const make = <Row extends object>(table: string) =>
    new BatchWriter<Row>(o.store, {
      table,
      batchRows: obs.batch_size,
      flushIntervalMs: obs.flush_interval_ms,
      logger: logger.child({ table }),
    });
  return {
    decisions: make<DecisionRow>('decisions'),
    counterfactuals: make<CounterfactualRow>('counterfactuals'),
    anomalies: make<AnomalyRow>('anomalies'),
  };
}

async function replayOnce(
  o: RunBacktestOptions,
  runId: string,
  logger: Logger,
): Promise<{ report: BacktestReport; runner: BacktestRunner }> {
  const wall0 = performance.now();
  if (o.writeRows !== false) {
    await o.store.migrate();
    await replaceEarlierRun(o.store, runId, logger);
  }
  const sinks = writers(o, logger);
  const reader = new ReplayReader({
    store: o.store,
    startMs: o.startMs,
    endMs: o.endMs,
    assets: o.assets,
    chunkSeconds: o.config.backtest.chunk_seconds,
    settleGraceMs: o.config.backtest.settle_grace_ms,
  });
  await reader.open();
  if (reader.clockOffsetMs !== 0)
    logger.warn(
      { clockOffsetMs: reader.clockOffsetMs },
      'the recording clock differs from the exchange clock; replaying on exchange time, as the live modes do',
    );
  const runner = new BacktestRunner({
    config: o.config,
    startMs: o.startMs,
    endMs: o.endMs,
    runId,
    speed: o.speed ?? 'max',
    sinks,
    clockOffsetMs: reader.clockOffsetMs,
    batches: (signal) => reader.batches(signal),
  });
  try {
    await runner.run(o.signal);
    runner.finish(await reader.lateResolutions(runner.openWindows()));
  } finally {
    if (sinks !== undefined)
      await Promise.all([sinks.decisions.close(30_000), sinks.counterfactuals.close(30_000), sinks.anomalies.close(30_000)]);
  }
  const report = buildReport(
    runner,
    reportMeta(o, runId, reader.stats, performance.now() - wall0),
    runner.anomalies,
    runner.counterfactuals?.summary,
  );
  logger.info(
    {
      runId,
      pnl: report.summary.pnl,
      fees: report.summary.fees,
      trades: report.summary.trades,
      events: report.data.events,
      wallMs: report.run.wallMs,
    },
    runner.aborted ? 'backtest aborted: partial report' : 'backtest done',
  );
  return { report, runner };
}

/** report.json + report.html in `dir` (created if needed). */
export function writeReport(dir: string, report: BacktestReport): { json: string; html: string } {
  const abs = resolve(dir);
  mkdirSync(abs, { recursive: true });
  const [json, html] = REPORT_FILES.map((name) => join(abs, name)) as [string, string];
  writeFileAtomic(json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileAtomic(html, renderHtml(report));
  return { json, html };
}
