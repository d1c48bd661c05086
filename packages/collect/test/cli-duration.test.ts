/**
 * A `--duration` past Node's timer limit (2^31 - 1 ms, about 24.8 days) used to end the run 2 ms
 * after it started, exit 0. A 30-day run must keep collecting until it is told to stop.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '@polymarket-arb/sim';
import { sleepMs } from './sim-harness.js';

const CLI = fileURLToPath(new URL('../bin/poly-collect.js', import.meta.url));
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
    const child = spawn(process.execPath, [CLI, '--assets', 'BTC', '--data-dir', join(dir, 'data'), '--duration', THIRTY_DAYS_S, '--log-format', 'json'], { env: { ...process.env, ...sim.urls }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    for (let i = 0; i < 300 && !stderr.includes('"collecting"') && child.exitCode === null; i++) await sleepMs(100);
    expect(stderr, stderr.slice(-2000)).toContain('"collecting"');
    await sleepMs(3000);
    expect(child.exitCode, `exited early: ${stderr.slice(-2000)}`).toBeNull();
    expect(stderr).not.toContain('TimeoutOverflowWarning');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 60_000);
});
