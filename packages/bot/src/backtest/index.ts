/**
 * Backtest mode (spec 3.4, 3.5, 7.4, 7.5, 8.4, 9.3): replay recorded data through the one engine
 * with a simulated venue, and report what the strategy would have earned net of fees.
 * The CLI calls `backtestCommand`; tools and tests use `runBacktest` and the parts below.
 *
 *   cli/       the command and its flags          run/       one run: runBacktest, the runner, reruns, [backtest] settings
 *   reader/    the recording, read from the store replay/    batches, the replay source, its clock, tapes, a synthetic recording
 *   analysis/  ledgers, decisions, counterfactuals, anomalies
 *   report/    report.json, the HTML and terminal renderings         sweep/     parameter sweeps on worker threads
 */
export { backtestCommand, runBacktestCommand, type BacktestCommandOptions } from './cli/command.js';
export { runBacktest, defaultRunId, writeReport, type RunBacktestOptions, type BacktestResult } from './run/run.js';
export { parseBacktestFlags, parseSpeed, type BacktestFlags, type ParsedBacktestFlags, type ReplaySpeed } from './cli/options.js';
export { parseSweeps, parseSweepSpec, sweepCombinations, type SweepAxis, type SweepCombination } from './sweep/spec.js';
export { backtestSchema, type BacktestSettings } from './run/settings.js';
export { ReplayReader, type ReaderOptions, type ReaderStats } from './reader/reader.js';
export { requireData, measureCoverage, type Coverage } from './reader/coverage.js';
export { openRecording, requireRecordingTables } from '@polymarket-arb/common';
export { ReplaySource, type ReplayObserver, type ReplaySourceOptions, type WallClock } from './replay/source.js';
export { ReplayClock } from './replay/clock.js';
export { BacktestRunner, type RunnerOptions, type LateResolution } from './run/runner.js';
export { replaceEarlierRun, RUN_TABLES } from './run/rerun.js';
export { encodeTape, decodeTape, type Tape } from './replay/tape.js';
export type { EventBatch, ReplayNote, ReplayResolvedEvent, ResolutionSource } from './replay/batch.js';
export { buildReport, type BacktestReport, type SweepRow, type WindowReport } from './report/model.js';
export { renderHtml } from './report/html.js';
export { renderTerminal } from './report/terminal.js';
