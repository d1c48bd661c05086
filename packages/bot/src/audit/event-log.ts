/**
 * A run's event log: every engine input (market and account events) with the clock time it was
 * processed, interleaved with every answer the executor gave the engine (placements, pairs,
 * cancels). The engine is a function of these alone, so the log audits a run (what it saw, what
 * it asked, what the venue said) and replays it into a fresh engine (replay.ts). Logging is off
 * unless a log is passed to `createBot`; when on, it costs an entry per input (not for the hot path
 * of a long live run).
 */
import type { EngineEvent } from '../core/account-events.js';
import type { EventLog } from '../core/driver.js';
import type { Executor, ExecutorKind, OpenOrderView, OrderRequest, PairAck, PairIntent, PlaceAck } from '../core/executor.js';

export type LogEntry =
  | { readonly kind: 'input'; readonly atMs: number; readonly event: EngineEvent }
  | { readonly kind: 'place'; readonly request: OrderRequest; readonly ack: PlaceAck }
  | { readonly kind: 'pair'; readonly pair: PairIntent; readonly ack: PairAck }
  | { readonly kind: 'cancel'; readonly orderId: string; readonly ok: boolean };

/** An answer of the executor (every entry that is not an input). */
export type LoggedAnswer = Exclude<LogEntry, { kind: 'input' }>;

export class EventLogRecorder implements EventLog {
  readonly entries: LogEntry[] = [];
  /** The executor the run used (what a replay must present to the engine). */
  executor: { readonly kind: ExecutorKind; readonly canFill: boolean } | undefined;

  input(atMs: number, event: EngineEvent): void {
    this.entries.push({ kind: 'input', atMs, event });
  }

  answer(entry: LoggedAnswer): void {
    this.entries.push(entry);
  }
}

/** An executor seen through the log: every answer it gives the engine is written down. */
export class RecordingExecutor implements Executor {
  readonly kind: ExecutorKind;
  readonly canFill: boolean;

  constructor(
    private readonly inner: Executor,
    private readonly log: EventLogRecorder,
  ) {
    this.kind = inner.kind;
    this.canFill = inner.canFill;
    log.executor = { kind: inner.kind, canFill: inner.canFill };
  }

  placeOrder(request: OrderRequest): PlaceAck {
    const ack = this.inner.placeOrder(request);
    this.log.answer({ kind: 'place', request, ack });
    return ack;
  }

  submitPair(pair: PairIntent): PairAck {
    const ack = this.inner.submitPair(pair);
    this.log.answer({ kind: 'pair', pair, ack });
    return ack;
  }

  cancelOrder(orderId: string): boolean {
    const ok = this.inner.cancelOrder(orderId);
    this.log.answer({ kind: 'cancel', orderId, ok });
    return ok;
  }

  openOrders(): OpenOrderView[] {
    return this.inner.openOrders();
  }
}
