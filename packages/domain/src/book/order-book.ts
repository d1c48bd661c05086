/**
 * L2 order book of one outcome token, built for the hot path.
 *
 * Prices of Polymarket outcome tokens lie in [0, 1] with at most 4 decimals (the finest tick in the
 * rounding table is 0.0001), so each side is a dense array of 10,001 slots indexed by price in
 * 10^-4 units; a slot holds the aggregate size at that price in Micros. Updates and best-price
 * reads are O(1) (amortised: removing the best level scans to the next occupied slot) and allocate
 * nothing. Level sizes are aggregates, exactly as the wire sends them: size 0 removes the level.
 */
import type { BookSide, OrderBookLevel } from '../types.js';
import type { Micros } from '../money/micros.js';

/** Number of price slots: 0.0000 .. 1.0000 in steps of 0.0001. */
export const PRICE_SLOTS = 10_001;
/** Micros per slot (one slot = 0.0001). */
export const MICROS_PER_SLOT = 100;

/** Slot of a price in Micros, or -1 if it is outside [0, 1] or finer than 0.0001. */
export function priceSlot(price: Micros): number {
  if (price < 0 || price > 1_000_000 || price % MICROS_PER_SLOT !== 0) return -1;
  return price / MICROS_PER_SLOT;
}

class BookSideLevels {
  readonly sizes = new Float64Array(PRICE_SLOTS);
  /** Best occupied slot, or -1 when empty. For bids the highest slot, for asks the lowest. */
  best = -1;
  /** Lowest and highest slots that may be occupied (bounds for scans). */
  low = PRICE_SLOTS;
  high = -1;
  count = 0;

  constructor(readonly isBid: boolean) {}

  set(slot: number, size: Micros): void {
    const had = this.sizes[slot] as number;
    this.sizes[slot] = size;
    if (size > 0) {
      if (had === 0) {
        this.count++;
        if (slot < this.low) this.low = slot;
        if (slot > this.high) this.high = slot;
      }
      if (this.best < 0 || (this.isBid ? slot > this.best : slot < this.best)) this.best = slot;
    } else if (had > 0) {
      this.count--;
      if (this.count === 0) this.reset();
      else if (slot === this.best) this.best = this.scanFrom(slot);
    }
  }

  private scanFrom(slot: number): number {
    const sizes = this.sizes;
    if (this.isBid) {
      for (let i = slot - 1; i >= this.low; i--) if ((sizes[i] as number) > 0) return i;
    } else {
      for (let i = slot + 1; i <= this.high; i++) if ((sizes[i] as number) > 0) return i;
    }
    return -1;
  }

  reset(): void {
    if (this.high >= this.low) this.sizes.fill(0, this.low, this.high + 1);
    this.best = -1;
    this.low = PRICE_SLOTS;
    this.high = -1;
    this.count = 0;
  }
}

export class OrderBook {
  private readonly bidLevels = new BookSideLevels(true);
  private readonly askLevels = new BookSideLevels(false);
  /** Exchange timestamp (ms) of the last change applied. */
  timestampMs = 0;
  /** Incremented by every reset (snapshot, tick-size change, resync): a new book epoch. */
  epoch = 0;

  /**
   * Set the aggregate size at a price. Returns false (and changes nothing) when the price is not
   * representable (outside [0, 1] or finer than 0.0001) or the size is negative.
   */
  setLevel(side: BookSide, price: Micros, size: Micros): boolean {
    const slot = priceSlot(price);
    if (slot < 0 || !(size >= 0)) return false;
    (side === 'bid' ? this.bidLevels : this.askLevels).set(slot, size);
    return true;
  }

  /** Empty both sides and start a new epoch. */
  clear(): void {
    this.bidLevels.reset();
    this.askLevels.reset();
    this.epoch++;
  }

  /** Best bid price in Micros, or -1 when there are no bids. */
  bestBid(): Micros {
    const s = this.bidLevels.best;
    return s < 0 ? -1 : s * MICROS_PER_SLOT;
  }

  /** Best ask price in Micros, or -1 when there are no asks. */
  bestAsk(): Micros {
    const s = this.askLevels.best;
    return s < 0 ? -1 : s * MICROS_PER_SLOT;
  }

  bestBidSize(): Micros {
    const s = this.bidLevels.best;
    return s < 0 ? 0 : (this.bidLevels.sizes[s] as number);
  }

  bestAskSize(): Micros {
    const s = this.askLevels.best;
    return s < 0 ? 0 : (this.askLevels.sizes[s] as number);
  }

  /** Aggregate size at a price (0 when the level is empty). */
  sizeAt(side: BookSide, price: Micros): Micros {
    const slot = priceSlot(price);
    if (slot < 0) return 0;
    return (side === 'bid' ? this.bidLevels : this.askLevels).sizes[slot] as number;
  }

  levelCount(side: BookSide): number {
    return (side === 'bid' ? this.bidLevels : this.askLevels).count;
  }

  /** True when the best bid is at or above the best ask (possible on the wire for a moment). */
  isCrossed(): boolean {
    return this.bidLevels.best >= 0 && this.askLevels.best >= 0 && this.bidLevels.best >= this.askLevels.best;
  }

  /**
   * Visit levels from the best outwards (bids descending, asks ascending) until `visit` returns
   * false. Allocation-free: used to walk depth for fills.
   */
  forEachLevel(side: BookSide, visit: (price: Micros, size: Micros) => boolean | void): void {
    const levels = side === 'bid' ? this.bidLevels : this.askLevels;
    if (levels.best < 0) return;
    const sizes = levels.sizes;
    if (side === 'bid') {
      for (let i = levels.best; i >= levels.low; i--) {
        const size = sizes[i] as number;
        if (size > 0 && visit(i * MICROS_PER_SLOT, size) === false) return;
      }
    } else {
      for (let i = levels.best; i <= levels.high; i++) {
        const size = sizes[i] as number;
        if (size > 0 && visit(i * MICROS_PER_SLOT, size) === false) return;
      }
    }
  }

  /** Levels of one side, best first (allocates: for snapshots and tests, not the hot path). */
  levels(side: BookSide): OrderBookLevel[] {
    const out: OrderBookLevel[] = [];
    this.forEachLevel(side, (price, size) => {
      out.push({ price, size });
    });
    return out;
  }
}
