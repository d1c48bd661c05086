/**
 * The hot-path side of decision capture (spec 7.2): copy the primitives of one evaluation into
 * the next ring slot. No allocation, no I/O, nothing awaited; when capture is disabled the cost is
 * one branch, when the ring is full one increment.
 */
import type { Micros } from '@polymarket-arb/domain';
import type { ArbOpportunity } from '../core/arb.js';
import type { ActionCode, ReasonCode, SeverityCode } from '../core/codes.js';
import type { MarketState } from '../core/market-state.js';
import type { DecisionRecorder } from '../core/ports.js';
import { HAS_EXECUTION, type DecisionRing } from './ring.js';

/** The core's `DecisionRecorder`, writing into the preallocated ring. */
export class RingRecorder implements DecisionRecorder {
  /** Config `observability.capture_decisions`. */
  enabled: boolean;
  /**
   * Time (ms) stamped on the next records. The engine sets it once per event: passing a double
   * such as a unix-ms time as an argument to a call V8 does not inline boxes it in a new
   * HeapNumber, which is exactly the per-capture allocation this path must not make.
   */
  nowMs = 0;

  // The ring's arrays and sizes, held here too so a capture reads one object.
  private readonly f64: Float64Array;
  private readonly i32: Int32Array;
  private readonly capacity: number;
  private readonly mask: number;

  constructor(
    readonly ring: DecisionRing,
    enabled = true,
  ) {
    this.enabled = enabled;
    this.f64 = ring.f64;
    this.i32 = ring.i32;
    this.capacity = ring.capacity;
    this.mask = ring.mask;
  }

  /** Snapshots written so far (drops excluded). */
  get captured(): number {
    return this.ring.head;
  }

  /**
   * Record one decision about market `m` at `this.nowMs`: `o` supplies the opportunity figures
   * (threshold, net margins, confidence, the shares at the top of the legs taken), the spot price
   * is the last Binance price of the market's asset; the execution slots are left alone (no
   * HAS_EXECUTION flag). Returns false if capture is off or the ring was full (counted as a drop).
   */
  record(m: MarketState, o: ArbOpportunity, action: ActionCode, reason: ReasonCode, size: Micros, severity: SeverityCode): boolean {
    // claim() and write() written out in full: V8 did not inline them, and this is the hot path.
    if (!this.enabled) return false;
    const r = this.ring;
    const seq = r.head;
    if (seq - r.tail >= this.capacity) {
      r.dropped++;
      return false;
    }
    r.head = seq + 1;
    const slot = seq & this.mask;
    const f = this.f64;
    const c = slot << 3;
    f[c] = this.nowMs;
    f[c + 1] = m.eventHash;
    f[c + 2] = m.spot.last;
    f[c + 3] = m.inventory.yes;
    f[c + 4] = m.inventory.no;
    f[c + 5] = size;
    f[c + 6] = o.topSize;
    const n = this.i32;
    const b = slot << 4;
    n[b] = m.yesAsk;
    n[b + 1] = m.noAsk;
    n[b + 4] = o.netMargin;
    n[b + 5] = o.fee;
    n[b + 6] = o.threshold;
    n[b + 7] = o.takerNet;
    n[b + 8] = o.makerYesNet;
    n[b + 9] = o.makerNoNet;
    n[b + 10] = m.windowEndSecs;
    n[b + 14] = o.confidence * 1_000_000;
    n[b + 15] = m.inventory.state | (action << 8) | (reason << 16) | ((o.variant | (severity << 4)) << 24);
    return true;
  }

  /** Record an execution (fill) with its price, slippage against the decision and latency. */
  recordExecution(
    m: MarketState,
    o: ArbOpportunity,
    action: ActionCode,
    reason: ReasonCode,
    size: Micros,
    execPrice: Micros,
    slippage: Micros,
    latencyUs: number,
  ): boolean {
    if (!this.record(m, o, action, reason, size, 0)) return false;
    const n = this.i32;
    const b = ((this.ring.head - 1) & this.mask) << 4;
    n[b + 11] = execPrice;
    n[b + 12] = slippage;
    n[b + 13] = latencyUs;
    n[b + 15] = (n[b + 15] as number) | HAS_EXECUTION;
    return true;
  }
}
