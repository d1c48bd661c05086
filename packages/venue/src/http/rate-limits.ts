/**
 * The client-side rate limits: one sliding-window limiter per service (its general limit) and
 * one per route with a published limit of its own, set below Polymarket's published limits
 * (protocol reference §4.8, verified against the rate-limits page and the 2026-05-12 changelog).
 * The published figures are per 10 s; over them Cloudflare throttles or answers 429.
 */
import type { Clock } from '@polymarket-arb/domain';
import { SlidingWindowLimiter, type Sleep } from './limiter.js';

export type Service = 'gamma' | 'clob' | 'data';
/**
 * Routes with a published limit of their own. v1 `/trades` and v2 `/v2/trades` share the Data API
 * `/trades` limit (v2 has no published figure of its own).
 */
export type LimitedRoute = 'gamma_events' | 'gamma_markets' | 'clob_prices_history' | 'data_trades';
/** Every route the clients call; `clob_time` (`GET /time`) has only its service's general limit. */
export type Route = LimitedRoute | 'clob_time';
export type LimitKey = Service | LimitedRoute;

export const LIMIT_WINDOW_MS = 10_000;

/** Requests per 10 s as published (§4.8). */
export const PUBLISHED_LIMITS: Readonly<Record<LimitKey, number>> = Object.freeze({
  gamma: 4_000,
  gamma_events: 500,
  gamma_markets: 300,
  clob: 9_000,
  clob_prices_history: 1_000,
  data: 1_000,
  data_trades: 200,
});

export const ROUTE_SERVICE: Readonly<Record<Route, Service>> = Object.freeze({
  gamma_events: 'gamma',
  gamma_markets: 'gamma',
  clob_prices_history: 'clob',
  data_trades: 'data',
  clob_time: 'clob',
});

/** `percent` of every published limit (rounded down, at least 1), with explicit overrides. */
export function clientLimits(percent: number, overrides: Partial<Record<LimitKey, number>> = {}): Record<LimitKey, number> {
  const out = {} as Record<LimitKey, number>;
  for (const [key, published] of Object.entries(PUBLISHED_LIMITS) as [LimitKey, number][]) {
    out[key] = overrides[key] ?? Math.max(1, Math.floor((published * percent) / 100));
  }
  return out;
}

export class RateLimits {
  private readonly limiters = new Map<LimitKey, SlidingWindowLimiter>();

  constructor(perWindow: Readonly<Record<LimitKey, number>>, clock: Clock, sleep: Sleep, windowMs = LIMIT_WINDOW_MS) {
    for (const [key, limit] of Object.entries(perWindow) as [LimitKey, number][]) {
      this.limiters.set(key, new SlidingWindowLimiter(key, limit, windowMs, clock, sleep));
    }
  }

  /** The limiters a request to `route` must pass: its service's, then its own when it has one. */
  for(route: Route): SlidingWindowLimiter[] {
    const service = this.get(ROUTE_SERVICE[route]);
    const own = this.limiters.get(route as LimitKey);
    return own === undefined ? [service] : [service, own];
  }

  /** Time callers spent waiting on the limiters (their own pace or a server's Retry-After), ms. */
  waitedMs(): number {
    let total = 0;
    for (const limiter of this.limiters.values()) total += limiter.waitedMs;
    return total;
  }

  private get(key: LimitKey): SlidingWindowLimiter {
    const limiter = this.limiters.get(key);
    if (!limiter) throw new Error(`no rate limiter for ${key}`);
    return limiter;
  }
}
