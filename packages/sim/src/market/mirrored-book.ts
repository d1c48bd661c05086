/**
 * The two books of an Up/Down market, held once. On Polymarket a BUY of Up at p is the same order
 * as a SELL of Down at 1-p, so the Down book is the Up book seen in a mirror: Down bids are Up asks
 * at 1-p and Down asks are Up bids at 1-p. Holding one book makes the mirror exact by construction,
 * and every change yields the two `price_change` entries the live feed sends, one per token.
 */
import { MICROS_PER_UNIT, type Micros, type Outcome } from '@polymarket-arb/domain';
import { PriceLevels } from './price-levels.js';

export type WireSide = 'BUY' | 'SELL';

/** A level's new aggregate size on one token (0 = removed), as one `price_change` entry says. */
export interface LevelChange {
  readonly outcome: Outcome;
  readonly side: WireSide;
  readonly price: Micros;
  readonly size: Micros;
}

/** Levels of one token's book in wire order (bids ascending, asks descending: best last). */
export interface BookLevels {
  readonly bids: ReadonlyArray<readonly [Micros, Micros]>;
  readonly asks: ReadonlyArray<readonly [Micros, Micros]>;
}

export function otherOutcome(outcome: Outcome): Outcome {
  return outcome === 'yes' ? 'no' : 'yes';
}

export function otherSide(side: WireSide): WireSide {
  return side === 'BUY' ? 'SELL' : 'BUY';
}

export class MirroredBook {
  /** Up ("yes") bids, ascending. */
  readonly upBids = new PriceLevels(true);
  /** Up ("yes") asks, descending. */
  readonly upAsks = new PriceLevels(false);

  /** Size of the `side` level at `price` in `outcome`'s book. */
  size(outcome: Outcome, side: WireSide, price: Micros): Micros {
    const [levels, upPrice] = this.locate(outcome, side, price);
    return levels.size(upPrice);
  }

  /**
   * Set the `side` level at `price` of `outcome`'s book to aggregate `size`, and return the two
   * entries the feed sends: the token the order came from first, then its mirror.
   */
  set(outcome: Outcome, side: WireSide, price: Micros, size: Micros): [LevelChange, LevelChange] {
    const [levels, upPrice] = this.locate(outcome, side, price);
    levels.set(upPrice, size);
    return [
      { outcome, side, price, size },
      { outcome: otherOutcome(outcome), side: otherSide(side), price: MICROS_PER_UNIT - price, size },
    ];
  }

  bestBid(outcome: Outcome): Micros | undefined {
    if (outcome === 'yes') return this.upBids.best();
    const ask = this.upAsks.best();
    return ask === undefined ? undefined : MICROS_PER_UNIT - ask;
  }

  bestAsk(outcome: Outcome): Micros | undefined {
    if (outcome === 'yes') return this.upAsks.best();
    const bid = this.upBids.best();
    return bid === undefined ? undefined : MICROS_PER_UNIT - bid;
  }

  /** One token's levels in wire order. */
  levels(outcome: Outcome): BookLevels {
    const bidPrices = this.upBids.wirePrices();
    const askPrices = this.upAsks.wirePrices();
    if (outcome === 'yes') {
      return {
        bids: bidPrices.map((p) => [p, this.upBids.size(p)] as const),
        asks: askPrices.map((p) => [p, this.upAsks.size(p)] as const),
      };
    }
    // Up asks descend, so their mirrors ascend: exactly the order of Down bids (and vice versa).
    return {
      bids: askPrices.map((p) => [MICROS_PER_UNIT - p, this.upAsks.size(p)] as const),
      asks: bidPrices.map((p) => [MICROS_PER_UNIT - p, this.upBids.size(p)] as const),
    };
  }

  private locate(outcome: Outcome, side: WireSide, price: Micros): [PriceLevels, Micros] {
    if (outcome === 'yes') return [side === 'BUY' ? this.upBids : this.upAsks, price];
    return [side === 'BUY' ? this.upAsks : this.upBids, MICROS_PER_UNIT - price];
  }
}
