/**
 * Fault tests against the simulator: connections dropped every few seconds, a stall, and
 * malformed/unknown/legacy/duplicate/out-of-order frames. No crash, no silent loss, gaps recorded,
 * everything flushed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '@polymarket-arb/common';
import { startSimulator, type Simulator } from '@polymarket-arb/sim';
import type { Collector } from '../src/collector.js';
import { collectorFor, count, expectEverySentDeltaStored, quiesceAndStop, sleepMs, truncateAll } from './sim-harness.js';

describe('collector under network faults', () => {
  const dir = mkdtempSync(join(tmpdir(), 'poly-faults-'));
  let store: Store;
  let sim: Simulator | undefined;
  let collector: Collector | undefined;

  beforeAll(async () => {
    store = await openStore({ dataDir: join(dir, 'data') });
    await store.migrate();
  });
  afterEach(async () => {
    await collector?.stop();
    await sim?.close();
    collector = undefined;
    sim = undefined;
    await truncateAll(store);
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('survives connections dropped every 3 s: reconnects, records gaps and missed trades, loses no delivered delta', async () => {
    sim = await startSimulator({ seed: 21, assets: 'BTC,ETH', rate: 150, binanceRate: 10, faults: 'drop-every=3', recordSent: true });
    collector = collectorFor(sim, store);
    await collector.start();
    await sleepMs(11_000);
    sim.control.clearFaults();
    await sleepMs(1500);
    await quiesceAndStop(sim, collector);

    expect(collector.channel.socket.reconnects).toBeGreaterThanOrEqual(3);
    expect(collector.binance.socket.reconnects).toBeGreaterThanOrEqual(3);
    await expectEverySentDeltaStored(sim, store, true);
    // Each drop left a gap per followed token, closed by the next snapshot.
    const gaps = await store.queryRows<{ reason: string; ok: number }>(
      "SELECT reason, ended_at >= started_at AS ok FROM collector_gaps WHERE source = 'clob'",
    );
    expect(gaps.length).toBeGreaterThanOrEqual(3 * 4);
    expect(gaps.every((g) => Number(g.ok) === 1)).toBe(true);
    expect(await count(store, "SELECT count() AS n FROM collector_gaps WHERE source = 'binance'")).toBeGreaterThanOrEqual(3);
    // Binance trades produced while we were disconnected are never silently lost: each skipped id range is recorded.
    const spot = await store.queryRows<{ symbol: string; missing: string }>(
      'SELECT symbol, toString(max(trade_id) - min(trade_id) + 1 - count()) AS missing FROM spot_prices GROUP BY symbol',
    );
    const recorded = await store.queryRows<{ detail: string; token_id: string }>(
      "SELECT token_id, detail FROM collector_events WHERE kind = 'missed_trades'",
    );
    for (const s of spot) {
      const sum = recorded.filter((r) => r.token_id === s.symbol).reduce((acc, r) => acc + Number(/\((\d+)\)/.exec(r.detail)?.[1] ?? 0), 0);
      expect(sum, s.symbol).toBe(Number(s.missing));
    }
  });

  it('detects a stall (subscribed, silent), reconnects and records the gap', async () => {
    sim = await startSimulator({ seed: 22, assets: 'BTC,ETH', rate: 150, recordSent: true });
    collector = collectorFor(sim, store, { 'collector.stall_timeout_s': 2 });
    await collector.start();
    await sleepMs(2500);
    sim.control.stall(4);
    await sleepMs(8000);
    await quiesceAndStop(sim, collector);
    const events = await store.queryRows<{ kind: string }>('SELECT kind FROM collector_events');
    expect(events.map((e) => e.kind)).toContain('stall');
    expect(collector.channel.socket.reconnects).toBeGreaterThanOrEqual(1);
    const gaps = await store.queryRows<{ reason: string }>("SELECT reason FROM collector_gaps WHERE source = 'clob'");
    expect(gaps.length).toBeGreaterThan(0);
    expect(gaps.every((g) => g.reason === 'stall')).toBe(true);
    await expectEverySentDeltaStored(sim, store, true);
  });

  it('keeps malformed, unknown, legacy, empty-number, duplicate and out-of-order frames raw, counted, without crashing', async () => {
    sim = await startSimulator({ seed: 23, assets: 'BTC,ETH', rate: 200, recordSent: true });
    sim.control.setFrameFaults({
      malformed: 0.04,
      unknownEvents: 0.04,
      legacyPriceChange: 0.04,
      emptyNumbers: 0.04,
      duplicates: 0.04,
      outOfOrder: 0.04,
    });
    collector = collectorFor(sim, store);
    await collector.start();
    await sleepMs(8000);
    await quiesceAndStop(sim, collector);

    const c = collector.clob.counters;
    expect(c.malformedFrames).toBeGreaterThan(0);
    expect(c.unknownEvents).toBeGreaterThan(0);
    expect(sim.stats().market.some((conn) => conn.faults.emptyNumbers > 0)).toBe(true);
    // Every frame received is kept raw, with its parse status.
    const framesSent = sim.stats().market.reduce((acc, conn) => acc + (conn.sent ?? []).filter((f) => f.text !== 'PONG').length, 0);
    expect(await count(store, "SELECT count() AS n FROM raw_frames WHERE source = 'clob'")).toBe(framesSent);
    const statuses = (await store.queryRows<{ s: string }>("SELECT DISTINCT parse_status AS s FROM raw_frames WHERE source = 'clob'"))
      .map((r) => r.s)
      .sort();
    expect(statuses).toEqual(expect.arrayContaining(['legacy', 'malformed', 'ok', 'unknown']));
    // Duplicates add rows; nothing delivered is missing.
    await expectEverySentDeltaStored(sim, store, false);
  });
});
