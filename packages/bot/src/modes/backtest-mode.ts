/** Backtest mode: replay recorded data through the same engine (wired in ../backtest). */
import { backtestCommand, type BacktestCommandOptions } from '../backtest/index.js';

export type { BacktestFlags } from '../backtest/index.js';

export function runBacktestMode(o: BacktestCommandOptions): Promise<number> {
  return backtestCommand(o);
}
