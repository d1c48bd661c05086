/**
 * CLOB REST market data under /clob: books from the live view with the real 400/404 bodies,
 * POST /books caps, midpoint/tick/neg-risk/time/version/ok, the compact market info, and
 * /prices-history (interval vs range, the range cap, coverage of a market's life).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startRest, type RestHarness } from './rest-helpers.js';

const WINDOW = 1795694400;
const NOW_MS = (WINDOW + 300) * 1000 + 123;
type Json = Record<string, any>;

let harness: RestHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function start(limits?: Record<string, number>): Promise<RestHarness> {
  harness = await startRest({ nowMs: NOW_MS, seed: 4, ...(limits ? { limits } : {}) });
  return harness;
}

function summary(tokenId: string, bids: [string, string][], asks: [string, string][]): Record<string, unknown> {
  return {
    market: '0x' + 'ab'.repeat(32),
    asset_id: tokenId,
    timestamp: '1795694700123',
    hash: 'd7df883ae546b09533a4f485bfae0810da1af04e',
    bids: bids.map(([price, size]) => ({ price, size })),
    asks: asks.map(([price, size]) => ({ price, size })),
    min_order_size: '5',
    tick_size: '0.01',
    neg_risk: false,
    last_trade_price: '0.45',
  };
}

describe('CLOB books', () => {
  it('serves the live book summary as is, 404s tokens without one and 400s malformed ids', async () => {
    const h = await start();
    const m = h.catalog.market('BTC', WINDOW);
    const book = summary(
      m.yesTokenId,
      [
        ['0.40', '100'],
        ['0.44', '20'],
      ],
      [
        ['0.50', '10'],
        ['0.46', '30'],
      ],
    );
    h.books.set(m.yesTokenId, book);
    const ok = await h.get(`/clob/book?token_id=${m.yesTokenId}`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('application/json');
    expect(ok.text).toBe(JSON.stringify(book));
    const missing = await h.get(`/clob/book?token_id=${m.noTokenId}`);
    expect([missing.status, missing.json]).toEqual([404, { error: 'No orderbook exists for the requested token id' }]);
    const bad = await h.get('/clob/book?token_id=0xabc');
    expect([bad.status, bad.json]).toEqual([400, { error: 'Invalid token id' }]);
    expect((await h.get('/clob/book')).status).toBe(400);
  });

  it('answers POST /books for the tokens that have books and refuses more than the cap', async () => {
    const h = await start({ booksMaxItems: 3 });
    const m = h.catalog.market('ETH', WINDOW);
    h.books.set(m.yesTokenId, summary(m.yesTokenId, [['0.3', '1']], []));
    h.books.set(m.noTokenId, summary(m.noTokenId, [], [['0.7', '1']]));
    const post = (body: string) => fetch(`${h.base}/clob/books`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    const res = await post(JSON.stringify([{ token_id: m.noTokenId }, { token_id: '123' }, { token_id: m.yesTokenId }]));
    expect(res.status).toBe(200);
    expect(((await res.json()) as Json[]).map((b) => b.asset_id)).toEqual([m.noTokenId, m.yesTokenId]);
    const tooMany = await post(JSON.stringify([1, 2, 3, 4].map((i) => ({ token_id: String(i) }))));
    expect(tooMany.status).toBe(400);
    expect(((await tooMany.json()) as Json).error).toMatch(/at most 3/);
    expect((await post('{"token_id":"1"}')).status).toBe(400);
    expect((await post('[{"token_id":"x1"}]')).status).toBe(400);
    expect((await h.get('/clob/books')).status).toBe(405);
  });

  it('computes the midpoint from the best levels (the last ones on the wire)', async () => {
    const h = await start();
    const m = h.catalog.market('SOL', WINDOW);
    h.books.set(
      m.yesTokenId,
      summary(
        m.yesTokenId,
        [
          ['0.40', '100'],
          ['0.45', '20'],
        ],
        [
          ['0.50', '10'],
          ['0.46', '30'],
        ],
      ),
    );
    expect((await h.get(`/clob/midpoint?token_id=${m.yesTokenId}`)).json).toEqual({ mid_price: '0.455' });
    expect((await h.get(`/clob/midpoint?token_id=${m.noTokenId}`)).status).toBe(404);
  });

  it('answers tick size (number), neg risk, time (bare seconds), version and ok', async () => {
    const h = await start();
    const m = h.catalog.market('XRP', WINDOW);
    expect((await h.get(`/clob/tick-size?token_id=${m.yesTokenId}`)).text).toBe('{"minimum_tick_size":0.01}');
    h.books.set(m.yesTokenId, { ...summary(m.yesTokenId, [], []), tick_size: '0.001' });
    expect((await h.get(`/clob/tick-size?token_id=${m.yesTokenId}`)).text).toBe('{"minimum_tick_size":0.001}');
    expect((await h.get(`/clob/neg-risk?token_id=${m.noTokenId}`)).text).toBe('{"neg_risk":false}');
    expect((await h.get('/clob/tick-size?token_id=42')).status).toBe(404);
    expect((await h.get('/clob/time')).text).toBe(String(WINDOW + 300));
    expect((await h.get('/clob/version')).text).toBe('{"version":2}');
    expect((await h.get('/clob/ok')).text).toBe('"OK"');
    expect((await h.get('/clob/nope')).status).toBe(404);
  });

  it('recognises token ids learnt in an earlier run (not yet built in this one)', async () => {
    const h = await start();
    const { Catalog } = await import('../src/catalog.js');
    const old = new Catalog({ seed: 4 }).market('ETH', WINDOW - 86_400 * 3);
    expect((await h.get(`/clob/neg-risk?token_id=${old.noTokenId}`)).json).toEqual({ neg_risk: false });
  });
});

describe('CLOB market info', () => {
  it('serves the compact keys, itode true, nr omitted, fd from the fee schedule', async () => {
    const h = await start();
    const m = h.catalog.market('BTC', WINDOW);
    const res = await h.get(`/clob/clob-markets/${m.conditionId}`);
    expect(res.json).toEqual({
      c: m.conditionId,
      t: [
        { t: m.yesTokenId, o: 'Up' },
        { t: m.noTokenId, o: 'Down' },
      ],
      mos: 5,
      mts: 0.01,
      mbf: 1000,
      tbf: 1000,
      itode: true,
      fd: { r: 0.07, e: 1, to: true },
      ao: true,
    });
    const past = h.catalog.market('BTC', WINDOW - 7200);
    expect(((await h.get(`/clob/clob-markets/${past.conditionId}`)).json as Json).ao).toBe(false);
    expect((await h.get(`/clob/clob-markets/0x${'0'.repeat(64)}`)).status).toBe(404);
  });
});

describe('CLOB prices-history', () => {
  it('samples the fair value every fidelity minutes from listing to now, Up + Down = 1', async () => {
    const h = await start();
    const m = h.catalog.market('ETH', WINDOW);
    const up = (await h.get(`/clob/prices-history?market=${m.yesTokenId}&interval=max&fidelity=10`)).json as {
      history: { t: number; p: number }[];
    };
    const down = (await h.get(`/clob/prices-history?market=${m.noTokenId}&interval=max&fidelity=10`)).json as {
      history: { t: number; p: number }[];
    };
    expect(up.history.length).toBeGreaterThan(140); // ~24 h of 10-minute buckets
    expect(up.history[0]!.t).toBeGreaterThanOrEqual(Math.ceil(m.listedAtMs / 1000));
    expect(up.history.at(-1)!.t).toBeLessThanOrEqual(NOW_MS / 1000);
    for (let i = 0; i < up.history.length; i++) {
      const point = up.history[i]!;
      expect(Number.isInteger(point.t)).toBe(true);
      if (i > 0) expect(point.t - up.history[i - 1]!.t).toBeGreaterThan(600 - 20);
      expect(point.p + down.history[i]!.p).toBeCloseTo(1, 10);
      expect(Math.abs(point.p - h.catalog.upProbability(m, point.t * 1000))).toBeLessThanOrEqual(0.00025 + 1e-12);
    }
  });

  it('covers a past market from listing to resolution and nothing after', async () => {
    const h = await start();
    const m = h.catalog.market('BTC', WINDOW - 86_400 * 2);
    const res = (
      await h.get(`/clob/prices-history?market=${m.yesTokenId}&startTs=${m.windowStart - 3600}&endTs=${m.windowEnd + 3600}&fidelity=1`)
    ).json as { history: { t: number; p: number }[] };
    expect(res.history[0]!.t).toBeLessThan(m.windowStart - 3540);
    expect(res.history.at(-1)!.t).toBeLessThanOrEqual(m.resolvesAtMs / 1000);
    expect(res.history.at(-1)!.t).toBeGreaterThanOrEqual(m.windowEnd - 60);
    expect(res.history.at(-1)!.p).toBe(h.catalog.winner(m) === 'yes' ? 0.999 : 0.001);
  });

  it('refuses interval together with startTs/endTs, bad values, and ranges over the cap', async () => {
    const h = await start({ pricesHistoryMaxRangeSec: 86_400 });
    const token = h.catalog.market('BTC', WINDOW).yesTokenId;
    const both = await h.get(`/clob/prices-history?market=${token}&interval=1d&startTs=1`);
    expect(both.status).toBe(400);
    expect((both.json as Json).error).toMatch(/interval cannot be combined with startTs\/endTs/);
    const long = await h.get(`/clob/prices-history?market=${token}&startTs=${WINDOW - 90_000}&endTs=${WINDOW}`);
    expect(long.status).toBe(400);
    expect((long.json as Json).error).toBe(
      'startTs..endTs spans 90000 s, more than the 86400 s allowed per request; split it into smaller ranges.',
    );
    expect((await h.get(`/clob/prices-history?market=${token}&startTs=${WINDOW - 86_400}&endTs=${WINDOW}`)).status).toBe(200);
    expect((await h.get(`/clob/prices-history?market=${token}&interval=2d`)).status).toBe(400);
    expect((await h.get(`/clob/prices-history?market=${token}&startTs=10&endTs=5`)).status).toBe(400);
    expect((await h.get(`/clob/prices-history?market=${token}&interval=1h&fidelity=0`)).status).toBe(400);
    expect((await h.get('/clob/prices-history?interval=1h')).status).toBe(400);
    expect((await h.get('/clob/prices-history?market=0xabc&interval=1h')).status).toBe(400);
    expect((await h.get('/clob/prices-history?market=123&interval=1h')).json).toEqual({ history: [] });
  });
});

describe('Routing', () => {
  it('declines paths outside its prefixes, including /clob-ws', async () => {
    const h = await start();
    expect((await h.get('/clob-ws/ws/market')).status).toBe(418);
    expect((await h.get('/binance/ws/btcusdt@trade')).status).toBe(418);
    expect((await h.get('/gammax')).status).toBe(418);
    expect(h.declined).toBe(3);
    expect((await h.get('/clob')).status).toBe(404);
  });
});
