/**
 * The live market model on its own (no sockets): determinism, self-consistency of every frame
 * against an independently rebuilt book, mirroring, tick discipline, rollover and resolution, and
 * the arbitrage episodes against the ground truth.
 */
import { parseMicros, pairCost, type parseFeeSchedule, CRYPTO_FEES_2026 } from '@polymarket-arb/domain';
import { describe, expect, it } from 'vitest';
import { Catalog } from '../src/market/catalog-port.js';
import { MarketEngine } from '../src/market/engine.js';
import type { MarketFrame } from '../src/market/frames.js';
import { TruthLog } from '../src/market/truth-log.js';
import { BookReplica } from './helpers/book-replica.js';

type Json = Record<string, unknown>;

// 12:10 UTC: five minutes before a boundary, so the run crosses a rollover and a resolution.
const START = Date.UTC(2026, 10, 26, 12, 10, 0);

interface Run {
  frames: MarketFrame[];
  /** Book dumps of every token, taken when its market appeared (at the start or at a rollover). */
  dumps: Map<string, string>;
  engine: MarketEngine;
  truth: TruthLog;
  catalog: Catalog;
}

function run(seed: number, minutes: number, rate: number, episodes = 0): Run {
  const frames: MarketFrame[] = [];
  const dumps = new Map<string, string>();
  const truth = new TruthLog();
  const catalog = new Catalog({ seed });
  const engine = new MarketEngine({
    catalog,
    seed,
    assets: ['BTC', 'ETH', 'SOL'],
    rate,
    episodes: { count: episodes, marginMicros: 10_000, durationMs: 2_000, sizeMicros: 50_000_000, firstAfterMs: 2_000, intervalMs: 15_000 },
    truth,
    sink: (f) => {
      frames.push(f);
      // A subscriber would get these books on subscribing; take them before later changes.
      if (f.kind === 'new_market')
        for (const id of JSON.parse(f.text).assets_ids as string[]) dumps.set(id, engine.dumpBook(id, f.timestampMs) ?? '');
    },
  });
  engine.start(START);
  for (const m of engine.allMarkets())
    for (const id of [m.market.yesTokenId, m.market.noTokenId]) dumps.set(id, engine.dumpBook(id, START) ?? '');
  for (let t = START; t <= START + minutes * 60_000; t += 250) engine.advanceTo(t);
  return { frames, dumps, engine, truth, catalog };
}

