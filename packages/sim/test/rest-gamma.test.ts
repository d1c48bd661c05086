/**
 * Gamma under /gamma: discovery of current and next windows, listing ahead, the closed=true rule
 * of /markets, state transitions around the window end and the resolution, live outcome prices,
 * determinism, 404s and [] for unknown markets.
 */
import { CRYPTO_ASSETS, windowSlug } from '@polymarket-arb/domain';
import { afterEach, describe, expect, it } from 'vitest';
import { startRest, type RestHarness } from './rest-helpers.js';

const WINDOW = 1795694400; // 2026-11-26T12:00:00Z, a multiple of 900
const IN_WINDOW_MS = (WINDOW + 300) * 1000;
type Json = Record<string, any>;

let harness: RestHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function start(nowMs: number, seed = 1): Promise<RestHarness> {
  harness = await startRest({ nowMs, seed });
  return harness;
}

describe('Gamma discovery', () => {
  it('answers /events?slug= (repeated) for the current and next window of every asset', async () => {
    const h = await start(IN_WINDOW_MS);
    for (const asset of CRYPTO_ASSETS) {
      const slugs = [windowSlug(asset, WINDOW), windowSlug(asset, WINDOW + 900)];
      const res = await h.get(`/gamma/events?slug=${slugs[0]}&slug=${slugs[1]}`);
      expect(res.status).toBe(200);
      const events = res.json as Json[];
      expect(events.map((e) => e.slug).sort()).toEqual(slugs.sort());
      for (const event of events) {
        expect(event.seriesSlug).toBe(`${asset.toLowerCase()}-up-or-down-15m`);
        expect(event.markets).toHaveLength(1);
        const market = event.markets[0];
        expect(market.slug).toBe(event.slug);
        const catalogMarket = h.catalog.marketBySlug(event.slug)!;
        expect(JSON.parse(market.clobTokenIds)).toEqual([catalogMarket.yesTokenId, catalogMarket.noTokenId]);
        expect(JSON.parse(market.outcomes)).toEqual(['Up', 'Down']);
        expect(market.conditionId).toBe(catalogMarket.conditionId);
        expect(market.eventStartTime).toBe(new Date(catalogMarket.windowStart * 1000).toISOString().replace('.000', ''));
        expect(market.acceptingOrders).toBe(true);
      }
    }
  });

  it('lists a market from its listing time, about a day ahead, and not before', async () => {
    const future = WINDOW + 96 * 900;
    const h = await start(IN_WINDOW_MS);
    const market = h.catalog.market('BTC', future);
    const slug = market.slug;
    h.clock.setMs(market.listedAtMs - 1);
    expect((await h.get(`/gamma/events?slug=${slug}`)).json).toEqual([]);
    expect((await h.get(`/gamma/markets?slug=${slug}`)).json).toEqual([]);
    const missing = await h.get(`/gamma/events/slug/${slug}`);
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ error: 'event not found' });
    h.clock.setMs(market.listedAtMs);
    expect(((await h.get(`/gamma/events?slug=${slug}`)).json as [Json])[0].slug).toBe(slug);
    expect(((await h.get(`/gamma/markets/slug/${slug}`)).json as Json).startDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z$/);
  });

  it('gives [] for unknown slugs and 404 JSON for unknown single objects and paths', async () => {
    const h = await start(IN_WINDOW_MS);
    expect((await h.get('/gamma/events?slug=doge-updown-15m-1795694400')).json).toEqual([]);
    expect((await h.get('/gamma/markets?slug=btc-updown-15m-1795694401')).json).toEqual([]);
    expect((await h.get('/gamma/markets/slug/nope')).status).toBe(404);
    expect((await h.get('/gamma/markets/12')).status).toBe(404);
    const unknown = await h.get('/gamma/teams');
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({ error: 'Not found: GET /gamma/teams' });
  });

  it('pages listings that name no market, and never truncates a request naming many slugs', async () => {
    const h = await start(IN_WINDOW_MS);
    const first = (await h.get('/gamma/markets?limit=5')).json as Json[];
    const second = (await h.get('/gamma/markets?limit=5&offset=5')).json as Json[];
    expect(first).toHaveLength(5);
    expect(second).toHaveLength(5);
    expect(new Set([...first, ...second].map((m) => m.id)).size).toBe(10);
    expect([...first, ...second].every((m) => m.closed === false)).toBe(true);
    const slugs = Array.from({ length: 120 }, (_, i) => windowSlug(CRYPTO_ASSETS[i % 4]!, WINDOW + Math.floor(i / 4) * 900));
    const many = (await h.get(`/gamma/events?${slugs.map((s) => `slug=${s}`).join('&')}`)).json as Json[];
    expect(many).toHaveLength(120);
    expect((await h.get('/gamma/markets?limit=501')).status).toBe(400);
  });

  it('finds markets and events by Gamma id, condition id and token id', async () => {
    const h = await start(IN_WINDOW_MS);
    const m = h.catalog.market('SOL', WINDOW);
    expect(((await h.get(`/gamma/markets/${m.marketId}`)).json as Json).slug).toBe(m.slug);
    expect(((await h.get(`/gamma/events/${m.eventId}`)).json as Json).slug).toBe(m.slug);
    expect(((await h.get(`/gamma/markets?condition_ids=${m.conditionId}`)).json as [Json])[0].id).toBe(m.marketId);
    expect(((await h.get(`/gamma/markets?clob_token_ids=${m.noTokenId}`)).json as [Json])[0].id).toBe(m.marketId);
  });
});

