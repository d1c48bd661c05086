/**
 * What every REST route sees: the catalog, the live books, the clock, the limits, and the few
 * derived facts several services share (is a market listed, its phase, its quote, its volume).
 */
import { formatMicros, parseMicrosOrNeg, type Clock, type Micros } from '@polymarket-arb/domain';
import type { Catalog, SimMarket } from '../catalog.js';
import type { LiveBookView, RestLimits } from './types.js';

export interface RestContext {
  readonly catalog: Catalog;
  readonly books: LiveBookView;
  readonly clock: Clock;
  readonly limits: RestLimits;
  /** Token lookup that first indexes recent windows on a miss (ids learnt in an earlier run). */
  findToken(tokenId: string): ReturnType<Catalog['lookupToken']>;
  findCondition(conditionId: string): SimMarket | undefined;
}

export type Phase = 'listed' | 'live' | 'ended' | 'resolved';

export function phaseOf(market: SimMarket, nowMs: number): Phase {
  if (nowMs >= market.resolvesAtMs) return 'resolved';
  if (nowMs >= market.windowEnd * 1000) return 'ended';
  if (nowMs >= market.windowStart * 1000) return 'live';
  return 'listed';
}

export function isListed(market: SimMarket, nowMs: number): boolean {
  return nowMs >= market.listedAtMs;
}

/** Best bid/ask (micros) and the tick and last trade strings of a live book summary. */
export interface BookTop {
  readonly bid: Micros | undefined;
  readonly ask: Micros | undefined;
  readonly tickSize: string | undefined;
  readonly lastTradePrice: string | undefined;
}

function bestOf(levels: unknown): Micros | undefined {
  // Bids ascend and asks descend on the wire: the best level is the last one.
  if (!Array.isArray(levels) || levels.length === 0) return undefined;
  const last = levels[levels.length - 1] as { price?: unknown } | undefined;
  const price = typeof last?.price === 'string' ? parseMicrosOrNeg(last.price) : -1;
  return price >= 0 ? price : undefined;
}

export function bookTop(summary: Record<string, unknown> | undefined): BookTop | undefined {
  if (!summary) return undefined;
  return {
    bid: bestOf(summary.bids),
    ask: bestOf(summary.asks),
    tickSize: typeof summary.tick_size === 'string' ? summary.tick_size : undefined,
    lastTradePrice: typeof summary.last_trade_price === 'string' && summary.last_trade_price !== '' ? summary.last_trade_price : undefined,
  };
}

/** Midpoint of a two-sided book, exact (half a micro cannot occur: prices are whole ticks). */
export function midOf(top: BookTop | undefined): Micros | undefined {
  if (!top || top.bid === undefined || top.ask === undefined) return undefined;
  return Math.round((top.bid + top.ask) / 2);
}

/** Fair value of Up at `ms`, rounded to 0.005 like the midpoint of a 0.01-tick book. */
export function fairUpMicros(catalog: Catalog, market: SimMarket, ms: number): Micros {
  const micros = Math.round((catalog.upProbability(market, ms) * 1_000_000) / 5_000) * 5_000;
  return Math.min(995_000, Math.max(5_000, micros));
}

/** Price of Up as the services show it now: the live mid when there is a book, else the fair value. */
export function upPriceMicros(ctx: RestContext, market: SimMarket, nowMs: number): Micros {
  return (
    midOf(bookTop(ctx.books.bookSummary(market.yesTokenId))) ?? fairUpMicros(ctx.catalog, market, Math.min(nowMs, market.windowEnd * 1000))
  );
}

/** Traded notional (sum of price x size) of the market's trades up to `nowMs`, exact. */
export function volumeMicros(catalog: Catalog, market: SimMarket, nowMs: number): bigint {
  const nowSec = Math.floor(nowMs / 1000);
  let total = 0n;
  for (const trade of catalog.trades(market)) {
    if (trade.timestamp > nowSec) break;
    total += BigInt(trade.price) * BigInt(trade.size);
  }
  return total / 1_000_000n;
}

/** Micros as a JSON number with the same digits as its exact decimal text ("0.505" -> 0.505). */
export function microsNumber(value: Micros | bigint): number {
  return Number(typeof value === 'bigint' ? formatMicros(Number(value)) : formatMicros(value));
}
