/**
 * SIGTERM mid-burst, while the collector is behind (the process was frozen for 2 s, as on a starved
 * CPU, so the simulator's frames queued up): the CLI stops reading, flushes every buffer, closes the
 * store and exits 0. Whatever the machine's load, nothing received is lost and nothing is silently
 * missing: the frames received are the first ones the simulator sent, in order, every delta of them
 * is stored exactly once, and any frame sent but never read lies after a gap recorded as such.
 * (How fast the collector reads is the benchmark's business: collect/bench/ingest.mjs.)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '@polymarket-arb/common';
import { startSimulator, type Simulator } from '@polymarket-arb/sim';
import { UNREAD_AT_SHUTDOWN } from '../src/capture/sink.js';
import { deltaKeysOf, sleepMs, storedDeltas } from './sim-harness.js';

const CLI = fileURLToPath(new URL('../bin/poly-collect.js', import.meta.url));

describe('poly-collect on SIGTERM in the middle of a burst, behind the feed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'poly-sigterm-'));
  let sim: Simulator;
  afterAll(async () => {
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('flushes everything received, reads the stream without holes, records what it did not read, exits 0', async () => {
    sim = await startSimulator({ seed: 41, assets: 'BTC,ETH,SOL', rate: 4000, binanceRate: 20, recordSent: true });
    const child = spawn(process.execPath, [CLI, '--assets', 'BTC,ETH,SOL', '--data-dir', join(dir, 'data'), '--log-format', 'json'], {
      env: { ...process.env, ...sim.urls },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await sleepMs(5000);
    expect(sim.stats().market.some((c) => c.framesSent > 2000)).toBe(true); // mid-burst
    child.kill('SIGSTOP');
    await sleepMs(2000);
    child.kill('SIGCONT');
    child.kill('SIGTERM');
    const code = await Promise.race([exited, sleepMs(40_000).then(() => 'still running')]);
    expect(code, stderr.slice(-2000)).toBe(0);
    expect(stderr).toContain('SIGTERM received');
    expect(stderr).toContain('all buffers flushed');
    const store = await openStore({ dataDir: join(dir, 'data') });
    try {
      // Nothing received is lost: every delta of every raw frame is in orderbook_deltas, once.
      const raw = (await store.queryRows<{ frame: string }>("SELECT frame FROM raw_frames WHERE source = 'clob' ORDER BY ingest_seq")).map(
        (r) => r.frame,
      );
      const received = new Map<string, number>();
      for (const frame of raw) for (const key of deltaKeysOf(frame)) received.set(key, (received.get(key) ?? 0) + 1);
      expect(received.size).toBeGreaterThan(1000);
      expect(await storedDeltas(store)).toEqual(received);
      // No hole: the frames received are exactly the first ones sent on the connection, in order.
      const connections = sim.stats().market;
      expect(connections).toHaveLength(1);
      const sent = (connections[0]?.sent ?? []).map((f) => f.text).filter((t) => t !== 'PONG');
      expect(raw.length).toBeLessThanOrEqual(sent.length);
      const firstDifference = raw.findIndex((frame, i) => frame !== sent[i]);
      expect(firstDifference, 'first received frame that is not the next one sent').toBe(-1);
      // Sent but never read (the socket was cut at shutdown): a gap per book says so; otherwise none.
      const unreadGaps = await store.queryRows<{ token_id: string }>(
        `SELECT token_id FROM collector_gaps WHERE source = 'clob' AND reason = '${UNREAD_AT_SHUTDOWN}'`,
      );
      if (raw.length < sent.length)
        expect(unreadGaps.length, `${sent.length - raw.length} frames sent were not read, with no gap recorded`).toBeGreaterThan(0);
      else expect(unreadGaps).toEqual([]);
      // Falling behind left no episode open: every lag_start has its lag_end.
      const lagEvents = await store.queryRows<{ kind: string; source: string }>(
        "SELECT kind, source FROM collector_events WHERE kind LIKE 'lag_%' ORDER BY timestamp",
      );
      for (const source of ['clob', 'binance']) {
        const kinds = lagEvents.filter((e) => e.source === source).map((e) => e.kind);
        expect(kinds.filter((k) => k === 'lag_start').length, source).toBe(kinds.filter((k) => k === 'lag_end').length);
      }
    } finally {
      await store.close();
    }
  }, 90_000);
});
