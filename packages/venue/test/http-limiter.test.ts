/**
 * The client-side limiter and the retry schedule, on a manual clock whose sleep advances time:
 * grants never exceed N per sliding window, callers are served in order, Retry-After pauses
 * everyone, abort stops a waiter; backoff doubles with bounded jitter; Retry-After is read in
 * both of its forms.
 */
import { ManualClock } from '@polymarket-arb/domain';
import { describe, expect, it } from 'vitest';
import { backoffMs, retryAfterMs } from '../src/http/backoff.js';
import { AbortedError, SlidingWindowLimiter } from '../src/http/limiter.js';
import { clientLimits, PUBLISHED_LIMITS, RateLimits } from '../src/http/rate-limits.js';

function fakeTime(startMs = 1_000_000) {
  const clock = new ManualClock(startMs);
  const sleeps: number[] = [];
  const sleep = async (ms: number, signal?: AbortSignal): Promise<void> => {
    sleeps.push(ms);
    if (signal?.aborted) return;
    clock.advanceMs(ms);
  };
  return { clock, sleep, sleeps };
}

describe('SlidingWindowLimiter', () => {
  it('grants at most N per window, the next ones when the oldest grant leaves the window', async () => {
    const { clock, sleep } = fakeTime();
    const limiter = new SlidingWindowLimiter('t', 4, 1000, clock, sleep);
    const grants: number[] = [];
    for (let i = 0; i < 10; i++) {
      await limiter.acquire();
      grants.push(clock.nowMs() - 1_000_000);
      clock.advanceMs(10); // requests are spread a little
    }
    expect(grants).toEqual([0, 10, 20, 30, 1000, 1010, 1020, 1030, 2000, 2010]);
    for (let i = 4; i < grants.length; i++) expect(grants[i]! - grants[i - 4]!).toBeGreaterThanOrEqual(1000);
  });

  it('serves concurrent callers in call order', async () => {
    const { clock, sleep } = fakeTime();
    const limiter = new SlidingWindowLimiter('t', 2, 500, clock, sleep);
    const order: number[] = [];
    await Promise.all(Array.from({ length: 6 }, (_, i) => limiter.acquire().then(() => order.push(i))));
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    expect(clock.nowMs() - 1_000_000).toBe(1000);
  });

  it('pauses every caller until a Retry-After has passed, and counts the wait', async () => {
    const { clock, sleep } = fakeTime();
    const limiter = new SlidingWindowLimiter('t', 100, 1000, clock, sleep);
    limiter.pauseUntil(clock.nowMs() + 7000);
    limiter.pauseUntil(clock.nowMs() + 3000); // an earlier end never shortens a pause
    await limiter.acquire();
    expect(clock.nowMs() - 1_000_000).toBe(7000);
    expect(limiter.waitedMs).toBe(7000);
  });

  it('rejects a waiting caller on abort and keeps serving the others', async () => {
    const { clock, sleep } = fakeTime();
    const limiter = new SlidingWindowLimiter('t', 1, 1000, clock, sleep);
    await limiter.acquire();
    const controller = new AbortController();
    controller.abort();
    await expect(limiter.acquire(controller.signal)).rejects.toBeInstanceOf(AbortedError);
    await limiter.acquire();
    expect(clock.nowMs() - 1_000_000).toBe(1000);
  });
});

describe('client limits', () => {
  it('stay below the published limits by the given percentage, with overrides', () => {
    const limits = clientLimits(80, { data_trades: 5 });
    expect(limits.gamma_events).toBe(400);
    expect(limits.clob_prices_history).toBe(800);
    expect(limits.data).toBe(800);
    expect(limits.data_trades).toBe(5);
    for (const [key, value] of Object.entries(clientLimits(80)))
      expect(value).toBeLessThan(PUBLISHED_LIMITS[key as keyof typeof PUBLISHED_LIMITS]);
  });

  it('make a route pass its service limiter and its own', async () => {
    const { clock, sleep } = fakeTime();
    const limits = new RateLimits({ ...clientLimits(100), data: 3, data_trades: 2 }, clock, sleep, 1000);
    expect(limits.for('data_trades').map((l) => l.name)).toEqual(['data', 'data_trades']);
    for (let i = 0; i < 3; i++) for (const l of limits.for('data_trades')) await l.acquire();
    expect(clock.nowMs() - 1_000_000).toBe(1000); // the third waited for the route's 2 per second
  });

  it('make a route without a published limit of its own pass its service limiter only', () => {
    const { clock, sleep } = fakeTime();
    const limits = new RateLimits(clientLimits(100), clock, sleep);
    expect(limits.for('clob_time').map((l) => l.name)).toEqual(['clob']);
  });
});

describe('backoff and Retry-After', () => {
  it('doubles from the base up to the cap, jittered within the upper half', () => {
    expect([0, 1, 2, 3, 10].map((a) => backoffMs(a, 500, 30_000, () => 0))).toEqual([250, 500, 1000, 2000, 15_000]);
    expect([0, 1, 2, 3, 10].map((a) => backoffMs(a, 500, 30_000, () => 1))).toEqual([500, 1000, 2000, 4000, 30_000]);
    expect(backoffMs(2, 500, 30_000, () => 0.5)).toBe(1500);
  });

  it('reads delta-seconds and HTTP dates, and ignores garbage', () => {
    const now = Date.UTC(2026, 9, 21, 7, 28, 0);
    expect(retryAfterMs('7', now)).toBe(7000);
    expect(retryAfterMs(' 1.5 ', now)).toBe(1500);
    expect(retryAfterMs('Wed, 21 Oct 2026 07:28:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Wed, 21 Oct 2026 07:27:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });
});
