/**
 * @polymarket-arb/collect: the collector, and the feed code the bot's live data source shares
 * (market-channel socket, parsers, fast price_change scanner, Binance capture, discovery).
 */
export * from './clob/messages.js';
export * from './clob/parse.js';
export * from './clob/fast-price-change.js';
export * from './clob/book-feed.js';
export * from './clob/market-channel.js';
export * from './ws/reconnecting-socket.js';
export * from './capture/sink.js';
export * from './capture/clob-capture.js';
export * from './capture/binance-capture.js';
export * from './discovery/discovery.js';
export * from './discovery/http.js';
export * from './config.js';
export * from './collector.js';
export * from './health.js';
export * from './export-raw.js';
