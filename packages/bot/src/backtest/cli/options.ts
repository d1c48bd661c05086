/**
 * Validation of the backtest flags (`--start`, `--end`, `--speed`, `--sweep`, `--report`), each
 * problem as one sentence naming the flag and the fix. Dates are UTC; a date without a time means
 * the whole day: `--start 2026-01-01 --end 2026-01-07` replays Jan 1 00:00 to Jan 8 00:00.
 */
import { parseCliDate } from '@polymarket-arb/domain';
import type { ReplaySpeed } from '../replay/source.js';
import { parseSweeps, type SweepAxis } from '../sweep/spec.js';
import { DateRangeError, InvalidSpeedError } from '@polymarket-arb/common';

export type { ReplaySpeed };

/** The backtest flags as the CLI parsed them (strings, unvalidated). */
export interface BacktestFlags {
  start?: string | undefined;
  end?: string | undefined;
  speed?: string | undefined;
  sweep?: readonly string[] | undefined;
  report?: string | undefined;
}

export interface ParsedBacktestFlags {
  readonly startMs: number;
  /** Exclusive end of the replayed range (unix ms). */
  readonly endMs: number;
  readonly speed: ReplaySpeed;
  readonly sweeps: SweepAxis[];
  readonly reportDir: string | undefined;
}

const DAY_MS = 86_400_000;
const DATE_ONLY = /^\s*\d{4}-\d{2}-\d{2}\s*$/;

/** Parse `--speed`: any positive multiple of real time, or "max". */
export function parseSpeed(text: string | undefined): ReplaySpeed {
  if (text === undefined || text.trim() === 'max') return 'max';
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n <= 0) {
    throw new InvalidSpeedError(`--speed ${JSON.stringify(text)} is not a speed.`, {
      hint: 'Use a positive multiple of real time, e.g. 1 (real time), 7 (seven times faster) or 0.5 (half speed), or max (as fast as possible).',
    });
  }
  return n;
}

export function parseBacktestFlags(flags: BacktestFlags): ParsedBacktestFlags {
  if (flags.start === undefined || flags.end === undefined) {
    const missing = [flags.start === undefined ? '--start' : '', flags.end === undefined ? '--end' : ''].filter(Boolean).join(' and ');
    throw new DateRangeError(`Backtest mode needs ${missing}.`, {
      hint: 'Give the UTC range to replay, e.g. --start 2026-01-01 --end 2026-01-07.',
    });
  }
  const startMs = parseCliDate(flags.start, '--start');
  const endParsed = parseCliDate(flags.end, '--end');
  const endMs = DATE_ONLY.test(flags.end) ? endParsed + DAY_MS : endParsed;
  if (endMs <= startMs) {
    throw new DateRangeError(`--end ${flags.end} is not after --start ${flags.start}.`, {
      hint: 'Give an end after the start (a date alone as --end includes that whole day).',
    });
  }
  return { startMs, endMs, speed: parseSpeed(flags.speed), sweeps: parseSweeps(flags.sweep ?? []), reportDir: flags.report };
}
