/** Executors: the interface, the order rules, shadow (no-op) and paper execution. */
export * from './types.js';
export * from './rules.js';
export * from './noop.js';
export * from './paper.js';
export * from './paper-match.js';
export * from './rng.js';
