import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DecimalPrecisionError,
  DecimalSyntaxError,
  decimalFromNumber,
  divRound,
  formatDecimal,
  parseDecimal,
  rescale,
} from '../src/index.js';

/** Canonical form of a decimal string: no leading zeros, no trailing fraction zeros, "-0" -> "0". */
function canonical(text: string): string {
  let [intPart = '', frac = ''] = text.replace(/^[+-]/, '').split('.');
  intPart = intPart.replace(/^0+(?=\d)/, '') || '0';
  frac = frac.replace(/0+$/, '');
  const body = frac ? `${intPart}.${frac}` : intPart;
  return text.startsWith('-') && body !== '0' ? `-${body}` : body;
}

const decimalString = (maxScale: number) =>
  fc.tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 17n }), fc.integer({ min: 0, max: maxScale })).map(([neg, digits, places]) => {
    const s = digits.toString().padStart(places + 1, '0');
    const text = places === 0 ? s : `${s.slice(0, s.length - places)}.${s.slice(s.length - places)}`;
    return neg ? `-${text}` : text;
  });

describe('parseDecimal / formatDecimal', () => {
  it('parses the wire examples exactly', () => {
    expect(parseDecimal('0.52', 6)).toBe(520_000n);
    expect(parseDecimal('3149725.72', 6)).toBe(3_149_725_720_000n);
    expect(parseDecimal('219.217767', 6)).toBe(219_217_767n);
    expect(parseDecimal('64997.81000000', 8)).toBe(6_499_781_000_000n);
    expect(parseDecimal('1e-05', 6)).toBe(10n);
    expect(parseDecimal('-0.000001', 6)).toBe(-1n);
    expect(parseDecimal('5', 0)).toBe(5n);
  });

  it('formats back to the shortest exact string', () => {
    expect(formatDecimal(520_000n, 6)).toBe('0.52');
    expect(formatDecimal(3_149_725_720_000n, 6)).toBe('3149725.72');
    expect(formatDecimal(5_000_000n, 6)).toBe('5');
    expect(formatDecimal(5_000_000n, 6, 2)).toBe('5.00');
    expect(formatDecimal(-1n, 6)).toBe('-0.000001');
    expect(formatDecimal(0n, 6)).toBe('0');
  });

  it('rejects malformed input with a clear error', () => {
    for (const bad of ['', '.', 'abc', '1.2.3', '0x10', ' 1', '1 ', '--1', '1e', 'NaN', 'Infinity', '1,5']) {
      expect(() => parseDecimal(bad, 6, { what: 'price' }), bad).toThrow(DecimalSyntaxError);
    }
    expect(() => parseDecimal('abc', 6, { what: 'price' })).toThrow(/Malformed price "abc"/);
  });

  it('rejects digits beyond the scale unless a rounding mode is named', () => {
    expect(() => parseDecimal('0.1234567', 6)).toThrow(/more than 6 decimal places/);
    expect(parseDecimal('0.1234560000', 6)).toBe(123_456n); // trailing zeros are exact
    expect(parseDecimal('0.1234567', 6, { rounding: 'floor' })).toBe(123_456n);
    expect(parseDecimal('0.1234565', 6, { rounding: 'half-up' })).toBe(123_457n);
    expect(parseDecimal('-0.1234561', 6, { rounding: 'floor' })).toBe(-123_457n);
    expect(parseDecimal('-0.1234561', 6, { rounding: 'ceil' })).toBe(-123_456n);
    expect(parseDecimal('4e-9', 6, { rounding: 'half-up' })).toBe(0n);
  });

  it('reads JSON numbers as the literal on the wire', () => {
    expect(decimalFromNumber(0.07, 6)).toBe(70_000n);
    expect(decimalFromNumber(0.7, 6)).toBe(700_000n);
    expect(decimalFromNumber(92.59, 6)).toBe(92_590_000n);
    expect(decimalFromNumber(0.1 + 0.2, 6, { rounding: 'half-up' })).toBe(300_000n);
    expect(() => decimalFromNumber(0.1 + 0.2, 6)).toThrow(DecimalPrecisionError);
  });

  it('round-trips every decimal string to its canonical form (property)', () => {
    fc.assert(
      fc.property(decimalString(8), (text) => {
        expect(formatDecimal(parseDecimal(text, 8), 8)).toBe(canonical(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips every integer through format and parse (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.integer({ min: 0, max: 18 }), (value, scale) => {
        expect(parseDecimal(formatDecimal(value, scale), scale)).toBe(value);
      }),
      { numRuns: 2000 },
    );
  });

  it('divRound agrees with the exact rational for every mode (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.bigInt({ min: 1n, max: 10n ** 9n }), (n, d) => {
        const floor = divRound(n, d, 'floor');
        expect(floor * d <= n && n < (floor + 1n) * d).toBe(true);
        const ceil = divRound(n, d, 'ceil');
        expect((ceil - 1n) * d < n && n <= ceil * d).toBe(true);
        const half = divRound(n, d, 'half-up');
        const abs = (x: bigint) => (x < 0n ? -x : x);
        expect(abs(half * d - n) * 2n <= d).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('rescale widens exactly and narrows only as asked', () => {
    expect(rescale(52n, 2, 6)).toBe(520_000n);
    expect(rescale(520_000n, 6, 2)).toBe(52n);
    expect(() => rescale(520_001n, 6, 2)).toThrow(DecimalPrecisionError);
    expect(rescale(520_001n, 6, 2, 'ceil')).toBe(53n);
  });
});
