/**
 * Conformance with real captures (test/fixtures, see its README): the simulator's Gamma market
 * (open, TWAP-era, resolved), Gamma event, CLOB /book, /clob-markets, /prices-history and Data API
 * v2 trades are compared with them field by field: names, JSON types (string vs number),
 * JSON-encoded strings, array framing, timestamp styles. Data API v1 has no capture: it is checked
 * against the reference's field list (polymarket-protocol.md §4.3 b).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonType, startRest, type RestHarness } from './rest-helpers.js';

type Json = Record<string, any>;
const fixture = (name: string): any => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

const NOW_WINDOW = 1795694400; // 2026-11-26T12:00Z
const NOW_MS = (NOW_WINDOW + 300) * 1000;
const MARCH_WINDOW = Date.UTC(2026, 2, 12, 9, 15) / 1000; // same day as the open 5m capture
const JULY_WINDOW = Date.UTC(2026, 6, 23, 23, 45) / 1000; // same day as the resolved 5m capture

const ISO_SECONDS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const ISO_MICROS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z$/;
const ISO_DATE = /^\d{4}-\d\d-\d\d$/;
const PG_SECONDS = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\+00$/;

/** Every field of `real` exists in `ours` with the same JSON type (recursing into objects). */
function expectSameShape(ours: Json, real: Json, where: string, omitted: readonly string[] = []): void {
  for (const [key, value] of Object.entries(real)) {
    if (omitted.includes(key)) continue;
    expect(Object.hasOwn(ours, key), `${where}.${key} is missing`).toBe(true);
    expect(jsonType(ours[key]), `${where}.${key} type`).toBe(jsonType(value));
    if (jsonType(value) === 'object') expectSameShape(ours[key], value, `${where}.${key}`);
  }
}

function expectGammaStrings(market: Json): void {
  expect(market.outcomes).toBe('["Up", "Down"]');
  expect(market.clobTokenIds).toMatch(/^\["\d{75,78}", "\d{75,78}"\]$/);
  expect(market.outcomePrices).toMatch(/^\["(0|1|0\.\d+)", "(0|1|0\.\d+)"\]$/);
  expect(market.umaResolutionStatuses).toBe('[]');
  expect(market.eventStartTime).toMatch(ISO_SECONDS);
  expect(market.endDate).toMatch(ISO_SECONDS);
  expect(market.startDate).toMatch(ISO_MICROS);
  expect(market.createdAt).toMatch(ISO_MICROS);
  expect(market.updatedAt).toMatch(ISO_MICROS);
  expect(market.acceptingOrdersTimestamp).toMatch(ISO_SECONDS);
  expect(market.endDateIso).toMatch(ISO_DATE);
  expect(market.conditionId).toMatch(/^0x[0-9a-f]{64}$/);
  expect(market.questionID).toMatch(/^0x[0-9a-f]{64}$/);
  expect(market.id).toMatch(/^\d+$/);
  expect(market.volume).toMatch(/^\d+(\.\d+)?$/);
  expect(market.liquidity).toMatch(/^\d+(\.\d+)?$/);
}

let h: RestHarness;
beforeAll(async () => {
  h = await startRest({ nowMs: NOW_MS, seed: 2026 });
});
afterAll(async () => {
  await h.close();
});

async function gammaMarket(window: number, closed = false): Promise<Json> {
  const slug = h.catalog.market('BTC', window).slug;
  const list = (await h.get(`/gamma/markets?slug=${slug}${closed ? '&closed=true' : ''}`)).json as Json[];
  expect(list).toHaveLength(1);
  return list[0]!;
}

