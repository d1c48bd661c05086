/**
 * REST fault injection: 429/500/503 with Retry-After for a period (measured on the simulator's
 * clock) and scoped by path prefix, slow responses, and a response cut in the middle of its body.
 */
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startRest, type RestHarness } from './rest-helpers.js';

const NOW_MS = Date.UTC(2026, 10, 26, 12, 5);
let harness: RestHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** GET with node:http, reporting how many body bytes arrived and whether the connection broke. */
function rawGet(base: string, path: string): Promise<{ status: number; declared: number; received: number; broken: boolean }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, (res) => {
      let received = 0;
      let broken = false;
      res.on('data', (chunk: Buffer) => (received += chunk.length));
      res.on('aborted', () => (broken = true));
      res.on('error', () => (broken = true));
      res.on('close', () =>
        resolve({
          status: res.statusCode ?? 0,
          declared: Number(res.headers['content-length']),
          received,
          broken: broken || !res.complete,
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('RestFaults', () => {
  it('answers 429 with Retry-After for the period, then recovers', async () => {
    const h = (harness = await startRest({ nowMs: NOW_MS }));
    h.faults.failWith(429, 10_000, 7);
    const limited = await h.get('/clob/time');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(limited.json).toEqual({ error: 'Too Many Requests', retry_after_seconds: 7 });
    expect((await h.get('/gamma/events?slug=x')).status).toBe(429);
    h.clock.advanceMs(9_999);
    expect((await h.get('/data-api/trades')).status).toBe(429);
    h.clock.advanceMs(1);
    expect((await h.get('/clob/time')).status).toBe(200);
  });

  it('scopes failures to a path prefix and serves 500 and 503 bodies', async () => {
    const h = (harness = await startRest({ nowMs: NOW_MS }));
    h.faults.failWith(500, 60_000, undefined, '/clob/prices-history');
    h.faults.failWith(503, 60_000, 30, '/data-api');
    const failed = await h.get('/clob/prices-history?market=1&interval=1h');
    expect([failed.status, failed.json, failed.headers.get('retry-after')]).toEqual([500, { error: 'Internal Server Error' }, null]);
    expect((await h.get('/clob/time')).status).toBe(200);
    const unavailable = await h.get('/data-api/v2/trades');
    expect([unavailable.status, unavailable.headers.get('retry-after')]).toEqual([503, '30']);
    h.faults.clear();
    expect((await h.get('/data-api/v2/trades')).status).toBe(200);
  });

  it('delays responses while slow', async () => {
    const h = (harness = await startRest({ nowMs: NOW_MS }));
    h.faults.slow(30_000, 60_000);
    // A 30 s delay against a 1 s client timeout: the margin keeps this independent of machine load.
    await expect(fetch(`${h.base}/clob/ok`, { signal: AbortSignal.timeout(1_000) })).rejects.toThrow();
    h.faults.clear();
    h.faults.slow(30_000, 60_000);
    h.clock.advanceMs(60_000);
    expect((await h.get('/clob/ok')).text).toBe('"OK"');
  });

  it('cuts the next response mid-body: the client sees a truncated body and a broken connection', async () => {
    const h = (harness = await startRest({ nowMs: NOW_MS }));
    const m = h.catalog.market('BTC', 1795694400);
    h.faults.dropNextResponse('/gamma');
    expect((await rawGet(h.base, '/clob/time')).broken).toBe(false); // another prefix: untouched
    const cut = await rawGet(h.base, `/gamma/events?slug=${m.slug}`);
    expect(cut.status).toBe(200);
    expect(cut.broken).toBe(true);
    expect(cut.received).toBeGreaterThan(0);
    expect(cut.received).toBeLessThan(cut.declared);
    await expect(h.get(`/gamma/events?slug=${m.slug}`).then((r) => r.status)).resolves.toBe(200); // one-shot
    h.faults.dropNextResponse();
    await expect(fetch(`${h.base}/data-api/trades`).then((r) => r.text())).rejects.toThrow();
  });
});
