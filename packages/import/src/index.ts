/** @polymarket-arb/import: the importer as a library (the CLI lives in cli.ts). */
export const PACKAGE_NAME = '@polymarket-arb/import';
export * from './errors.js';
export { Importer, PRICE_LEAD_SEC, PRICE_TAIL_SEC, type ImportDeps } from './importer.js';
export { DEFAULT_SETTINGS, type ImportSettings } from './settings.js';
export { parseImportRequest, type ImportKind, type ImportRequest, type TradesApi } from './request.js';
export { formatSummary, type ImportSummary } from './summary.js';
export { loadImportConfig, settingsOf, type ImportConfig } from './config.js';
export { splitRange, windowStartsIn, dayPieces } from './ranges.js';
export { ExactNumbers } from './wire/numbers.js';
export { parsePricesHistory } from './wire/prices.js';
export { parseTradesV1, parseTradesV2 } from './wire/trades.js';
