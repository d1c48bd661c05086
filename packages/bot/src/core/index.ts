/**
 * The poly-bot engine core: state, strategy, risk, the engine and its wiring helpers, plus the
 * executors, decision capture and configuration (one import for the CLI and the benches).
 */
export * from './codes.js';
export * from './fee-table.js';
export * from './inventory.js';
export * from './market-state.js';
export * from './markets.js';
export * from './arb.js';
export * from './depth.js';
export * from './sizing.js';
export * from './toxic.js';
export * from './control.js';
export * from './circuit-breaker.js';
export * from './risk-checks.js';
export * from './leg-risk.js';
export * from './pnl.js';
export * from './orders.js';
export * from './events.js';
export * from './engine.js';
export * from './persist.js';
export * from './hash.js';
export * from './wiring.js';
export * from '../executor/index.js';
export * from '../observability/index.js';
export * from '../config.js';
