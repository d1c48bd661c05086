/**
 * Control flags and metrics counters (spec 3.2). The hot path runs on one thread, so plain fields
 * replace the spec's atomics; `canTrade` is exactly two field reads and a compare.
 */

export class ControlFlags {
  /** Operator switch (config `strategy.trading_enabled`, or a kill switch). */
  tradingEnabled = true;
  /** Clock ms until which the circuit breaker blocks trading (0 = closed). */
  blockedUntilMs = 0;
}

/** True when trading is enabled and the circuit breaker is not open at `nowMs`. */
export function canTrade(flags: ControlFlags, nowMs: number): boolean {
  return flags.tradingEnabled && nowMs >= flags.blockedUntilMs;
}

/** Engine-wide counters (monotonic), for health logs and the shadow-mode feed check. */
export class Counters {
  /** Market events processed. */
  events = 0;
  /** Account events processed (what the venue said about our orders). */
  accountEvents = 0;
  bookUpdates = 0;
  spotUpdates = 0;
  evaluations = 0;
  opportunities = 0;
  skips = 0;
  ordersPlaced = 0;
  ordersRejected = 0;
  fills = 0;
  /** Provisional (MATCHED) fills the venue later reported FAILED, and the engine reversed. */
  fillsReversed = 0;
  decisionsCaptured = 0;
  unknownTokens = 0;
  circuitTrips = 0;
  legRiskActions = 0;
}
