/**
 * @polymarket-arb/common: what every program shares. Pure domain pieces (money, fees, types,
 * time) have no I/O; adapters (storage, config, logging, CLI helpers) sit beside them.
 */
export * from './errors.js';
export * from './money/decimal.js';
export * from './money/micros.js';
export * from './money/fees.js';
export * from './types.js';
export * from './time.js';
export * from './log.js';
export * from './url-secrets.js';
export * from './config/load.js';
export * from './config/common.js';
export * from './storage/schema.js';
export * from './storage/store.js';
export * from './storage/server-url.js';
export * from './storage/open.js';
export * from './storage/recording.js';
export * from './storage/writer.js';
export * from './cli.js';
export * from './output-paths.js';
export * from './book/order-book.js';
export * from './polymarket/gamma.js';
export * from './storage/rows.js';
