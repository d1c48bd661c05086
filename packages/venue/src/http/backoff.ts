/**
 * How long to wait before retrying a request: exponential backoff with jitter, or what the
 * server's `Retry-After` header asks (seconds or an HTTP date). Pure, so the schedule is tested
 * without waiting.
 */

/**
 * Delay before retry number `attempt` (0 = the first retry): base x 2^attempt capped at `maxMs`,
 * then "equal jitter" (a random point in the upper half), so that many clients that failed together
 * do not retry together while each still waits at least half the nominal delay.
 */
export function backoffMs(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  const nominal = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(nominal / 2 + (nominal / 2) * random());
}

/**
 * Milliseconds to wait according to a `Retry-After` value: delta-seconds ("7") or an HTTP date
 * ("Wed, 21 Oct 2026 07:28:00 GMT"). Undefined when absent or unreadable; never negative.
 */
export function retryAfterMs(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}
