/**
 * One side of an order book: aggregate size per price, in exact integer micros, kept in the order
 * the live CLOB sends it (bids ascending, asks descending), so the best level is always LAST and a
 * snapshot is a straight walk. Books hold a few dozen levels and changes happen near the top, so a
 * sorted array with binary search beats any tree here.
 */
import type { Micros } from '@polymarket-arb/domain';

export class PriceLevels {
  /** Prices in wire order; the best price is the last element. */
  private readonly prices: Micros[] = [];
  private readonly sizes = new Map<Micros, Micros>();

  /** `ascending` for bids (best = highest = last), descending for asks (best = lowest = last). */
  constructor(readonly ascending: boolean) {}

  get count(): number {
    return this.prices.length;
  }

  size(price: Micros): Micros {
    return this.sizes.get(price) ?? 0;
  }

  /** Best price, or undefined when the side is empty. */
  best(): Micros | undefined {
    return this.prices[this.prices.length - 1];
  }

  /** The n-th best price (0 = best), or undefined. */
  nthBest(n: number): Micros | undefined {
    return this.prices[this.prices.length - 1 - n];
  }

  /** Worst (deepest) price, or undefined. */
  worst(): Micros | undefined {
    return this.prices[0];
  }

  /** Set the aggregate size at `price`; 0 removes the level. */
  set(price: Micros, size: Micros): void {
    if (size < 0 || !Number.isSafeInteger(size) || !Number.isSafeInteger(price)) {
      throw new RangeError(`PriceLevels.set: invalid price ${price} or size ${size}`);
    }
    const had = this.sizes.has(price);
    if (size === 0) {
      if (!had) return;
      this.sizes.delete(price);
      this.prices.splice(this.indexOf(price), 1);
      return;
    }
    this.sizes.set(price, size);
    if (!had) this.prices.splice(this.insertionPoint(price), 0, price);
  }

  /** Prices in wire order (best last). The array is live: copy it before mutating the book. */
  wirePrices(): readonly Micros[] {
    return this.prices;
  }

  clear(): void {
    this.prices.length = 0;
    this.sizes.clear();
  }

  private before(a: Micros, b: Micros): boolean {
    return this.ascending ? a < b : a > b;
  }

  private insertionPoint(price: Micros): number {
    let lo = 0;
    let hi = this.prices.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.before(this.prices[mid] as Micros, price)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private indexOf(price: Micros): number {
    const i = this.insertionPoint(price);
    if (this.prices[i] !== price) throw new Error(`PriceLevels: level ${price} missing from the index`);
    return i;
  }
}