describe('Gamma state over a market life', () => {
  it('hides closed markets from /markets unless closed=true, as since 2026-04-09', async () => {
    const h = await start(IN_WINDOW_MS);
    const past = windowSlug('ETH', WINDOW - 86_400 * 3);
    expect((await h.get(`/gamma/markets?slug=${past}`)).json).toEqual([]);
    const closed = (await h.get(`/gamma/markets?slug=${past}&closed=true`)).json as Json[];
    expect(closed).toHaveLength(1);
    expect(closed[0]?.closed).toBe(true);
    // /events has no such default; /markets/slug/ is a direct lookup.
    expect((await h.get(`/gamma/events?slug=${past}`)).json).toHaveLength(1);
    expect((await h.get(`/gamma/markets/slug/${past}`)).status).toBe(200);
    const live = windowSlug('ETH', WINDOW);
    expect((await h.get(`/gamma/markets?slug=${live}&closed=true`)).json).toEqual([]);
    expect((await h.get(`/gamma/markets?slug=${live}&closed=false`)).json).toHaveLength(1);
  });

  it('stops accepting orders at the end and resolves to the catalog winner shortly after', async () => {
    const h = await start(IN_WINDOW_MS);
    const m = h.catalog.market('BTC', WINDOW);
    const read = async (ms: number): Promise<Json> => {
      h.clock.setMs(ms);
      return ((await h.get(`/gamma/events?slug=${m.slug}`)).json as [Json])[0].markets[0];
    };
    const before = await read(m.windowEnd * 1000 - 1);
    expect([before.acceptingOrders, before.closed, before.umaResolutionStatus]).toEqual([true, false, undefined]);
    const ended = await read(m.windowEnd * 1000);
    expect([ended.acceptingOrders, ended.closed, ended.umaResolutionStatus]).toEqual([false, false, undefined]);
    const resolved = await read(m.resolvesAtMs);
    expect([resolved.acceptingOrders, resolved.closed, resolved.umaResolutionStatus]).toEqual([false, true, 'resolved']);
    const upWon = h.catalog.spotAt('BTC', m.windowEnd * 1000) >= h.catalog.spotAt('BTC', m.windowStart * 1000);
    expect(resolved.outcomePrices).toBe(upWon ? '["1", "0"]' : '["0", "1"]');
    expect(resolved.closedTime).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\+00$/);
  });

  it('resolves every past window consistently with the spot path', async () => {
    const h = await start(IN_WINDOW_MS);
    for (let i = 1; i <= 40; i++) {
      const m = h.catalog.market('XRP', WINDOW - i * 900);
      const market = ((await h.get(`/gamma/markets?slug=${m.slug}&closed=true`)).json as [Json])[0];
      expect(market.outcomePrices).toBe(h.catalog.winner(m) === 'yes' ? '["1", "0"]' : '["0", "1"]');
    }
  });

  it('prices outcomes at the live mid when a book exists, else at the fair value', async () => {
    const h = await start(IN_WINDOW_MS);
    const m = h.catalog.market('ETH', WINDOW);
    const fair = Math.round(h.catalog.upProbability(m, IN_WINDOW_MS) * 200) / 200;
    const withoutBook = ((await h.get(`/gamma/markets?slug=${m.slug}`)).json as [Json])[0];
    const [up, down] = JSON.parse(withoutBook.outcomePrices) as string[];
    expect(Number(up)).toBeCloseTo(Math.min(0.995, Math.max(0.005, fair)), 10);
    expect(Number(up) + Number(down)).toBeCloseTo(1, 10);
    h.books.set(m.yesTokenId, {
      bids: [
        { price: '0.40', size: '10' },
        { price: '0.41', size: '5' },
      ],
      asks: [
        { price: '0.44', size: '3' },
        { price: '0.43', size: '7' },
      ],
      tick_size: '0.01',
    });
    const withBook = ((await h.get(`/gamma/markets?slug=${m.slug}`)).json as [Json])[0];
    expect(withBook.outcomePrices).toBe('["0.42", "0.58"]');
    expect([withBook.bestBid, withBook.bestAsk, withBook.spread]).toEqual([0.41, 0.43, 0.02]);
  });
});

describe('Determinism of every service', () => {
  it('serves byte-identical bodies for the same seed and clock, different ones for another seed', async () => {
    const first = await startRest({ nowMs: IN_WINDOW_MS, seed: 9 });
    const second = await startRest({ nowMs: IN_WINDOW_MS, seed: 9 });
    const other = await startRest({ nowMs: IN_WINDOW_MS, seed: 10 });
    const m = first.catalog.market('BTC', WINDOW - 900);
    // Paths that name a market by slug (or name none) exist under every seed: their bodies must differ.
    const bySlug = [
      `/gamma/events?slug=${windowSlug('BTC', WINDOW)}`,
      `/gamma/markets?slug=${windowSlug('SOL', WINDOW - 900)}&closed=true`,
      '/gamma/markets?limit=5',
      '/data-api/trades?limit=50',
    ];
    const byId = [
      `/clob/clob-markets/${m.conditionId}`,
      `/clob/prices-history?market=${m.noTokenId}&interval=1d&fidelity=5`,
      `/data-api/v2/trades?condition=${m.conditionId}&limit=30`,
      `/gamma/markets/${m.marketId}`,
    ];
    try {
      for (const path of [...bySlug, ...byId]) {
        const a = await first.get(path);
        expect(a.status, path).toBe(200);
        expect(a.text.length).toBeGreaterThan(20);
        expect((await second.get(path)).text, path).toBe(a.text);
        if (bySlug.includes(path)) expect((await other.get(path)).text, path).not.toBe(a.text);
      }
    } finally {
      await Promise.all([first.close(), second.close(), other.close()]);
    }
  });
});
