/**
 * What the core needs from the outside world besides the executor (executor.ts): where decisions
 * are recorded, and the reverse lookup the decision writer uses. Adapters implement these (the
 * observability layer's ring recorder; the market registry answers the lookup), so the core
 * depends on nothing but the domain.
 */
import type { Micros } from '@polymarket-arb/domain';
import type { ArbOpportunity } from './arb.js';
import type { ActionCode, ReasonCode, SeverityCode } from './codes.js';
import type { MarketState } from './market-state.js';

/**
 * Where the engine records every decision, on the hot path: implementations must not allocate,
 * block or do I/O (the observability layer copies the primitives into a preallocated ring and
 * enriches them later, off the hot path).
 */
export interface DecisionRecorder {
  /**
   * Time (ms) stamped on the next records. Set once per event: a unix-ms double passed as an
   * argument to a call V8 does not inline is boxed in a new HeapNumber, an allocation per record.
   */
  nowMs: number;
  /** One decision about `m`, with the figures of `o`. False when not recorded (capture off, or full). */
  record(m: MarketState, o: ArbOpportunity, action: ActionCode, reason: ReasonCode, size: Micros, severity: SeverityCode): boolean;
  /** An execution (fill) with its price, slippage against the decision and latency (µs). */
  recordExecution(
    m: MarketState,
    o: ArbOpportunity,
    action: ActionCode,
    reason: ReasonCode,
    size: Micros,
    execPrice: Micros,
    slippage: Micros,
    latencyUs: number,
  ): boolean;
}

/** Where the decision writer finds the strings behind a pre-hashed event id (decisions carry the hash). */
export interface EventDirectory {
  lookup(eventHash: number): { readonly eventId: string; readonly asset: string } | undefined;
}
