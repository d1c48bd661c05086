/**
 * The store down for 30 s while the collector runs: rows keep buffering, inserts retry with
 * backoff, and once the store is back everything is written exactly once; nothing dropped.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '@polymarket-arb/common';
import { startSimulator, type Simulator } from '@polymarket-arb/sim';
import { collectorFor, count, expectEverySentDeltaStored, quiesceAndStop, sleepMs } from './sim-harness.js';

describe('collector with the store down for 30 s', () => {
  const dir = mkdtempSync(join(tmpdir(), 'poly-storedown-'));
  let store: Store;
  let sim: Simulator;

  beforeAll(async () => {
    store = await openStore({ dataDir: join(dir, 'data') });
    await store.migrate();
  });
  afterAll(async () => {
    await sim?.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('buffers, retries and then writes everything exactly once', async () => {
    let down = false;
    let refused = 0;
    const flaky: Store = {
      ...store,
      insert: async (table, rows) => {
        if (down) {
          refused++;
          throw new Error('connect ECONNREFUSED 127.0.0.1:8123 (store down for the test)');
        }
        return store.insert(table, rows);
      },
    };
    sim = await startSimulator({ seed: 31, assets: 'BTC,ETH', rate: 100, binanceRate: 5, recordSent: true });
    const collector = collectorFor(sim, flaky);
    await collector.start();
    await sleepMs(2000);
    down = true;
    const before = await count(store, 'SELECT count() AS n FROM orderbook_deltas');
    await sleepMs(30_000);
    const during = await count(store, 'SELECT count() AS n FROM orderbook_deltas');
    const buffered = collector.writers.deltas.stats.buffered;
    down = false;
    await sleepMs(3000);
    await quiesceAndStop(sim, collector);

    expect(during).toBe(before); // nothing reached the store while it was down
    expect(buffered).toBeGreaterThan(500);
    expect(refused).toBeGreaterThan(10);
    const stats = Object.values(collector.writers).map((w) => w.stats);
    expect(stats.every((s) => s.dropped === 0 && s.buffered === 0 && s.lastError === undefined)).toBe(true);
    expect(collector.writers.deltas.stats.retried).toBeGreaterThan(0);
    await expectEverySentDeltaStored(sim, store, true);
    const spotSent = sim.stats().binance.reduce((acc, c) => acc + Object.values(c.byKind).reduce((a, b) => a + b, 0), 0);
    expect(await count(store, 'SELECT count() AS n FROM spot_prices')).toBe(spotSent);
  }, 60_000);
});
