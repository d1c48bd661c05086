/**
 * The poly-bot engine core, pure by construction: state, strategy, risk, execution tracking and
 * the engine, plus the interfaces adapters implement (the executor contract, the decision sink,
 * the settings it reads). It imports @polymarket-arb/domain and its own files only (a test loads
 * it in a fresh process and checks that nothing else is loaded).
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
export * from './account-events.js';
export * from './driver.js';
export * from './engine.js';
export * from './hash.js';
export * from './executor.js';
export * from './ports.js';
export * from './settings.js';
