/**
 * The retrying HTTP client against the simulator's REST services with injected faults, on a
 * manual clock whose sleep advances it (so waits are asserted exactly, never timed): Retry-After
 * obeyed to the millisecond, 5xx retried on the backoff schedule, a connection cut mid-body
 * retried, 4xx not retried, retries bounded, a refused connection given up on, abort honoured.
 */
import { ManualClock } from '@polymarket-arb/domain';
import { startRestSimulator, type RestSimulator } from '@polymarket-arb/sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, type RetryPolicy } from '../src/http/client.js';
import { HttpStatusError, NetworkError } from '../src/http/errors.js';
import { AbortedError } from '../src/http/limiter.js';
import { RateLimits } from '../src/http/rate-limits.js';
import { UNTHROTTLED } from './helpers.js';

const NOW = Date.UTC(2026, 10, 20);
const POLICY: RetryPolicy = { maxRetries: 4, baseMs: 100, maxMs: 1000, retryAfterMaxMs: 60_000, timeoutMs: 10_000 };

let sim: RestSimulator;
let path: string;
beforeAll(async () => {
  sim = await startRestSimulator({ seed: 3, nowMs: NOW });
  const market = sim.catalog.market('BTC', Date.UTC(2026, 10, 18) / 1000);
  path = `/prices-history?market=${market.yesTokenId}&startTs=${market.windowStart - 3600}&endTs=${market.windowEnd}&fidelity=5`;
});
afterAll(() => sim.close());

function client(options: { policy?: RetryPolicy; onSleep?: (ms: number) => void } = {}) {
  const clock = new ManualClock(NOW);
  const sleeps: number[] = [];
  const sleep = async (ms: number): Promise<void> => {
    sleeps.push(ms);
    options.onSleep?.(ms);
    clock.advanceMs(ms);
  };
  const http = new HttpClient({
    limits: new RateLimits(UNTHROTTLED, clock, sleep),
    policy: options.policy ?? POLICY,
    clock,
    sleep,
    random: () => 0.5,
  });
  return { http, sleeps };
}

const get = (http: HttpClient, signal = new AbortController().signal) =>
  http.getJson('clob_prices_history', `${sim.endpoints.clobUrl}${path}`, signal);

describe('HttpClient', () => {
  it('gets JSON with one request when all is well', async () => {
    const { http, sleeps } = client();
    const body = (await get(http)) as { history: unknown[] };
    expect(body.history.length).toBeGreaterThan(10);
    expect(http.stats).toMatchObject({ requests: 1, retries: 0 });
    expect(sleeps).toEqual([]);
  });

  it('waits exactly what Retry-After asks after a 429, then succeeds', async () => {
    const { http, sleeps } = client();
    sim.failNext(1, 429, '/clob/prices-history', 7);
    const body = (await get(http)) as { history: unknown[] };
    expect(body.history.length).toBeGreaterThan(10);
    expect(sleeps).toEqual([7000]);
    expect(http.stats).toMatchObject({ requests: 2, retries: 1, rateLimited: 1, retryAfterWaitMs: 7000 });
  });

  it('retries 500s with exponential backoff and jitter (random fixed at 0.5)', async () => {
    const { http, sleeps } = client();
    sim.failNext(3, 500, '/clob/prices-history');
    await get(http);
    expect(sleeps).toEqual([75, 150, 300]);
    expect(http.stats).toMatchObject({ requests: 4, retries: 3, serverErrors: 3, failed: 0 });
  });

  it('retries a response cut mid-body (a dropped connection)', async () => {
    const { http, sleeps } = client();
    const before = sim.count('/clob/prices-history');
    sim.faults.dropNextResponse('/clob/prices-history');
    const body = (await get(http)) as { history: unknown[] };
    expect(body.history.length).toBeGreaterThan(10);
    expect(sim.count('/clob/prices-history') - before).toBe(2);
    expect(http.stats).toMatchObject({ requests: 2, retries: 1, networkErrors: 1 });
    expect(sleeps).toEqual([75]);
  });

  it('does not retry a 400: the request itself is wrong', async () => {
    const { http, sleeps } = client();
    const error = await http
      .getJson('clob_prices_history', `${sim.endpoints.clobUrl}/prices-history?market=0xnot-a-token`, new AbortController().signal)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpStatusError);
    expect((error as HttpStatusError).status).toBe(400);
    expect((error as HttpStatusError).message).toMatch(/HTTP 400 from .*not a token id/);
    expect(http.stats).toMatchObject({ requests: 1, retries: 0, failed: 1 });
    expect(sleeps).toEqual([]);
  });

  it('gives up after maxRetries with the last error', async () => {
    const { http, sleeps } = client();
    sim.failNext(10, 503, '/clob/prices-history');
    await expect(get(http)).rejects.toMatchObject({ status: 503 });
    expect(http.stats).toMatchObject({ requests: 5, retries: 4, serverErrors: 5, failed: 1 });
    expect(sleeps).toEqual([75, 150, 300, 600]);
    sim.faults.clear();
  });

  it('lets one request ask for fewer retries than the policy', async () => {
    const { http, sleeps } = client();
    sim.failNext(10, 503, '/clob/prices-history');
    const url = `${sim.endpoints.clobUrl}${path}`;
    await expect(http.getJson('clob_prices_history', url, new AbortController().signal, { maxRetries: 1 })).rejects.toMatchObject({
      status: 503,
    });
    expect(http.stats).toMatchObject({ requests: 2, retries: 1, failed: 1 });
    expect(sleeps).toEqual([75]);
    sim.faults.clear();
  });

  it('retries a refused connection (network loss), then gives up', async () => {
    const { http, sleeps } = client({ policy: { ...POLICY, maxRetries: 2 } });
    const error = await http
      .getJson('gamma_events', 'http://127.0.0.1:9/events?slug=x', new AbortController().signal)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toMatch(/Network error on http:\/\/127\.0\.0\.1:9\/events/);
    expect(http.stats).toMatchObject({ requests: 3, networkErrors: 3, failed: 1 });
    expect(sleeps).toEqual([75, 150]);
  });

  it('stops on abort during a retry wait, without another request', async () => {
    const controller = new AbortController();
    const { http } = client({ onSleep: () => controller.abort() });
    sim.failNext(1, 500, '/clob/prices-history');
    await expect(get(http, controller.signal)).rejects.toBeInstanceOf(AbortedError);
    expect(http.stats.requests).toBe(1);
  });
});
