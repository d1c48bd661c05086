/**
 * @polymarket-arb/domain: what the trading logic is made of, with no runtime dependency and no I/O:
 * exact money (decimals, micros, fees), market types, order books, clocks and time conversions, and
 * the typed errors every package throws. The bot's pure core imports this package only.
 */
export * from './errors.js';
export * from './money/decimal.js';
export * from './money/micros.js';
export * from './money/fees.js';
export * from './types.js';
export * from './time.js';
export * from './book/order-book.js';
export * from './market-events.js';
