import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CRYPTO_FEES_2026,
  FeeScheduleError,
  feePerShareAtto,
  formatDecimal,
  pairCost,
  parseFeeSchedule,
  parseMicros,
  tradeFee,
  units,
  type FeeSchedule,
} from '../src/index.js';

const fee = (shares: string, price: string, schedule: FeeSchedule = CRYPTO_FEES_2026) =>
  formatDecimal(tradeFee(parseMicros(shares), parseMicros(price), schedule), 6);

/** The exact fee as a rational, computed from decimal strings by a different route than the library. */
function exactFeeTimes1e5(sharesMicros: number, priceMicros: number, schedule: FeeSchedule): { num: bigint; den: bigint } {
  const s = BigInt(sharesMicros);
  const r = BigInt(schedule.rate);
  const p = BigInt(priceMicros);
  let num = s * r * 100_000n;
  let den = 10n ** 12n;
  for (let i = 0; i < schedule.exponent; i++) {
    num *= p * (1_000_000n - p);
    den *= 10n ** 12n;
  }
  return { num, den };
}

describe('taker fee (protocol reference §5)', () => {
  it('matches the published examples', () => {
    // Fee Structure V2: 0.07 x p(1-p); $1.75 per 100 shares at 0.50.
    expect(fee('100', '0.5')).toBe('1.75');
    // The January 2026 curve: rate 0.25, exponent 2 -> $1.5625 per 100 shares at 0.50.
    expect(fee('100', '0.5', parseFeeSchedule({ rate: 0.25, exponent: 2, takerOnly: true }))).toBe('1.5625');
    expect(fee('100', '0.48')).toBe('1.7472');
  });

  it('handles the edge prices 0.01 / 0.99 and the 0.001 tick', () => {
    expect(fee('100', '0.01')).toBe('0.0693');
    expect(fee('100', '0.99')).toBe('0.0693');
    // 100 x 0.07 x 0.001 x 0.999 = 0.006993 -> floored to 5 decimals
    expect(fee('100', '0.001')).toBe('0.00699');
    expect(fee('100', '0.999')).toBe('0.00699');
    // 5 shares (the minimum order) at 0.001: 0.00034965 -> 0.00034
    expect(fee('5', '0.001')).toBe('0.00034');
    // below the smallest charge (0.00001) the fee rounds to zero
    expect(fee('0.1', '0.001')).toBe('0');
    expect(fee('100', '0')).toBe('0');
    expect(fee('100', '1')).toBe('0');
  });

  it('charges makers nothing on a taker-only schedule', () => {
    expect(tradeFee(units(100), 500_000, CRYPTO_FEES_2026, 'maker')).toBe(0n);
    const both = parseFeeSchedule({ rate: '0.07', exponent: 1, takerOnly: false });
    expect(tradeFee(units(100), 500_000, both, 'maker')).toBe(1_750_000n);
  });

  it('is the exact fee floored to 5 decimals, for every size, price and schedule (property)', () => {
    const schedule = fc.record({
      rate: fc.integer({ min: 0, max: 250_000 }),
      exponent: fc.integer({ min: 1, max: 3 }),
      takerOnly: fc.constant(true),
      rebateRate: fc.constant(0),
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: units(1_000_000) }),
        fc.integer({ min: 0, max: 1000 }),
        schedule,
        (shares, priceMillis, sched) => {
          const price = priceMillis * 1000; // a 0.001 tick
          const charged = tradeFee(shares, price, sched);
          expect(charged % 10n).toBe(0n);
          const { num, den } = exactFeeTimes1e5(shares, price, sched);
          const units5 = charged / 10n;
          expect(units5 * den <= num).toBe(true);
          expect(num < (units5 + 1n) * den).toBe(true);
          // symmetric in p <-> 1-p
          expect(tradeFee(shares, 1_000_000 - price, sched)).toBe(charged);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('never decreases with size and never exceeds shares x rate x 0.25 (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: units(100_000) }),
        fc.integer({ min: 0, max: units(1000) }),
        fc.integer({ min: 1, max: 999 }),
        (a, extra, priceMillis) => {
          const p = priceMillis * 1000;
          expect(tradeFee(a + extra, p, CRYPTO_FEES_2026) >= tradeFee(a, p, CRYPTO_FEES_2026)).toBe(true);
          expect(tradeFee(a, p, CRYPTO_FEES_2026) * 4n * 1_000_000n <= BigInt(a) * 70_000n).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('per-share fee in 1e-18 units is the exact per-share fee rounded up', () => {
    expect(feePerShareAtto(480_000, CRYPTO_FEES_2026)).toBe(17_472_000_000_000_000n);
    expect(feePerShareAtto(480_000, CRYPTO_FEES_2026, 'maker')).toBe(0n);
  });

  it('reads Gamma and CLOB fee schedules and rejects bad ones', () => {
    expect(parseFeeSchedule({ exponent: 1, rate: 0.07, takerOnly: true, rebateRate: 0.2 })).toEqual(CRYPTO_FEES_2026);
    expect(parseFeeSchedule({ r: 0.07, e: 1, to: true })).toEqual({ ...CRYPTO_FEES_2026, rebateRate: 0 });
    expect(() => parseFeeSchedule({ rate: 0.07, exponent: 1.5 })).toThrow(/whole number/);
    expect(() => parseFeeSchedule({ rate: 2, exponent: 1 })).toThrow(/between 0 and 1/);
    expect(() => parseFeeSchedule(null)).toThrow(FeeScheduleError);
    expect(() => parseFeeSchedule({ exponent: 1 })).toThrow(/rate is missing/);
  });
});

describe('pair cost net of fees', () => {
  it('matches the reference example: 0.48 + 0.48 as taker nets about half a cent per share', () => {
    const cost = pairCost({ size: units(100), yesPrice: 480_000, noPrice: 480_000, schedule: CRYPTO_FEES_2026 });
    expect(formatDecimal(cost.notional, 6)).toBe('96');
    expect(formatDecimal(cost.yesFee, 6)).toBe('1.7472');
    expect(formatDecimal(cost.total, 6)).toBe('99.4944');
    expect(formatDecimal(cost.profit, 6)).toBe('0.5056');
  });

  it('drops the fee of a maker leg', () => {
    const cost = pairCost({ size: units(100), yesPrice: 490_000, noPrice: 500_000, schedule: CRYPTO_FEES_2026, yesLiquidity: 'maker' });
    expect(cost.yesFee).toBe(0n);
    expect(formatDecimal(cost.profit, 6)).toBe('-0.75');
  });

  it('profit is payout minus notional minus fees, exactly (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 1, max: 999 }),
        fc.integer({ min: 1, max: 999 }),
        (sizeCents, y, n) => {
          const size = sizeCents * 10_000; // 2-decimal sizes as Polymarket uses
          const c = pairCost({ size, yesPrice: y * 1000, noPrice: n * 1000, schedule: CRYPTO_FEES_2026 });
          expect(c.profit).toBe(BigInt(size) - c.notional - c.yesFee - c.noFee);
          expect(c.notional * 1_000_000n).toBe(BigInt(size) * BigInt(y * 1000 + n * 1000));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
