/**
 * Shadow mode end to end: poly-bot evaluates live data from poly-sim, records every detected
 * opportunity as a decision, and places no order anywhere (no fills, nothing sent to any order
 * endpoint), while validating the feeds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveRun, orderRequests, type LiveRun } from './live-harness.js';

describe('poly-bot --mode shadow against poly-sim', () => {
  let run: LiveRun;
  let result: LiveRun['result'];

  beforeAll(async () => {
    run = await liveRun('shadow', 22, {
      seed: 19,
      assets: 'BTC,ETH',
      rate: 60,
      arbEpisodes: 3,
      arbMargin: '0.03',
      arbDurationMs: 4000,
      arbIntervalMs: 5000,
      arbFirstAfterMs: 5000,
    });
    result = run.result;
  }, 90_000);

  afterAll(async () => {
    await run?.close();
  });

  it('runs, follows the markets and reports healthy feeds', () => {
    expect(result.code, result.stderr.slice(-3000)).toBe(0);
    expect(result.stderr).toContain('shadow mode: evaluating and recording decisions, placing no orders');
    expect(result.stderr).toContain('following market');
  });

  it('records the detected opportunities as decisions that were not sent', async () => {
    const rows = await run.store.queryRows<{ action: string; reason_detail: string; mode: string }>(
      'SELECT action, reason_detail, mode FROM decisions',
    );
    const wouldTrade = rows.filter((r) => r.action === 'BUY_PAIR' || r.action === 'POST_MAKER');
    expect(wouldTrade.length).toBeGreaterThan(0);
    for (const r of wouldTrade) expect(r.reason_detail).toContain('shadow mode: not sent');
    expect(new Set(rows.map((r) => r.mode))).toEqual(new Set(['shadow']));
    // Nothing was ever filled, resting or rejected: no order existed.
    expect(rows.filter((r) => ['FILLED', 'PARTIAL_FILL', 'ORDER_RESTING', 'ORDER_REJECTED'].includes(r.action))).toEqual([]);
  });

  it('places no order anywhere', () => {
    expect(run.gamma.requests.length + run.clob.requests.length).toBeGreaterThan(0);
    expect(orderRequests([...run.gamma.requests, ...run.clob.requests])).toEqual([]);
  });
});
