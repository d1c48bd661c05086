/**
 * Time arithmetic of an import, all pure: the 15-minute windows of a date range, the UTC-day
 * pieces markets are resolved and checkpointed in, and the splitting of a time range into pieces
 * no longer than an API accepts. Times are unix seconds.
 */
import { WINDOW_SECONDS } from '@polymarket-arb/domain';

const DAY_SECONDS = 86_400;

/** An inclusive range of unix seconds [from, to], as `/prices-history` takes it (startTs..endTs). */
export interface SecondsRange {
  readonly from: number;
  readonly to: number;
}

/** Start (unix s) of every 15-minute window that opens in [startSec, endSec). */
export function windowStartsIn(startSec: number, endSec: number): number[] {
  const starts: number[] = [];
  for (let s = Math.ceil(startSec / WINDOW_SECONDS) * WINDOW_SECONDS; s < endSec; s += WINDOW_SECONDS) starts.push(s);
  return starts;
}

/**
 * [startSec, endSec) cut at UTC midnights: each piece lies within one day. A piece is the unit
 * markets are resolved and checkpointed in, so two imports whose ranges share whole days share
 * their checkpoints.
 */
export function dayPieces(startSec: number, endSec: number): { start: number; end: number }[] {
  const pieces: { start: number; end: number }[] = [];
  for (let start = startSec; start < endSec;) {
    const end = Math.min(endSec, (Math.floor(start / DAY_SECONDS) + 1) * DAY_SECONDS);
    pieces.push({ start, end });
    start = end;
  }
  return pieces;
}

/**
 * Split the inclusive range [from, to] into consecutive inclusive pieces spanning at most
 * `maxSpanSec` seconds each (to - from <= maxSpanSec), with no overlap and no gap: the pieces
 * cover every second of the range exactly once.
 */
export function splitRange(range: SecondsRange, maxSpanSec: number): SecondsRange[] {
  if (!Number.isInteger(maxSpanSec) || maxSpanSec < 1)
    throw new RangeError(`splitRange: maxSpanSec ${maxSpanSec} must be a positive whole number`);
  if (range.to < range.from) return [];
  const pieces: SecondsRange[] = [];
  for (let from = range.from; from <= range.to; from += maxSpanSec + 1) {
    pieces.push({ from, to: Math.min(range.to, from + maxSpanSec) });
  }
  return pieces;
}

/** The two halves of an inclusive range (used when the API refuses a range as too long). */
export function halve(range: SecondsRange): [SecondsRange, SecondsRange] {
  const mid = range.from + Math.floor((range.to - range.from) / 2);
  return [
    { from: range.from, to: mid },
    { from: mid + 1, to: range.to },
  ];
}
