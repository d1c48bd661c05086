/**
 * Taking liquidity from a book that does not know we traded (a recording, or the live book a paper
 * order never reached). The book still shows the shares we took a moment ago, so the executor
 * remembers what it consumed per price level and offers only the rest; when the level later
 * shrinks (others traded or cancelled), our consumption is capped at what remains, as it would
 * have been gone first.
 *
 * `walkLevels` takes up to `size` shares from the best level outwards up to the limit price, one
 * match per level with its own taker fee (the venue charges per trade), buys rounding notional up
 * and sells down, never flattering the result.
 */
import { mulMicros, tradeFee, type BookSide, type FeeSchedule, type Micros, type OrderBook, type OrderSide } from '@polymarket-arb/domain';

export class ConsumedLiquidity {
  private readonly levels = new Map<string, Map<Micros, Micros>>();

  private key(tokenId: string, side: BookSide): string {
    return side === 'ask' ? `${tokenId}|a` : `${tokenId}|b`;
  }

  consumed(tokenId: string, side: BookSide, price: Micros): Micros {
    return this.levels.get(this.key(tokenId, side))?.get(price) ?? 0;
  }

  take(tokenId: string, side: BookSide, price: Micros, size: Micros): void {
    const key = this.key(tokenId, side);
    let m = this.levels.get(key);
    if (m === undefined) this.levels.set(key, (m = new Map()));
    m.set(price, (m.get(price) ?? 0) + size);
  }

  /** After the recorded book of `tokenId` changed: consumption can never exceed what a level shows. */
  clamp(tokenId: string, book: OrderBook): void {
    if (this.levels.size === 0) return;
    for (const side of ['ask', 'bid'] as const) {
      const m = this.levels.get(this.key(tokenId, side));
      if (m === undefined) continue;
      for (const [price, size] of m) {
        const shown = book.sizeAt(side, price);
        if (shown <= 0) m.delete(price);
        else if (size > shown) m.set(price, shown);
      }
      if (m.size === 0) this.levels.delete(this.key(tokenId, side));
    }
  }

  get isEmpty(): boolean {
    return this.levels.size === 0;
  }
}

/** Result of a walk: totals plus the levels touched (to record consumption once the match holds). */
export interface Walk {
  size: Micros;
  notional: Micros;
  fee: Micros;
  readonly prices: Micros[];
  readonly sizes: Micros[];
}

export function emptyWalk(): Walk {
  return { size: 0, notional: 0, fee: 0, prices: [], sizes: [] };
}

/**
 * Take up to `size` shares of `tokenId`: a BUY walks the asks up to `limit`, a SELL the bids down
 * to `limit`, offering at each level the recorded size minus what we already consumed there.
 */
export function walkLevels(
  book: OrderBook,
  consumed: ConsumedLiquidity,
  tokenId: string,
  side: OrderSide,
  limit: Micros,
  size: Micros,
  schedule: FeeSchedule,
  out: Walk,
): Walk {
  out.size = out.notional = out.fee = 0;
  out.prices.length = out.sizes.length = 0;
  const buying = side === 'BUY';
  const bookSide: BookSide = buying ? 'ask' : 'bid';
  book.forEachLevel(bookSide, (price, levelSize) => {
    if (buying ? price > limit : price < limit) return false;
    const available = levelSize - consumed.consumed(tokenId, bookSide, price);
    if (available <= 0) return true;
    const take = Math.min(available, size - out.size);
    out.size += take;
    out.notional += Number(mulMicros(take, price, buying ? 'ceil' : 'floor'));
    out.fee += Number(tradeFee(take, price, schedule, 'taker'));
    out.prices.push(price);
    out.sizes.push(take);
    return out.size < size;
  });
  return out;
}

/** Volume-weighted price of a fill, rounded half-up to micros. */
export function averagePrice(notional: Micros, size: Micros): Micros {
  if (size === 0) return 0;
  return Number((BigInt(notional) * 1_000_000n + BigInt(size) / 2n) / BigInt(size));
}

/** Best price still available to a taker on `side` (asks for a BUY), after our consumption; -1 if none. */
export function bestAvailable(book: OrderBook, consumed: ConsumedLiquidity, tokenId: string, side: OrderSide): Micros {
  const bookSide: BookSide = side === 'BUY' ? 'ask' : 'bid';
  let best = -1;
  book.forEachLevel(bookSide, (price, levelSize) => {
    if (levelSize - consumed.consumed(tokenId, bookSide, price) <= 0) return true;
    best = price;
    return false;
  });
  return best;
}
