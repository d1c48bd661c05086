/**
 * Exact decimal <-> fixed-point conversion.
 *
 * Prices, sizes, fees and P&L never pass through binary floats. A decimal string such as "0.52",
 * "3149725.72" or "219.217767" is parsed into a `bigint` holding the value times 10^scale, and
 * formatted back character for character. Anything that cannot be represented exactly at the
 * requested scale is an error unless the caller names a rounding mode.
 */
import { DecimalPrecisionError, DecimalRangeError, DecimalSyntaxError } from '../errors.js';

export type Rounding = 'exact' | 'floor' | 'ceil' | 'half-up' | 'trunc';

const POW10: bigint[] = [];
for (let i = 0n, p = 1n; i <= 40n; i++, p *= 10n) POW10.push(p);

/** 10^n as a bigint (cached for n <= 40). */
export function pow10(n: number): bigint {
  const p = POW10[n];
  if (p !== undefined) return p;
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`pow10: exponent ${n} must be a non-negative integer`);
  return 10n ** BigInt(n);
}

// sign, integer digits, optional fraction, optional exponent. No spaces, no "1.", no ".5"? We accept ".5" and "5." as JSON never emits them but humans do.
const DECIMAL_RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

export interface ParseOptions {
  /** How to treat digits beyond `scale` (default 'exact': reject unless they are zeros). */
  rounding?: Rounding;
  /** Name of the value, used in error messages ("price", "size"). */
  what?: string;
}

/**
 * Parse a decimal string into an integer scaled by 10^scale.
 * `parseDecimal("0.52", 6) === 520000n`. Accepts an exponent ("1e-05") as JSON serialisers emit it.
 */
export function parseDecimal(text: string, scale: number, options: ParseOptions = {}): bigint {
  const what = options.what ?? 'decimal';
  const m = DECIMAL_RE.exec(text);
  const intPart = m?.[2] ?? '';
  const fracPart = m?.[3] ?? '';
  if (!m || (intPart.length === 0 && fracPart.length === 0)) {
    throw new DecimalSyntaxError(`Malformed ${what} ${JSON.stringify(text)}: expected a decimal number such as "0.52".`);
  }
  const negative = m[1] === '-';
  const exponent = m[4] === undefined ? 0 : Number(m[4]);
  if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > 1000) {
    throw new DecimalRangeError(`The exponent of ${what} ${JSON.stringify(text)} is out of range.`);
  }
  // All digits as one integer, with the decimal point `pointShift` places from the right.
  const digits = (intPart + fracPart).replace(/^0+(?=\d)/, '');
  const shift = scale + exponent - fracPart.length; // multiply digits by 10^shift
  let value: bigint;
  if (shift >= 0) {
    if (shift > 60 && digits !== '0') {
      throw new DecimalRangeError(`The ${what} ${JSON.stringify(text)} is too large.`);
    }
    value = BigInt(digits) * pow10(shift);
  } else {
    const keep = digits.length + shift; // digits kept before the scale cut-off
    const kept = keep > 0 ? BigInt(digits.slice(0, keep)) : 0n;
    const dropped = keep > 0 ? digits.slice(keep) : digits.padStart(-shift, '0');
    value = roundDropped(kept, dropped, negative, options.rounding ?? 'exact', text, scale, what);
  }
  return negative ? -value : value;
}

function roundDropped(
  kept: bigint,
  dropped: string,
  negative: boolean,
  rounding: Rounding,
  text: string,
  scale: number,
  what: string,
): bigint {
  if (/^0*$/.test(dropped)) return kept;
  switch (rounding) {
    case 'exact':
      throw new DecimalPrecisionError(
        `The ${what} ${JSON.stringify(text)} has more than ${scale} decimal places and cannot be stored exactly.`,
      );
    case 'trunc':
      return kept;
    case 'floor':
      return negative ? kept + 1n : kept;
    case 'ceil':
      return negative ? kept : kept + 1n;
    case 'half-up':
      return dropped.charCodeAt(0) >= 53 /* '5' */ ? kept + 1n : kept;
  }
}

/**
 * Format an integer scaled by 10^scale as the shortest exact decimal string:
 * `formatDecimal(520000n, 6) === "0.52"`, `formatDecimal(5000000n, 6) === "5"`.
 * With `minDecimals` the fraction is padded (`formatDecimal(5000000n, 6, 2) === "5.00"`).
 */
export function formatDecimal(value: bigint, scale: number, minDecimals = 0): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const unit = pow10(scale);
  const whole = abs / unit;
  let frac = scale === 0 ? '' : (abs % unit).toString().padStart(scale, '0').replace(/0+$/, '');
  if (frac.length < minDecimals) frac = frac.padEnd(minDecimals, '0');
  const body = frac.length > 0 ? `${whole}.${frac}` : whole.toString();
  return negative ? `-${body}` : body;
}

/** Rescale an integer from one scale to another (exact when widening; rounding when narrowing). */
export function rescale(value: bigint, from: number, to: number, rounding: Rounding = 'exact'): bigint {
  if (to >= from) return value * pow10(to - from);
  return divRound(value, pow10(from - to), rounding);
}

/** Integer division with an explicit rounding mode ('exact' throws when there is a remainder). */
export function divRound(numerator: bigint, denominator: bigint, rounding: Rounding): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  if (denominator < 0n) {
    numerator = -numerator;
    denominator = -denominator;
  }
  const q = numerator / denominator; // truncates toward zero
  const r = numerator % denominator;
  if (r === 0n) return q;
  switch (rounding) {
    case 'exact':
      throw new DecimalPrecisionError(`Value ${numerator}/${denominator} is not exact at this scale.`);
    case 'trunc':
      return q;
    case 'floor':
      return numerator < 0n ? q - 1n : q;
    case 'ceil':
      return numerator > 0n ? q + 1n : q;
    case 'half-up': {
      const twice = (r < 0n ? -r : r) * 2n;
      if (twice < denominator) return q;
      return numerator < 0n ? q - 1n : q + 1n;
    }
  }
}

/**
 * Exact decimal of a JSON number (Gamma and the Data API send `0.07`, `5`, `0.7`): JavaScript
 * prints the shortest string that reads back as the same double, which is the literal on the wire.
 */
export function decimalFromNumber(value: number, scale: number, options: ParseOptions = {}): bigint {
  if (!Number.isFinite(value)) {
    throw new DecimalSyntaxError(`The ${options.what ?? 'number'} ${value} is not a finite number.`);
  }
  return parseDecimal(String(value), scale, options);
}
