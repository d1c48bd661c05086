/**
 * Circuit breaker (spec 6.2): trips after `max_consecutive_failures` failures in a row (rejected
 * orders, failed fills, emergency closes) and blocks trading for `cooldown_ms`. The block is one
 * number in `ControlFlags` (`blockedUntilMs`), so the hot-path check is a single read compared with
 * the injected clock's time, and the reset needs no timer: it happens when time passes.
 */
import type { ControlFlags } from './control.js';

export interface BreakerSettings {
  readonly max_consecutive_failures: number;
  readonly cooldown_ms: number;
}

export class CircuitBreaker {
  /** Failures since the last success or reset. */
  failures = 0;
  trips = 0;
  lastTripMs = 0;

  constructor(
    private readonly flags: ControlFlags,
    private readonly settings: BreakerSettings,
  ) {}

  /** Single read: is the breaker open at `nowMs`? */
  isOpen(nowMs: number): boolean {
    return nowMs < this.flags.blockedUntilMs;
  }

  /** Count a failure; returns true when this failure trips the breaker. */
  recordFailure(nowMs: number): boolean {
    this.expire(nowMs);
    if (this.isOpen(nowMs)) return false;
    this.failures++;
    if (this.failures < this.settings.max_consecutive_failures) return false;
    this.trip(nowMs);
    return true;
  }

  /** A success clears the run of failures. */
  recordSuccess(nowMs: number): void {
    this.expire(nowMs);
    this.failures = 0;
  }

  /** Open the breaker now (also a manual kill switch with a cooldown). */
  trip(nowMs: number): void {
    this.flags.blockedUntilMs = nowMs + this.settings.cooldown_ms;
    this.trips++;
    this.lastTripMs = nowMs;
    this.failures = 0;
  }

  /** Close it now (operator action). */
  reset(): void {
    this.flags.blockedUntilMs = 0;
    this.failures = 0;
  }

  private expire(nowMs: number): void {
    if (this.flags.blockedUntilMs !== 0 && nowMs >= this.flags.blockedUntilMs) this.flags.blockedUntilMs = 0;
  }
}
