/**
 * Speed control: at any multiple (1x, 7x, 100x) the replay clock is paced against wall time from
 * the first recorded event on (each event is processed when wall time has caught up with it; a
 * range that starts before the recording does not wait through the lead-in), at max it never
 * waits; an abort stops the replay and the report says it is partial. Wall time is a fake here, so
 * nothing depends on how busy the machine is.
 */
import { describe, expect, it } from 'vitest';
import { BacktestRunner, type WallClock } from '../src/backtest/run/runner.js';
import type { EventBatch } from '../src/backtest/replay/batch.js';
import type { ReplaySpeed } from '../src/backtest/cli/options.js';
import type { MarketEvent } from '../src/core/events.js';
import { backtestConfig, book, scripted } from './backtest-helpers.js';
import { T0, testWindow } from './helpers.js';

const w = testWindow(T0 + 900_000);
const START = T0 + 60_000;

/** Ten seconds of replay: the market, its books, and a spot trade every second. */
function tenSeconds(): EventBatch {
  const steps: [number, MarketEvent][] = [
    [START, { type: 'market', window: w }],
    [START + 10, book(w.yesTokenId, [['0.40', '10']], [['0.60', '10']])],
    [START + 20, book(w.noTokenId, [['0.40', '10']], [['0.60', '10']])],
  ];
  for (let s = 1; s <= 10; s++)
    steps.push([START + s * 1000, { type: 'spot', asset: 'BTC', price: 95_000_000_000 + s, timestampMs: START + s * 1000 }]);
  return scripted(steps, START + 10_500);
}

function fakeWall(onSleep?: (total: number) => void): WallClock & { t: number; slept: number[] } {
  const wall = {
    t: 1_000,
    slept: [] as number[],
    now: () => wall.t,
    async sleep(ms: number) {
      wall.slept.push(ms);
      wall.t += ms;
      onSleep?.(wall.t);
    },
  };
  return wall;
}

async function replay(speed: ReplaySpeed, wall: WallClock, signal?: AbortSignal, rangeStartMs = START) {
  const r = new BacktestRunner({ config: backtestConfig(), startMs: rangeStartMs, endMs: START + 10_500, runId: 'pace', speed, wall });
  const seen: [replayMs: number, wallMs: number][] = [];
  const process = r.bot.engine.process.bind(r.bot.engine);
  r.bot.engine.process = (e) => {
    if (e.type !== 'tick') seen.push([r.clock.nowMs() - START, wall.now() - 1_000]);
    process(e);
  };
  await r.runBatch(tenSeconds(), signal);
  return { r, seen };
}

describe('backtest speed control', () => {
  for (const speed of [1, 7, 100]) {
    it(`${speed}x: every event is processed when wall time reaches replay time / ${speed}`, async () => {
      const wall = fakeWall();
      const { seen } = await replay(speed, wall);
      expect(seen).toHaveLength(13);
      for (const [replayMs, wallMs] of seen) expect(Math.abs(wallMs - replayMs / speed), `event at +${replayMs} ms`).toBeLessThanOrEqual(2);
      // the last tick is due at +10.4 s; waits of 2 ms or less are not slept
      expect(Math.abs(wall.slept.reduce((a, b) => a + b, 0) - 10_400 / speed)).toBeLessThanOrEqual(2);
    });
  }

  it('a range that starts a minute before the recording: pacing starts at the first event, not at the range start', async () => {
    const speed = 7;
    const wall = fakeWall();
    const { seen } = await replay(speed, wall, undefined, START - 60_000);
    expect(seen[0]).toEqual([0, 0]); // the first event is processed at once
    for (const [replayMs, wallMs] of seen) expect(Math.abs(wallMs - replayMs / speed), `event at +${replayMs} ms`).toBeLessThanOrEqual(2);
    expect(Math.abs(wall.slept.reduce((a, b) => a + b, 0) - 10_400 / speed)).toBeLessThanOrEqual(2);
  });

  it('max: never waits', async () => {
    const wall = fakeWall();
    const { seen, r } = await replay('max', wall);
    expect(seen).toHaveLength(13);
    expect(wall.slept).toEqual([]);
    expect(r.ticks).toBe(104);
  });

  it('an abort during a paced replay stops it; the report is marked partial', async () => {
    const ac = new AbortController();
    const wall = fakeWall((t) => t > 1_000 + 4_500 && ac.abort());
    const { r, seen } = await replay(1, wall, ac.signal);
    expect(r.aborted).toBe(true);
    expect(seen.length).toBeLessThan(13);
    expect(seen.at(-1)?.[0]).toBeLessThanOrEqual(5_000);
  });
});
