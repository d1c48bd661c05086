/** Backtest mode: replay recorded data through the same engine (wired by packages/bot/src/backtest). */
import { UsageError, type CryptoAsset, type Logger } from '@polymarket-arb/common';
import type { BotConfig } from '../config.js';

export interface BacktestFlags {
  start?: string;
  end?: string;
  speed?: string;
  sweep?: string[];
  report?: string;
}

export interface BacktestModeOptions {
  config: BotConfig;
  assets: readonly CryptoAsset[];
  logger: Logger;
  signal: AbortSignal;
  flags: BacktestFlags;
  runId?: string | undefined;
}

export async function runBacktestMode(_o: BacktestModeOptions): Promise<number> {
  throw new UsageError('E_MODE_BACKTEST', 'Backtest mode is not available in this build yet.', { hint: 'Use --mode shadow or --mode paper.' });
}
