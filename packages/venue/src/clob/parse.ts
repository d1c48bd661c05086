/**
 * Generic parser of CLOB market-channel frames: JSON.parse, then validate each event into its
 * exact domain form. A frame is one JSON object or a JSON array of events; `PONG` is handled by
 * the socket. Accepts the variations the protocol reference lists (legacy single-asset
 * `price_change`, `changes` vs `price_changes`, numbers as strings or numbers, empty strings for
 * absent numbers); unknown event types and fields are ignored, and a malformed event never throws:
 * it becomes an `invalid` message so the caller can count it and keep the raw frame.
 */
import { parseMicros, parseWireTimestampMs, type BookSide, type Micros, type OrderBookLevel } from '@polymarket-arb/domain';
import type { MarketMessage, PriceChangeEntry } from './messages.js';

export interface ParsedFrame {
  readonly messages: MarketMessage[];
  /** Set when the frame is not JSON at all. */
  readonly error?: string;
}

type Obj = Record<string, unknown>;

/** Parse one market-channel text frame. Never throws. */
export function parseMarketFrame(text: string): ParsedFrame {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { messages: [], error: `not JSON: ${(err as Error).message}` };
  }
  const events = Array.isArray(value) ? value : [value];
  return { messages: events.map(parseEvent) };
}

/** Validate one decoded event. Never throws. */
export function parseEvent(event: unknown): MarketMessage {
  if (event === null || typeof event !== 'object' || Array.isArray(event))
    return { type: 'invalid', eventType: '', reason: 'event is not an object' };
  const o = event as Obj;
  const eventType = typeof o.event_type === 'string' ? o.event_type : '';
  try {
    switch (eventType) {
      case 'book':
        return parseBook(o);
      case 'price_change':
        return parsePriceChange(o);
      case 'last_trade_price':
        return {
          type: 'last_trade_price',
          assetId: str(o, 'asset_id'),
          market: optStr(o, 'market'),
          timestampMs: ts(o),
          price: micros(o, 'price'),
          size: micros(o, 'size'),
          side: orderSide(o.side),
          feeRateBps: optStr(o, 'fee_rate_bps'),
          transactionHash: optStr(o, 'transaction_hash'),
        };
      case 'tick_size_change':
        return {
          type: 'tick_size_change',
          assetId: str(o, 'asset_id'),
          market: optStr(o, 'market'),
          timestampMs: ts(o),
          oldTickSize: micros(o, 'old_tick_size'),
          newTickSize: micros(o, 'new_tick_size'),
        };
      case 'best_bid_ask':
        return {
          type: 'best_bid_ask',
          assetId: str(o, 'asset_id'),
          market: optStr(o, 'market'),
          timestampMs: ts(o),
          bestBid: optMicros(o, 'best_bid'),
          bestAsk: optMicros(o, 'best_ask'),
        };
      case 'market_resolved':
        return {
          type: 'market_resolved',
          market: str(o, 'market'),
          id: optStr(o, 'id'),
          assetIds: strArray(o, 'assets_ids'),
          winningAssetId: str(o, 'winning_asset_id'),
          winningOutcome: optStr(o, 'winning_outcome'),
          timestampMs: ts(o),
        };
      case 'new_market':
        return {
          type: 'new_market',
          market: optStr(o, 'market'),
          slug: optStr(o, 'slug'),
          assetIds: Array.isArray(o.assets_ids) ? strArray(o, 'assets_ids') : [],
          timestampMs: ts(o),
        };
      default:
        return { type: 'unknown', eventType };
    }
  } catch (err) {
    return { type: 'invalid', eventType, reason: (err as Error).message };
  }
}

function parseBook(o: Obj): MarketMessage {
  return {
    type: 'book',
    assetId: str(o, 'asset_id'),
    market: optStr(o, 'market'),
    timestampMs: ts(o),
    hash: optStr(o, 'hash'),
    bids: levels(o, 'bids'),
    asks: levels(o, 'asks'),
    tickSize: optMicros(o, 'tick_size'),
    lastTradePrice: optMicros(o, 'last_trade_price'),
  };
}

function parsePriceChange(o: Obj): MarketMessage {
  const timestampMs = ts(o);
  const market = optStr(o, 'market');
  if (Array.isArray(o.price_changes)) {
    return {
      type: 'price_change',
      market,
      timestampMs,
      legacy: false,
      changes: o.price_changes.map((c) => change(asObj(c, 'price_changes[]'), undefined, undefined)),
    };
  }
  // Legacy shapes: one asset per message, either a `changes` array or one level at the top.
  const assetId = str(o, 'asset_id');
  const hash = optStr(o, 'hash');
  const entries = Array.isArray(o.changes)
    ? o.changes.map((c) => change(asObj(c, 'changes[]'), assetId, hash))
    : [change(o, assetId, hash)];
  return { type: 'price_change', market, timestampMs, legacy: true, changes: entries };
}

function change(c: Obj, assetId: string | undefined, hash: string | undefined): PriceChangeEntry {
  return {
    assetId: assetId ?? str(c, 'asset_id'),
    price: micros(c, 'price'),
    size: micros(c, 'size'),
    bookSide: bookSide(c.side),
    hash: typeof c.hash === 'string' ? c.hash : (hash ?? ''),
    bestBid: optMicros(c, 'best_bid'),
    bestAsk: optMicros(c, 'best_ask'),
  };
}

function levels(o: Obj, key: string): OrderBookLevel[] {
  const raw = o[key];
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new Error(`${key} is not an array`);
  return raw.map((l) => {
    const level = asObj(l, `${key}[]`);
    return { price: micros(level, 'price'), size: micros(level, 'size') };
  });
}

function asObj(value: unknown, what: string): Obj {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${what} is not an object`);
  return value as Obj;
}

function str(o: Obj, key: string): string {
  const v = o[key];
  if (typeof v === 'string' && v.length > 0) return v;
  if (typeof v === 'number') return String(v);
  throw new Error(`${key} is missing`);
}

function optStr(o: Obj, key: string): string {
  const v = o[key];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}

function strArray(o: Obj, key: string): string[] {
  const v = o[key];
  if (!Array.isArray(v)) throw new Error(`${key} is not an array`);
  return v.map(String);
}

function numberText(o: Obj, key: string): string | undefined {
  const v = o[key];
  if (typeof v === 'string') return v === '' ? undefined : v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (v === undefined || v === null) return undefined;
  throw new Error(`${key} is not a number`);
}

function micros(o: Obj, key: string): Micros {
  const text = numberText(o, key);
  if (text === undefined) throw new Error(`${key} is missing or empty`);
  return parseMicros(text, key);
}

function optMicros(o: Obj, key: string): Micros | null {
  const text = numberText(o, key);
  return text === undefined ? null : parseMicros(text, key);
}

function ts(o: Obj): number {
  const v = o.timestamp;
  if (typeof v !== 'string' && typeof v !== 'number') throw new Error('timestamp is missing');
  return parseWireTimestampMs(v);
}

function bookSide(side: unknown): BookSide {
  if (side === 'BUY' || side === 'buy') return 'bid';
  if (side === 'SELL' || side === 'sell') return 'ask';
  throw new Error(`side ${JSON.stringify(side)} is neither BUY nor SELL`);
}

function orderSide(side: unknown): 'BUY' | 'SELL' {
  if (side === 'BUY' || side === 'SELL') return side;
  throw new Error(`side ${JSON.stringify(side)} is neither BUY nor SELL`);
}
