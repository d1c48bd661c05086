/**
 * End to end, in process, against the simulator's REST services over real HTTP and the embedded
 * store: two days of trades and prices imported completely through injected 429s (Retry-After),
 * 500s and connections dropped mid-response, compared row for row with what the simulator holds;
 * an import interrupted by abort (as on SIGINT) and run again ends complete with no duplicate; a
 * second run makes no request and adds no row; explicit tokens are imported in API-sized pieces.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatMicros } from '@polymarket-arb/domain';
import { openStore, silentLogger, type Store } from '@polymarket-arb/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimMarket } from '@polymarket-arb/sim';
import { Importer, PRICE_LEAD_SEC, PRICE_TAIL_SEC } from '../src/importer.js';
import { parseImportRequest, type ImportKind, type RequestFlags } from '../src/request.js';
import type { ImportSettings } from '../src/settings.js';
import { testSettings } from './helpers/quiet.js';
import { marketsIn, startSim, type SimHarness } from './helpers/sim.js';

const SIM_NOW = Date.UTC(2026, 10, 20);
const START = Date.UTC(2026, 10, 16) / 1000;
const END = Date.UTC(2026, 10, 18) / 1000;
const RANGE = { start: '2026-11-16', end: '2026-11-18', assets: 'BTC' };

let sim: SimHarness;
let store: Store;
let markets: SimMarket[];
const dir = mkdtempSync(join(tmpdir(), 'poly-import-sim-'));

beforeAll(async () => {
  sim = await startSim({ seed: 21, nowMs: SIM_NOW });
  store = await openStore({ dataDir: join(dir, 'data') });
  await store.migrate();
  markets = marketsIn(sim.catalog, 'BTC', START, END);
});
afterAll(async () => {
  await store?.close();
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

function run(kind: ImportKind, flags: RequestFlags = RANGE, options: { signal?: AbortSignal; settings?: Partial<ImportSettings> } = {}) {
  const request = parseImportRequest(kind, flags, { assets: ['BTC'], tradesApi: 'auto' }, Date.now());
  const importer = new Importer(
    {
      store,
      logger: silentLogger(),
      endpoints: sim.endpoints,
      settings: testSettings({ concurrency: 4, ...options.settings }),
      ...(options.signal ? { signal: options.signal } : {}),
    },
    request,
  );
  return importer.run();
}

async function count(sql: string): Promise<number> {
  return Number((await store.queryRows<{ n: string }>(sql))[0]?.n);
}

/** Inject faults at the n-th request of a service from now on: "the 10th Data API request gets a 429". */
function script(faults: Record<string, Record<number, () => void>>): void {
  const base = new Map(Object.keys(faults).map((service) => [service, sim.count(`/${service}/`)]));
  sim.beforeRequest = (path, n) => {
    const service = path.split('/')[1] ?? '';
    faults[service]?.[n - (base.get(service) ?? 0)]?.();
  };
}

describe('trades', () => {
  it('imports two days completely through 429s with Retry-After, 500s and dropped connections', async () => {
    script({
      gamma: { 1: () => sim.faults.dropNextResponse('/gamma') },
      'data-api': {
        10: () => sim.failNext(2, 429, '/data-api', 1),
        30: () => sim.failNext(3, 500, '/data-api'),
        50: () => sim.faults.dropNextResponse('/data-api/trades'),
        70: () => sim.faults.dropNextResponse('/data-api'),
      },
    });
    const summary = await run('trades');
    sim.beforeRequest = undefined;
    expect(summary).toMatchObject({ interrupted: false, skipped: [], markets: { found: 192, closed: 192, missing: 0 } });
    expect(summary.items).toMatchObject({ total: 192, completed: 192, failed: 0 });
    expect(summary.http).toMatchObject({
      rateLimited: 2,
      serverErrors: 3,
      networkErrors: 3,
      retries: 8,
      retryAfterWaitMs: 2000,
      failed: 0,
    });

    const truth = markets.flatMap((m) =>
      sim.catalog
        .trades(m)
        .map((t) =>
          [
            m.conditionId,
            sim.catalog.transactionHash(m, t),
            t.outcome === 'yes' ? m.yesTokenId : m.noTokenId,
            t.side,
            formatMicros(t.price),
            formatMicros(t.size),
            t.timestamp,
            m.eventId,
          ].join('|'),
        ),
    );
    const rows = await store.queryRows<{ k: string }>(
      "SELECT concat(condition_id, '|', transaction_hash, '|', token_id, '|', side, '|', toString(price), '|', toString(size), '|', toString(toUnixTimestamp(timestamp)), '|', event_id) AS k FROM trade_history FINAL",
    );
    expect(rows.map((r) => r.k).sort()).toEqual(truth.sort());
    expect(await count('SELECT count() AS n FROM trade_history')).toBe(truth.length); // nothing written twice
    expect(summary.rowsWritten.trade_history).toBe(truth.length);

    const windows = await store.queryRows<{ slug: string; closed: boolean; winning_outcome: string }>(
      'SELECT slug, closed, winning_outcome FROM market_windows FINAL',
    );
    expect(windows).toHaveLength(192);
    const winner = new Map(markets.map((m) => [m.slug, sim.catalog.winner(m) === 'yes' ? 'Up' : 'Down']));
    for (const w of windows) expect([w.closed, w.winning_outcome]).toEqual([true, winner.get(w.slug)]);
    expect(await count("SELECT count() AS n FROM import_checkpoints FINAL WHERE kind = 'trades' AND status = 'done'")).toBe(192);
  });

  it('a second run makes no request and adds nothing', async () => {
    const before = await count('SELECT count() AS n FROM trade_history');
    const windows = await count('SELECT count() AS n FROM market_windows');
    const summary = await run('trades');
    expect(summary.http.requests).toBe(0);
    expect(summary.items).toMatchObject({ total: 192, alreadyDone: 192, completed: 0 });
    expect(summary.markets.fromStore).toBe(192);
    expect(await count('SELECT count() AS n FROM trade_history')).toBe(before);
    expect(await count('SELECT count() AS n FROM market_windows')).toBe(windows);
  });
});

