/**
 * What Gamma shows about a market at an instant, shared by its Market and Event objects: state
 * (phase, closed, accepting orders), prices (live book or fair value), traded volume, resting
 * liquidity, price changes, and the creation/update timestamps around the listing time.
 */
import type { Micros } from '@polymarket-arb/domain';
import type { SimMarket } from '../catalog.js';
import { hashInts } from '../catalog/hash.js';
import { isoMicros, isoSeconds } from '../catalog/text.js';
import { bookTop, fairUpMicros, microsNumber, phaseOf, upPriceMicros, volumeMicros, type RestContext } from './context.js';

export type Json = Record<string, unknown>;

/** A JSON-encoded list as Gamma writes it: `["Up", "Down"]` (Python's separators). */
export function encodedList(values: readonly string[]): string {
  return `[${values.map((v) => JSON.stringify(v)).join(', ')}]`;
}

/** Creation and update instants around the listing time (spacings seen in the captures). */
export function gammaTimes(ctx: RestContext, market: SimMarket, nowMs: number) {
  const h = hashInts(ctx.catalog.seed, market.windowStart, market.asset.charCodeAt(0), 0x6a11);
  const createdUs = market.listedAtUs - 40_000_000 - (h % 50_000_000);
  const eventStartUs = market.listedAtUs + 20_000_000 + ((h >>> 3) % 30_000_000);
  const phase = phaseOf(market, nowMs);
  // updatedAt moves at each state change: listing, window start, resolution.
  const updatedUs =
    phase === 'resolved'
      ? market.resolvesAtMs * 1000 + 1_234_567
      : phase === 'listed'
        ? eventStartUs + 8_000_000
        : market.windowStart * 1_000_000 + 2_345_678;
  return {
    createdAt: isoMicros(createdUs),
    eventCreatedAt: isoMicros(createdUs - 100 - ((h >>> 5) % 100_000)),
    acceptingOrdersTimestamp: isoSeconds(Math.floor(createdUs / 1000) + 5_000),
    eventStartDate: isoMicros(eventStartUs),
    eventCreationDate: isoMicros(eventStartUs - 6),
    updatedAt: isoMicros(updatedUs),
  };
}

/** Prices, volumes and state of a market at `nowMs`. */
export function marketNumbers(ctx: RestContext, market: SimMarket, nowMs: number) {
  const phase = phaseOf(market, nowMs);
  const resolved = phase === 'resolved';
  const winnerUp = resolved && ctx.catalog.winner(market) === 'yes';
  const up: Micros = resolved ? (winnerUp ? 1_000_000 : 0) : upPriceMicros(ctx, market, nowMs);
  const top = bookTop(ctx.books.bookSummary(market.yesTokenId));
  const fair = fairUpMicros(ctx.catalog, market, Math.min(nowMs, market.windowEnd * 1000));
  const bid = top?.bid ?? Math.max(1_000, fair - 5_000);
  const ask = top?.ask ?? Math.min(999_000, fair + 5_000);
  const volume = volumeMicros(ctx.catalog, market, nowMs);
  const lastTrade = lastTradeMicros(ctx, market, nowMs);
  // Resting liquidity: a deterministic 5k-30k pUSD while orders are accepted, none after.
  const liquidity: Micros =
    phase === 'listed' || phase === 'live'
      ? (5_000 + (hashInts(ctx.catalog.seed, market.windowStart, 0x11c) % 25_000)) * 1_000_000 + 3_747 * 100
      : 0;
  return { phase, resolved, up, bid, ask, volume, lastTrade, liquidity, tick: top?.tickSize };
}

/** Change of the Up price over the last hour, day, ... (a market lives about a day, so the longer ones equal the day's). */
export function priceChanges(ctx: RestContext, market: SimMarket, nowMs: number): Json {
  const at = (ms: number): Micros =>
    ms < market.listedAtMs ? 500_000 : fairUpMicros(ctx.catalog, market, Math.min(ms, market.windowEnd * 1000));
  const now = at(nowMs);
  const hour = microsNumber(now - at(nowMs - 3_600_000));
  const day = microsNumber(now - at(nowMs - 86_400_000));
  return { oneHourPriceChange: hour, oneDayPriceChange: day, oneWeekPriceChange: day, oneMonthPriceChange: day, oneYearPriceChange: day };
}

function lastTradeMicros(ctx: RestContext, market: SimMarket, nowMs: number): Micros {
  const nowSec = Math.floor(nowMs / 1000);
  let last: Micros = 0;
  for (const trade of ctx.catalog.trades(market)) {
    if (trade.timestamp > nowSec) break;
    last = trade.outcome === 'yes' ? trade.price : 1_000_000 - trade.price;
  }
  return last;
}
