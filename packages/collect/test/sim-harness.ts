/**
 * Test harness: a simulator and an in-process Collector (so a test can wrap the store or read
 * counters), plus the checks every fault scenario ends with: what the simulator sent versus what
 * the store holds.
 */
import { expect } from 'vitest';
import { parseMicros } from '@polymarket-arb/domain';
import { silentLogger, type Store } from '@polymarket-arb/common';
import type { Simulator } from '@polymarket-arb/sim';
import { Collector } from '../src/collector.js';
import { loadCollectConfig } from '../src/config.js';

export function collectorFor(sim: Simulator, store: Store, overrides: Record<string, unknown> = {}): Collector {
  const config = loadCollectConfig({
    env: { ...sim.urls },
    flags: {
      'collector.assets': ['BTC', 'ETH'],
      'collector.spill_dir': '/tmp/poly-test-spill-never',
      'collector.writer.flush_interval_ms': 200,
      'collector.reconnect.initial_backoff_ms': 50,
      'collector.reconnect.max_backoff_ms': 500,
      ...overrides,
    },
  });
  return new Collector({ config, store, logger: silentLogger() });
}

type Change = { asset_id: string; price: string; size: string; side: string; hash: string };

/**
 * Multiset of price_change entries the simulator delivered as stream data. Legacy, empty-number and
 * out-of-order frames carry real deltas in another shape or order; duplicates, malformed and
 * unknown-event frames are fault additions and are left out.
 */
const STREAM_TAGS = new Set(['live', 'dump', 'reply', 'legacy', 'empty-numbers', 'out-of-order']);

export function sentDeltas(sim: Simulator): Map<string, number> {
  const sent = new Map<string, number>();
  for (const conn of sim.stats().market) {
    for (const frame of conn.sent ?? []) {
      if (!STREAM_TAGS.has(frame.tag) || frame.text === 'PONG') continue;
      for (const key of deltaKeysOf(frame.text)) add(sent, key);
    }
  }
  return sent;
}

/** The delta keys of one market-channel frame (current shape, legacy `changes`, or a legacy single level). */
export function deltaKeysOf(text: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  const keys: string[] = [];
  for (const e of (
    [] as (Partial<Change> & { timestamp: string; event_type: string; price_changes?: Change[]; changes?: Change[] })[]
  ).concat(parsed as never)) {
    if (e?.event_type !== 'price_change') continue;
    const entries = e.price_changes ??
      e.changes?.map((c) => ({ ...c, asset_id: e.asset_id ?? '', hash: c.hash ?? e.hash ?? '' })) ?? [e as Change];
    for (const c of entries) keys.push(deltaKey(c.asset_id, c.price, c.size, c.side === 'BUY' ? 'bid' : 'ask', c.hash, e.timestamp));
  }
  return keys;
}

export async function storedDeltas(store: Store): Promise<Map<string, number>> {
  const rows = await store.queryRows<{ token_id: string; price: string; size: string; book_side: string; hash: string; ts: string }>(
    'SELECT token_id, price, size, book_side, hash, toString(toUnixTimestamp64Milli(timestamp)) AS ts FROM orderbook_deltas',
  );
  const stored = new Map<string, number>();
  for (const r of rows) add(stored, deltaKey(r.token_id, r.price, r.size, r.book_side, r.hash, r.ts));
  return stored;
}

/** Every stream delta sent is stored; fault copies (duplicates) may add rows, never remove any. */
export async function expectEverySentDeltaStored(sim: Simulator, store: Store, exactlyOnce: boolean): Promise<void> {
  const sent = sentDeltas(sim);
  const stored = await storedDeltas(store);
  expect(sent.size).toBeGreaterThan(100);
  const missing = [...sent].filter(([k, n]) => (stored.get(k) ?? 0) < n);
  expect(missing.slice(0, 5), `${missing.length} sent deltas missing from the store`).toEqual([]);
  if (exactlyOnce) {
    const extra = [...stored].filter(([k, n]) => (sent.get(k) ?? 0) !== n);
    expect(extra.slice(0, 5), `${extra.length} stored deltas not sent exactly so often`).toEqual([]);
    expect(stored.size).toBe(sent.size);
  }
}

/** Stop the simulator sending, then stop the collector: "sent" and "received" are then the same frames. */
export async function quiesceAndStop(sim: Simulator, collector: Collector): Promise<void> {
  sim.control.clearFaults();
  sim.control.stall(120);
  await sleepMs(500);
  await collector.stop();
}

export async function count(store: Store, sql: string): Promise<number> {
  const rows = await store.queryRows<{ n: string }>(sql);
  return Number(rows[0]?.n ?? 0);
}

export async function truncateAll(store: Store): Promise<void> {
  for (const t of [
    'orderbook_deltas',
    'orderbook_snapshots',
    'spot_prices',
    'market_windows',
    'market_events',
    'raw_frames',
    'collector_gaps',
    'collector_events',
  ])
    await store.command(`TRUNCATE TABLE ${t}`);
}

export function sleepMs(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function deltaKey(token: string, price: string, size: string, side: string, hash: string, ts: string): string {
  return [token, parseMicros(price), parseMicros(size), side, hash, ts].join('|');
}

function add(m: Map<string, number>, k: string): void {
  m.set(k, (m.get(k) ?? 0) + 1);
}