describe('market model', () => {
  it('is deterministic from the seed and the start time, and the rate is the rate of frames', () => {
    const first = run(7, 1, 400);
    // Every flow event is one order change or trade (one price_change) or a tick change (one per token).
    const count = (kind: string): number => first.frames.filter((f) => f.kind === kind).length;
    expect(count('price_change') + count('tick_size_change') / 2).toBe(60 * 400 + 1);
    const a = first.frames.map((f) => f.text);
    const b = run(7, 1, 400).frames.map((f) => f.text);
    const c = run(8, 1, 400).frames.map((f) => f.text);
    expect(a.length).toBeGreaterThan(20_000);
    expect(b).toEqual(a);
    expect(c.slice(0, 100)).not.toEqual(a.slice(0, 100));
  });

  it('sends consistent, mirrored books and finds every episode at its logged time and margin', () => {
    const { frames, dumps, engine, truth, catalog } = run(42, 8, 300, 12);
    const replica = new BookReplica();
    const tokens = new Map<string, { up: string; down: string; fee: ReturnType<typeof parseFeeSchedule> }>();
    const ticks = new Map<string, number>();
    const addMarket = (up: string, down: string): void => {
      const m = catalog.lookupToken(up)?.market;
      tokens.set(up, { up, down, fee: m?.feeSchedule ?? CRYPTO_FEES_2026 });
      tokens.set(down, { up, down, fee: m?.feeSchedule ?? CRYPTO_FEES_2026 });
      for (const id of [up, down]) {
        const dump = dumps.get(id);
        if (dump) replica.applyFrame(dump);
        ticks.set(id, parseMicros(String((JSON.parse(dump ?? '{"tick_size":"0.01"}') as Json).tick_size)));
      }
    };
    // Dumps of the books that exist at the start (what a subscriber gets first).
    for (const m of engine.allMarkets()) addMarket(m.market.yesTokenId, m.market.noTokenId);

    const found: { market: string; startMs: number; endMs: number; upAsk: number; downAsk: number }[] = [];
    const open = new Map<string, { startMs: number; upAsk: number; downAsk: number }>();
    const resolved = new Set<string>();
    let priceChanges = 0;
    const problems: string[] = [];
    for (const f of frames) {
      const e = JSON.parse(f.text) as Json;
      if (f.kind === 'new_market') {
        const ids = e.assets_ids as string[];
        addMarket(ids[0] as string, ids[1] as string);
        continue;
      }
      if (f.kind === 'tick_size_change') {
        if (parseMicros(String(e.old_tick_size)) !== ticks.get(String(e.asset_id)))
          problems.push(`tick_size_change from an unknown tick ${e.old_tick_size}`);
        ticks.set(String(e.asset_id), parseMicros(String(e.new_tick_size)));
        continue;
      }
      if (f.kind === 'market_resolved') {
        for (const id of e.assets_ids as string[]) resolved.add(id);
        const m = catalog.lookupCondition(String(e.market));
        expect(m).toBeDefined();
        if (m) expect(e.winning_asset_id).toBe(catalog.winner(m) === 'yes' ? m.yesTokenId : m.noTokenId);
        continue;
      }
      replica.apply(e);
      if (f.kind !== 'price_change') continue;
      priceChanges++;
      const entries = e.price_changes as Json[];
      // One order = two entries; an episode opens or closes as two orders in one frame.
      if (entries.length !== 2 && entries.length !== 4) problems.push(`${entries.length} entries at ${e.timestamp}`);
      const pair = tokens.get(String(entries[0]?.asset_id));
      if (!pair) {
        problems.push(`unknown token ${entries[0]?.asset_id}`);
        continue;
      }
      for (let i = 0; i < entries.length; i += 2) {
        const [a, b] = [entries[i] as Json, entries[i + 1] as Json];
        // The two entries mirror each other: other token, other side, price 1-p, same size.
        const mirrored =
          [pair.up, pair.down].includes(String(a.asset_id)) &&
          [pair.up, pair.down].includes(String(b.asset_id)) &&
          a.asset_id !== b.asset_id &&
          a.side !== b.side &&
          parseMicros(String(a.price)) + parseMicros(String(b.price)) === 1_000_000 &&
          a.size === b.size;
        if (!mirrored) problems.push(`not mirrored: ${JSON.stringify([a, b])}`);
      }
      for (const c of entries) {
        const id = String(c.asset_id);
        if (resolved.has(id)) problems.push(`entry after resolution on ${id}`);
        if (parseMicros(String(c.price)) % (ticks.get(id) ?? 1) !== 0) problems.push(`off-tick price ${String(c.price)}`);
        if (parseMicros(String(c.size)) % 10_000 !== 0) problems.push(`size ${String(c.size)} has more than 2 decimals`);
      }
      // Arbitrage: best Up ask + best Down ask below 1.
      const upAsk = replica.bestAsk(pair.up) ?? 1_000_000;
      const downAsk = replica.bestAsk(pair.down) ?? 1_000_000;
      const ts = Number(e.timestamp);
      const current = open.get(pair.up);
      if (upAsk + downAsk < 1_000_000) {
        if (!current) open.set(pair.up, { startMs: ts, upAsk, downAsk });
      } else {
        if ((replica.bestBid(pair.up) ?? 0) >= (replica.bestAsk(pair.up) ?? 1_000_000))
          problems.push(`crossed book outside an episode at ${ts}`);
        if (current) {
          found.push({ market: pair.up, startMs: current.startMs, endMs: ts, upAsk: current.upAsk, downAsk: current.downAsk });
          open.delete(pair.up);
        }
      }
    }
    expect(problems.slice(0, 5)).toEqual([]);
    expect(replica.mismatches.slice(0, 5)).toEqual([]);
    expect(priceChanges).toBeGreaterThan(100_000);
    expect(replica.entries).toBeGreaterThan(200_000);
    expect(resolved.size).toBe(6);

    const episodes = truth.all();
    expect(episodes).toHaveLength(12);
    expect(found).toHaveLength(12);
    for (const [i, ep] of episodes.entries()) {
      const hit = found[i];
      expect(hit?.market).toBe(ep.upTokenId);
      expect(hit?.startMs).toBe(ep.startMs);
      expect(hit?.endMs).toBe(ep.endMs);
      expect(hit?.upAsk).toBe(parseMicros(ep.upAsk));
      expect(hit?.downAsk).toBe(parseMicros(ep.downAsk));
      const fee = tokens.get(ep.upTokenId)?.fee ?? CRYPTO_FEES_2026;
      const cost = pairCost({
        size: parseMicros(ep.size),
        yesPrice: parseMicros(ep.upAsk),
        noPrice: parseMicros(ep.downAsk),
        schedule: fee,
      });
      expect(cost.profit).toBe(BigInt(parseMicros(ep.netMargin)));
      expect(parseMicros(ep.netMarginPerShare)).toBeGreaterThanOrEqual(10_000);
      expect(ep.endMs - ep.startMs).toBe(2_000);
    }
  });

  it('runs for hours across windows: bounded markets, one resolution per window with the catalog winner', () => {
    const frames: MarketFrame[] = [];
    const catalog = new Catalog({ seed: 3 });
    const engine = new MarketEngine({
      catalog,
      seed: 3,
      assets: ['BTC', 'XRP'],
      rate: 20,
      truth: new TruthLog(),
      sink: (f) => frames.push(f),
    });
    engine.start(START);
    let most = 0;
    for (let t = START; t <= START + 3 * 3_600_000; t += 60_000) {
      expect(engine.advanceTo(t, 10_000_000)).toBe(true);
      most = Math.max(most, engine.allMarkets().length);
    }
    // Per asset: the ended (or just resolved) window, the current one and the next one.
    expect(most).toBeLessThanOrEqual(2 * 3);
    const resolved = frames.filter((f) => f.kind === 'market_resolved').map((f) => JSON.parse(f.text) as Json);
    const markets = resolved.map((r) => catalog.lookupCondition(String(r.market)));
    expect(new Set(resolved.map((r) => r.market)).size).toBe(resolved.length);
    expect(resolved.length).toBe(2 * 12);
    for (const [i, r] of resolved.entries()) {
      const m = markets[i];
      expect(m).toBeDefined();
      if (!m) continue;
      expect(r.winning_asset_id).toBe(catalog.winner(m) === 'yes' ? m.yesTokenId : m.noTokenId);
      expect(Number(r.timestamp)).toBe(m.resolvesAtMs);
    }
    expect(frames.filter((f) => f.kind === 'new_market')).toHaveLength(2 * 12);
  });
});
