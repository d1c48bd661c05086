/** Executors (adapters implementing the core's `Executor` contract): the order rules, shadow (no-op) and paper execution. */
export * from './rules.js';
export * from './noop.js';
export * from './paper.js';
export * from './paper-match.js';
export * from './rng.js';
