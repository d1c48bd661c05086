/**
 * Shadow mode end to end: poly-bot evaluates live data from poly-sim, records every detected
 * opportunity as a decision, and places no order anywhere (no fills, nothing sent to any order
 * endpoint), while validating the feeds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '@polymarket-arb/common';
import { startSimulator, type Simulator } from '@polymarket-arb/sim';
import { orderRequests, recordingProxy, runBot, type RecordingProxy } from './live-harness.js';

describe('poly-bot --mode shadow against poly-sim', () => {
  const dir = mkdtempSync(join(tmpdir(), 'poly-shadow-'));
  let sim: Simulator;
  let gamma: RecordingProxy;
  let clob: RecordingProxy;
  let store: Store;
  let result: { code: number | null; stderr: string };

  beforeAll(async () => {
    const windowStart = Math.floor(Date.now() / 900_000) * 900_000;
    sim = await startSimulator({ seed: 19, assets: 'BTC,ETH', rate: 60, arbEpisodes: 3, arbMargin: '0.03', arbDurationMs: 4000, arbIntervalMs: 5000, arbFirstAfterMs: 5000, startTimeMs: windowStart + 120_000 });
    gamma = await recordingProxy(sim.urls.POLY_GAMMA_URL);
    clob = await recordingProxy(sim.urls.POLY_CLOB_URL);
    result = await runBot(['--mode', 'shadow', '--assets', 'BTC,ETH', '--data-dir', join(dir, 'data'), '--duration', '22', '--log-format', 'json'], { ...sim.urls, POLY_GAMMA_URL: gamma.url, POLY_CLOB_URL: clob.url });
    store = await openStore({ dataDir: join(dir, 'data') });
  }, 90_000);

  afterAll(async () => {
    await store?.close();
    await gamma?.close();
    await clob?.close();
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs, follows the markets and reports healthy feeds', () => {
    expect(result.code, result.stderr.slice(-3000)).toBe(0);
    expect(result.stderr).toContain('shadow mode: evaluating and recording decisions, placing no orders');
    expect(result.stderr).toContain('following market');
  });

  it('records the detected opportunities as decisions that were not sent', async () => {
    const rows = await store.queryRows<{ action: string; reason_detail: string; mode: string }>('SELECT action, reason_detail, mode FROM decisions');
    const wouldTrade = rows.filter((r) => r.action === 'BUY_PAIR' || r.action === 'POST_MAKER');
    expect(wouldTrade.length).toBeGreaterThan(0);
    for (const r of wouldTrade) expect(r.reason_detail).toContain('shadow mode: not sent');
    expect(new Set(rows.map((r) => r.mode))).toEqual(new Set(['shadow']));
    // Nothing was ever filled, resting or rejected: no order existed.
    expect(rows.filter((r) => ['FILLED', 'PARTIAL_FILL', 'ORDER_RESTING', 'ORDER_REJECTED'].includes(r.action))).toEqual([]);
  });

  it('places no order anywhere', () => {
    expect(gamma.requests.length + clob.requests.length).toBeGreaterThan(0);
    expect(orderRequests([...gamma.requests, ...clob.requests])).toEqual([]);
  });
});
