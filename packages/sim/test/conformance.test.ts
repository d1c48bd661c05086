/**
 * Conformance: the simulator's frames, received over real sockets, compared field by field with
 * the real captures in test/fixtures (key names and order, JSON types, string-vs-number, kind of
 * string, array framing). Three short runs place the clock where each event type happens: near
 * the end of a window whose price is extreme (ticks, trades), just before a result is published
 * (market_resolved), and just before a window boundary (new_market).
 */
import { readFileSync } from 'node:fs';
import { parseMicros, WINDOW_SECONDS } from '@polymarket-arb/domain';
import { afterEach, describe, expect, it } from 'vitest';
import { Catalog } from '../src/market/catalog-port.js';
import { startSimulator, type Simulator } from '../src/index.js';
import { looseShape, shape } from './helpers/wire-shape.js';
import { TestClient } from './helpers/ws-client.js';

type Json = Record<string, unknown>;

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
}

const SEED = 11;
const catalog = new Catalog({ seed: SEED });
/** A 2026 window start to search from. */
const BASE = Math.floor(Date.UTC(2026, 10, 20) / 1000 / WINDOW_SECONDS) * WINDOW_SECONDS;

const isExtreme = (p: number): boolean => p < 0.04 || p > 0.96;

/**
 * A start time 30 s before the end of a BTC window whose fair value turns extreme (the model then
 * switches the tick to 0.001) between 2 and 8 s after it: after the test has subscribed.
 */
function startBeforeTickChange(): number {
  for (let w = BASE; ; w += WINDOW_SECONDS) {
    const m = catalog.market('BTC', w);
    const start = m.windowEnd * 1000 - 30_000;
    if (isExtreme(catalog.upProbability(m, start))) continue;
    let t = start;
    while (t < start + 8_000 && !isExtreme(catalog.upProbability(m, t))) t += 100;
    if (t >= start + 2_000 && t < start + 8_000) return start;
  }
}

let sims: Simulator[] = [];
const clients: TestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await Promise.all(sims.map((s) => s.close()));
  sims = [];
});

async function start(startTimeMs: number, rate: number): Promise<Simulator> {
  const sim = await startSimulator({ seed: SEED, assets: ['BTC'], rate, startTimeMs, binanceRate: 50 });
  sims.push(sim);
  return sim;
}

async function subscribe(sim: Simulator, assetIds: string[]): Promise<TestClient> {
  const c = await TestClient.open(`${sim.urls.POLY_CLOB_WS_URL}/ws/market`);
  clients.push(c);
  c.send({ assets_ids: assetIds, type: 'market', custom_feature_enabled: true });
  return c;
}

function firstOf(c: TestClient, type: string): Json | undefined {
  return c.first(type);
}

function isAscending(levels: Json[], ascending: boolean): boolean {
  const prices = levels.map((l) => parseMicros(String(l.price)));
  return prices.every((p, i) => i === 0 || (ascending ? p > (prices[i - 1] as number) : p < (prices[i - 1] as number)));
}

