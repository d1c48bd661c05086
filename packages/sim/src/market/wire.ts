/**
 * Market-channel frames, written byte for byte as the live CLOB writes them: every number a string,
 * timestamps in milliseconds, levels best-last, and keys in the order the real captures show
 * (test/fixtures: ws_book_snapshot_captured.json, ws_market_price_change_crossing_burst.json,
 * last_trade_price.json, tick_size_change.json, ws_market_best_bid_ask_msg.json,
 * ws_market_resolved_msg.json). Frames are built as strings directly: ids and hashes are digits
 * and hex, and every number comes from exact integer formatting, so nothing needs escaping and the
 * hot path allocates one string per frame.
 */
import { formatMicros, MICROS_PER_UNIT, type Micros } from '@polymarket-arb/domain';
import { microsText, priceText } from './format.js';
import type { BookLevels, WireSide } from './mirrored-book.js';

/** One entry of a batched `price_change` frame. */
export interface PriceChangeEntry {
  readonly assetId: string;
  readonly side: WireSide;
  readonly price: Micros;
  readonly size: Micros;
  readonly hash: string;
  /** Top of that token's book after the change (undefined when the side is empty). */
  readonly bestBid: Micros | undefined;
  readonly bestAsk: Micros | undefined;
}

/** Best bid as the feed writes it; an empty bid side is written "0" (nothing to sell into). */
export function bestBidText(price: Micros | undefined): string {
  return price === undefined ? '0' : priceText(price);
}

/** Best ask as the feed writes it; an empty ask side is written "1" (as in the docs example). */
export function bestAskText(price: Micros | undefined): string {
  return price === undefined ? '1' : priceText(price);
}

function levelsJson(levels: ReadonlyArray<readonly [Micros, Micros]>): string {
  let out = '[';
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i] as readonly [Micros, Micros];
    if (i > 0) out += ',';
    out += `{"price":"${priceText(level[0])}","size":"${microsText(level[1])}"}`;
  }
  return `${out}]`;
}

export interface BookFrameInput {
  readonly market: string;
  readonly assetId: string;
  readonly timestampMs: number;
  readonly hash: string;
  readonly levels: BookLevels;
  readonly tickSize: Micros;
  /** Price of the last trade on this token, or undefined ("" on the wire). */
  readonly lastTradePrice: Micros | undefined;
}

/**
 * `book` as sent on subscribe (initial dump): the key order of the live captures, with
 * `tick_size` and `last_trade_price` (written with at least 3 decimals, "0.920", as captured).
 */
export function bookObjectJson(b: BookFrameInput): string {
  const ltp = b.lastTradePrice === undefined ? '' : formatMicros(b.lastTradePrice, 3);
  return `{"market":"${b.market}","asset_id":"${b.assetId}","timestamp":"${b.timestampMs}","hash":"${b.hash}","bids":${levelsJson(b.levels.bids)},"asks":${levelsJson(b.levels.asks)},"tick_size":"${formatMicros(b.tickSize)}","event_type":"book","last_trade_price":"${ltp}"}`;
}

/** `book` as sent after a trade crossed the book: the shorter shape and key order of the capture. */
export function bookAfterTradeJson(b: BookFrameInput): string {
  return `{"market":"${b.market}","asset_id":"${b.assetId}","bids":${levelsJson(b.levels.bids)},"asks":${levelsJson(b.levels.asks)},"hash":"${b.hash}","timestamp":"${b.timestampMs}","event_type":"book"}`;
}

/** Current batched `price_change` frame. */
export function priceChangeJson(market: string, entries: readonly PriceChangeEntry[], timestampMs: number, emptyBest = false): string {
  let out = `{"market":"${market}","price_changes":[`;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i] as PriceChangeEntry;
    if (i > 0) out += ',';
    const bid = emptyBest ? '' : bestBidText(e.bestBid);
    const ask = emptyBest ? '' : bestAskText(e.bestAsk);
    out += `{"asset_id":"${e.assetId}","price":"${priceText(e.price)}","size":"${microsText(e.size)}","side":"${e.side}","hash":"${e.hash}","best_bid":"${bid}","best_ask":"${ask}"}`;
  }
  return `${out}],"timestamp":"${timestampMs}","event_type":"price_change"}`;
}

