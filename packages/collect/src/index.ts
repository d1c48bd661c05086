/**
 * @polymarket-arb/collect: the collector, "venue feeds -> rows": the captures that turn the
 * market channel and the Binance trades (from @polymarket-arb/venue) into stored rows, the
 * collector that wires them to the store, health, spill files, and the raw-frame export.
 */
export * from './errors.js';
export * from './capture/sink.js';
export * from './capture/clob-capture.js';
export * from './capture/binance-capture.js';
export * from './config.js';
export * from './collector.js';
export * from './health.js';
export * from './export-raw.js';
