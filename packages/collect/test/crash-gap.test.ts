/**
 * A crash leaves a trace. Real processes on the embedded store: poly-collect is killed with SIGKILL
 * while collecting, then started again on the same directory. The second start records the hole:
 * a `stop` just after the last row the dead run stored (detail "unclean stop"), and a gap for every
 * book and spot feed it followed, up to the new start. A backtest read of the recording (the replay
 * reader) then disconnects the feeds over the hole instead of replaying the books as continuous.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '@polymarket-arb/common';
import { ReplayReader, type MarketEvent, type ReplayNote } from '@polymarket-arb/bot';
import { startSimulator, type Simulator } from '@polymarket-arb/sim';
import { exitOf, freePort, SHORT_WAITS_CONFIG, spawnCollector, waitFor } from './cli-harness.js';

interface RunEvent {
  kind: string;
  detail: string;
  at: number;
}

async function runEvents(store: Store): Promise<RunEvent[]> {
  const rows = await store.queryRows<{ kind: string; detail: string; at: string }>(
    "SELECT kind, detail, toString(toUnixTimestamp64Micro(timestamp)) AS at FROM collector_events WHERE kind IN ('start', 'stop') ORDER BY timestamp",
  );
  return rows.map((r) => ({ kind: r.kind, detail: r.detail, at: Number(r.at) }));
}

/** Receive time (µs) of the latest book, market-event or spot row received before `beforeMicros`. */
async function lastRowBefore(store: Store, beforeMicros: number): Promise<number> {
  const union = ['orderbook_deltas', 'orderbook_snapshots', 'market_events', 'spot_prices']
    .map(
      (t) =>
        `SELECT max(toUnixTimestamp64Micro(received_at)) AS rx FROM ${t} WHERE received_at < fromUnixTimestamp64Micro({before:Int64}, 'UTC')`,
    )
    .join(' UNION ALL ');
  const rows = await store.queryRows<{ rx: string }>(`SELECT toString(max(rx)) AS rx FROM (${union})`, { before: beforeMicros });
  return Number(rows[0]?.rx);
}

