/**
 * Micro-units: the hot-path representation of prices and sizes.
 *
 * A `Micros` value is an integer count of 10^-6 (the 6-decimal base unit of pUSD and of outcome
 * tokens on-chain), held in a plain JavaScript number so the book and strategy code allocate
 * nothing. Integers up to 2^53 are exact, i.e. sizes up to 9,007,199,254 shares: far above any
 * real book. Products of two Micros can pass 2^53, so money arithmetic on them goes through
 * `bigint` (see fees.ts) or through the helpers below that check their range.
 */
import { DecimalRangeError } from '../errors.js';
import { divRound, formatDecimal, parseDecimal, type Rounding } from './decimal.js';

/** Integer count of 10^-6 units. */
export type Micros = number;

export const MICROS_SCALE = 6;
export const MICROS_PER_UNIT = 1_000_000;
export const MICROS_PER_UNIT_BIG = 1_000_000n;
/** Largest Micros value the fast path accepts (2^53 - 1). */
export const MAX_MICROS = Number.MAX_SAFE_INTEGER;

/**
 * Parse a non-negative wire decimal ("0.52", "219.217767", "3149725.72") into Micros without
 * allocating. Returns -1 for anything it does not accept (sign, exponent, > 6 decimals, empty,
 * too large), so hot-path parsers can branch to the slow, explicit path; `parseMicros` throws.
 */
export function parseMicrosOrNeg(text: string): Micros {
  const n = text.length;
  if (n === 0 || n > 24) return -1;
  let whole = 0;
  let i = 0;
  let digits = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 46 /* . */) break;
    const d = c - 48;
    if (d < 0 || d > 9) return -1;
    whole = whole * 10 + d;
    digits++;
  }
  let frac = 0;
  let fracDigits = 0;
  if (i < n) {
    for (i++; i < n; i++) {
      const d = text.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return -1;
      if (fracDigits < 6) {
        frac = frac * 10 + d;
        fracDigits++;
      } else if (d !== 0) {
        return -1; // a 7th non-zero decimal cannot be represented exactly
      }
    }
    if (digits === 0 && fracDigits === 0) return -1;
  } else if (digits === 0) {
    return -1;
  }
  if (whole > 9_007_199_254) return -1; // whole * 1e6 + frac must stay below 2^53
  for (let k = fracDigits; k < 6; k++) frac *= 10;
  const value = whole * MICROS_PER_UNIT + frac;
  return value <= MAX_MICROS ? value : -1;
}

/** Parse a decimal string into Micros, throwing a clear error for malformed or inexact input. */
export function parseMicros(text: string, what = 'value', rounding: Rounding = 'exact'): Micros {
  const fast = rounding === 'exact' ? parseMicrosOrNeg(text) : -1;
  if (fast >= 0) return fast;
  const big = parseDecimal(text, 6, { what, rounding });
  return bigToMicros(big, what);
}

/** Convert a bigint micro amount to a Micros number, throwing when it is outside the exact range. */
export function bigToMicros(value: bigint, what = 'value'): Micros {
  if (value > BigInt(MAX_MICROS) || value < -BigInt(MAX_MICROS)) {
    throw new DecimalRangeError(
      `The ${what} ${formatDecimal(value, 6)} is outside the exact range of the fast path (±${MAX_MICROS / 1e6}).`,
    );
  }
  return Number(value);
}

/** Format Micros as the shortest exact decimal string ("0.52", "5", "-0.000001"). */
export function formatMicros(value: Micros, minDecimals = 0): string {
  if (!Number.isSafeInteger(value)) throw new RangeError(`formatMicros: ${value} is not an integer number of micros`);
  return formatDecimal(BigInt(value), 6, minDecimals);
}

/** Micros of a whole-unit integer (for literals and tests): `units(5) === 5_000_000`. */
export function units(whole: number): Micros {
  return whole * MICROS_PER_UNIT;
}

/**
 * Product of two Micros values (price x size) as exact bigint micros, rounded as asked.
 * 0.52 x 10 shares = 5.2 -> 5_200_000n.
 */
export function mulMicros(a: Micros, b: Micros, rounding: Rounding = 'exact'): bigint {
  return divRound(BigInt(a) * BigInt(b), MICROS_PER_UNIT_BIG, rounding);
}
