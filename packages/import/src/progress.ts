/**
 * Progress while an import runs: on a terminal, one line on stderr redrawn in place (a bar, items,
 * rows, rate, ETA, requests and retries); otherwise a log line at a fixed interval. Log lines
 * written while the bar is shown go through `barAwareStream`, which clears the bar first and
 * redraws it after, so the two never mix on one line. Rendering is pure and tested on its own.
 */
import { Writable } from 'node:stream';
import type { Clock } from '@polymarket-arb/domain';
import type { Logger } from '@polymarket-arb/common';

export interface ProgressSnapshot {
  /** "markets", "prices", "trades". */
  readonly phase: string;
  readonly done: number;
  readonly total: number;
  readonly rows: number;
  readonly requests: number;
  readonly retries: number;
  /** Time since the phase started, ms. */
  readonly elapsedMs: number;
}

/** "0:07", "12:05", "1:02:03". */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** Time left at the pace so far, or undefined before anything is done. */
export function etaMs(done: number, total: number, elapsedMs: number): number | undefined {
  if (done <= 0 || elapsedMs <= 0) return undefined;
  return ((total - done) * elapsedMs) / done;
}

/** Rows per second so far. */
export function rowRate(rows: number, elapsedMs: number): number {
  return elapsedMs > 0 ? Math.round((rows * 1000) / elapsedMs) : 0;
}

const number = new Intl.NumberFormat('en-US');

/** One line no wider than `width` columns: the bar shrinks first, then the details are cut. */
export function renderProgressLine(s: ProgressSnapshot, width: number): string {
  const eta = etaMs(s.done, s.total, s.elapsedMs);
  const details = `${number.format(s.done)}/${number.format(s.total)} items  ${number.format(s.rows)} rows  ${number.format(rowRate(s.rows, s.elapsedMs))} rows/s  ETA ${eta === undefined ? '-' : formatDuration(eta)}  req ${number.format(s.requests)}  retries ${number.format(s.retries)}`;
  const head = `${s.phase.padEnd(7)} `;
  const barWidth = Math.min(30, width - head.length - details.length - 4); // keep the last column free: writing it wraps some terminals
  if (barWidth < 5) return `${head}${details}`.slice(0, Math.max(0, width - 1));
  const filled = s.total > 0 ? Math.round((barWidth * Math.min(s.done, s.total)) / s.total) : 0;
  return `${head}[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}] ${details}`;
}

export interface ProgressOptions {
  readonly snapshot: () => ProgressSnapshot;
  readonly clock: Clock;
  /** A terminal to draw the bar on, or undefined for periodic log lines. */
  readonly tty: (NodeJS.WritableStream & { columns?: number }) | undefined;
  readonly logger: Logger;
  /** Between log lines when not on a terminal, ms. */
  readonly logIntervalMs: number;
}

const REDRAW_MS = 200;

export class ProgressReporter {
  private timer: NodeJS.Timeout | undefined;
  private shown = false;

  constructor(private readonly options: ProgressOptions) {}

  start(): void {
    if (this.timer) return;
    const every = this.options.tty ? REDRAW_MS : this.options.logIntervalMs;
    this.timer = setInterval(() => this.tick(), every);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.clear();
  }

  /** Remove the bar from the terminal (before other output). */
  clear(): void {
    if (this.shown && this.options.tty) this.options.tty.write('\r\x1b[2K');
    this.shown = false;
  }

  /** Draw the bar again (after other output), if running. */
  redraw(): void {
    if (this.timer && this.options.tty) this.draw(this.options.tty);
  }

  private tick(): void {
    const { tty, logger } = this.options;
    if (tty) return this.draw(tty);
    const s = this.options.snapshot();
    const eta = etaMs(s.done, s.total, s.elapsedMs);
    logger.info(
      {
        phase: s.phase,
        items: s.done,
        total: s.total,
        rows: s.rows,
        rowsPerS: rowRate(s.rows, s.elapsedMs),
        etaS: eta === undefined ? null : Math.round(eta / 1000),
        requests: s.requests,
        retries: s.retries,
      },
      'progress',
    );
  }

  private draw(tty: NodeJS.WritableStream & { columns?: number }): void {
    tty.write(`\r\x1b[2K${renderProgressLine(this.options.snapshot(), tty.columns ?? 100)}`);
    this.shown = true;
  }
}

/** A stream for the logger that keeps its lines and the progress bar apart on a terminal. */
export function barAwareStream(progress: () => ProgressReporter | undefined, out: NodeJS.WritableStream): Writable & { isTTY: boolean } {
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      const bar = progress();
      bar?.clear();
      out.write(chunk);
      bar?.redraw();
      callback();
    },
  });
  return Object.assign(stream, { isTTY: true });
}