/** Legacy (pre-Sept-2025) `price_change`: one asset per frame, a `changes[]` array, no best bid/ask. */
export function legacyPriceChangeJson(market: string, assetId: string, entries: readonly PriceChangeEntry[], timestampMs: number): string {
  const changes = entries.map((e) => `{"price":"${formatMicros(e.price)}","side":"${e.side}","size":"${formatMicros(e.size)}"}`).join(',');
  const hash = entries[entries.length - 1]?.hash ?? '';
  return `{"event_type":"price_change","asset_id":"${assetId}","market":"${market}","changes":[${changes}],"hash":"${hash}","timestamp":"${timestampMs}"}`;
}

export interface TradeInput {
  readonly market: string;
  readonly assetId: string;
  readonly price: Micros;
  readonly size: Micros;
  /** The taker's side. */
  readonly side: WireSide;
  readonly timestampMs: number;
}

/** `last_trade_price` (keys as in the capture; `fee_rate_bps` is the legacy "0"). */
export function lastTradePriceJson(t: TradeInput): string {
  return `{"asset_id":"${t.assetId}","event_type":"last_trade_price","fee_rate_bps":"0","market":"${t.market}","price":"${formatMicros(t.price)}","side":"${t.side}","size":"${formatMicros(t.size)}","timestamp":"${t.timestampMs}"}`;
}

export function tickSizeChangeJson(market: string, assetId: string, oldTick: Micros, newTick: Micros, timestampMs: number): string {
  return `{"asset_id":"${assetId}","event_type":"tick_size_change","market":"${market}","new_tick_size":"${formatMicros(newTick)}","old_tick_size":"${formatMicros(oldTick)}","timestamp":"${timestampMs}"}`;
}

export function bestBidAskJson(
  market: string,
  assetId: string,
  bestBid: Micros | undefined,
  bestAsk: Micros | undefined,
  timestampMs: number,
): string {
  const spread = (bestAsk ?? MICROS_PER_UNIT) - (bestBid ?? 0);
  return `{"event_type":"best_bid_ask","market":"${market}","asset_id":"${assetId}","best_bid":"${bestBidText(bestBid)}","best_ask":"${bestAskText(bestAsk)}","spread":"${formatMicros(spread)}","timestamp":"${timestampMs}"}`;
}

export interface ResolvedInput {
  readonly marketId: string;
  readonly market: string;
  readonly yesTokenId: string;
  readonly noTokenId: string;
  readonly winner: 'yes' | 'no';
  readonly timestampMs: number;
}

export function marketResolvedJson(r: ResolvedInput): string {
  const winningAsset = r.winner === 'yes' ? r.yesTokenId : r.noTokenId;
  const winningOutcome = r.winner === 'yes' ? 'Up' : 'Down';
  return `{"event_type":"market_resolved","id":"${r.marketId}","market":"${r.market}","assets_ids":["${r.yesTokenId}","${r.noTokenId}"],"winning_asset_id":"${winningAsset}","winning_outcome":"${winningOutcome}","timestamp":"${r.timestampMs}","tags":["crypto"]}`;
}

export interface NewMarketInput {
  readonly marketId: string;
  readonly eventId: string;
  readonly question: string;
  readonly market: string;
  readonly slug: string;
  readonly yesTokenId: string;
  readonly noTokenId: string;
  readonly tickSize: Micros;
  readonly timestampMs: number;
}

/** `new_market` (custom feature): `outcomes`/`assets_ids` are real arrays here, unlike Gamma. */
export function newMarketJson(m: NewMarketInput): string {
  const q = JSON.stringify(m.question);
  const ids = `["${m.yesTokenId}","${m.noTokenId}"]`;
  return `{"event_type":"new_market","id":"${m.marketId}","question":${q},"market":"${m.market}","slug":"${m.slug}","description":${q},"assets_ids":${ids},"outcomes":["Up","Down"],"event_message":{"id":"${m.eventId}","ticker":"${m.slug}","slug":"${m.slug}","title":${q},"description":${q}},"timestamp":"${m.timestampMs}","tags":["crypto"],"condition_id":"${m.market}","active":true,"clob_token_ids":${ids},"sports_market_type":"","line":"","game_start_time":"","order_price_min_tick_size":"${formatMicros(m.tickSize)}","group_item_title":${q}}`;
}
