import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DecimalPrecisionError,
  DecimalSyntaxError,
  formatMicros,
  mulMicros,
  parseDecimal,
  parseMicros,
  parseMicrosOrNeg,
  units,
} from '../src/index.js';

describe('Micros fast path', () => {
  it('parses wire prices and sizes into integer micros', () => {
    expect(parseMicrosOrNeg('0.52')).toBe(520_000);
    expect(parseMicrosOrNeg('0.001')).toBe(1_000);
    expect(parseMicrosOrNeg('3149725.72')).toBe(3_149_725_720_000);
    expect(parseMicrosOrNeg('219.217767')).toBe(219_217_767);
    expect(parseMicrosOrNeg('0')).toBe(0);
    expect(parseMicrosOrNeg('5')).toBe(units(5));
    expect(parseMicrosOrNeg('.5')).toBe(500_000);
    expect(parseMicrosOrNeg('0.5000000')).toBe(500_000);
  });

  it('refuses what it cannot take exactly, so callers fall back to the explicit path', () => {
    for (const bad of ['', '.', '-1', '1e-5', '0.1234567', 'abc', '1.2.3', ' 1', '99999999999'])
      expect(parseMicrosOrNeg(bad), bad).toBe(-1);
    expect(() => parseMicros('0.1234567', 'size')).toThrow(/size "0.1234567" has more than 6 decimal places/);
    expect(() => parseMicros('', 'price')).toThrow(DecimalSyntaxError);
    expect(parseMicros('1e-5')).toBe(10);
  });

  it('agrees with the bigint parser on every non-negative decimal up to 6 places (property)', () => {
    const text = fc
      .tuple(fc.integer({ min: 0, max: 9_000_000_000 }), fc.integer({ min: 0, max: 999_999 }), fc.integer({ min: 0, max: 6 }))
      .map(([w, f, places]) => {
        if (places === 0) return String(w);
        return `${w}.${String(f).padStart(6, '0').slice(0, places)}`;
      });
    fc.assert(
      fc.property(text, (s) => {
        expect(parseMicrosOrNeg(s)).toBe(Number(parseDecimal(s, 6)));
        expect(parseMicros(formatMicros(parseMicrosOrNeg(s)))).toBe(parseMicrosOrNeg(s));
      }),
      { numRuns: 5000 },
    );
  });

  it('formats micros exactly and multiplies through bigint without float error', () => {
    expect(formatMicros(520_000)).toBe('0.52');
    expect(formatMicros(-1)).toBe('-0.000001');
    expect(mulMicros(520_000, units(10))).toBe(5_200_000n);
    // 0.1 x 0.2 = 0.02 exactly (floats would say 0.020000000000000004)
    expect(mulMicros(100_000, 200_000)).toBe(20_000n);
    expect(() => mulMicros(1, 1)).toThrow(DecimalPrecisionError);
    expect(mulMicros(1, 1, 'ceil')).toBe(1n);
    // products beyond 2^53 stay exact
    expect(mulMicros(3_149_725_720_000, 990_000)).toBe(3_118_228_462_800_000n / 1000n);
  });
});
