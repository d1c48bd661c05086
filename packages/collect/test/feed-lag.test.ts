/**
 * Falling behind is never silent: feed lag (receive time minus the exchange's timestamp, on the
 * exchange clock) per socket, in /metrics and /healthz, logged, and stored as lag_start/lag_end
 * episodes in collector_events. The built CLI runs against poly-sim, whose `delay` fault hands the
 * collector frames seconds late, as a collector that cannot keep up would read them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '@polymarket-arb/common';
import { startSimulator, type Simulator } from '@polymarket-arb/sim';
import { freePort, startCli } from './cli-harness.js';
import { collectorFor, sleepMs } from './sim-harness.js';

describe('feed lag against poly-sim', () => {
  const dir = mkdtempSync(join(tmpdir(), 'poly-lag-'));
  let sim: Simulator | undefined;
  afterAll(async () => {
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a skewed local clock does not read as lag: the exchange clock offset (GET /time) is applied', async () => {
    // The exchange clock runs 90 s behind ours: unaccounted, every frame would read 90 s late.
    sim = await startSimulator({ seed: 9, assets: 'BTC', rate: 100, binanceRate: 10, startTimeMs: Date.now() - 90_000 });
    const store = await openStore({ dataDir: join(dir, 'skew') });
    await store.migrate();
    const collector = collectorFor(sim, store, { 'collector.assets': ['BTC'], 'collector.lag_threshold_ms': 1000 });
    try {
      await collector.start();
      await sleepMs(3000);
      expect(collector.discovery.clockOffsetMs).toBeLessThan(-85_000);
      for (const lag of [collector.clob.lag, collector.binance.lag]) {
        expect(lag.lastMs).toBeLessThan(1000);
        expect(lag.episodes).toBe(0);
      }
    } finally {
      await collector.stop();
      await store.close();
      await sim.close();
      sim = undefined;
    }
  }, 30_000);

  it('frames 2.5 s late: lag in /metrics, /healthz 503 (clob_lag), a warning, then recovery; the episodes stored', async () => {
    sim = await startSimulator({ seed: 13, assets: 'BTC', rate: 200, binanceRate: 10 });
    const port = await freePort();
    const data = join(dir, 'delay');
    const run = startCli(['--assets', 'BTC', '--data-dir', data, '--health-port', String(port)], {
      ...sim.urls,
      POLY_COLLECT_LAG_THRESHOLD_MS: '1000',
    });
    const get = (path: string) => fetch(`http://127.0.0.1:${port}${path}`);
    const healthz = async () => {
      const res = await get('/healthz');
      return { code: res.status, body: (await res.json()) as { degradedBy?: string[]; clob?: { lagMs: number; behind: boolean } } };
    };
    const until = async (what: string, ok: (h: Awaited<ReturnType<typeof healthz>>) => boolean) => {
      for (let i = 0; i < 150; i++) {
        const h = await healthz();
        if (ok(h)) return h;
        await sleepMs(100);
      }
      throw new Error(`/healthz never showed ${what}:\n${run.stderr().slice(-2000)}`);
    };
    try {
      await run.logLine('collecting');
      await until('200', (h) => h.code === 200);
      sim.control.delay(2500, 3);
      const behind = await until('clob_lag', (h) => h.body.degradedBy?.includes('clob_lag') === true);
      expect(behind.code).toBe(503);
      expect(behind.body.clob?.lagMs).toBeGreaterThanOrEqual(1000);
      const metrics = await (await get('/metrics')).text();
      expect(Number(/^poly_collect_feed_lag_max_seconds\{source="clob"\} (\S+)$/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(1);
      expect(metrics).toMatch(/^poly_collect_feed_lag_threshold_seconds 1$/m);
      expect(metrics).toMatch(/^poly_collect_lag_episodes_total\{source="clob"\} 1$/m);
      await until('200 again', (h) => h.code === 200);
    } finally {
      run.stop();
    }
    expect(await run.code, run.stderr().slice(-2000)).toBe(0);
    const log = run
      .stderr()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { msg: string; level: number; source?: string; thresholdMs?: number });
    for (const source of ['clob', 'binance']) {
      expect(
        log.filter(
          (l) =>
            l.source === source &&
            l.msg === 'feed lag past the threshold: the collector is reading old data (falling behind)' &&
            l.level === 40 &&
            l.thresholdMs === 1000,
        ),
        source,
      ).toHaveLength(1);
      expect(
        log.filter((l) => l.source === source && l.msg === 'feed lag back under the threshold'),
        source,
      ).toHaveLength(1);
    }
    const store = await openStore({ dataDir: data });
    try {
      const events = await store.queryRows<{ kind: string; source: string; detail: string }>(
        "SELECT kind, source, detail FROM collector_events WHERE kind LIKE 'lag_%' ORDER BY timestamp",
      );
      for (const source of ['clob', 'binance']) {
        const mine = events
          .filter((e) => e.source === source)
          .map((e) => ({ kind: e.kind, ...(JSON.parse(e.detail) as { lagMs?: number; maxLagMs?: number; durationMs?: number }) }));
        expect(
          mine.map((e) => e.kind),
          source,
        ).toEqual(['lag_start', 'lag_end']);
        expect(mine[0]).toMatchObject({ thresholdMs: 1000 });
        expect(mine[0]?.lagMs).toBeGreaterThanOrEqual(1000);
        expect(mine[1]?.maxLagMs).toBeGreaterThanOrEqual(2000);
        expect(mine[1]?.durationMs).toBeGreaterThanOrEqual(1000);
        expect(mine[1]).not.toHaveProperty('atShutdown');
      }
    } finally {
      await store.close();
    }
  }, 90_000);
});
