/**
 * A batching writer for one table.
 *
 * Rows are pushed synchronously (the caller never waits on storage) into a bounded buffer; a batch
 * is written when `batchRows` rows are waiting or `flushIntervalMs` has passed. When the store is
 * unavailable the batch stays at the head of the buffer and is retried with exponential backoff
 * and jitter; rows keep buffering up to `maxBufferedRows`, beyond which new rows are dropped and
 * counted (never silently). `flush()` writes everything buffered; a graceful shutdown awaits
 * `close()`, which flushes within a deadline and hands anything still unwritten to `onUnwritten`.
 */
import { describeError } from '@polymarket-arb/domain';
import { sleep } from '../sleep.js';
import type { Logger } from '../log.js';

/** The one thing a writer needs from a store (so tests can inject faults around a real one). */
export interface RowSink {
  insert(table: string, rows: readonly object[]): Promise<void>;
}

export interface BatchWriterOptions {
  table: string;
  /** Rows that trigger an insert (the spec's 100-1000; default 1000). */
  batchRows?: number;
  /**
   * Most rows in one insert when a backlog has built up (default 50 x batchRows): under load one
   * large insert costs the store far less than many small ones, so the writer catches up.
   */
  maxInsertRows?: number;
  /** Longest a row waits before its batch is written, ms. */
  flushIntervalMs?: number;
  /** Bound on buffered rows; past it new rows are dropped and counted. */
  maxBufferedRows?: number;
  /** First retry delay after a failed insert, ms (doubles up to `maxRetryDelayMs`). */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  logger?: Logger | undefined;
  /** Called at close with rows that could not be written before the deadline. */
  onUnwritten?: ((table: string, rows: readonly object[]) => void) | undefined;
}

export interface WriterStats {
  /** Rows acknowledged by the store. */
  written: number;
  /** Rows whose insert failed at least once and was attempted again. */
  retried: number;
  /** Rows refused because the buffer was full, or unwritten at close. */
  dropped: number;
  /** Rows waiting now. */
  buffered: number;
  /** Insert attempts that failed. */
  failedInserts: number;
  /** Last insert error, if the most recent attempt failed. */
  lastError: string | undefined;
}

export class BatchWriter<Row extends object = object> {
  readonly table: string;
  private readonly sink: RowSink;
  private readonly batchRows: number;
  private readonly maxInsertRows: number;
  private readonly flushIntervalMs: number;
  private readonly maxBufferedRows: number;
  private readonly retryDelayMs: number;
  private readonly maxRetryDelayMs: number;
  private readonly logger: Logger | undefined;
  private readonly onUnwritten: BatchWriterOptions['onUnwritten'];

  /** Buffered rows; `head` is the index of the first unwritten one (avoids O(n) shifts). */
  private rows: Row[] = [];
  private head = 0;
  private timer: NodeJS.Timeout | undefined;
  private draining: Promise<void> | undefined;
  private closing = false;
  private closed = false;
  private readonly abort = new AbortController();
  /** Aborted to cut a retry backoff short (flush and close want an attempt now). */
  private wake = new AbortController();
  private readonly counters: Omit<WriterStats, 'buffered'> = { written: 0, retried: 0, dropped: 0, failedInserts: 0, lastError: undefined };

  constructor(sink: RowSink, options: BatchWriterOptions) {
    this.sink = sink;
    this.table = options.table;
    this.batchRows = clamp(options.batchRows ?? 1000, 1, 100_000);
    this.maxInsertRows = clamp(options.maxInsertRows ?? this.batchRows * 50, this.batchRows, 1_000_000);
    this.flushIntervalMs = Math.max(1, options.flushIntervalMs ?? 1000);
    this.maxBufferedRows = Math.max(this.batchRows, options.maxBufferedRows ?? 1_000_000);
    this.retryDelayMs = Math.max(1, options.retryDelayMs ?? 250);
    this.maxRetryDelayMs = Math.max(this.retryDelayMs, options.maxRetryDelayMs ?? 30_000);
    this.logger = options.logger;
    this.onUnwritten = options.onUnwritten;
  }

