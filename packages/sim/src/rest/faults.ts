/**
 * REST fault injection: answer with 429/500/503 (with `Retry-After`) for a period, delay responses,
 * or cut the next response in the middle of its body. The `--faults` parser and the control API
 * (live half, src/faults.ts) call these methods; the REST handler asks `plan(path)` per request.
 */
import { systemClock, type Clock } from '@polymarket-arb/domain';

export type FailStatus = 429 | 500 | 503;

/** What to do to one request. */
export interface FaultPlan {
  /** Answer this status instead of the real response. */
  readonly fail: { status: FailStatus; retryAfterSec: number | undefined } | undefined;
  /** Wait this long (real milliseconds) before answering. */
  readonly delayMs: number;
  /** Write the headers and part of the body, then destroy the socket. */
  readonly cut: boolean;
}

interface FailRule {
  status: FailStatus;
  untilMs: number;
  retryAfterSec: number | undefined;
  pathPrefix: string;
}

/** The bodies the real services send for these statuses, in the generic `{"error"}` shape. */
export const FAULT_MESSAGES: Readonly<Record<FailStatus, string>> = {
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export class RestFaults {
  private fails: FailRule[] = [];
  private slowUntilMs = 0;
  private slowDelayMs = 0;
  private drops: string[] = [];

  /** Periods are measured on `clock` (the simulator's clock), so tests can step through them. */
  constructor(private readonly clock: Clock = systemClock) {}

  /** Answer `status` to requests under `pathPrefix` (default: all) for `forMs`. */
  failWith(status: FailStatus, forMs: number, retryAfterSec?: number, pathPrefix = '/'): void {
    this.fails.push({ status, untilMs: this.clock.nowMs() + forMs, retryAfterSec, pathPrefix });
  }

  /** Delay every response by `delayMs` for `forMs`. */
  slow(delayMs: number, forMs: number): void {
    this.slowDelayMs = delayMs;
    this.slowUntilMs = this.clock.nowMs() + forMs;
  }

  /** Cut the next response under `pathPrefix` (default: any) mid-body. */
  dropNextResponse(pathPrefix = '/'): void {
    this.drops.push(pathPrefix);
  }

  clear(): void {
    this.fails = [];
    this.slowUntilMs = 0;
    this.drops = [];
  }

  /** Decide the faults of one request to `path` (consumes a pending drop). */
  plan(path: string): FaultPlan {
    const now = this.clock.nowMs();
    this.fails = this.fails.filter((rule) => rule.untilMs > now);
    const rule = this.fails.find((r) => path.startsWith(r.pathPrefix));
    const dropIndex = this.drops.findIndex((prefix) => path.startsWith(prefix));
    if (dropIndex >= 0) this.drops.splice(dropIndex, 1);
    return {
      fail: rule ? { status: rule.status, retryAfterSec: rule.retryAfterSec } : undefined,
      delayMs: now < this.slowUntilMs ? this.slowDelayMs : 0,
      cut: dropIndex >= 0,
    };
  }
}
