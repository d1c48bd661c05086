/**
 * A `--duration` past Node's timer limit (2^31 - 1 ms, about 24.8 days) used to end the run 2 ms
 * after it started, exit 0. A 30-day run must keep collecting until it is told to stop.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '@polymarket-arb/sim';
import { exitOf, spawnCollector, waitFor } from './cli-harness.js';
import { sleepMs } from './sim-harness.js';

const THIRTY_DAYS_S = '2592000';

describe('poly-collect --duration longer than the timer limit', () => {
  const dir = mkdtempSync(join(tmpdir(), 'poly-duration-'));
  let sim: Simulator | undefined;
  afterAll(async () => {
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps collecting until SIGTERM, then exits 0', async () => {
    sim = await startSimulator({ seed: 3, assets: 'BTC', rate: 50, binanceRate: 5 });
    const collector = spawnCollector(
      ['--assets', 'BTC', '--data-dir', join(dir, 'data'), '--duration', THIRTY_DAYS_S, '--log-format', 'json'],
      { env: { ...sim.urls } },
    );
    await waitFor(
      'the collector to start collecting (or exit)',
      () => collector.log().includes('"collecting"') || collector.child.exitCode !== null,
      30_000,
    );
    expect(collector.log(), collector.log().slice(-2000)).toContain('"collecting"');
    await sleepMs(3000);
    expect(collector.child.exitCode, `exited early: ${collector.log().slice(-2000)}`).toBeNull();
    expect(collector.log()).not.toContain('TimeoutOverflowWarning');
    collector.child.kill('SIGTERM');
    expect(await exitOf(collector)).toBe(0);
  }, 60_000);
});
