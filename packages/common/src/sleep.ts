/** Waiting without blocking (never on the hot path): timers that honour any finite delay. */

/**
 * The longest delay a Node timer honours: a longer one fires after 1 ms (with a
 * TimeoutOverflowWarning), which once turned `--duration 2592000` into a run of 2 ms.
 */
export const MAX_TIMER_DELAY_MS = 2_147_483_647;

/**
 * Promise that resolves after `ms` (never on the hot path), or at once when `signal` aborts. Any
 * finite delay works: one past the timer limit is waited out in steps of at most that limit.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    let remaining = ms;
    let timer = arm();
    function arm(): NodeJS.Timeout {
      const step = Math.min(Math.max(remaining, 0), MAX_TIMER_DELAY_MS);
      remaining -= step;
      return setTimeout(remaining > 0 ? rearm : done, step);
    }
    function rearm(): void {
      timer = arm();
    }
    function done(): void {
      signal?.removeEventListener('abort', done);
      clearTimeout(timer);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
