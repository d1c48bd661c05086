/** Executors (adapters implementing the core's `Executor` contract): the order rules, shadow (no-op), and the simulated venue of paper and backtest. */
export * from './rules.js';
export * from './noop.js';
export * from './pair.js';
export * from './simulated/simulated-executor.js';
export * from './simulated/settings.js';
export * from './simulated/liquidity.js';
export * from './simulated/queue.js';
export * from './simulated/stats.js';
export * from './simulated/rng.js';