describe('Gamma market', () => {
  it('matches the open market capture (2026-03), field for field and text for text', async () => {
    const real = fixture('gamma_market_btc5m_open_2026-03.json');
    h.clock.setMs((MARCH_WINDOW + 60) * 1000);
    const ours = await gammaMarket(MARCH_WINDOW);
    h.clock.setMs(NOW_MS);
    expectSameShape(ours, real, 'market');
    expectSameShape(ours.events[0], real.events[0], 'market.events[0]');
    expect(Object.keys(ours.events[0]).sort()).toEqual(Object.keys(real.events[0]).sort());
    expectGammaStrings(ours);
    // Same era, same asset: the rule text, oracle and fee fields are the real ones.
    expect(ours.description).toBe(real.description);
    expect(ours.resolutionSource).toBe(real.resolutionSource);
    expect([ours.feesEnabled, ours.feeType, ours.makerBaseFee, ours.takerBaseFee]).toEqual([
      real.feesEnabled,
      real.feeType,
      real.makerBaseFee,
      real.takerBaseFee,
    ]);
    expect('feeSchedule' in ours).toBe('feeSchedule' in real);
    expect([ours.orderPriceMinTickSize, ours.orderMinSize, ours.negRisk, ours.active, ours.closed]).toEqual([0.01, 5, false, true, false]);
  });

  it('matches the TWAP-era capture (2026-08): feeSchedule, cryptoMarketConfig, resolution source', async () => {
    const real = fixture('gamma_market_crypto_twap_2026-08.json');
    const ours = await gammaMarket(NOW_WINDOW);
    expectSameShape(ours, real, 'market');
    expectGammaStrings(ours);
    expect(ours.feeSchedule).toEqual(real.feeSchedule);
    expect(Object.keys(ours.feeSchedule)).toEqual(Object.keys(real.feeSchedule));
    expect(ours.resolutionSource).toBe(real.resolutionSource);
    expect(ours.cryptoMarketConfig).toEqual({ ...real.cryptoMarketConfig, id: 'btc-15m-twap-60', duration: '15m' });
    expect(Object.keys(ours.cryptoMarketConfig)).toEqual(Object.keys(real.cryptoMarketConfig));
  });

  it('matches the resolved market capture (2026-07) once resolved', async () => {
    const real = fixture('gamma_market_btc5m_resolved_2026-07.json');
    const ours = await gammaMarket(JULY_WINDOW, true);
    expectSameShape(ours, real, 'market');
    expectGammaStrings(ours);
    expect([ours.active, ours.closed, ours.acceptingOrders, ours.umaResolutionStatus, ours.automaticallyResolved]).toEqual([
      true,
      true,
      false,
      'resolved',
      true,
    ]);
    expect(['["1", "0"]', '["0", "1"]']).toContain(ours.outcomePrices);
    expect(real.closedTime).toMatch(PG_SECONDS);
    expect(ours.closedTime).toMatch(PG_SECONDS);
    expect(ours.umaEndDate).toMatch(ISO_SECONDS);
    expect([ours.feeType, ours.resolutionSource]).toEqual([real.feeType, real.resolutionSource]);
    expect(ours.feeSchedule).toEqual(real.feeSchedule);
  });
});

describe('Gamma event', () => {
  it('matches the 15m event capture (2026-01): event, series, tags and nested market', async () => {
    const [real] = fixture('gamma_events_eth15m_2026-01.json') as Json[];
    const slug = h.catalog.market('ETH', NOW_WINDOW).slug;
    const res = await h.get(`/gamma/events?slug=${slug}`);
    expect(res.text.startsWith('[{')).toBe(true);
    const [ours] = res.json as Json[];
    expectSameShape(ours!, real!, 'event', ['tags', 'series', 'markets']);
    expect(ours!.series).toHaveLength(1);
    expectSameShape(ours!.series[0], real!.series[0], 'event.series[0]');
    expect(ours!.seriesSlug).toBe(real!.seriesSlug);
    expect(ours!.series[0].id).toBe(real!.series[0].id);
    for (const tag of ours!.tags as Json[]) {
      const twin = (real!.tags as Json[]).find((t) => t.id === tag.id);
      expect(twin, `tag ${tag.id}`).toBeDefined();
      expect([tag.label, tag.slug]).toEqual([twin!.label, twin!.slug]);
    }
    expect(ours!.markets).toHaveLength(1);
    expectSameShape(ours!.markets[0], real!.markets[0], 'event.markets[0]');
    expect('events' in ours!.markets[0]).toBe(false);
    expect(ours!.title).toBe(ours!.markets[0].question);
    expect(ours!.startTime).toMatch(ISO_SECONDS);
  });
});

