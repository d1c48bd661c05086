import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_TIMER_DELAY_MS, sleep } from '../src/index.js';

const DAY_MS = 86_400_000;

describe('sleep', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  async function settledAfter(ms: number, promise: Promise<void>, state: { done: boolean }): Promise<boolean> {
    void promise.then(() => (state.done = true));
    await vi.advanceTimersByTimeAsync(ms);
    return state.done;
  }

  it('waits out a delay past the timer limit instead of firing at once (a 30-day --duration)', async () => {
    vi.useFakeTimers();
    const state = { done: false };
    const wait = sleep(30 * DAY_MS);
    expect(await settledAfter(1000, wait, state)).toBe(false);
    expect(await settledAfter(MAX_TIMER_DELAY_MS, wait, state)).toBe(false);
    expect(await settledAfter(30 * DAY_MS - MAX_TIMER_DELAY_MS - 1001, wait, state)).toBe(false);
    expect(await settledAfter(1, wait, state)).toBe(true);
  });

  it('resolves exactly at the timer limit and at a short delay', async () => {
    vi.useFakeTimers();
    for (const ms of [MAX_TIMER_DELAY_MS, MAX_TIMER_DELAY_MS + 1, 5]) {
      const state = { done: false };
      const wait = sleep(ms);
      expect(await settledAfter(ms - 1, wait, state)).toBe(false);
      expect(await settledAfter(1, wait, state)).toBe(true);
    }
  });

  it('resolves on abort, also in the second step of a long wait', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const state = { done: false };
    const wait = sleep(60 * DAY_MS, controller.signal);
    expect(await settledAfter(MAX_TIMER_DELAY_MS + 10, wait, state)).toBe(false);
    controller.abort();
    expect(await settledAfter(0, wait, state)).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });
});
