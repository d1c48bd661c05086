import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chTimeMicros, chTimeMs } from '@polymarket-arb/domain';
import { BatchWriter, openStore, type RowSink, type Store } from '../src/index.js';

/** A real store behind a switch that makes inserts fail, to play "ClickHouse is down". */
class FlakySink implements RowSink {
  down = false;
  inserts: number[] = [];
  constructor(private readonly store: Store) {}
  async insert(table: string, rows: readonly object[]): Promise<void> {
    if (this.down) throw new Error('connect ECONNREFUSED 127.0.0.1:8123');
    this.inserts.push(rows.length);
    await this.store.insert(table, rows);
  }
}

function spotRow(i: number): object {
  return {
    timestamp: chTimeMs(1_790_000_000_000 + i),
    asset: 'BTC',
    price: `64997.${String(i % 100).padStart(2, '0')}`,
    quantity: '0.00012345',
    symbol: 'BTCUSDT',
    trade_id: String(i),
    event_time: chTimeMs(1_790_000_000_000 + i),
    buyer_is_maker: i % 2 === 0,
    received_at: chTimeMicros(1_790_000_000_000_123 + i),
  };
}

async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('BatchWriter against the embedded store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'poly-writer-'));
  let store: Store;
  const count = async () => Number((await store.queryRows<{ n: string }>('SELECT count() AS n FROM spot_prices'))[0]?.n);

  beforeAll(async () => {
    store = await openStore({ dataDir: dir });
    await store.migrate();
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes full batches by row count and the remainder on flush', async () => {
    await store.command('TRUNCATE TABLE spot_prices');
    const sink = new FlakySink(store);
    const writer = new BatchWriter(sink, { table: 'spot_prices', batchRows: 100, maxInsertRows: 100, flushIntervalMs: 60_000 });
    for (let i = 0; i < 250; i++) expect(writer.push(spotRow(i))).toBe(true);
    await until(() => writer.stats.written === 200, 'two full batches');
    expect(sink.inserts).toEqual([100, 100]);
    await writer.flush();
    expect(sink.inserts).toEqual([100, 100, 50]);
    expect(writer.stats).toMatchObject({ written: 250, buffered: 0, dropped: 0, retried: 0 });
    expect(await count()).toBe(250);
    await writer.close();
  });

  it('coalesces a backlog into large inserts so it catches up', async () => {
    await store.command('TRUNCATE TABLE spot_prices');
    const sink = new FlakySink(store);
    const writer = new BatchWriter(sink, { table: 'spot_prices', batchRows: 100, maxInsertRows: 2000, flushIntervalMs: 60_000 });
    for (let i = 0; i < 5000; i++) writer.push(spotRow(i));
    await writer.flush();
    expect(sink.inserts.reduce((a, b) => a + b, 0)).toBe(5000);
    expect(sink.inserts.length).toBeLessThanOrEqual(4); // not 50 inserts of 100
    expect(Math.max(...sink.inserts)).toBeLessThanOrEqual(2000);
    expect(await count()).toBe(5000);
    await writer.close();
  });

  it('writes a partial batch once the interval passes', async () => {
    await store.command('TRUNCATE TABLE spot_prices');
    const writer = new BatchWriter(new FlakySink(store), { table: 'spot_prices', batchRows: 1000, flushIntervalMs: 20 });
    writer.push(spotRow(1));
    await until(() => writer.stats.written === 1, 'interval flush');
    expect(await count()).toBe(1);
    await writer.close();
  });

  it('buffers while the store is down, retries with backoff, and loses nothing', async () => {
    await store.command('TRUNCATE TABLE spot_prices');
    const sink = new FlakySink(store);
    sink.down = true;
    const writer = new BatchWriter(sink, {
      table: 'spot_prices',
      batchRows: 100,
      flushIntervalMs: 10,
      retryDelayMs: 5,
      maxRetryDelayMs: 20,
    });
    for (let i = 0; i < 500; i++) writer.push(spotRow(i));
    await until(() => writer.stats.failedInserts >= 3, 'several failed attempts');
    expect(writer.stats.lastError).toMatch(/ECONNREFUSED/);
    expect(writer.stats.written).toBe(0);
    expect(writer.stats.buffered).toBe(500);
    sink.down = false;
    await writer.flush();
    expect(writer.stats).toMatchObject({ written: 500, buffered: 0, dropped: 0, lastError: undefined });
    expect(writer.stats.retried).toBeGreaterThanOrEqual(100);
    expect(await count()).toBe(500);
    // exactly once: every trade id present once
    const dupes = await store.queryRows('SELECT trade_id, count() AS c FROM spot_prices GROUP BY trade_id HAVING c > 1');
    expect(dupes).toEqual([]);
    await writer.close();
  });

  it('bounds memory: past the buffer limit new rows are refused and counted, never silently lost', async () => {
    await store.command('TRUNCATE TABLE spot_prices');
    const sink = new FlakySink(store);
    sink.down = true;
    const writer = new BatchWriter(sink, {
      table: 'spot_prices',
      batchRows: 100,
      maxBufferedRows: 300,
      retryDelayMs: 5,
      maxRetryDelayMs: 10,
    });
    let accepted = 0;
    for (let i = 0; i < 1000; i++) if (writer.push(spotRow(i))) accepted++;
    expect(accepted).toBe(300);
    expect(writer.stats).toMatchObject({ buffered: 300, dropped: 700 });
    sink.down = false;
    await writer.flush();
    expect(await count()).toBe(300);
    await writer.close();
  });

  it('close() waits for the flush; if the store stays down past the deadline the rows go to onUnwritten', async () => {
    const sink = new FlakySink(store);
    sink.down = true;
    const unwritten: object[] = [];
    const writer = new BatchWriter(sink, {
      table: 'spot_prices',
      batchRows: 10,
      retryDelayMs: 5,
      onUnwritten: (_t, rows) => unwritten.push(...rows),
    });
    for (let i = 0; i < 25; i++) writer.push(spotRow(i));
    await writer.close(100);
    expect(unwritten).toHaveLength(25);
    expect(writer.push(spotRow(99))).toBe(false);
    expect(writer.stats.dropped).toBe(1);
  });
});
