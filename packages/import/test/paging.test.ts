/**
 * Paging against the simulator's Data API and CLOB, with small caps so a market outgrows them:
 * v1 offset paging up to its cap, then v2 by cursor (auto) or a reported cap (v1 only); v2 cursor
 * paging to the end; resuming an interrupted market from its checkpoint cursor without refetching
 * (also when the mode changed from v1 to v2 in between);
 * and `/prices-history` ranges the API refuses split in halves until accepted.
 */
import { formatMicros } from '@polymarket-arb/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimMarket } from '@polymarket-arb/sim';
import type { Checkpoint } from '../src/checkpoints.js';
import { importPriceItem } from '../src/jobs/prices.js';
import { importTradeItem, type TradesSettings } from '../src/jobs/trades.js';
import { memoryContext, refOf } from './helpers/memory.js';
import { startSim, type SimHarness } from './helpers/sim.js';

const NOW = Date.UTC(2026, 10, 20);
const DAY = Date.UTC(2026, 10, 15) / 1000;
const CAPS = { tradesMaxLimit: 50, tradesMaxOffset: 100, pricesHistoryMaxRangeSec: 2 * 86_400 };

let sim: SimHarness;
let big: SimMarket; // more trades than v1 reaches (50 per page, offsets 0..100)
let small: SimMarket; // fewer
beforeAll(async () => {
  sim = await startSim({ seed: 9, nowMs: NOW, limits: CAPS });
  const markets = Array.from({ length: 96 }, (_, i) => sim.catalog.market('BTC', DAY + i * 900));
  big = markets.find((m) => sim.catalog.trades(m).length > 250)!;
  small = markets.find((m) => sim.catalog.trades(m).length > 101 && sim.catalog.trades(m).length < 150)!;
  expect(big && small).toBeTruthy();
});
afterAll(() => sim.close());

const settings = (api: TradesSettings['api']): TradesSettings => ({ api, pageLimit: 50, v1MaxOffset: 100 });

/** The simulator's own record of a market's trades, as the rows should hold them. */
function truth(m: SimMarket): string[] {
  return sim.catalog
    .trades(m)
    .map(
      (t) =>
        `${sim.catalog.transactionHash(m, t)}|${t.outcome === 'yes' ? m.yesTokenId : m.noTokenId}|${t.side}|${formatMicros(t.price)}|${formatMicros(t.size)}|${t.timestamp}`,
    )
    .sort();
}

function stored(rows: Record<string, unknown>[]): string[] {
  return rows
    .map(
      (r) =>
        `${r.transaction_hash}|${r.token_id}|${r.side}|${r.price}|${r.size}|${Date.parse(`${String(r.timestamp).replace(' ', 'T')}Z`) / 1000}`,
    )
    .sort();
}

const unique = (keys: string[]): string[] => [...new Set(keys)].sort();

