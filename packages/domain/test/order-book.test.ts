import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OrderBook, parseMicros } from '../src/index.js';

/** Reference model: a Map per side, sorted on read. */
class NaiveBook {
  bids = new Map<number, number>();
  asks = new Map<number, number>();
  set(side: 'bid' | 'ask', price: number, size: number): void {
    const m = side === 'bid' ? this.bids : this.asks;
    if (size === 0) m.delete(price);
    else m.set(price, size);
  }
  levels(side: 'bid' | 'ask'): { price: number; size: number }[] {
    const m = side === 'bid' ? this.bids : this.asks;
    return [...m.entries()].sort((a, b) => (side === 'bid' ? b[0] - a[0] : a[0] - b[0])).map(([price, size]) => ({ price, size }));
  }
}

describe('OrderBook', () => {
  it('applies aggregate level sizes; size 0 removes; best is tracked both ways', () => {
    const book = new OrderBook();
    book.setLevel('bid', parseMicros('0.31'), parseMicros('100'));
    book.setLevel('bid', parseMicros('0.311'), parseMicros('5.5'));
    book.setLevel('ask', parseMicros('0.397'), parseMicros('219.217767'));
    book.setLevel('ask', parseMicros('0.399'), parseMicros('10'));
    expect(book.bestBid()).toBe(311_000);
    expect(book.bestAsk()).toBe(397_000);
    expect(book.bestAskSize()).toBe(219_217_767);
    book.setLevel('ask', parseMicros('0.397'), 0);
    expect(book.bestAsk()).toBe(399_000);
    book.setLevel('bid', parseMicros('0.311'), 0);
    book.setLevel('bid', parseMicros('0.31'), 0);
    expect(book.bestBid()).toBe(-1);
    expect(book.levelCount('bid')).toBe(0);
  });

  it('refuses prices it cannot hold exactly instead of rounding them', () => {
    const book = new OrderBook();
    expect(book.setLevel('bid', 1_000_001, 1)).toBe(false);
    expect(book.setLevel('bid', 123_456, 1)).toBe(false); // finer than 0.0001
    expect(book.setLevel('bid', -100, 1)).toBe(false);
    expect(book.setLevel('bid', 500_000, -1)).toBe(false);
    expect(book.levelCount('bid')).toBe(0);
  });

  it('detects a crossed book and starts a new epoch on clear', () => {
    const book = new OrderBook();
    book.setLevel('bid', 603_000, 1);
    book.setLevel('ask', 601_000, 1);
    expect(book.isCrossed()).toBe(true);
    const epoch = book.epoch;
    book.clear();
    expect(book.epoch).toBe(epoch + 1);
    expect(book.bestBid()).toBe(-1);
    expect(book.isCrossed()).toBe(false);
  });

  it('agrees with a naive Map book after any sequence of updates (property)', () => {
    const update = fc.record({
      side: fc.constantFrom<'bid' | 'ask'>('bid', 'ask'),
      slot: fc.integer({ min: 0, max: 10_000 }),
      size: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 1e12 })),
    });
    fc.assert(
      fc.property(fc.array(update, { maxLength: 300 }), fc.integer({ min: 0, max: 300 }), (updates, clearAt) => {
        const book = new OrderBook();
        let naive = new NaiveBook();
        updates.forEach((u, i) => {
          if (i === clearAt) {
            book.clear();
            naive = new NaiveBook();
          }
          book.setLevel(u.side, u.slot * 100, u.size);
          naive.set(u.side, u.slot * 100, u.size);
        });
        for (const side of ['bid', 'ask'] as const) {
          const expected = naive.levels(side);
          expect(book.levels(side)).toEqual(expected);
          expect(book.levelCount(side)).toBe(expected.length);
        }
        expect(book.bestBid()).toBe(naive.levels('bid')[0]?.price ?? -1);
        expect(book.bestAsk()).toBe(naive.levels('ask')[0]?.price ?? -1);
      }),
      { numRuns: 1000 },
    );
  });
});