  /** Queue one row. Returns false (and counts a drop) when the buffer is full or the writer closed. */
  push(row: Row): boolean {
    if (this.closed || this.rows.length - this.head >= this.maxBufferedRows) {
      this.countDrop(1);
      return false;
    }
    this.rows.push(row);
    const waiting = this.rows.length - this.head;
    if (waiting >= this.batchRows) this.kick();
    else if (this.timer === undefined && !this.closing) this.timer = setTimeout(() => this.kick(), this.flushIntervalMs);
    return true;
  }

  get stats(): WriterStats {
    return { ...this.counters, buffered: this.rows.length - this.head };
  }

  /** Write everything buffered now; resolves when it is written (retrying as long as it takes). */
  async flush(): Promise<void> {
    this.wakeUp();
    while (this.rows.length - this.head > 0 && !this.abort.signal.aborted) {
      this.kick();
      await this.draining;
    }
  }

  /**
   * Stop accepting rows and flush. If the store stays unavailable past `deadlineMs`, the rows
   * still buffered go to `onUnwritten` (or are counted as dropped and logged).
   */
  async close(deadlineMs = 10_000): Promise<void> {
    if (this.closed) return;
    this.closing = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const deadline = sleep(deadlineMs).then(() => 'timeout' as const);
    const outcome = await Promise.race([this.flush().then(() => 'flushed' as const), deadline]);
    this.closed = true;
    this.abort.abort();
    await this.draining?.catch(() => undefined);
    const left = this.rows.slice(this.head);
    this.rows = [];
    this.head = 0;
    if (outcome === 'timeout' && left.length > 0) {
      if (this.onUnwritten) this.onUnwritten(this.table, left);
      else {
        this.countDrop(left.length);
        this.logger?.error(
          { table: this.table, rows: left.length, err: this.counters.lastError },
          'store unavailable at shutdown: rows were not written',
        );
      }
    }
  }

  private wakeUp(): void {
    this.wake.abort();
    this.wake = new AbortController();
  }

  private kick(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.draining === undefined) this.draining = this.drain().finally(() => (this.draining = undefined));
  }

  /** Write batches until the buffer is empty, retrying the head batch on failure. */
  private async drain(): Promise<void> {
    let delay = this.retryDelayMs;
    while (this.rows.length - this.head > 0 && !this.abort.signal.aborted) {
      const end = Math.min(this.rows.length, this.head + this.maxInsertRows);
      const batch = this.rows.slice(this.head, end);
      try {
        await this.sink.insert(this.table, batch);
      } catch (err) {
        this.counters.failedInserts++;
        this.counters.retried += batch.length;
        const first = this.counters.lastError === undefined;
        this.counters.lastError = describeError(err);
        if (first)
          this.logger?.warn(
            { table: this.table, rows: batch.length, buffered: this.rows.length - this.head, err: this.counters.lastError },
            'insert failed; buffering and retrying with backoff',
          );
        await sleep(delay * (0.5 + Math.random() / 2), AbortSignal.any([this.abort.signal, this.wake.signal]));
        delay = Math.min(delay * 2, this.maxRetryDelayMs);
        continue;
      }
      if (this.counters.lastError !== undefined) {
        this.logger?.info({ table: this.table, buffered: this.rows.length - end }, 'store available again; writing buffered rows');
        this.counters.lastError = undefined;
      }
      delay = this.retryDelayMs;
      this.counters.written += batch.length;
      this.head = end;
      this.compact();
      if (this.closing) continue;
      // A partial batch waits for the interval unless more than a full batch is waiting.
      if (this.rows.length - this.head < this.batchRows) {
        if (this.rows.length - this.head > 0 && this.timer === undefined) this.timer = setTimeout(() => this.kick(), this.flushIntervalMs);
        break;
      }
    }
  }

  private compact(): void {
    if (this.head === this.rows.length) {
      this.rows = [];
      this.head = 0;
    } else if (this.head > 65_536 && this.head * 2 > this.rows.length) {
      this.rows = this.rows.slice(this.head);
      this.head = 0;
    }
  }

  private countDrop(n: number): void {
    if (this.counters.dropped === 0)
      this.logger?.error(
        { table: this.table, maxBufferedRows: this.maxBufferedRows },
        'write buffer full: dropping rows (counted in stats.dropped)',
      );
    this.counters.dropped += n;
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.floor(value)));
}