describe('trades paging', () => {
  it('auto: pages v1 to its offset cap, then continues on v2 below the oldest trade seen, and reports the switch', async () => {
    const { ctx, sink } = memoryContext(sim);
    const before = sim.requests.length;
    expect(await importTradeItem(ctx, settings('auto'), { market: refOf(big), resume: undefined })).toBe('done');
    await ctx.committer.flush();
    const requests = sim.requests.slice(before);
    expect(requests.slice(0, 3).map((r) => new URL(r, 'http://x').searchParams.get('offset'))).toEqual(['0', '50', '100']);
    expect(requests.slice(3).every((r) => r.startsWith('/data-api/v2/trades') && /[?&]end=\d+/.test(r))).toBe(true);
    expect(ctx.stats.switchedToV2).toEqual([big.slug]);
    expect(unique(stored(sink.rows('trade_history')))).toEqual(truth(big));
    const checkpoints = sink.rows('import_checkpoints');
    expect(checkpoints[checkpoints.length - 1]).toMatchObject({ kind: 'trades', key: big.conditionId, status: 'done', cursor: '' });
  });

  it('v1 only: stops at the cap, keeps the newest trades and marks the market capped', async () => {
    const { ctx, sink } = memoryContext(sim);
    expect(await importTradeItem(ctx, settings('v1'), { market: refOf(big), resume: undefined })).toBe('capped');
    await ctx.committer.flush();
    const newest = sim.catalog.trades(big).slice(-150);
    expect(unique(stored(sink.rows('trade_history')))).toEqual(
      truth({ ...big }).filter((k) => newest.some((t) => k.startsWith(sim.catalog.transactionHash(big, t)))),
    );
    expect(ctx.stats.capped).toEqual([big.slug]);
    expect(sink.rows('import_checkpoints').at(-1)).toMatchObject({
      status: 'capped',
      detail: 'v1 reaches 150 trades; the market has more',
    });
  });

  it('v2: pages by cursor to the end, each trade exactly once', async () => {
    const { ctx, sink } = memoryContext(sim);
    const before = sim.count('/data-api/v2/trades');
    expect(await importTradeItem(ctx, settings('v2'), { market: refOf(big), resume: undefined })).toBe('done');
    await ctx.committer.flush();
    expect(sim.count('/data-api/v2/trades') - before).toBe(Math.ceil(sim.catalog.trades(big).length / 50));
    expect(stored(sink.rows('trade_history'))).toEqual(truth(big));
  });

  it('a market still live is fetched completely but checkpointed open', async () => {
    const { ctx, sink } = memoryContext(sim);
    expect(await importTradeItem(ctx, settings('auto'), { market: refOf(small, false), resume: undefined })).toBe('open');
    await ctx.committer.flush();
    expect(sink.rows('import_checkpoints').at(-1)).toMatchObject({ status: 'open' });
  });

  it.each(['v1', 'v2'] as const)('%s: an interrupted market resumes at its checkpoint cursor, nothing fetched twice', async (api) => {
    const controller = new AbortController();
    const first = memoryContext(sim, controller.signal);
    const path = api === 'v1' ? '/data-api/trades' : '/data-api/v2/trades';
    const start = sim.count(path);
    sim.beforeRequest = (p) => {
      if (p === path && sim.count(path) - start === 2) controller.abort(); // the second page is never answered
    };
    await expect(importTradeItem(first.ctx, settings(api), { market: refOf(small), resume: undefined })).rejects.toThrow();
    sim.beforeRequest = undefined;
    await first.ctx.committer.flush();
    const checkpoint = first.sink.rows('import_checkpoints').at(-1) as Record<string, unknown>;
    expect(checkpoint).toMatchObject({ status: 'partial', rows: 50 });
    expect(first.sink.rows('trade_history')).toHaveLength(50);

    const second = memoryContext(sim);
    const resume: Checkpoint = {
      kind: 'trades',
      key: small.conditionId,
      rangeStart: small.windowStart,
      rangeEnd: small.windowEnd,
      status: 'partial',
      cursor: String(checkpoint.cursor),
      rows: 50,
      detail: '',
    };
    const resumedAt = sim.requests.length;
    expect(await importTradeItem(second.ctx, settings(api), { market: refOf(small), resume })).toBe('done');
    await second.ctx.committer.flush();
    const firstRequest = new URL(sim.requests[resumedAt]!, 'http://x').searchParams;
    if (api === 'v1') expect(firstRequest.get('offset')).toBe('50');
    else expect(firstRequest.get('cursor')).toBe(String(checkpoint.cursor).split(':').slice(2).join(':'));
    const all = [...stored(first.sink.rows('trade_history')), ...stored(second.sink.rows('trade_history'))].sort();
    expect(all).toEqual(truth(small)); // every trade once: no gap, no repeat
    expect(second.sink.rows('import_checkpoints').at(-1)).toMatchObject({ status: 'done', rows: truth(small).length });
  });

  it('a market interrupted on v1 and resumed in v2 mode continues on v2 below the oldest trade stored', async () => {
    const { ctx, sink } = memoryContext(sim);
    const page = (await (await fetch(`${sim.endpoints.dataApiUrl}/trades?market=${small.conditionId}&limit=50&offset=0`)).json()) as {
      timestamp: number;
    }[];
    const oldest = Math.min(...page.map((r) => r.timestamp));
    const resume: Checkpoint = {
      kind: 'trades',
      key: small.conditionId,
      rangeStart: small.windowStart,
      rangeEnd: small.windowEnd,
      status: 'partial',
      cursor: `v1:50:${oldest}`,
      rows: 50,
      detail: '',
    };
    const at = sim.requests.length;
    expect(await importTradeItem(ctx, settings('v2'), { market: refOf(small), resume })).toBe('done');
    await ctx.committer.flush();
    expect(sim.requests[at]).toMatch(new RegExp(`^/data-api/v2/trades\\?.*end=${oldest}`));
    const older = truth(small).filter((k) => Number(k.split('|')[5]) <= oldest);
    expect(stored(sink.rows('trade_history'))).toEqual(older);
  });
});

describe('prices-history ranges', () => {
  it('halves a range the API refuses as too long until it is accepted, and loses no point', async () => {
    const { ctx, sink } = memoryContext(sim);
    const m = sim.catalog.market('ETH', DAY + 40 * 900);
    const planned = { from: m.windowStart - 4 * 86_400, to: m.windowEnd + 3600 };
    const series = { tokenId: m.yesTokenId, eventId: m.eventId, asset: 'ETH', side: 'yes' };
    expect(await importPriceItem(ctx, { series, fidelity: 10, planned, final: true })).toBe('done');
    await ctx.committer.flush();
    expect(ctx.stats.rangeSplits).toBe(3); // 4 days -> 2 x 2 days (still refused) -> 4 x 1 day
    // The whole history in one request without a range (the API only limits explicit ranges).
    const all = (await (await fetch(`${sim.endpoints.clobUrl}/prices-history?market=${m.yesTokenId}&fidelity=10`)).json()) as {
      history: { t: number; p: number }[];
    };
    const expected = all.history.filter((p) => p.t >= planned.from && p.t <= planned.to).map((p) => `${p.t}|${String(p.p)}`);
    expect(expected.length).toBeGreaterThan(100);
    const rows = sink.rows('price_history').map((r) => `${r.timestamp}|${r.price}`);
    expect(rows).toEqual(expected);
    expect(sink.rows('price_history')[0]).toMatchObject({
      token_id: m.yesTokenId,
      event_id: m.eventId,
      asset: 'ETH',
      side: 'yes',
      fidelity_minutes: 10,
    });
  });

  it('does not split a short range refused for another reason', async () => {
    const { ctx } = memoryContext(sim);
    const item = {
      series: { tokenId: 'not-a-token', eventId: '', asset: '', side: '' },
      fidelity: 1,
      planned: { from: DAY, to: DAY + 3600 },
      final: true,
    };
    await expect(importPriceItem(ctx, item)).rejects.toMatchObject({ status: 400 });
    expect(ctx.stats.rangeSplits).toBe(0);
  });
});