describe('poly-collect killed with SIGKILL, then started again on the same directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'poly-crash-'));
  const dataDir = join(dir, 'data');
  let sim: Simulator | undefined;
  afterAll(async () => {
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records the hole as a stop and gaps from the last stored row, and the backtest replays it as a feed gap', async () => {
    sim = await startSimulator({ seed: 61, assets: 'BTC,ETH', rate: 300, binanceRate: 10 });
    const args = ['--assets', 'BTC,ETH', '--data-dir', dataDir, '--config', SHORT_WAITS_CONFIG];
    const port = await freePort();
    const first = spawnCollector([...args, '--health-port', String(port)], { cwd: dir, env: { ...sim.urls } });
    const written = async (): Promise<Record<string, { written: number }>> =>
      ((await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as { buffers: Record<string, { written: number }> }).buffers;
    await waitFor('windows, books, deltas and spot trades stored by the first run', async () => {
      const b = await written();
      return ['market_windows', 'orderbook_snapshots', 'orderbook_deltas', 'spot_prices'].every((t) => (b[t]?.written ?? 0) > 0);
    });
    first.child.kill('SIGKILL');
    expect(await exitOf(first)).toBe(null);
    const killedAtMicros = Date.now() * 1000;

    const second = spawnCollector([...args, '--duration', '3'], { cwd: dir, env: { ...sim.urls } });
    expect(await exitOf(second), second.log().slice(-2000)).toBe(0);
    expect(second.log()).toContain('ended without a graceful shutdown');

    const store = await openStore({ dataDir });
    try {
      // start (first run), the unclean stop recorded by the second, start, graceful stop.
      const events = await runEvents(store);
      expect(events.map((e) => e.kind)).toEqual(['start', 'stop', 'start', 'stop']);
      const [firstStart, unclean, secondStart, graceful] = events as [RunEvent, RunEvent, RunEvent, RunEvent];
      expect(firstStart.detail).toBe('assets BTC,ETH');
      expect(unclean.detail).toMatch(/^assets BTC,ETH; unclean stop: .*ended without a graceful shutdown/);
      expect(graceful.detail).toBe('assets BTC,ETH; graceful shutdown');
      const lastRow = await lastRowBefore(store, secondStart.at);
      expect(lastRow).toBeGreaterThan(firstStart.at);
      expect(lastRow).toBeLessThanOrEqual(killedAtMicros);
      expect(unclean.at).toBe(lastRow + 1);

      // One gap per book the dead run followed (every token it stored a delta of, at least) and per spot feed.
      const gaps = await store.queryRows<{ source: string; token_id: string; started: string; ended: string }>(
        "SELECT source, token_id, toString(toUnixTimestamp64Micro(started_at)) AS started, toString(toUnixTimestamp64Micro(ended_at)) AS ended FROM collector_gaps WHERE reason = 'unclean_stop'",
      );
      expect(gaps.every((g) => Number(g.started) === unclean.at && Number(g.ended) === secondStart.at)).toBe(true);
      expect(
        gaps
          .filter((g) => g.source === 'binance')
          .map((g) => g.token_id)
          .sort(),
      ).toEqual(['BTCUSDT', 'ETHUSDT']);
      const followed = await store.queryRows<{ token_id: string }>(
        "SELECT DISTINCT token_id FROM orderbook_deltas WHERE received_at <= fromUnixTimestamp64Micro({t:Int64}, 'UTC')",
        { t: lastRow },
      );
      expect(followed.length).toBeGreaterThan(0);
      expect(gaps.filter((g) => g.source === 'clob').map((g) => g.token_id)).toEqual(
        expect.arrayContaining(followed.map((f) => f.token_id)),
      );

      // The backtest's reader: both feeds disconnect at the unclean stop, nothing is replayed in the
      // hole, and the books come back only with the exchange's fresh snapshots after the new start.
      const reader = new ReplayReader({
        store,
        startMs: Math.floor(firstStart.at / 1000),
        endMs: Math.ceil(graceful.at / 1000) + 1,
        assets: ['BTC', 'ETH'],
        chunkSeconds: 2,
        settleGraceMs: 60_000,
      });
      await reader.open();
      const replay: { at: number; event: MarketEvent }[] = [];
      const notes: ReplayNote[] = [];
      for await (const batch of reader.batches()) {
        batch.events.forEach((event, i) => replay.push({ at: batch.atMicros[i] as number, event }));
        notes.push(...batch.notes);
      }
      expect(notes.some((n) => n.kind === 'collector_stopped' && n.atMicros === unclean.at)).toBe(true);
      expect(notes.some((n) => n.kind === 'feed_gap' && n.atMicros === unclean.at && n.detail.feed === 'clob')).toBe(true);
      const clobFeed = replay.filter((r) => r.event.type === 'feed' && r.event.feed === 'clob');
      const down = clobFeed.find((r) => r.event.type === 'feed' && !r.event.connected);
      expect(down?.at).toBe(unclean.at);
      const up = clobFeed.find((r) => r.at > unclean.at && r.event.type === 'feed' && r.event.connected);
      expect(up?.at).toBe(secondStart.at);
      const inHole = replay.filter((r) => r.at > unclean.at && r.at < secondStart.at && r.event.type !== 'feed');
      expect(inHole).toEqual([]);
      const firstBookEventOf = new Map<string, string>();
      for (const r of replay) {
        if (r.at <= secondStart.at) continue;
        const tokens =
          r.event.type === 'book' ? [r.event.tokenId] : r.event.type === 'price_change' ? r.event.changes.map((c) => c.tokenId) : [];
        for (const t of tokens) if (!firstBookEventOf.has(t)) firstBookEventOf.set(t, r.event.type);
      }
      expect(firstBookEventOf.size).toBeGreaterThan(0);
      expect([...firstBookEventOf.values()].every((type) => type === 'book')).toBe(true);
    } finally {
      await store.close();
    }
  }, 180_000);
});
