/**
 * Stored rows -> engine events, exactly as the live source turns the same wire messages into them
 * (packages/bot/src/source/live.ts): a `book` row -> `book`, the deltas of one frame (one
 * `ingest_seq`) -> one `price_change`, `tick_size_change` -> `tick_size`, `last_trade_price` ->
 * `trade`, `market_resolved` -> `resolved`, a Binance trade -> `spot` (price rounded half-up from 8
 * decimals to micros). Pure functions. Rows that could not have come off the wire (negative or
 * out-of-range prices and sizes) are refused here and reported, never replayed.
 */
import { parseDecimal, parseMicrosOrNeg, type BookSide, type CryptoAsset, type MarketWindow, type Micros, type OrderBookLevel, type OrderSide } from '@polymarket-arb/domain';
import type { BookSnapshotEvent, LevelChange, SpotEvent, TickSizeEvent, TradeEvent } from '../../core/events.js';
import type { ReplayResolvedEvent } from '../batch.js';
import type { DeltaRow, MarketEventRow, SnapshotRow, SpotRow, WindowRow } from './sql.js';

/** A price the venue can quote: strictly between 0 and 1. */
export function validPrice(p: Micros): boolean {
  return p > 0 && p < 1_000_000;
}

function level(raw: unknown): OrderBookLevel | undefined {
  const r = (Array.isArray(raw) ? { price: raw[0], size: raw[1] } : raw) as { price?: unknown; size?: unknown } | null;
  if (r === null || typeof r.price !== 'string' || typeof r.size !== 'string') return undefined;
  const price = parseMicrosOrNeg(r.price);
  const size = parseMicrosOrNeg(r.size);
  return validPrice(price) && size > 0 ? { price, size } : undefined;
}

/** Levels of a stored book side; `bad` counts the levels refused. */
export function levelsOf(raw: readonly unknown[], bad: { count: number }): OrderBookLevel[] {
  const out: OrderBookLevel[] = [];
  for (const r of raw) {
    const l = level(r);
    if (l === undefined) bad.count++;
    else out.push(l);
  }
  return out;
}

export function bookEvent(r: SnapshotRow, bad: { count: number }): BookSnapshotEvent {
  const tick = parseMicrosOrNeg(r[4]);
  const e: BookSnapshotEvent = { type: 'book', tokenId: r[0], bids: levelsOf(r[2], bad), asks: levelsOf(r[3], bad), timestampMs: Number(r[1]) };
  return tick > 0 ? { ...e, tickSize: tick } : e;
}

/** One delta row as a level change, or undefined when it is not a valid level. */
export function levelChange(r: DeltaRow): LevelChange | undefined {
  const price = parseMicrosOrNeg(r[2]);
  const size = parseMicrosOrNeg(r[3]);
  const side = r[4] as BookSide;
  if (!validPrice(price) || size < 0 || (side !== 'bid' && side !== 'ask')) return undefined;
  return { tokenId: r[0], side, price, size };
}

export function tradeEvent(r: MarketEventRow): TradeEvent | undefined {
  const price = r[4] === null ? -1 : parseMicrosOrNeg(r[4]);
  const size = r[5] === null ? -1 : parseMicrosOrNeg(r[5]);
  const side = r[6] as OrderSide;
  if (!validPrice(price) || size <= 0 || (side !== 'BUY' && side !== 'SELL')) return undefined;
  return { type: 'trade', tokenId: r[1], price, size, side, timestampMs: Number(r[3]) };
}

export function tickSizeEvent(r: MarketEventRow): TickSizeEvent | undefined {
  const tick = r[7] === null ? -1 : parseMicrosOrNeg(r[7]);
  if (!validPrice(tick)) return undefined;
  return { type: 'tick_size', tokenId: r[1], tickSize: tick, timestampMs: Number(r[3]) };
}

/** The winner of a `market_resolved` row for window `w` (by winning token, else by outcome name). */
export function winnerOf(w: MarketWindow, winningToken: string, winningOutcome: string): 'yes' | 'no' | undefined {
  if (winningToken === w.yesTokenId) return 'yes';
  if (winningToken === w.noTokenId) return 'no';
  const name = winningOutcome.toLowerCase();
  return name === 'up' || name === 'yes' ? 'yes' : name === 'down' || name === 'no' ? 'no' : undefined;
}

export function resolvedEvent(w: MarketWindow, r: MarketEventRow): ReplayResolvedEvent | undefined {
  const winner = winnerOf(w, r[8], r[9]);
  return winner === undefined ? undefined : { type: 'resolved', eventId: w.eventId, winner, timestampMs: Number(r[3]), source: 'wire' };
}

/** Binance price with 8 decimals -> Micros, half-up (as the live source does). */
export function spotEvent(r: SpotRow): SpotEvent | undefined {
  let price: Micros;
  try {
    price = Number(parseDecimal(r[1], 6, { what: 'spot price', rounding: 'half-up' }));
  } catch {
    return undefined;
  }
  if (!(price > 0)) return undefined;
  return { type: 'spot', asset: r[0] as CryptoAsset, price, timestampMs: Number(r[2]) };
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
