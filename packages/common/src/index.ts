/**
 * @polymarket-arb/common: the adapters every program shares: storage (ClickHouse, server or
 * embedded), configuration, logging, CLI helpers, output files and timers. The pure domain (money,
 * fees, types, books, time, errors) is @polymarket-arb/domain.
 */
export * from './errors.js';
export * from './sleep.js';
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
export * from './storage/rows.js';
