import { ManualClock } from '@polymarket-arb/domain';
import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../src/core/circuit-breaker.js';
import { canTrade, ControlFlags } from '../src/core/control.js';

function setup(): { flags: ControlFlags; breaker: CircuitBreaker; clock: ManualClock } {
  const flags = new ControlFlags();
  return {
    flags,
    breaker: new CircuitBreaker(flags, { max_consecutive_failures: 3, cooldown_ms: 60_000 }),
    clock: new ManualClock(1_000_000),
  };
}

describe('circuit breaker', () => {
  it('trips on the third consecutive failure, not before', () => {
    const { flags, breaker, clock } = setup();
    expect(breaker.recordFailure(clock.nowMs())).toBe(false);
    expect(breaker.recordFailure(clock.nowMs())).toBe(false);
    expect(canTrade(flags, clock.nowMs())).toBe(true);
    expect(breaker.recordFailure(clock.nowMs())).toBe(true);
    expect(canTrade(flags, clock.nowMs())).toBe(false);
    expect(breaker.isOpen(clock.nowMs())).toBe(true);
    expect(breaker.trips).toBe(1);
  });

  it('a success resets the run of failures', () => {
    const { flags, breaker, clock } = setup();
    breaker.recordFailure(clock.nowMs());
    breaker.recordFailure(clock.nowMs());
    breaker.recordSuccess(clock.nowMs());
    breaker.recordFailure(clock.nowMs());
    breaker.recordFailure(clock.nowMs());
    expect(canTrade(flags, clock.nowMs())).toBe(true);
  });

  it('resets by itself when the cooldown has passed on the injected clock', () => {
    const { flags, breaker, clock } = setup();
    for (let i = 0; i < 3; i++) breaker.recordFailure(clock.nowMs());
    clock.advanceMs(59_999);
    expect(canTrade(flags, clock.nowMs())).toBe(false);
    expect(breaker.recordFailure(clock.nowMs())).toBe(false); // failures while open do not re-trip
    clock.advanceMs(1);
    expect(canTrade(flags, clock.nowMs())).toBe(true);
    expect(breaker.recordFailure(clock.nowMs())).toBe(false); // a fresh run of 3 is needed
    expect(breaker.recordFailure(clock.nowMs())).toBe(false);
    expect(breaker.recordFailure(clock.nowMs())).toBe(true);
    expect(breaker.trips).toBe(2);
  });

  it('the operator switch and manual trip/reset act on the same two fields', () => {
    const { flags, breaker, clock } = setup();
    flags.tradingEnabled = false;
    expect(canTrade(flags, clock.nowMs())).toBe(false);
    flags.tradingEnabled = true;
    breaker.trip(clock.nowMs());
    expect(canTrade(flags, clock.nowMs())).toBe(false);
    breaker.reset();
    expect(canTrade(flags, clock.nowMs())).toBe(true);
  });
});
