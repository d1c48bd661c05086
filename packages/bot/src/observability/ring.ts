/**
 * The decision ring (spec 7.1/7.2): a preallocated ring of fixed-size snapshots stored as
 * parallel typed arrays (structure of arrays), written by the hot path without allocating and
 * drained by a background task. Single producer, single consumer, one thread: plain counters.
 * When the ring is full a capture is dropped and counted, never blocking the strategy.
 *
 * A snapshot holds primitives only: times in ms, the pre-hashed event id, prices and margins in
 * Micros, sizes and inventory in Micros, small integer codes, and NaN for "no value".
 */

export class DecisionRing {
  readonly capacity: number;
  private readonly mask: number;
  /** Total snapshots written and read (monotonic; their difference is the fill level). */
  head = 0;
  tail = 0;
  /** Captures refused because the ring was full. */
  dropped = 0;

  readonly tsMs: Float64Array;
  readonly eventHash: Float64Array;
  readonly yesAsk: Int32Array;
  readonly noAsk: Int32Array;
  readonly combined: Int32Array;
  readonly gross: Int32Array;
  readonly net: Int32Array;
  readonly fee: Int32Array;
  readonly threshold: Int32Array;
  readonly takerNet: Int32Array;
  readonly makerYesNet: Int32Array;
  readonly makerNoNet: Int32Array;
  readonly remainingSecs: Int32Array;
  readonly spot: Float64Array;
  readonly invYes: Float64Array;
  readonly invNo: Float64Array;
  readonly size: Float64Array;
  readonly execPrice: Float64Array;
  readonly slippage: Float64Array;
  readonly latencyUs: Float64Array;
  readonly confidence: Float32Array;
  readonly invState: Uint8Array;
  readonly action: Uint8Array;
  readonly reason: Uint8Array;
  readonly variant: Uint8Array;
  readonly severity: Uint8Array;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 2 || (capacity & (capacity - 1)) !== 0) throw new RangeError(`ring capacity ${capacity} must be a power of two >= 2`);
    this.capacity = capacity;
    this.mask = capacity - 1;
    this.tsMs = new Float64Array(capacity);
    this.eventHash = new Float64Array(capacity);
    this.yesAsk = new Int32Array(capacity);
    this.noAsk = new Int32Array(capacity);
    this.combined = new Int32Array(capacity);
    this.gross = new Int32Array(capacity);
    this.net = new Int32Array(capacity);
    this.fee = new Int32Array(capacity);
    this.threshold = new Int32Array(capacity);
    this.takerNet = new Int32Array(capacity);
    this.makerYesNet = new Int32Array(capacity);
    this.makerNoNet = new Int32Array(capacity);
    this.remainingSecs = new Int32Array(capacity);
    this.spot = new Float64Array(capacity);
    this.invYes = new Float64Array(capacity);
    this.invNo = new Float64Array(capacity);
    this.size = new Float64Array(capacity);
    this.execPrice = new Float64Array(capacity);
    this.slippage = new Float64Array(capacity);
    this.latencyUs = new Float64Array(capacity);
    this.confidence = new Float32Array(capacity);
    this.invState = new Uint8Array(capacity);
    this.action = new Uint8Array(capacity);
    this.reason = new Uint8Array(capacity);
    this.variant = new Uint8Array(capacity);
    this.severity = new Uint8Array(capacity);
  }

  /** Snapshots waiting to be drained. */
  get length(): number {
    return this.head - this.tail;
  }

  /**
   * Reserve the next slot and return its index, or -1 (counted in `dropped`) when the ring is
   * full. The caller fills every field of the slot before its next call.
   */
  claim(): number {
    if (this.head - this.tail >= this.capacity) {
      this.dropped++;
      return -1;
    }
    return this.head++ & this.mask;
  }

  /** Index of the oldest snapshot, or -1 when empty. Call `release()` after reading it. */
  peek(): number {
    return this.head === this.tail ? -1 : this.tail & this.mask;
  }

  release(): void {
    if (this.tail < this.head) this.tail++;
  }
}
