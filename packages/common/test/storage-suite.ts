/**
 * The storage contract, run against every backend (embedded chDB and, when CLICKHOUSE_URL is set,
 * a ClickHouse server): all spec tables created, exact decimals round-trip, idempotent migrations.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { MIGRATIONS, MIGRATIONS_TABLE, SPEC_TABLES, type Store } from '../src/index.js';

const fixture = JSON.parse(readFileSync(new URL('./fixtures/storage-rows.json', import.meta.url), 'utf8')) as Record<
  string,
  Record<string, unknown>
>;

export function storageContract(getStore: () => Store): void {
  it('creates every spec table and records the schema version', async () => {
    const store = getStore();
    const tables = await store.queryRows<{ name: string }>(
      'SELECT name FROM system.tables WHERE database = currentDatabase() ORDER BY name',
    );
    const names = tables.map((t) => t.name);
    for (const table of SPEC_TABLES) expect(names).toContain(table);
    expect(names).toContain(MIGRATIONS_TABLE);
    const versions = await store.queryRows<{ version: number }>(`SELECT version FROM ${MIGRATIONS_TABLE} ORDER BY version`);
    expect(versions.map((v) => Number(v.version))).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it('keeps the spec column names and types, with the required additions', async () => {
    const store = getStore();
    const cols = await store.queryRows<{ table: string; name: string; type: string }>(
      "SELECT table, name, type FROM system.columns WHERE database = currentDatabase() AND table IN ('orderbook_deltas', 'orderbook_snapshots', 'decisions')",
    );
    const type = (table: string, name: string) => cols.find((c) => c.table === table && c.name === name)?.type;
    expect(type('orderbook_deltas', 'book_side')).toBe('LowCardinality(String)');
    expect(type('orderbook_deltas', 'size')).toBe('Decimal(18, 6)');
    expect(type('orderbook_deltas', 'received_at')).toBe("DateTime64(6, 'UTC')");
    expect(type('orderbook_deltas', 'hash')).toBe('String');
    expect(type('orderbook_snapshots', 'asks')).toBe('Array(Tuple(price Decimal(18, 6), size Decimal(18, 6)))');
    expect(type('decisions', 'decision_id')).toBe('UUID');
  });

  it('writes and reads back every table bit-exact, decimals at full precision', async () => {
    const store = getStore();
    for (const table of SPEC_TABLES) {
      const row = fixture[table];
      expect(row, `fixture row for ${table}`).toBeDefined();
      await store.insert(table, [row as object]);
      const back = await store.queryRows<Record<string, unknown>>(`SELECT * FROM ${table}`);
      expect(back, table).toEqual([row]);
    }
  });

  it('holds the extremes of Decimal64(6) exactly', async () => {
    const store = getStore();
    const sizes = ['999999999999.999999', '0.000001', '3149725.72', '-123456789012.345678'];
    const rows = sizes.map((size, i) => ({ ...fixture.orderbook_deltas, size, ingest_seq: String(100 + i) }));
    await store.insert('orderbook_deltas', rows);
    const back = await store.queryRows<{ size: string }>(
      'SELECT toString(size) AS size FROM orderbook_deltas WHERE ingest_seq >= 100 ORDER BY ingest_seq',
    );
    expect(back.map((r) => r.size)).toEqual(sizes);
    const exact = await store.queryRows<{ size: string }>('SELECT size FROM orderbook_deltas WHERE ingest_seq >= 100 ORDER BY ingest_seq');
    expect(exact.map((r) => r.size)).toEqual(sizes);
  });

  it('runs migrations idempotently', async () => {
    const store = getStore();
    const before = await store.queryRows<{ n: string }>('SELECT count() AS n FROM orderbook_deltas');
    expect(await store.migrate()).toEqual([]);
    expect(await store.migrate()).toEqual([]);
    const versions = await store.queryRows<{ n: string }>(`SELECT count() AS n FROM ${MIGRATIONS_TABLE}`);
    expect(Number(versions[0]?.n)).toBe(MIGRATIONS.length);
    const after = await store.queryRows<{ n: string }>('SELECT count() AS n FROM orderbook_deltas');
    expect(after).toEqual(before);
  });

  it('answers ping', async () => {
    expect(await getStore().ping()).toBe(true);
  });
}
