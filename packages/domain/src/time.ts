/**
 * Time: an injectable clock for the pure core, and exact conversions between the wire's
 * timestamps (ms strings, unix seconds, ISO-8601) and ClickHouse DateTime64 text.
 */
import { InvalidDateError } from './errors.js';

/** The only source of "now" the domain code sees; modes inject a real or simulated one. */
export interface Clock {
  /** Milliseconds since the unix epoch. */
  nowMs(): number;
  /** Microseconds since the unix epoch (for receive timestamps). */
  nowMicros(): number;
}

const hrtimeOriginNs = process.hrtime.bigint();
const epochOriginMicros = Date.now() * 1000;

/** Wall-clock time, with microsecond resolution from the monotonic timer anchored to the epoch. */
export const systemClock: Clock = {
  nowMs: () => Date.now(),
  nowMicros: () => epochOriginMicros + Number((process.hrtime.bigint() - hrtimeOriginNs) / 1000n),
};

/**
 * Another clock shifted by `offsetMs`: the exchange's time when the local clock is off (the live
 * modes measure the offset against the exchange and set it here).
 */
export class OffsetClock implements Clock {
  offsetMs = 0;
  constructor(private readonly base: Clock) {}
  nowMs(): number {
    return this.base.nowMs() + this.offsetMs;
  }
  nowMicros(): number {
    return this.base.nowMicros() + this.offsetMs * 1000;
  }
}

/** A clock that only moves when told to (tests, backtests). */
export class ManualClock implements Clock {
  private micros: number;
  constructor(startMs = 0) {
    this.micros = startMs * 1000;
  }
  nowMs(): number {
    return Math.floor(this.micros / 1000);
  }
  nowMicros(): number {
    return this.micros;
  }
  setMs(ms: number): void {
    this.micros = ms * 1000;
  }
  advanceMs(ms: number): void {
    this.micros += ms * 1000;
  }
}

function pad(n: number, width: number): string {
  return n.toString().padStart(width, '0');
}

/**
 * ClickHouse DateTime64 text for a unix time in ms, in UTC: "2026-01-01 00:00:00.123".
 * Columns are declared with the 'UTC' time zone, so the text means the same everywhere.
 */
export function chTimeMs(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)} ${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}.${pad(d.getUTCMilliseconds(), 3)}`;
}

/** DateTime64(6) text for a unix time in microseconds: "2026-01-01 00:00:00.123456". */
export function chTimeMicros(micros: number): string {
  const ms = Math.floor(micros / 1000);
  return `${chTimeMs(ms)}${pad(micros - ms * 1000, 3)}`;
}

/** Parse ClickHouse DateTime64 text in UTC ("2026-01-01 00:00:00.123") back to unix ms. */
export function parseChTimeMs(text: string): number {
  const iso = `${text.replace(' ', 'T')}Z`;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not a ClickHouse DateTime: ${JSON.stringify(text)}`);
  return ms;
}

/**
 * Parse a wire timestamp that may be ms or seconds, as a string or a number (the user channel
 * mixes both). Values below 10^11 are taken as seconds (10^11 s is the year 5138).
 */
export function parseWireTimestampMs(value: string | number): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n) || (typeof value === 'string' && value.trim() === '')) {
    const iso = typeof value === 'string' ? Date.parse(value) : Number.NaN;
    if (!Number.isNaN(iso)) return iso;
    throw new RangeError(`not a timestamp: ${JSON.stringify(value)}`);
  }
  return n < 1e11 ? Math.round(n * 1000) : Math.round(n);
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?(Z)?$/;

/**
 * Parse a CLI date ("2026-01-01", "2026-01-01T12:30", "2026-01-01T12:30:00Z"), always as UTC,
 * into unix ms. `flag` names the option in the error ("--start").
 */
export function parseCliDate(text: string, flag: string): number {
  const m = DATE_RE.exec(text.trim());
  if (!m) {
    throw new InvalidDateError(`${flag} ${JSON.stringify(text)} is not a date.`, {
      hint: 'Use YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS] (UTC), e.g. 2026-01-01.',
    });
  }
  const [, y, mo, d, h, mi, s] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0));
  const back = new Date(ms);
  if (
    back.getUTCMonth() !== Number(mo) - 1 ||
    back.getUTCDate() !== Number(d) ||
    Number(h ?? 0) > 23 ||
    Number(mi ?? 0) > 59 ||
    Number(s ?? 0) > 59
  ) {
    throw new InvalidDateError(`${flag} ${JSON.stringify(text)} is not a real calendar date or time.`, {
      hint: 'Check the day of the month and the time.',
    });
  }
  return ms;
}
