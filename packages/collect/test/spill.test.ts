/**
 * Spill files: rows the store could not take at shutdown. They are loaded at the next start into
 * the store they were meant for only, and a load cut short resumes exactly where it stopped.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chTimeMicros, chTimeMs } from '@polymarket-arb/domain';
import { openStore, silentLogger, type Store, type StoreDestination } from '@polymarket-arb/common';
import { loadSpills, manifestPathOf, spillRows, type SpillManifest } from '../src/spill.js';
import { capturingLogger } from './helpers.js';

function spotRows(n: number, firstId = 0): object[] {
  return Array.from({ length: n }, (_, k) => {
    const i = firstId + k;
    return {
      timestamp: chTimeMs(1_790_000_000_000 + i),
      asset: 'BTC',
      price: '64997.81',
      quantity: '0.001',
      symbol: 'BTCUSDT',
      trade_id: i,
      event_time: chTimeMs(1_790_000_000_000 + i),
      buyer_is_maker: false,
      received_at: chTimeMicros(1_790_000_000_000_000 + i),
    };
  });
}

/** Rows stored, distinct trade ids stored: equal when nothing was stored twice. */
async function stored(store: Store): Promise<{ rows: number; distinct: number }> {
  const [r] = await store.queryRows<{ n: string; u: string }>('SELECT count() AS n, uniqExact(trade_id) AS u FROM spot_prices');
  return { rows: Number(r?.n), distinct: Number(r?.u) };
}

function manifestOf(dir: string): SpillManifest {
  const data = readdirSync(dir).filter((f) => f.endsWith('.ndjson'));
  expect(data).toHaveLength(1);
  return JSON.parse(readFileSync(manifestPathOf(join(dir, data[0] as string)), 'utf8')) as SpillManifest;
}

