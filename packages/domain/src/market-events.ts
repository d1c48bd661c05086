/**
 * Market events (spec 3.4): what the venue's messages mean to the trading logic, already parsed into
 * exact domain values (Micros, ms). The live source maps wire messages to these, the replay source
 * maps stored rows to the same ones, and the engine consumes them.
 */
import type { BookSide, CryptoAsset, MarketWindow, OrderBookLevel, OrderSide, Outcome } from './types.js';
import type { Micros } from './money/micros.js';

/** A newly discovered (or re-announced) market to track. */
export interface MarketAddedEvent {
  readonly type: 'market';
  readonly window: MarketWindow;
}

/** Full book of one token (`book` message, REST resync): replaces that book. */
export interface BookSnapshotEvent {
  readonly type: 'book';
  readonly tokenId: string;
  readonly bids: readonly OrderBookLevel[];
  readonly asks: readonly OrderBookLevel[];
  /** Exchange timestamp (ms). */
  readonly timestampMs: number;
  readonly tickSize?: Micros;
}

export interface LevelChange {
  readonly tokenId: string;
  readonly side: BookSide;
  readonly price: Micros;
  /** New aggregate size; 0 removes the level. */
  readonly size: Micros;
}

/** One `price_change` frame: all its entries are applied before the market is evaluated. */
export interface PriceChangeEvent {
  readonly type: 'price_change';
  readonly changes: readonly LevelChange[];
  readonly timestampMs: number;
}

export interface TickSizeEvent {
  readonly type: 'tick_size';
  readonly tokenId: string;
  readonly tickSize: Micros;
  readonly timestampMs: number;
}

/** `last_trade_price`: a trade printed (paper makers fill on trades through their price). */
export interface TradeEvent {
  readonly type: 'trade';
  readonly tokenId: string;
  readonly price: Micros;
  readonly size: Micros;
  readonly side: OrderSide;
  readonly timestampMs: number;
}

/** Binance reference spot trade (price in Micros, rounded half-up from 8 decimals). */
export interface SpotEvent {
  readonly type: 'spot';
  readonly asset: CryptoAsset;
  readonly price: Micros;
  readonly timestampMs: number;
}

/** The market resolved (`market_resolved`, or Gamma after the window): settle inventory. */
export interface ResolvedEvent {
  readonly type: 'resolved';
  readonly eventId: string;
  readonly winner: Outcome;
  readonly timestampMs: number;
}

/** Feed connectivity: while disconnected, books are stale and nothing trades on them. */
export interface FeedStatusEvent {
  readonly type: 'feed';
  readonly feed: 'clob' | 'binance';
  readonly connected: boolean;
  readonly timestampMs: number;
}

/** Timer tick: lets time-driven work (paper arrivals, leg-risk timeouts, maker expiry) run in quiet markets. */
export interface TickEvent {
  readonly type: 'tick';
}

export type MarketEvent =
  | MarketAddedEvent
  | BookSnapshotEvent
  | PriceChangeEvent
  | TickSizeEvent
  | TradeEvent
  | SpotEvent
  | ResolvedEvent
  | FeedStatusEvent
  | TickEvent;
