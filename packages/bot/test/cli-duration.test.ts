/**
 * A `--duration` past Node's timer limit (2^31 - 1 ms, about 24.8 days) used to end a paper run
 * 2 ms after it started, exit 0. A 30-day run must keep trading until it is told to stop.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sleep } from '@polymarket-arb/common';
import { startSimulator, type Simulator } from '@polymarket-arb/sim';
import { BOT_CLI } from './live-harness.js';

const THIRTY_DAYS_S = '2592000';

describe('poly-bot --mode paper --duration longer than the timer limit', () => {
  const dir = mkdtempSync(join(tmpdir(), 'poly-bot-duration-'));
  let sim: Simulator | undefined;
  afterAll(async () => {
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps running until SIGTERM, then exits 0', async () => {
    sim = await startSimulator({ seed: 5, assets: 'BTC', rate: 50, binanceRate: 5 });
    const args = [
      '--mode',
      'paper',
      '--assets',
      'BTC',
      '--data-dir',
      join(dir, 'data'),
      '--state-file',
      join(dir, 'state.json'),
      '--duration',
      THIRTY_DAYS_S,
      '--log-format',
      'json',
    ];
    const child = spawn(process.execPath, [BOT_CLI, ...args], {
      env: { ...process.env, ...sim.urls },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    for (let i = 0; i < 300 && !stderr.includes('paper mode: simulated fills') && child.exitCode === null; i++) await sleep(100);
    expect(stderr, stderr.slice(-2000)).toContain('paper mode: simulated fills');
    await sleep(3000);
    expect(child.exitCode, `exited early: ${stderr.slice(-2000)}`).toBeNull();
    expect(stderr).not.toContain('TimeoutOverflowWarning');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 60_000);
});
