/**
 * Paper mode end to end: poly-bot (the built CLI) against poly-sim with injected arbitrage
 * episodes. It detects the episodes the ground truth says are profitable net of fees (recall and
 * precision printed), paper-fills them, keeps inventory balanced, explains every action and skip
 * in the `decisions` table, and sends nothing to any order endpoint.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMicros } from '@polymarket-arb/domain';
import type { Simulator, TruthEpisode } from '@polymarket-arb/sim';
import { eventIdOf, liveRun, orderRequests, type LiveRun } from './live-harness.js';

type Decision = {
  ts: string;
  event_id: string;
  action: string;
  reason_code: string;
  reason_detail: string;
  size: string;
  net_margin: string;
};

describe('poly-bot --mode paper against poly-sim with arbitrage episodes', () => {
  let run: LiveRun;
  let sim: Simulator;
  let episodes: readonly TruthEpisode[];
  let decisions: Decision[];
  let result: LiveRun['result'];

  beforeAll(async () => {
    run = await liveRun(
      'paper',
      42,
      {
        seed: 17,
        assets: 'BTC,ETH',
        rate: 60,
        arbEpisodes: 5,
        arbMargin: '0.03',
        arbDurationMs: 4000,
        arbIntervalMs: 6000,
        arbFirstAfterMs: 6000,
      },
      (dir) => ['--state-file', join(dir, 'state.json')],
      {
        // Every paper taker order fills when the book allows, so the inventory check is deterministic
        // (random fill failures and the leg-risk responses to them have their own tests).
        POLY_BOT_PAPER_FILL_PROBABILITY: '1',
      },
    );
    ({ sim, result } = run);
    episodes = sim.truth();
    decisions = await run.store.queryRows<Decision>(
      'SELECT toString(toUnixTimestamp64Milli(timestamp)) AS ts, event_id, action, reason_code, reason_detail, toString(size) AS size, toString(net_margin) AS net_margin FROM decisions ORDER BY timestamp',
    );
  }, 90_000);

  afterAll(async () => {
    await run?.close();
  });

  it('runs and exits 0', () => {
    expect(result.code, result.stderr.slice(-3000)).toBe(0);
    expect(episodes.length).toBeGreaterThanOrEqual(4);
  });

  it('detects and takes the profitable episodes (recall) and nothing else (precision)', () => {
    const profitable = episodes.filter((e) => parseMicros(e.netMarginPerShare) > 0);
    const taken = decisions.filter((d) => d.action === 'BUY_PAIR' || d.action === 'POST_MAKER');
    // The bot's clock follows the exchange's /time, which has whole-second resolution: allow 1 s either side.
    const during = (d: Decision, e: TruthEpisode) =>
      d.event_id === eventIdOf(sim, e.slug) && Number(d.ts) >= e.startMs - 1000 && Number(d.ts) <= e.endMs + 1000;
    const inEpisode = (d: Decision) => episodes.some((e) => during(d, e));
    const caught = profitable.filter((e) => taken.some((d) => during(d, e)));
    const recall = caught.length / profitable.length;
    const precision = taken.length === 0 ? 0 : taken.filter(inEpisode).length / taken.length;
    console.log(
      `[paper e2e] episodes ${episodes.length}, profitable net of fees ${profitable.length}, caught ${caught.length}: recall ${recall.toFixed(2)}, precision ${precision.toFixed(2)} (${taken.length} orders decided)`,
    );
    expect(recall).toBeGreaterThanOrEqual(0.8);
    expect(precision).toBe(1);
  });

  it('paper-fills them and keeps inventory balanced', () => {
    const fills = decisions.filter((d) => d.action === 'FILLED' || d.action === 'PARTIAL_FILL');
    expect(fills.length).toBeGreaterThan(0);
    const state = JSON.parse(readFileSync(join(run.dir, 'state.json'), 'utf8')) as {
      markets: { yes: string; no: string }[];
      openOrders: unknown[];
    };
    const held = state.markets.filter((m) => parseMicros(m.yes) > 0 || parseMicros(m.no) > 0);
    expect(held.length).toBeGreaterThan(0);
    for (const m of held) expect(m.yes).toBe(m.no);
  });

  it('explains every action and skip in the decisions table', () => {
    expect(decisions.length).toBeGreaterThan(10);
    for (const d of decisions) {
      expect(d.action).not.toBe('');
      expect(d.reason_code).not.toBe('');
      expect(d.reason_detail.length).toBeGreaterThan(10);
    }
  });

  it('sends nothing to any order endpoint', () => {
    expect(run.gamma.requests.length + run.clob.requests.length).toBeGreaterThan(0); // the proxies were used
    expect(orderRequests([...run.gamma.requests, ...run.clob.requests])).toEqual([]);
  });
});