describe('market-channel conformance with real captures', () => {
  it('book, price_change, last_trade_price, after-trade book, tick_size_change, best_bid_ask', async () => {
    const startMs = startBeforeTickChange();
    const sim = await start(startMs, 1_000);
    const m = catalog.market('BTC', startMs / 1000 + 30 - WINDOW_SECONDS);
    const c = await subscribe(sim, [m.yesTokenId, m.noTokenId]);
    const book = (e: Json): boolean => e.event_type === 'book';
    await c.waitFor(
      () =>
        ['price_change', 'last_trade_price', 'tick_size_change', 'best_bid_ask'].every((t) => c.kinds.has(t)) &&
        (c.kinds.get('book') ?? 0) >= 3,
      'every event type of a live market',
    );

    // Initial dump: ONE frame, a JSON array of book objects, the subscribe-time shape.
    const dump = JSON.parse(c.frames[0] as string) as Json[];
    expect(Array.isArray(dump)).toBe(true);
    expect(dump).toHaveLength(2);
    const capturedBook = fixture('ws_book_snapshot_2026-08.json') as Json;
    for (const b of dump) {
      expect(looseShape(b, ['last_trade_price'])).toEqual(looseShape(capturedBook, ['last_trade_price']));
      expect(isAscending(b.bids as Json[], true)).toBe(true);
      expect(isAscending(b.asks as Json[], false)).toBe(true);
    }
    const burst = fixture('ws_market_crossing_burst_2026-09.json') as Json[];
    expect(shape(dump[0])).toEqual(shape(burst[0]));

    // price_change: the batched format with two mirrored entries, as captured.
    const pc = firstOf(c, 'price_change') as Json;
    expect(shape(pc)).toEqual(shape(burst[1]));
    expect(JSON.stringify(Object.keys(pc))).toBe(JSON.stringify(Object.keys(burst[1] as Json)));

    // After a trade: the shorter book shape of the capture's closing frame.
    const afterTrade = c.events.filter(book).slice(2)[0] as Json;
    expect(shape(afterTrade)).toEqual(shape(burst[50]));
    expect(isAscending(afterTrade.bids as Json[], true)).toBe(true);
    expect(isAscending(afterTrade.asks as Json[], false)).toBe(true);

    expect(shape(firstOf(c, 'last_trade_price'))).toEqual(shape(fixture('ws_last_trade_price_2024-08.json')));
    expect(shape(firstOf(c, 'tick_size_change'))).toEqual(shape(fixture('ws_tick_size_change_2025-02.json')));
    expect(firstOf(c, 'tick_size_change')).toMatchObject({ old_tick_size: '0.01', new_tick_size: '0.001' });
    expect(shape(firstOf(c, 'best_bid_ask'))).toEqual(shape(fixture('ws_best_bid_ask_2025-12.json')));

    // Single events arrive as single objects; only the dump is an array.
    expect(c.frames.slice(1).every((f) => f.startsWith('{'))).toBe(true);
  });

  it('market_resolved when the result is published', async () => {
    const m = catalog.market('BTC', BASE);
    const sim = await start(m.resolvesAtMs - 1_500, 50);
    const c = await subscribe(sim, [m.yesTokenId, m.noTokenId]);
    await c.waitFor(() => firstOf(c, 'market_resolved') !== undefined, 'market_resolved');
    const resolved = firstOf(c, 'market_resolved') as Json;
    expect(shape(resolved)).toEqual(shape(fixture('ws_market_resolved_2025-12.json')));
    const winner = catalog.winner(m);
    expect(resolved).toMatchObject({
      market: m.conditionId,
      assets_ids: [m.yesTokenId, m.noTokenId],
      winning_asset_id: winner === 'yes' ? m.yesTokenId : m.noTokenId,
      winning_outcome: winner === 'yes' ? 'Up' : 'Down',
    });
    expect(Number(resolved.timestamp)).toBeGreaterThanOrEqual(m.resolvesAtMs);
  });

  it('new_market at a window boundary', async () => {
    const boundary = (BASE + 10 * WINDOW_SECONDS) * 1000;
    const sim = await start(boundary - 1_500, 50);
    const c = await subscribe(sim, []);
    await c.waitFor(() => firstOf(c, 'new_market') !== undefined, 'new_market');
    const nm = firstOf(c, 'new_market') as Json;
    expect(looseShape(nm, ['id'])).toEqual(looseShape(fixture('ws_new_market_2025-12.json'), ['id']));
    const listed = catalog.market('BTC', boundary / 1000 + WINDOW_SECONDS);
    expect(nm).toMatchObject({
      slug: listed.slug,
      market: listed.conditionId,
      assets_ids: [listed.yesTokenId, listed.noTokenId],
      outcomes: ['Up', 'Down'],
    });
  });
});

describe('Binance conformance with the real trade payload', () => {
  it('combined and raw trade frames carry e,E,s,t,p,q,T,m,M as captured', async () => {
    const sim = await start(Date.UTC(2026, 10, 26, 12, 0, 0), 10);
    const combined = await TestClient.open(`${sim.urls.BINANCE_WS_URL}/stream?streams=ethusdt@trade`);
    const raw = await TestClient.open(`${sim.urls.BINANCE_WS_URL}/ws/btcusdt@trade`);
    clients.push(combined, raw);
    await combined.waitFrames(3);
    await raw.waitFrames(3);
    const captured = fixture('binance_ws_spot_trade_2021-12.json') as { stream: string; data: Json };
    // The 2021 capture still has the buyer/seller order ids b/a, since removed from the stream.
    const { b: _b, a: _a, ...current } = captured.data;
    const expected = { stream: captured.stream, data: current };
    const frame = JSON.parse(combined.frames[0] as string) as { stream: string; data: Json };
    expect(shape(frame)).toEqual(shape(expected));
    expect(frame.stream).toBe('ethusdt@trade');
    expect(frame.data.s).toBe('ETHUSDT');
    const rawFrame = JSON.parse(raw.frames[0] as string) as Json;
    expect(shape(rawFrame)).toEqual(shape(current));
    expect(rawFrame.s).toBe('BTCUSDT');
    for (const f of [...combined.frames.map((x) => (JSON.parse(x) as { data: Json }).data), ...raw.json()] as Json[]) {
      expect(f.p).toMatch(/^\d+\.\d{8}$/);
      expect(f.q).toMatch(/^\d+\.\d{8}$/);
      expect(f.E as number).toBeGreaterThanOrEqual(f.T as number);
    }
  });
});
