/**
 * Data API under /data-api: v1 offset paging and its caps, v2 cursor paging (every trade exactly
 * once, even while a live window keeps trading), the v2 rules (offset refused, 20 conditions),
 * filters, and trades never appearing before they happen.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startRest, type RestHarness } from './rest-helpers.js';

const WINDOW = 1795694400;
type Json = Record<string, any>;

let harness: RestHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function start(nowMs: number, limits?: Record<string, number>): Promise<RestHarness> {
  harness = await startRest({ nowMs, seed: 21, ...(limits ? { limits } : {}) });
  return harness;
}

function tradeKey(row: Json): string {
  return `${row.transactionHash ?? row.transaction_hash}`;
}

async function walkV2(h: RestHarness, query: string, limit: number, between?: () => void): Promise<Json[]> {
  const rows: Json[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 1000; pages++) {
    const res = await h.get(`/data-api/v2/trades?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.status).toBe(200);
    const body = res.json as { data: Json[]; pagination: Json };
    rows.push(...body.data);
    between?.();
    if (!body.pagination.has_more) {
      expect(body.pagination.next_cursor).toBeNull();
      return rows;
    }
    cursor = body.pagination.next_cursor as string;
  }
  throw new Error('cursor paging did not end');
}

describe('Data API v1 /trades', () => {
  it('walks a closed market with offset pages, every trade exactly once, newest first', async () => {
    const h = await start((WINDOW + 7200) * 1000);
    const m = h.catalog.market('BTC', WINDOW);
    const expected = h.catalog.trades(m).length;
    expect(expected).toBeGreaterThanOrEqual(50);
    const rows: Json[] = [];
    for (let offset = 0; ; offset += 37) {
      const page = (await h.get(`/data-api/trades?market=${m.conditionId}&limit=37&offset=${offset}`)).json as Json[];
      rows.push(...page);
      if (page.length < 37) break;
    }
    expect(rows).toHaveLength(expected);
    expect(new Set(rows.map(tradeKey)).size).toBe(expected);
    for (let i = 1; i < rows.length; i++) expect(rows[i - 1]!.timestamp).toBeGreaterThanOrEqual(rows[i]!.timestamp);
    expect(rows.every((r) => r.conditionId === m.conditionId && (r.asset === m.yesTokenId || r.asset === m.noTokenId))).toBe(true);
    expect(
      rows.every((r) => r.outcome === (r.asset === m.yesTokenId ? 'Up' : 'Down') && r.outcomeIndex === (r.asset === m.yesTokenId ? 0 : 1)),
    ).toBe(true);
  });

  it('refuses limit and offset beyond the caps with a clear body', async () => {
    const h = await start((WINDOW + 7200) * 1000);
    const m = h.catalog.market('ETH', WINDOW);
    const limit = await h.get(`/data-api/trades?market=${m.conditionId}&limit=501`);
    expect(limit.status).toBe(400);
    expect(limit.json).toEqual({ error: 'limit=501 is out of range: it must lie between 0 and 500.' });
    const offset = await h.get(`/data-api/trades?market=${m.conditionId}&offset=1001`);
    expect(offset.status).toBe(400);
    expect((offset.json as Json).error).toBe(
      'offset=1001 is out of range: it must lie between 0 and 1000; page deeper with /v2/trades and its cursor.',
    );
    expect((await h.get(`/data-api/trades?market=${m.conditionId}&limit=500&offset=1000`)).status).toBe(200);
  });

  it('applies side, user and cash filters, and merges several markets newest first', async () => {
    const h = await start((WINDOW + 7200) * 1000);
    const a = h.catalog.market('SOL', WINDOW);
    const b = h.catalog.market('XRP', WINDOW);
    const both = (await h.get(`/data-api/trades?market=${a.conditionId},${b.conditionId}&limit=500`)).json as Json[];
    expect(both).toHaveLength(Math.min(500, h.catalog.trades(a).length + h.catalog.trades(b).length));
    expect(new Set(both.map((r) => r.conditionId))).toEqual(new Set([a.conditionId, b.conditionId]));
    const sells = (await h.get(`/data-api/trades?market=${a.conditionId}&side=SELL&limit=500`)).json as Json[];
    expect(sells.length).toBe(h.catalog.trades(a).filter((t) => t.side === 'SELL').length);
    const wallet = sells[0]!.proxyWallet as string;
    const mine = (await h.get(`/data-api/trades?market=${a.conditionId}&user=${wallet}&limit=500`)).json as Json[];
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((r) => r.proxyWallet === wallet)).toBe(true);
    const big = (await h.get(`/data-api/trades?market=${a.conditionId}&filterType=CASH&filterAmount=20&limit=500`)).json as Json[];
    expect(big.every((r) => r.size * r.price >= 20)).toBe(true);
    expect((await h.get(`/data-api/trades?market=${a.conditionId}&filterType=CASH`)).status).toBe(400);
    expect((await h.get(`/data-api/trades?market=${a.conditionId}&side=buy`)).status).toBe(400);
  });

  it('shows a live window only up to now', async () => {
    const h = await start((WINDOW + 450) * 1000);
    const m = h.catalog.market('BTC', WINDOW);
    const rows = (await h.get(`/data-api/trades?market=${m.conditionId}&limit=500`)).json as Json[];
    const upToNow = h.catalog.trades(m).filter((t) => t.timestamp <= WINDOW + 450).length;
    expect(rows).toHaveLength(upToNow);
    expect(upToNow).toBeLessThan(h.catalog.trades(m).length);
    expect(rows[0]!.timestamp).toBeLessThanOrEqual(WINDOW + 450);
  });
});

describe('Data API v2 /v2/trades', () => {
  it('walks cursor pages returning every trade of several markets exactly once', async () => {
    const h = await start((WINDOW + 7200) * 1000, { tradesV2MaxLimit: 50 });
    const markets = [h.catalog.market('BTC', WINDOW), h.catalog.market('ETH', WINDOW), h.catalog.market('BTC', WINDOW - 900)];
    const rows = await walkV2(h, `condition=${markets.map((m) => m.conditionId).join(',')}`, 50);
    const expected = markets.reduce((sum, m) => sum + h.catalog.trades(m).length, 0);
    expect(rows).toHaveLength(expected);
    expect(new Set(rows.map(tradeKey)).size).toBe(expected);
    expect((await h.get(`/data-api/v2/trades?condition=${markets[0]!.conditionId}&limit=51`)).status).toBe(400);
  });

  it('keeps a cursor walk exact while a live window trades between pages', async () => {
    const h = await start((WINDOW + 300) * 1000);
    const m = h.catalog.market('SOL', WINDOW);
    const atStart = h.catalog.trades(m).filter((t) => t.timestamp <= WINDOW + 300).length;
    // Time moves 30 s between pages: new trades land on top of the newest-first order.
    const rows = await walkV2(h, `condition_id=${m.conditionId}`, 20, () => h.clock.advanceMs(30_000));
    expect(new Set(rows.map(tradeKey)).size).toBe(rows.length);
    expect(rows).toHaveLength(atStart);
  });

  it('refuses offset, more than 20 conditions and forged cursors', async () => {
    const h = await start((WINDOW + 7200) * 1000);
    const m = h.catalog.market('XRP', WINDOW);
    const offset = await h.get(`/data-api/v2/trades?condition=${m.conditionId}&offset=0`);
    expect(offset.status).toBe(400);
    expect((offset.json as Json).error).toMatch(/^offset is not supported by \/v2\/trades/);
    const ids = Array.from({ length: 21 }, (_, i) => h.catalog.market('XRP', WINDOW - i * 900).conditionId);
    const many = await h.get(`/data-api/v2/trades?conditionId=${ids.join(',')}`);
    expect(many.status).toBe(400);
    expect((many.json as Json).error).toBe('condition lists 21 ids, at most 20 are allowed; split the request.');
    expect((await h.get(`/data-api/v2/trades?condition=${ids.slice(0, 20).join(',')}`)).status).toBe(200);
    const forged = await h.get(`/data-api/v2/trades?condition=${m.conditionId}&cursor=bm9wZQ`);
    expect(forged.status).toBe(400);
  });

  it('filters by start/end (unix seconds, inclusive)', async () => {
    const h = await start((WINDOW + 7200) * 1000);
    const m = h.catalog.market('ETH', WINDOW);
    const from = WINDOW + 100;
    const to = WINDOW + 400;
    const rows = (await h.get(`/data-api/v2/trades?condition=${m.conditionId}&start=${from}&end=${to}&limit=500`)).json as { data: Json[] };
    const expected = h.catalog.trades(m).filter((t) => t.timestamp >= from && t.timestamp <= to).length;
    expect(rows.data).toHaveLength(expected);
    expect(rows.data.every((r) => r.timestamp >= from && r.timestamp <= to)).toBe(true);
  });
});
