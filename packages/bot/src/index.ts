/**
 * @polymarket-arb/bot: the trading bot as a library. One engine for every mode; a mode is the
 * wiring of (DataSource, Executor, Clock). The CLI (cli.ts) is a thin layer over these.
 */
export * from './errors.js';
export * from './config.js';
export * from './core/index.js';
export * from './bot.js';
export * from './modes/saved-state.js';
export * from './executor/index.js';
export * from './observability/index.js';
export * from './source/live.js';
export * from './backtest/index.js';
