/**
 * What the venue's messages mean to the trading logic: the one mapping from market-channel messages,
 * Binance trades, and the rows a collector stored of them, to the domain's market events. The bot's
 * live source maps wire messages with it and the backtest reader maps stored rows with it, so a
 * replay of a recording yields the events the live run saw.
 *
 * Values the venue could not have sent (a price outside (0, 1), a negative size, an unknown side)
 * are refused here: the event is undefined, or the level is dropped from a book and counted.
 */
import {
  parseMicros,
  type BookSide,
  type BookSnapshotEvent,
  type CryptoAsset,
  type LevelChange,
  type MarketWindow,
  type Micros,
  type OrderBookLevel,
  type OrderSide,
  type Outcome,
  type PriceChangeEvent,
  type ResolvedEvent,
  type SpotEvent,
  type TickSizeEvent,
  type TradeEvent,
} from '@polymarket-arb/domain';
import type { MarketMessage, PriceChangeEntry } from './clob/messages.js';

/** A price the venue can quote: strictly between 0 and 1. */
export function validPrice(price: Micros): boolean {
  return price > 0 && price < 1_000_000;
}

/** A level a book can show: a valid price with something at it. */
export function validLevel(level: OrderBookLevel): boolean {
  return validPrice(level.price) && level.size > 0;
}

/** Counts what a mapping refused (levels dropped from a book). */
export interface Refusals {
  count: number;
}

/** The valid levels of a book side (the array itself when all are valid); `refused` counts the rest. */
export function validLevels(levels: readonly OrderBookLevel[], refused?: Refusals): readonly OrderBookLevel[] {
  if (levels.every(validLevel)) return levels;
  const valid = levels.filter(validLevel);
  if (refused !== undefined) refused.count += levels.length - valid.length;
  return valid;
}

/** A full book of one token (`book` message, stored snapshot): it replaces that book. */
export function bookSnapshotEvent(
  tokenId: string,
  bids: readonly OrderBookLevel[],
  asks: readonly OrderBookLevel[],
  timestampMs: number,
  tickSize: Micros | null,
  refused?: Refusals,
): BookSnapshotEvent {
  const event: BookSnapshotEvent = {
    type: 'book',
    tokenId,
    bids: validLevels(bids, refused),
    asks: validLevels(asks, refused),
    timestampMs,
  };
  return tickSize !== null && validPrice(tickSize) ? { ...event, tickSize } : event;
}

/** One level of a `price_change` (a size of 0 removes it), or undefined when it cannot be one. */
export function levelChange(tokenId: string, side: string, price: Micros, size: Micros): LevelChange | undefined {
  if (!validPrice(price) || !(size >= 0) || (side !== 'bid' && side !== 'ask')) return undefined;
  return { tokenId, side: side as BookSide, price, size };
}

/** A trade printed (`last_trade_price`), or undefined when it cannot be one. */
export function tradeEvent(tokenId: string, price: Micros, size: Micros, side: string, timestampMs: number): TradeEvent | undefined {
  if (!validPrice(price) || !(size > 0) || (side !== 'BUY' && side !== 'SELL')) return undefined;
  return { type: 'trade', tokenId, price, size, side: side as OrderSide, timestampMs };
}

export function tickSizeEvent(tokenId: string, tickSize: Micros, timestampMs: number): TickSizeEvent | undefined {
  return validPrice(tickSize) ? { type: 'tick_size', tokenId, tickSize, timestampMs } : undefined;
}

/** The winner of a market resolution for window `w`: by winning token, else by outcome name. */
export function winnerOf(w: MarketWindow, winningTokenId: string, winningOutcome: string): Outcome | undefined {
  if (winningTokenId === w.yesTokenId) return 'yes';
  if (winningTokenId === w.noTokenId) return 'no';
  const name = winningOutcome.toLowerCase();
  return name === 'up' || name === 'yes' ? 'yes' : name === 'down' || name === 'no' ? 'no' : undefined;
}

/** `market_resolved` for window `w`, or undefined when the winner cannot be told. */
export function resolvedEvent(
  w: MarketWindow,
  winningTokenId: string,
  winningOutcome: string,
  timestampMs: number,
): ResolvedEvent | undefined {
  const winner = winnerOf(w, winningTokenId, winningOutcome);
  return winner === undefined ? undefined : { type: 'resolved', eventId: w.eventId, winner, timestampMs };
}

/** A Binance trade: its price (8 decimals) in Micros, rounded half-up; undefined when not a positive price. */
export function spotEvent(asset: CryptoAsset, price: string, timestampMs: number): SpotEvent | undefined {
  let micros: Micros;
  try {
    micros = parseMicros(price, 'spot price', 'half-up');
  } catch {
    return undefined;
  }
  return micros > 0 ? { type: 'spot', asset, price: micros, timestampMs } : undefined;
}

/** The level changes of a `price_change` message that can be applied. */
function levelChanges(changes: readonly PriceChangeEntry[]): LevelChange[] {
  const out: LevelChange[] = [];
  for (const c of changes) {
    const change = levelChange(c.assetId, c.bookSide, c.price, c.size);
    if (change !== undefined) out.push(change);
  }
  return out;
}

/**
 * The event of a market-channel message; undefined for messages the trading logic does not use.
 * `market_resolved` is the caller's (it names the market by its tokens: see `resolvedEvent`).
 */
export function marketEventOf(m: MarketMessage): BookSnapshotEvent | PriceChangeEvent | TickSizeEvent | TradeEvent | undefined {
  switch (m.type) {
    case 'book':
      return bookSnapshotEvent(m.assetId, m.bids, m.asks, m.timestampMs, m.tickSize);
    case 'price_change':
      return { type: 'price_change', timestampMs: m.timestampMs, changes: levelChanges(m.changes) };
    case 'tick_size_change':
      return tickSizeEvent(m.assetId, m.newTickSize, m.timestampMs);
    case 'last_trade_price':
      return tradeEvent(m.assetId, m.price, m.size, m.side, m.timestampMs);
    default:
      return undefined;
  }
}
