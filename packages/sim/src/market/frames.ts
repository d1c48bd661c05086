/**
 * What the market model emits: one `MarketFrame` per WebSocket frame, already serialised once, with
 * the routing facts the channel needs (which tokens it concerns, whether it is a custom-feature
 * event) and, for `price_change`, the structured entries that stats and fault renderings use.
 */
import type { PriceChangeEntry } from './wire.js';

export type FrameKind =
  'book' | 'price_change' | 'last_trade_price' | 'tick_size_change' | 'best_bid_ask' | 'market_resolved' | 'new_market';

export interface MarketFrame {
  readonly kind: FrameKind;
  /** The exact frame text sent on the wire. */
  readonly text: string;
  /** Condition id of the market. */
  readonly market: string;
  /** Tokens the frame concerns: a connection subscribed to any of them receives it. Empty = every connection (global events). */
  readonly assetIds: readonly string[];
  /** Sent only to connections that set `custom_feature_enabled`. */
  readonly custom: boolean;
  readonly timestampMs: number;
  /** The entries of a `price_change` frame. */
  readonly entries?: readonly PriceChangeEntry[];
}

export type FrameSink = (frame: MarketFrame) => void;
