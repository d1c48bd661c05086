/**
 * The ground truth against the served books: a WebSocket client rebuilds every book from the
 * stream with its own book code, checks each entry's best_bid/best_ask and mirroring, and finds
 * every injected arbitrage episode at exactly its logged time, prices and net-of-fee margin, and
 * none that was not logged. The NDJSON truth file matches the library's `truth()`.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CRYPTO_FEES_2026, pairCost, parseMicros } from '@polymarket-arb/domain';
import { afterAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../src/index.js';
import { BookReplica } from './helpers/book-replica.js';
import { TestClient } from './helpers/ws-client.js';

type Json = Record<string, unknown>;

const EPISODES = 5;
const truthFile = join(mkdtempSync(join(tmpdir(), 'poly-sim-truth-')), 'truth.ndjson');
let sim: Simulator | undefined;
let client: TestClient | undefined;
afterAll(async () => {
  client?.close();
  await sim?.close();
});

interface Found {
  up: string;
  startMs: number;
  endMs: number;
  upAsk: number;
  downAsk: number;
}

describe('ground truth vs served books', () => {
  it('finds every injected episode at its logged time and margin, and nothing else', async () => {
    sim = await startSimulator({
      seed: 21,
      assets: ['BTC', 'ETH', 'SOL'],
      rate: 600,
      startTimeMs: Date.UTC(2026, 10, 26, 12, 5, 0),
      arbEpisodes: EPISODES,
      arbFirstAfterMs: 800,
      arbIntervalMs: 1_500,
      arbDurationMs: 600,
      arbSize: '50',
      arbMargin: '0.015',
      truthFile,
      recordSent: true,
    });
    const markets = sim.control.markets().filter((m) => m.state === 'live' || m.state === 'listed');
    const pairs = new Map<string, { up: string; down: string }>();
    for (const m of markets) {
      const pair = { up: m.upTokenId, down: m.downTokenId };
      pairs.set(m.upTokenId, pair);
      pairs.set(m.downTokenId, pair);
    }
    client = await TestClient.open(`${sim.urls.POLY_CLOB_WS_URL}/ws/market`);
    client.send({ assets_ids: [...pairs.keys()], type: 'market' });
    const s = sim;
    const c = client;
    await c.waitFor(() => {
      const truth = s.truth();
      const last = truth[EPISODES - 1];
      return last !== undefined && c.events.some((e) => Number(e.timestamp) > last.endMs);
    }, 'every episode to start and end');

    const replica = new BookReplica();
    const found: Found[] = [];
    const open = new Map<string, Omit<Found, 'endMs'>>();
    const problems: string[] = [];
    for (const text of c.frames) {
      const events = replica.applyFrame(text) as Json[];
      for (const e of events) {
        if (e.event_type !== 'price_change') continue;
        const entries = e.price_changes as Json[];
        const pair = pairs.get(String(entries[0]?.asset_id));
        if (!pair) {
          problems.push(`delta for an unsubscribed token at ${e.timestamp}`);
          continue;
        }
        for (let i = 0; i < entries.length; i += 2) {
          const [a, b] = [entries[i] as Json, entries[i + 1] as Json];
          const mirrored =
            a.asset_id !== b.asset_id &&
            pairs.get(String(b.asset_id)) === pair &&
            a.side !== b.side &&
            parseMicros(String(a.price)) + parseMicros(String(b.price)) === 1_000_000 &&
            a.size === b.size;
          if (!mirrored) problems.push(`unmirrored entries at ${e.timestamp}`);
        }
        const upAsk = replica.bestAsk(pair.up) ?? 1_000_000;
        const downAsk = replica.bestAsk(pair.down) ?? 1_000_000;
        const ts = Number(e.timestamp);
        const current = open.get(pair.up);
        if (upAsk + downAsk < 1_000_000) {
          if (!current) open.set(pair.up, { up: pair.up, startMs: ts, upAsk, downAsk });
          else if (current.upAsk !== upAsk || current.downAsk !== downAsk) problems.push(`episode prices moved at ${ts}`);
        } else if (current) {
          found.push({ ...current, endMs: ts });
          open.delete(pair.up);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(replica.mismatches).toEqual([]);
    expect(replica.entries).toBeGreaterThan(1_000);

    const truth = sim.truth();
    expect(truth).toHaveLength(EPISODES);
    expect(found).toHaveLength(EPISODES);
    for (const [i, ep] of truth.entries()) {
      const hit = found[i] as Found;
      expect({ token: hit.up, start: hit.startMs, end: hit.endMs, upAsk: hit.upAsk, downAsk: hit.downAsk }).toEqual({
        token: ep.upTokenId,
        start: ep.startMs,
        end: ep.endMs,
        upAsk: parseMicros(ep.upAsk),
        downAsk: parseMicros(ep.downAsk),
      });
      const schedule = sim.catalog.lookupToken(ep.upTokenId)?.market.feeSchedule ?? CRYPTO_FEES_2026;
      const cost = pairCost({ size: parseMicros(ep.size), yesPrice: hit.upAsk, noPrice: hit.downAsk, schedule });
      expect(cost.profit).toBe(BigInt(parseMicros(ep.netMargin)));
      const perShare = pairCost({ size: 1_000_000, yesPrice: hit.upAsk, noPrice: hit.downAsk, schedule }).profit;
      expect(perShare).toBe(BigInt(parseMicros(ep.netMarginPerShare)));
      expect(perShare).toBeGreaterThanOrEqual(15_000n);
      expect(ep.size).toBe('50');
      // The liquidity offered at the episode's asks is the logged size.
      expect(c.frames.join('\n')).toContain(`"price":"${ep.upAsk}","size":"50","side":"SELL"`);
    }

    // The NDJSON file holds the same episodes, one per line.
    const lines = readFileSync(truthFile, 'utf8').trim().split('\n');
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual(truth);

    // Every frame received is what the simulator reports as sent, in order.
    const sent = sim.stats().market[0]?.sent ?? [];
    expect(sent.slice(0, c.frames.length).map((f) => f.text)).toEqual(c.frames);
  });
});
