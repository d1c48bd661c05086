/**
 * Reading Gamma: a real 15m `/events` answer (captured) becomes a market with the right tokens,
 * window and event; slugs are checked (Gamma ignores unknown filters and may return other
 * markets), batched, asked with closed=true first and again without it for the rest; missing
 * slugs are reported. Against the simulator: closed past markets come with their resolution.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ManualClock } from '@polymarket-arb/domain';
import { HttpClient, RateLimits } from '@polymarket-arb/venue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marketsBySlug, tokensMeta, type GammaContext } from '../src/gamma.js';
import { DEFAULT_SETTINGS } from '../src/settings.js';
import { UNTHROTTLED } from './helpers/quiet.js';
import { marketsIn, startSim, type SimHarness } from './helpers/sim.js';

const captured = JSON.parse(readFileSync(new URL('./fixtures/gamma_events_eth15m_2026-01.json', import.meta.url), 'utf8')) as Record<
  string,
  any
>[];
const SLUG = 'eth-updown-15m-1767640500';

function context(gammaUrl: string, batch = 50): GammaContext {
  const clock = new ManualClock(Date.UTC(2026, 10, 20));
  const http = new HttpClient({
    limits: new RateLimits(UNTHROTTLED, clock, async () => undefined),
    policy: DEFAULT_SETTINGS.retry,
    clock,
    sleep: async () => undefined,
    random: Math.random,
  });
  return { http, gammaUrl, signal: new AbortController().signal, nowMs: clock.nowMs(), batch };
}

describe('Gamma /events by slug on a captured answer', () => {
  let server: Server;
  let base: string;
  const seen: string[] = [];
  beforeAll(async () => {
    // Like Gamma with a filter it ignores: the same captured event, whatever was asked.
    server = createServer((req, res) => {
      seen.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(captured));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('reads the market: tokens from the JSON-encoded clobTokenIds, window from the slug/eventStartTime, event id', async () => {
    const found = await marketsBySlug(context(base), [SLUG]);
    const market = captured[0]!.markets[0];
    const [up, down] = JSON.parse(market.clobTokenIds) as string[];
    expect(found.missing).toEqual([]);
    expect(found.markets).toEqual([
      {
        slug: SLUG,
        asset: 'ETH',
        eventId: captured[0]!.id,
        conditionId: market.conditionId,
        yesTokenId: up,
        noTokenId: down,
        windowStart: 1767640500,
        windowEnd: 1767641400,
        closed: false,
      },
    ]);
    expect(found.rows[0]).toMatchObject({
      slug: SLUG,
      condition_id: market.conditionId,
      window_start: '2026-01-05 19:15:00',
      closed: false,
      winning_outcome: '',
    });
    expect(seen[0]).toMatch(/^\/events\?slug=eth-updown-15m-1767640500&closed=true&limit=1$/);
  });

  it('ignores markets it did not ask for, and reports slugs without a market after asking twice', async () => {
    seen.length = 0;
    const other = 'btc-updown-15m-1767640500';
    const found = await marketsBySlug(context(base), [other]);
    expect(found.markets).toEqual([]);
    expect(found.missing).toEqual([other]);
    expect(seen).toEqual([`/events?slug=${other}&closed=true&limit=1`, `/events?slug=${other}&limit=1`]);
  });
});

describe('Gamma against the simulator', () => {
  let sim: SimHarness;
  beforeAll(async () => {
    sim = await startSim({ seed: 5, nowMs: Date.UTC(2026, 10, 20) });
  });
  afterAll(() => sim.close());

  it('finds a day of closed markets in batches, with their resolution', async () => {
    const day = Date.UTC(2026, 10, 17) / 1000;
    const expected = marketsIn(sim.catalog, 'SOL', day, day + 86_400);
    const before = sim.count('/gamma/events');
    const found = await marketsBySlug(
      context(sim.endpoints.gammaUrl, 40),
      expected.map((m) => m.slug),
    );
    expect(sim.count('/gamma/events') - before).toBe(3); // 96 slugs in batches of 40, all found with closed=true
    expect(found.missing).toEqual([]);
    expect(found.markets.map((m) => m.conditionId).sort()).toEqual(expected.map((m) => m.conditionId).sort());
    expect(found.markets.every((m) => m.closed)).toBe(true);
    const bySlug = new Map(found.rows.map((r) => [(r as { slug: string }).slug, r as Record<string, unknown>]));
    for (const m of expected) {
      expect(bySlug.get(m.slug)).toMatchObject({
        closed: true,
        winning_outcome: sim.catalog.winner(m) === 'yes' ? 'Up' : 'Down',
        yes_token_id: m.yesTokenId,
      });
    }
  });

  it('finds open markets on the second pass (without closed=true)', async () => {
    const nowSec = Date.UTC(2026, 10, 20) / 1000;
    const live = sim.catalog.market('BTC', nowSec - 900);
    const found = await marketsBySlug(context(sim.endpoints.gammaUrl), [live.slug]);
    expect(found.markets).toMatchObject([{ slug: live.slug, closed: false }]);
  });

  it('looks explicit tokens up by clob_token_ids', async () => {
    const m = sim.catalog.market('ETH', Date.UTC(2026, 10, 19) / 1000);
    const found = await tokensMeta(context(sim.endpoints.gammaUrl), [m.noTokenId, '12345']);
    expect(found.meta.get(m.noTokenId)).toMatchObject({ eventId: m.eventId, asset: 'ETH', side: 'no' });
    expect(found.meta.has('12345')).toBe(false);
    expect(found.rows).toHaveLength(1);
  });
});
