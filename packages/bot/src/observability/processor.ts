/**
 * The background half of decision capture (spec 7.3): every `drain_interval_ms` (a timer on the
 * event loop, never inside the strategy's call stack) drain the ring, enrich each snapshot and
 * push the row to common's `BatchWriter` for the `decisions` table, which batches, retries and
 * bounds its own buffer. `stop()` drains what is left and flushes the writer.
 */
import type { DecisionRing } from './ring.js';
import { enrichDecision, type DecisionRow, type EnrichContext } from './enrich.js';

/** What the processor needs from a writer (common's `BatchWriter<DecisionRow>` fits). */
export interface DecisionSink {
  push(row: DecisionRow): boolean;
  flush(): Promise<void>;
}

export interface ProcessorOptions extends EnrichContext {
  readonly drainIntervalMs: number;
  /** Most snapshots handled per timer tick, so one tick never stalls the event loop. */
  readonly maxPerDrain?: number;
}

export class DecisionProcessor {
  private timer: NodeJS.Timeout | undefined;
  /** Rows handed to the writer, and rows the writer refused (its buffer was full). */
  written = 0;
  refused = 0;

  constructor(
    private readonly ring: DecisionRing,
    private readonly sink: DecisionSink,
    private readonly options: ProcessorOptions,
  ) {}

  start(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => this.drainOnce(), this.options.drainIntervalMs);
    this.timer.unref();
  }

  /** Drain up to `maxPerDrain` snapshots now; returns how many were drained. */
  drainOnce(max = this.options.maxPerDrain ?? 10_000): number {
    let n = 0;
    for (let i = this.ring.peek(); i >= 0 && n < max; i = this.ring.peek()) {
      const row = enrichDecision(this.ring, i, this.options);
      this.ring.release();
      if (this.sink.push(row)) this.written++;
      else this.refused++;
      n++;
    }
    return n;
  }

  /** Stop the timer, drain everything left and flush the writer. */
  async stop(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    while (this.drainOnce() > 0);
    await this.sink.flush();
  }

  stats(): { captured: number; dropped: number; pending: number; written: number; refused: number } {
    return {
      captured: this.ring.head,
      dropped: this.ring.dropped,
      pending: this.ring.length,
      written: this.written,
      refused: this.refused,
    };
  }
}
