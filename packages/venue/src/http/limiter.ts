/**
 * A client-side rate limiter over a sliding window ("at most N requests in any W ms"), the shape
 * of Polymarket's published limits (§4.8: e.g. Data API `/trades` 200 per 10 s). Callers wait
 * their turn in FIFO order. A server's `Retry-After` pauses the limiter for everyone, so the
 * other requests in flight do not walk into the same 429.
 */
import { PolyError, type Clock } from '@polymarket-arb/domain';

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** The caller gave up (its signal aborted): nothing is wrong, nothing to retry. */
export class AbortedError extends PolyError {
  readonly code = 'E_ABORTED';
  constructor() {
    super('aborted');
  }
}

export class SlidingWindowLimiter {
  /** Grant times (ms) inside the current window, oldest first; `head` skips expired ones. */
  private grants: number[] = [];
  private head = 0;
  private pausedUntilMs = 0;
  private tail: Promise<void> = Promise.resolve();
  /** Total time callers spent waiting for a slot or a pause, ms. */
  waitedMs = 0;

  constructor(
    readonly name: string,
    readonly limit: number,
    readonly windowMs: number,
    private readonly clock: Clock,
    private readonly sleep: Sleep,
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limiter ${name}: limit ${limit} must be a positive whole number`);
  }

  /** Resolve when a request may be sent (in call order); reject with AbortedError on abort. */
  acquire(signal?: AbortSignal): Promise<void> {
    const turn = this.tail.then(() => this.waitForSlot(signal));
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  /** Hold every caller until `untilMs` (a server asked us to back off). */
  pauseUntil(untilMs: number): void {
    this.pausedUntilMs = Math.max(this.pausedUntilMs, untilMs);
  }

  private async waitForSlot(signal: AbortSignal | undefined): Promise<void> {
    for (;;) {
      if (signal?.aborted) throw new AbortedError();
      const now = this.clock.nowMs();
      const wait = this.waitBefore(now);
      if (wait <= 0) {
        this.grants.push(now);
        return;
      }
      this.waitedMs += wait;
      await this.sleep(wait, signal);
    }
  }

  /** Milliseconds until a slot is free at `now` (0 when one is free now). */
  private waitBefore(now: number): number {
    if (now < this.pausedUntilMs) return this.pausedUntilMs - now;
    while (this.head < this.grants.length && (this.grants[this.head] as number) <= now - this.windowMs) this.head++;
    if (this.head > 1024 && this.head * 2 > this.grants.length) {
      this.grants = this.grants.slice(this.head);
      this.head = 0;
    }
    if (this.grants.length - this.head < this.limit) return 0;
    return (this.grants[this.head] as number) + this.windowMs - now;
  }
}
