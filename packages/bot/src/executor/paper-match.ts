/**
 * Matching rules of the paper executor, pure: taking liquidity by walking levels (each level is a
 * separate match, with its own taker fee as the venue charges per trade), and the size a resting
 * order gets when the book or a trade goes through its price.
 */
import { mulMicros, tradeFee, type FeeSchedule, type Micros, type OrderBook, type OrderSide } from '@polymarket-arb/domain';

export interface Match {
  size: Micros;
  notional: Micros;
  fee: Micros;
}

/**
 * Take up to `size` shares: a BUY walks the asks from the best up to `limit`, a SELL walks the
 * bids down to `limit`. Buys round notional up, sells down (never flattering the result).
 */
export function takeLiquidity(book: OrderBook, side: OrderSide, limit: Micros, size: Micros, schedule: FeeSchedule): Match {
  const m: Match = { size: 0, notional: 0, fee: 0 };
  const buying = side === 'BUY';
  book.forEachLevel(buying ? 'ask' : 'bid', (price, levelSize) => {
    if (buying ? price > limit : price < limit) return false;
    const take = Math.min(levelSize, size - m.size);
    m.size += take;
    m.notional += Number(mulMicros(take, price, buying ? 'ceil' : 'floor'));
    m.fee += Number(tradeFee(take, price, schedule, 'taker'));
    return m.size < size;
  });
  return m;
}

/** Shares resting on the opposite side strictly better than `price` (they would have hit us). */
export function sizeThrough(book: OrderBook, side: OrderSide, price: Micros): Micros {
  let total = 0;
  book.forEachLevel(side === 'BUY' ? 'ask' : 'bid', (level, levelSize) => {
    if (side === 'BUY' ? level >= price : level <= price) return false;
    total += levelSize;
    return true;
  });
  return total;
}

/** True when a limit order at `price` would take liquidity now. */
export function isMarketable(book: OrderBook, side: OrderSide, price: Micros): boolean {
  if (side === 'BUY') {
    const ask = book.bestAsk();
    return ask >= 0 && price >= ask;
  }
  const bid = book.bestBid();
  return bid >= 0 && price <= bid;
}

/** Volume-weighted price of a fill, rounded half-up to micros. */
export function averagePrice(notional: Micros, size: Micros): Micros {
  if (size === 0) return 0;
  return Number((BigInt(notional) * 1_000_000n + BigInt(size) / 2n) / BigInt(size));
}
