/**
 * Stored rows -> engine events, through the venue's mapping that the live source uses for the same
 * wire messages (@polymarket-arb/venue market-events.ts): a `book` row -> `book`, the deltas of one
 * frame (one `ingest_seq`) -> one `price_change`, `tick_size_change` -> `tick_size`,
 * `last_trade_price` -> `trade`, `market_resolved` -> `resolved`, a Binance trade -> `spot` (price
 * rounded half-up from 8 decimals to micros). This file only reads the rows' columns. Pure
 * functions. Rows that could not have come off the wire (negative or out-of-range prices and sizes)
 * are refused by the mapping and reported, never replayed.
 */
import { parseMicrosOrNeg, type CryptoAsset, type MarketWindow, type Micros, type OrderBookLevel } from '@polymarket-arb/domain';
import {
  bookSnapshotEvent,
  levelChange as venueLevelChange,
  resolvedEvent as venueResolvedEvent,
  spotEvent as venueSpotEvent,
  tickSizeEvent as venueTickSizeEvent,
  tradeEvent as venueTradeEvent,
  type Refusals,
} from '@polymarket-arb/venue';
import type { BookSnapshotEvent, LevelChange, SpotEvent, TickSizeEvent, TradeEvent } from '../../core/events.js';
import type { ReplayResolvedEvent } from '../replay/batch.js';
import type { DeltaRow, MarketEventRow, SnapshotRow, SpotRow, WindowRow } from './sql.js';

/** A stored level ({price, size} or [price, size] as decimal strings); -1 for what does not read as a decimal. */
function storedLevel(raw: unknown): OrderBookLevel {
  const r = (Array.isArray(raw) ? { price: raw[0], size: raw[1] } : raw) as { price?: unknown; size?: unknown } | null;
  const price = typeof r?.price === 'string' ? parseMicrosOrNeg(r.price) : -1;
  const size = typeof r?.size === 'string' ? parseMicrosOrNeg(r.size) : -1;
  return { price, size };
}

/** A stored number column (nullable) in micros, -1 when absent or unreadable. */
function storedMicros(text: string | null): Micros {
  return text === null ? -1 : parseMicrosOrNeg(text);
}

export function bookEvent(r: SnapshotRow, bad: Refusals): BookSnapshotEvent {
  const tick = parseMicrosOrNeg(r[4]);
  return bookSnapshotEvent(r[0], r[2].map(storedLevel), r[3].map(storedLevel), Number(r[1]), tick > 0 ? tick : null, bad);
}

/** One delta row as a level change, or undefined when it is not a valid level. */
export function levelChange(r: DeltaRow): LevelChange | undefined {
  return venueLevelChange(r[0], r[4], parseMicrosOrNeg(r[2]), parseMicrosOrNeg(r[3]));
}

export function tradeEvent(r: MarketEventRow): TradeEvent | undefined {
  return venueTradeEvent(r[1], storedMicros(r[4]), storedMicros(r[5]), r[6], Number(r[3]));
}

export function tickSizeEvent(r: MarketEventRow): TickSizeEvent | undefined {
  return venueTickSizeEvent(r[1], storedMicros(r[7]), Number(r[3]));
}

export function resolvedEvent(w: MarketWindow, r: MarketEventRow): ReplayResolvedEvent | undefined {
  const event = venueResolvedEvent(w, r[8], r[9], Number(r[3]));
  return event === undefined ? undefined : { ...event, source: 'wire' };
}

/** Binance price with 8 decimals -> Micros, half-up (as the live source does). */
export function spotEvent(r: SpotRow): SpotEvent | undefined {
  return venueSpotEvent(r[0] as CryptoAsset, r[1], Number(r[2]));
}

export function windowOf(r: WindowRow): MarketWindow {
  const m = (text: string): Micros => parseMicrosOrNeg(text);
  return {
    eventId: r[0],
    asset: r[1] as CryptoAsset,
    yesTokenId: r[2],
    noTokenId: r[3],
    windowStart: Number(r[4]),
    windowEnd: Number(r[5]),
    slug: r[7],
    conditionId: r[8],
    marketId: r[9],
    question: r[10],
    tickSize: m(r[11]),
    minOrderSize: m(r[12]),
    feeSchedule: Object.freeze({ rate: m(r[13]), exponent: Number(r[14]), takerOnly: r[15] === true, rebateRate: m(r[16]) }),
    negRisk: r[17] === true,
    resolutionSource: r[18],
  };
}
