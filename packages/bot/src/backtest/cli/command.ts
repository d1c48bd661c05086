/**
 * `poly-bot --mode backtest`: the one call the CLI makes. Validates the flags before touching the
 * store (bad dates, an empty range, bad sweeps each fail with one sentence), opens the configured
 * store (ClickHouse server or the embedded engine) only if it holds a recording, runs the
 * backtest, prints the terminal summary and writes the report files. Returns the process exit
 * code.
 */
import { type CryptoAsset } from '@polymarket-arb/domain';
import { EXIT_OK, openRecording, type Logger, type Store } from '@polymarket-arb/common';
import type { BotConfig } from '../../config.js';
import { parseBacktestFlags, type BacktestFlags } from './options.js';
import { renderTerminal } from '../report/terminal.js';
import { runBacktest, type BacktestResult } from '../run/run.js';

export interface BacktestCommandOptions {
  readonly config: BotConfig;
  readonly assets: readonly CryptoAsset[];
  readonly logger: Logger;
  readonly signal: AbortSignal;
  readonly flags: BacktestFlags;
  readonly runId?: string | undefined;
  /** An open store (tests); by default the one `config.storage` names is opened and closed. */
  readonly store?: Store;
  /** Where the terminal summary goes (default stdout). */
  readonly print?: (text: string) => void;
  /** Sweep worker threads (default: the available cores). */
  readonly workers?: number;
}

export async function backtestCommand(o: BacktestCommandOptions): Promise<number> {
  await runBacktestCommand(o);
  return EXIT_OK;
}

/** The same as `backtestCommand`, returning the result (for tests and tools). */
export async function runBacktestCommand(o: BacktestCommandOptions): Promise<BacktestResult> {
  const parsed = parseBacktestFlags(o.flags);
  const store = o.store ?? (await openRecording(o.config.storage, o.logger));
  try {
    const result = await runBacktest({
      config: o.config,
      store,
      startMs: parsed.startMs,
      endMs: parsed.endMs,
      assets: o.assets,
      speed: parsed.speed,
      sweeps: parsed.sweeps,
      reportDir: parsed.reportDir,
      logger: o.logger,
      signal: o.signal,
      runId: o.runId,
      ...(o.workers === undefined ? {} : { workers: o.workers }),
    });
    const text =
      renderTerminal(result.report) +
      (result.files === undefined ? '' : `  report           ${result.files.html}\n                   ${result.files.json}\n`);
    (o.print ?? ((t: string) => process.stdout.write(t)))(text);
    return result;
  } finally {
    if (o.store === undefined) await store.close();
  }
}