describe('spill files: rows the store could not take at shutdown', () => {
  const dir = mkdtempSync(join(tmpdir(), 'poly-spill-'));
  let store: Store;
  beforeAll(async () => {
    store = await openStore({ dataDir: join(dir, 'data') });
    await store.migrate();
  });
  beforeEach(async () => {
    await store.command('TRUNCATE TABLE spot_prices');
  });
  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('are written as NDJSON beside a manifest naming their store, and loaded (then deleted) at the next start', async () => {
    const spillDir = join(dir, 'spill-own');
    spillRows(spillDir, store.destination, 'spot_prices', spotRows(25_000), silentLogger());
    const manifest = manifestOf(spillDir);
    expect(manifest).toEqual({
      table: 'spot_prices',
      rows: 25_000,
      destination: { kind: 'embedded', dataDir: join(dir, 'data') },
      loaded_rows: 0,
      loaded_bytes: 0,
    });
    expect(await loadSpills(spillDir, store, silentLogger())).toBe(25_000);
    expect(await store.queryRows('SELECT count() AS n, toString(sum(trade_id)) AS s FROM spot_prices')).toEqual([
      { n: '25000', s: String((24_999 * 25_000) / 2) },
    ]);
    expect(readdirSync(spillDir)).toEqual([]);
    expect(await loadSpills(join(dir, 'nothing-here'), store, silentLogger())).toBe(0);
    expect(existsSync(join(dir, 'nothing-here'))).toBe(false);
  });

  it('meant for another store, or for none known, are left in place and named once in the log with how to load them', async () => {
    const spillDir = join(dir, 'spill-foreign');
    const server: StoreDestination = { kind: 'server', url: 'http://ch.example:8123', database: 'polymarket_arb' };
    const otherDir: StoreDestination = { kind: 'embedded', dataDir: join(dir, 'other-data') };
    spillRows(spillDir, server, 'spot_prices', spotRows(100), silentLogger());
    spillRows(
      spillDir,
      otherDir,
      'collector_events',
      [{ timestamp: chTimeMicros(1_790_000_000_000_000), kind: 'stop', source: 'clob', conn_id: 0, token_id: '', detail: 'x' }],
      silentLogger(),
    );
    writeFileSync(join(spillDir, 'spot_prices-1700000000000-1.ndjson'), `${JSON.stringify(spotRows(1)[0])}\n`); // an older version's file: no manifest
    const before = readdirSync(spillDir).sort();
    expect(before).toHaveLength(5);

    const { logger, entries } = capturingLogger();
    expect(await loadSpills(spillDir, store, logger)).toBe(0);
    expect(readdirSync(spillDir).sort()).toEqual(before);
    expect(await stored(store)).toEqual({ rows: 0, distinct: 0 });

    const warnings = entries().filter((e) => e.level === 40);
    expect(warnings).toHaveLength(3);
    const about = (text: string) => warnings.find((w) => String(w.msg).includes(text)) ?? {};
    const forServer = about('ClickHouse server http://ch.example:8123');
    const forOtherDir = about('other-data');
    const unknown = about('does not say');
    expect(forServer.msg).toContain('1 spill file in ');
    expect(forServer.msg).toContain('holds rows for ClickHouse server http://ch.example:8123, database polymarket_arb, not for this store');
    expect(forServer.msg).toContain('--clickhouse-url http://ch.example:8123 and CLICKHOUSE_DATABASE=polymarket_arb');
    expect(forServer.msg).toContain(
      'clickhouse-client --host ch.example --database polymarket_arb --query "INSERT INTO <table> FORMAT JSONEachRow" < <file>',
    );
    expect(JSON.stringify(forServer.files)).toMatch(/spot_prices-\d+-\d+\.ndjson/);
    expect(forOtherDir.msg).toContain(`holds rows for embedded chDB at ${join(dir, 'other-data')}`);
    expect(forOtherDir.msg).toContain(`--data-dir ${join(dir, 'other-data')}`);
    expect(unknown.msg).toContain('1 spill file in ');
    expect(unknown.msg).toContain('does not say which store it belongs to');
    expect(unknown.files).toEqual([join(spillDir, 'spot_prices-1700000000000-1.ndjson')]);
  });

  it('resume where loading stopped: a store that takes one insert per start then fails stores every row once', async () => {
    const spillDir = join(dir, 'spill-resume');
    spillRows(spillDir, store.destination, 'spot_prices', spotRows(25_000), silentLogger());
    const afterEachStart: [number, number][] = [];
    for (let start = 1; start <= 3; start++) {
      let inserts = 0;
      const acceptsOneInsert: Store = {
        ...store,
        insert: async (table, rows, options) => {
          if (++inserts > 1) throw new Error('HTTP 503 Service Unavailable (store failing for the test)');
          return store.insert(table, rows, options);
        },
      };
      await loadSpills(spillDir, acceptsOneInsert, silentLogger());
      const s = await stored(store);
      expect(s.rows, `after start ${start}`).toBe(s.distinct);
      afterEachStart.push([s.rows, readdirSync(spillDir).length]);
      if (start < 3) expect(manifestOf(spillDir).loaded_rows).toBe(start * 10_000);
    }
    // 10,000-row batches: one more each start, the last one finishing the file (which is then deleted).
    expect(afterEachStart).toEqual([
      [10_000, 2],
      [20_000, 2],
      [25_000, 0],
    ]);
    expect(await store.queryRows('SELECT toString(sum(trade_id)) AS s FROM spot_prices')).toEqual([{ s: String((24_999 * 25_000) / 2) }]);
  });

  it('store a batch once when the store took it but the crash came before the progress was recorded', async () => {
    const spillDir = join(dir, 'spill-ack-lost');
    spillRows(spillDir, store.destination, 'spot_prices', spotRows(15_000, 100_000), silentLogger());
    // The first batch reaches the store, then the loader "dies" before writing its progress.
    let inserts = 0;
    const diesAfterFirstInsert: Store = {
      ...store,
      insert: async (table, rows, options) => {
        if (++inserts > 1) throw new Error('not reached');
        await store.insert(table, rows, options);
        throw new Error('process killed before the progress was written (simulated)');
      },
    };
    await loadSpills(spillDir, diesAfterFirstInsert, silentLogger());
    expect(await stored(store)).toEqual({ rows: 10_000, distinct: 10_000 });
    expect(manifestOf(spillDir).loaded_rows).toBe(0);
    // The next start sends that batch again; its deduplication token makes the store drop it.
    expect(await loadSpills(spillDir, store, silentLogger())).toBe(15_000);
    expect(await stored(store)).toEqual({ rows: 15_000, distinct: 15_000 });
    expect(readdirSync(spillDir)).toEqual([]);
  });
});
