/**
 * The self-check of a local book against the exchange: every `price_change` entry carries the
 * exchange's best bid and ask after the change. An empty side is reported as 0 (bids) or 1 (asks),
 * and sometimes as 0 for either, so those count as agreeing with an empty local side.
 */
import type { Micros, OrderBook } from '@polymarket-arb/domain';

/** True when `local` (-1 = empty side) is what the exchange reports. */
export function sameBest(local: Micros, exchange: Micros, emptyAs: Micros): boolean {
  if (local < 0) return exchange === emptyAs || exchange === 0;
  return local === exchange;
}

/** Does the book agree with the exchange's reported top? Absent values (negative) are not checked. */
export function agreesWithExchange(book: OrderBook, exchangeBid: Micros, exchangeAsk: Micros): boolean {
  return (exchangeBid < 0 || sameBest(book.bestBid(), exchangeBid, 0)) && (exchangeAsk < 0 || sameBest(book.bestAsk(), exchangeAsk, 1_000_000));
}