describe('CLOB REST', () => {
  it('passes a live book through byte for byte in the OrderBookSummary shape of the capture', async () => {
    const real = fixture('clob_book_eth15m_2026-01.json');
    h.books.set(real.asset_id, real);
    const res = await h.get(`/clob/book?token_id=${real.asset_id}`);
    expect(res.text).toBe(JSON.stringify(real));
    const ours = res.json as Json;
    expect(jsonType(ours.timestamp)).toBe('string');
    expect([jsonType(ours.min_order_size), jsonType(ours.tick_size), jsonType(ours.neg_risk)]).toEqual(['string', 'string', 'boolean']);
    for (const level of [...ours.bids, ...ours.asks]) expect([jsonType(level.price), jsonType(level.size)]).toEqual(['string', 'string']);
    // Bids ascend and asks descend: the best is last, and the midpoint uses it.
    expect((await h.get(`/clob/midpoint?token_id=${real.asset_id}`)).json).toEqual({ mid_price: '0.5' });
    h.books.delete(real.asset_id);
  });

  it('serves /clob-markets with the documented compact keys and types', async () => {
    const docs = fixture('clob_market_info_docs_example.json');
    const m = h.catalog.market('BTC', NOW_WINDOW);
    const ours = (await h.get(`/clob/clob-markets/${m.conditionId}`)).json as Json;
    for (const key of Object.keys(ours)) {
      if (key in docs) expect(jsonType(ours[key]), key).toBe(jsonType(docs[key]));
    }
    expectSameShape(ours.fd, docs.fd, 'fd');
    expectSameShape(ours.t[0], docs.t[0], 't[0]');
    expect(ours.c).toBe(m.conditionId);
    expect('nr' in ours).toBe(false);
  });

  it('serves /prices-history points shaped and spaced like the capture', async () => {
    const real = fixture('clob_prices_history_2026-05.json');
    const realPoints = real.history as { t: number; p: number }[];
    const m = h.catalog.market('SOL', NOW_WINDOW);
    const res = await h.get(`/clob/prices-history?market=${m.yesTokenId}&interval=1d&fidelity=60`);
    const ours = res.json as Json;
    expect(Object.keys(ours)).toEqual(['history']); // `_request` was added by the recorder
    const points = ours.history as { t: number; p: number }[];
    expect(points.length).toBeGreaterThan(10);
    for (const point of points) {
      expect(Object.keys(point).sort()).toEqual(Object.keys(realPoints[0]!).sort());
      expect([jsonType(point.t), jsonType(point.p)]).toEqual(['number', 'number']);
      expect(Number.isInteger(point.t)).toBe(true);
      expect(String(point.p)).toMatch(/^(0|1|0\.\d{1,4})$/);
    }
    const gaps = (list: { t: number }[]) => list.slice(1).map((p, i) => p.t - list[i]!.t);
    const realGaps = gaps(realPoints);
    for (const gap of gaps(points)) {
      expect(gap).toBeGreaterThanOrEqual(Math.min(...realGaps) - 20);
      expect(gap).toBeLessThanOrEqual(Math.max(...realGaps) + 20);
    }
  });
});

describe('Data API', () => {
  it('serves v2 rows and pagination with the capture keys, order and types', async () => {
    const real = fixture('data_api_v2_trades_2026-08.json');
    const m = h.catalog.market('XRP', NOW_WINDOW - 900);
    const res = await h.get(`/data-api/v2/trades?condition=${m.conditionId}&limit=5`);
    const ours = res.json as Json;
    expect(Object.keys(ours)).toEqual(Object.keys(real));
    expect(Object.keys(ours.pagination)).toEqual(Object.keys(real.pagination));
    expect(ours.pagination.has_more).toBe(true);
    expect(jsonType(ours.pagination.next_cursor)).toBe('string');
    for (const row of ours.data as Json[]) {
      expect(Object.keys(row)).toEqual(Object.keys(real.data[0]));
      expectSameShape(row, real.data[0], 'row');
      expect(row.proxy_wallet).toMatch(/^0x[0-9a-f]{40}$/);
      expect(row.transaction_hash).toMatch(/^0x[0-9a-f]{64}$/);
      expect(row.token_id).toMatch(/^\d{75,78}$/);
      expect(Number.isInteger(row.timestamp)).toBe(true);
      expect(String(row.size)).toMatch(/^\d+(\.\d{1,6})?$/);
    }
    const last = (await h.get(`/data-api/v2/trades?condition=${m.conditionId}&limit=500`)).json as Json;
    expect(last.pagination).toEqual({ limit: 500, offset: 0, has_more: false, next_cursor: null });
  });

  it('serves v1 as a bare array of camelCase rows (no capture exists: reference §4.3 b)', async () => {
    const m = h.catalog.market('XRP', NOW_WINDOW - 900);
    const res = await h.get(`/data-api/trades?market=${m.conditionId}&limit=3`);
    expect(res.text.startsWith('[{')).toBe(true);
    const names =
      'proxyWallet, side, asset, conditionId, size, price, timestamp, title, slug, icon, eventSlug, outcome, outcomeIndex, name, pseudonym, bio, profileImage, profileImageOptimized, transactionHash';
    for (const row of res.json as Json[]) {
      expect(Object.keys(row).join(', ')).toBe(names);
      for (const key of ['size', 'price', 'timestamp', 'outcomeIndex']) expect(jsonType(row[key]), key).toBe('number');
      for (const key of ['proxyWallet', 'side', 'asset', 'conditionId', 'title', 'outcome', 'transactionHash'])
        expect(jsonType(row[key]), key).toBe('string');
    }
  });
});
