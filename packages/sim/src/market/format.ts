/**
 * Exact decimal text of non-negative micros on the hot path. Same output as common's
 * `formatMicros` (shortest exact decimal: 520000 -> "0.52", 5000000 -> "5"), but with integer
 * arithmetic on safe-integer numbers instead of bigint, because the simulator formats a few hundred
 * thousand prices and sizes per second at full rate. Prices repeat, so their text is cached.
 */
import { formatMicros } from '@polymarket-arb/domain';

const FRACTION_TEXT: string[] = [];

function fractionText(frac: number): string {
  // 6 digits, trailing zeros removed: 520000 -> "52", 1000 -> "001".
  let digits = frac.toString().padStart(6, '0');
  let end = digits.length;
  while (end > 0 && digits.charCodeAt(end - 1) === 48) end--;
  digits = digits.slice(0, end);
  return digits;
}

const PRICE_CACHE = new Map<number, string>();

/** Shortest exact decimal text of `micros` (a non-negative safe integer). */
export function microsText(micros: number): string {
  if (micros < 0 || !Number.isSafeInteger(micros)) return formatMicros(micros);
  const whole = Math.floor(micros / 1_000_000);
  const frac = micros - whole * 1_000_000;
  if (frac === 0) return whole.toString();
  let f = frac < 1000 || frac % 1000 !== 0 ? undefined : FRACTION_TEXT[frac / 1000];
  if (f === undefined) {
    f = fractionText(frac);
    if (frac % 1000 === 0) FRACTION_TEXT[frac / 1000] = f;
  }
  return `${whole}.${f}`;
}

/** Text of a price in [0, 1] micros, cached (a market has at most a thousand distinct prices). */
export function priceText(micros: number): string {
  let text = PRICE_CACHE.get(micros);
  if (text === undefined) {
    text = microsText(micros);
    if (PRICE_CACHE.size < 100_000) PRICE_CACHE.set(micros, text);
  }
  return text;
}