describe('prices', () => {
  const flags = { ...RANGE, fidelity: '5' };

  async function expectedPoints(): Promise<string[]> {
    const out: string[] = [];
    for (const m of markets) {
      for (const token of [m.yesTokenId, m.noTokenId]) {
        const url = `${sim.endpoints.clobUrl}/prices-history?market=${token}&startTs=${m.windowStart - PRICE_LEAD_SEC}&endTs=${m.windowEnd + PRICE_TAIL_SEC}&fidelity=5`;
        const body = (await (await fetch(url)).json()) as { history: { t: number; p: number }[] };
        for (const p of body.history) out.push(`${token}|${p.t}|${String(p.p)}`);
      }
    }
    return out.sort();
  }

  it('an import stopped mid-way (abort, as on SIGINT) and run again ends complete, with no duplicate', async () => {
    const controller = new AbortController();
    script({ clob: { 60: () => controller.abort() } });
    const first = await run('prices', flags, { signal: controller.signal });
    expect(first.interrupted).toBe(true);
    expect(first.markets.fromStore).toBe(192); // resolved by the trades import, read back
    expect(first.items.completed).toBeGreaterThan(0);
    expect(first.items.completed).toBeLessThan(384);
    expect(first.items.failed).toBe(0); // stopped, not failed
    const afterFirst = await count("SELECT count() AS n FROM import_checkpoints FINAL WHERE kind = 'prices' AND status = 'done'");
    expect(afterFirst).toBe(first.items.completed); // every finished item is checkpointed, after its rows

    script({
      clob: {
        5: () => sim.failNext(2, 500, '/clob'),
        20: () => sim.faults.dropNextResponse('/clob/prices-history'),
        40: () => sim.failNext(1, 429, '/clob', 1),
      },
    });
    const second = await run('prices', flags);
    sim.beforeRequest = undefined;
    expect(second).toMatchObject({ interrupted: false, skipped: [] });
    expect(second.items).toMatchObject({ total: 384, alreadyDone: first.items.completed, completed: 384 - first.items.completed });
    expect(second.http).toMatchObject({ serverErrors: 2, networkErrors: 1, rateLimited: 1 });

    const expected = await expectedPoints();
    const rows = await store.queryRows<{ k: string }>(
      "SELECT concat(token_id, '|', toString(toUnixTimestamp(timestamp)), '|', toString(price)) AS k FROM price_history FINAL WHERE fidelity_minutes = 5",
    );
    expect(rows.map((r) => r.k).sort()).toEqual(expected);
    expect(await count('SELECT count() AS n FROM price_history')).toBe(expected.length);
    const sides = await store.queryRows<{ side: string; n: string }>(
      "SELECT side, count() AS n FROM price_history FINAL WHERE fidelity_minutes = 5 AND asset = 'BTC' AND event_id != '' GROUP BY side ORDER BY side",
    );
    expect(sides.map((s) => s.side)).toEqual(['no', 'yes']);
  });

  it('a second run makes no request and adds nothing', async () => {
    const before = await count('SELECT count() AS n FROM price_history');
    const summary = await run('prices', flags);
    expect(summary.http.requests).toBe(0);
    expect(summary.items).toMatchObject({ total: 384, alreadyDone: 384 });
    expect(await count('SELECT count() AS n FROM price_history')).toBe(before);
  });

  it('imports explicit tokens over a range cut into pieces the API accepts', async () => {
    const m = markets[100]!;
    const tokenFlags = { start: '2026-11-14', end: '2026-11-19', tokens: m.noTokenId, fidelity: '30' };
    const summary = await run('prices', tokenFlags, { settings: { pricesMaxRangeSec: 86_400 } });
    expect(summary.items).toMatchObject({ total: 5, completed: 5, failed: 0 });
    expect(summary.problems).toEqual([]);
    const url = `${sim.endpoints.clobUrl}/prices-history?market=${m.noTokenId}&fidelity=30`;
    const all = ((await (await fetch(url)).json()) as { history: { t: number; p: number }[] }).history;
    const expected = all
      .filter((p) => p.t >= Date.UTC(2026, 10, 14) / 1000 && p.t < Date.UTC(2026, 10, 19) / 1000)
      .map((p) => `${p.t}|${String(p.p)}`);
    const rows = await store.queryRows<{ k: string; event_id: string; side: string }>(
      `SELECT concat(toString(toUnixTimestamp(timestamp)), '|', toString(price)) AS k, event_id, side FROM price_history FINAL WHERE fidelity_minutes = 30 AND token_id = '${m.noTokenId}' ORDER BY timestamp`,
    );
    expect(rows.map((r) => r.k)).toEqual(expected);
    expect(rows.every((r) => r.event_id === m.eventId && r.side === 'no')).toBe(true);
  });
});
