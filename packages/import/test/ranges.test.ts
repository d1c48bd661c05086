/** Range arithmetic: windows of a range, UTC-day pieces, and splitting into ranges the API accepts (property-tested). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayPieces, halve, splitRange, windowStartsIn } from '../src/ranges.js';

const DAY = 86_400;
const JAN1 = Date.UTC(2026, 0, 1) / 1000;

describe('windowStartsIn', () => {
  it('lists the 96 windows of a day, each a multiple of 900', () => {
    const starts = windowStartsIn(JAN1, JAN1 + DAY);
    expect(starts).toHaveLength(96);
    expect(starts[0]).toBe(JAN1);
    expect(starts[95]).toBe(JAN1 + DAY - 900);
  });

  it('takes windows that open inside a range that starts mid-window', () => {
    expect(windowStartsIn(JAN1 + 1, JAN1 + 1801)).toEqual([JAN1 + 900, JAN1 + 1800]);
    expect(windowStartsIn(JAN1, JAN1)).toEqual([]);
  });
});

describe('dayPieces', () => {
  it('cuts a range at UTC midnights', () => {
    expect(dayPieces(JAN1 + 3600, JAN1 + 2 * DAY + 60)).toEqual([
      { start: JAN1 + 3600, end: JAN1 + DAY },
      { start: JAN1 + DAY, end: JAN1 + 2 * DAY },
      { start: JAN1 + 2 * DAY, end: JAN1 + 2 * DAY + 60 },
    ]);
  });

  it('covers any range contiguously, one day at most per piece', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 * DAY }), fc.integer({ min: 1, max: 20 * DAY }), (offset, length) => {
        const start = JAN1 + offset;
        const pieces = dayPieces(start, start + length);
        expect(pieces[0]?.start).toBe(start);
        expect(pieces[pieces.length - 1]?.end).toBe(start + length);
        for (let i = 0; i < pieces.length; i++) {
          const p = pieces[i]!;
          expect(Math.floor(p.start / DAY)).toBe(Math.floor((p.end - 1) / DAY));
          if (i > 0) expect(p.start).toBe(pieces[i - 1]!.end);
        }
      }),
    );
  });
});

describe('splitRange', () => {
  it('splits 40 days into 15-day pieces', () => {
    const pieces = splitRange({ from: JAN1, to: JAN1 + 40 * DAY - 1 }, 15 * DAY);
    expect(pieces).toEqual([
      { from: JAN1, to: JAN1 + 15 * DAY },
      { from: JAN1 + 15 * DAY + 1, to: JAN1 + 30 * DAY + 1 },
      { from: JAN1 + 30 * DAY + 2, to: JAN1 + 40 * DAY - 1 },
    ]);
  });

  it('covers every second exactly once, no piece longer than allowed', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e9 }),
        fc.integer({ min: 0, max: 60 * DAY }),
        fc.integer({ min: 1, max: 30 * DAY }),
        (from, length, max) => {
          fc.pre((length + 1) / (max + 1) <= 5_000); // keep each case small
          const pieces = splitRange({ from, to: from + length }, max);
          const contiguous = pieces.every(
            (p, i) => p.to >= p.from && p.to - p.from <= max && (i === 0 ? p.from === from : p.from === pieces[i - 1]!.to + 1),
          );
          return contiguous && pieces[pieces.length - 1]?.to === from + length && pieces.length === Math.ceil((length + 1) / (max + 1));
        },
      ),
    );
  });

  it('returns nothing for an empty range and refuses a bad span', () => {
    expect(splitRange({ from: 10, to: 9 }, 5)).toEqual([]);
    expect(() => splitRange({ from: 0, to: 9 }, 0)).toThrow(/positive whole number/);
  });

  it('halves a range into two contiguous inclusive ranges', () => {
    expect(halve({ from: 0, to: 9 })).toEqual([
      { from: 0, to: 4 },
      { from: 5, to: 9 },
    ]);
    expect(halve({ from: 0, to: 10 })).toEqual([
      { from: 0, to: 5 },
      { from: 6, to: 10 },
    ]);
  });
});
