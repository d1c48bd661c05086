/**
 * @polymarket-arb/venue: everything that speaks Polymarket's and Binance's protocols, with no
 * storage in it: the CLOB market channel (socket, subscriptions, the generic parser and the
 * allocation-free `price_change` scanner), the book mirror (snapshots, deltas, tick-size epochs,
 * the self-check against the exchange's top of book), Gamma (market parsing and discovery), the
 * Binance trade feed, the one HTTP client (typed errors, retry policy, rate limits), and the one
 * mapping from venue messages to the engine's market events. The collector turns these feeds into
 * rows; the bot into engine events.
 */
export type { Logger } from './logger.js';
export * from './clob/messages.js';
export * from './clob/parse.js';
export * from './clob/fast-price-change.js';
export * from './clob/book-mirror.js';
export * from './clob/market-channel.js';
export * from './ws/reconnecting-socket.js';
export * from './ws/feed-lag.js';
export * from './gamma/markets.js';
export * from './gamma/discovery.js';
export * from './http/errors.js';
export * from './http/backoff.js';
export * from './http/limiter.js';
export * from './http/rate-limits.js';
export * from './http/client.js';
export * from './binance/trade-feed.js';
export * from './market-events.js';
