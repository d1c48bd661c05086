/**
 * Domain form of the CLOB market-channel events (protocol reference §2), with every price and size
 * as exact Micros. Produced by `parseMarketFrame` (generic, JSON.parse-based) and, for
 * `price_change`, by the specialised byte scanner in `fast-price-change.ts`.
 */
import type { BookSide, Micros, OrderBookLevel } from '@polymarket-arb/domain';

export interface BookMessage {
  readonly type: 'book';
  readonly assetId: string;
  readonly market: string;
  readonly timestampMs: number;
  readonly hash: string;
  /** As sent (live order: bids ascending, asks descending). */
  readonly bids: readonly OrderBookLevel[];
  readonly asks: readonly OrderBookLevel[];
  /** Present in live captures since 2026-08. */
  readonly tickSize: Micros | null;
  readonly lastTradePrice: Micros | null;
}

export interface PriceChangeEntry {
  readonly assetId: string;
  readonly price: Micros;
  /** New aggregate size at the price; 0 removes the level. */
  readonly size: Micros;
  readonly bookSide: BookSide;
  /** Hash of the order that caused the change. */
  readonly hash: string;
  /** Top of book after the change, as the exchange reports it (null when absent: legacy format). */
  readonly bestBid: Micros | null;
  readonly bestAsk: Micros | null;
}

export interface PriceChangeMessage {
  readonly type: 'price_change';
  readonly market: string;
  readonly timestampMs: number;
  readonly changes: readonly PriceChangeEntry[];
  /** True for the pre-September-2025 single-asset shape. */
  readonly legacy: boolean;
}

export interface LastTradePriceMessage {
  readonly type: 'last_trade_price';
  readonly assetId: string;
  readonly market: string;
  readonly timestampMs: number;
  readonly price: Micros;
  readonly size: Micros;
  /** Taker side. */
  readonly side: 'BUY' | 'SELL';
  readonly feeRateBps: string;
  readonly transactionHash: string;
}

export interface TickSizeChangeMessage {
  readonly type: 'tick_size_change';
  readonly assetId: string;
  readonly market: string;
  readonly timestampMs: number;
  readonly oldTickSize: Micros;
  readonly newTickSize: Micros;
}

export interface BestBidAskMessage {
  readonly type: 'best_bid_ask';
  readonly assetId: string;
  readonly market: string;
  readonly timestampMs: number;
  readonly bestBid: Micros | null;
  readonly bestAsk: Micros | null;
}

export interface MarketResolvedMessage {
  readonly type: 'market_resolved';
  readonly market: string;
  readonly id: string;
  readonly assetIds: readonly string[];
  readonly winningAssetId: string;
  readonly winningOutcome: string;
  readonly timestampMs: number;
}

export interface NewMarketMessage {
  readonly type: 'new_market';
  readonly market: string;
  readonly slug: string;
  readonly assetIds: readonly string[];
  readonly timestampMs: number;
}

/** An event type this client does not know: counted and kept raw, never an error. */
export interface UnknownEventMessage {
  readonly type: 'unknown';
  readonly eventType: string;
}

/** An event of a known type that failed validation (the raw frame is kept). */
export interface InvalidEventMessage {
  readonly type: 'invalid';
  readonly eventType: string;
  readonly reason: string;
}

export type MarketMessage =
  | BookMessage
  | PriceChangeMessage
  | LastTradePriceMessage
  | TickSizeChangeMessage
  | BestBidAskMessage
  | MarketResolvedMessage
  | NewMarketMessage
  | UnknownEventMessage
  | InvalidEventMessage;
