/**
 * SIGTERM mid-burst: the CLI stops reading, flushes every buffer, closes the store and exits 0;
 * every delta the simulator delivered is in the store exactly once.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '@polymarket-arb/common';
import { startSimulator, type Simulator } from '@polymarket-arb/sim';
import { deltaKeysOf, sentDeltas, sleepMs, storedDeltas } from './sim-harness.js';

const CLI = fileURLToPath(new URL('../bin/poly-collect.js', import.meta.url));

describe('poly-collect on SIGTERM in the middle of a burst', () => {
  const dir = mkdtempSync(join(tmpdir(), 'poly-sigterm-'));
  let sim: Simulator;
  afterAll(async () => {
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('flushes everything and exits 0', async () => {
    sim = await startSimulator({ seed: 41, assets: 'BTC,ETH,SOL', rate: 4000, binanceRate: 20, recordSent: true });
    const child = spawn(process.execPath, [CLI, '--assets', 'BTC,ETH,SOL', '--data-dir', join(dir, 'data'), '--log-format', 'json'], { env: { ...process.env, ...sim.urls }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await sleepMs(6000);
    expect(sim.stats().market.some((c) => c.framesSent > 2000)).toBe(true); // mid-burst
    const sigtermAtMs = Date.now();
    child.kill('SIGTERM');
    const code = await Promise.race([exited, sleepMs(30_000).then(() => 'still running')]);
    expect(code, stderr.slice(-2000)).toBe(0);
    expect(stderr).toContain('SIGTERM received');
    expect(stderr).toContain('all buffers flushed');
    const store = await openStore({ dataDir: join(dir, 'data') });
    try {
      // Everything received is stored: every delta of every raw frame is in orderbook_deltas, once.
      const raw = await store.queryRows<{ frame: string }>("SELECT frame FROM raw_frames WHERE source = 'clob'");
      const received = new Map<string, number>();
      for (const r of raw) for (const key of deltaKeysOf(r.frame)) received.set(key, (received.get(key) ?? 0) + 1);
      expect(await storedDeltas(store)).toEqual(received);
      // Whatever was sent but not stored was still in flight when the collector stopped reading.
      const sent = sentDeltas(sim);
      const late = [...sent].filter(([k, n]) => (received.get(k) ?? 0) < n).map(([k]) => Number(k.split('|')[5]));
      expect(late.every((ts) => ts >= sigtermAtMs - 250), `${late.length} deltas lost from before SIGTERM`).toBe(true);
      expect(received.size).toBeGreaterThan(sent.size * 0.9);
    } finally {
      await store.close();
    }
  }, 60_000);
});
