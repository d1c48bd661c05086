/**
 * Depth for a pair: how many shares can be bought at the best asks, and how far to walk up the
 * ask ladders while every marginal pair still clears the threshold net of fees. Allocation-free
 * (walks price slots by tick through `sizeAt`); at most `maxLevels` levels per leg.
 */
import type { Micros, OrderBook } from '@polymarket-arb/domain';
import type { FeeTable } from './fee-table.js';

/** Result of a walk (reused). Limits are the worst price reached on each leg (-1 = not walked). */
export class PairDepth {
  size: Micros = 0;
  yesLimit: Micros = -1;
  noLimit: Micros = -1;
  /** Levels consumed on the walked legs (for the decision detail). */
  levels = 0;
}

/** Next ask level above `price` (exclusive) within `tick` steps, or -1. */
function nextAsk(book: OrderBook, price: Micros, tick: Micros): Micros {
  for (let p = price + tick; p <= 1_000_000 - tick; p += tick) if (book.sizeAt('ask', p) > 0) return p;
  return -1;
}

/**
 * Walk both ask ladders (taker pair): returns the largest size <= `maxSize` whose every marginal
 * share pair nets at least `minNet` per pair after taker fees on both legs.
 */
export function walkTakerPair(
  yes: OrderBook,
  no: OrderBook,
  fees: FeeTable,
  tick: Micros,
  maxSize: Micros,
  minNet: Micros,
  maxLevels: number,
  out: PairDepth,
): PairDepth {
  out.size = 0;
  out.levels = 0;
  let py = yes.bestAsk();
  let pn = no.bestAsk();
  out.yesLimit = py;
  out.noLimit = pn;
  if (py < 0 || pn < 0) return out;
  let ay = yes.sizeAt('ask', py);
  let an = no.sizeAt('ask', pn);
  let levelsY = 1;
  let levelsN = 1;
  while (out.size < maxSize) {
    if (1_000_000 - py - pn - fees.takerFee(py) - fees.takerFee(pn) < minNet) break;
    const take = Math.min(ay, an, maxSize - out.size);
    out.size += take;
    out.yesLimit = py;
    out.noLimit = pn;
    ay -= take;
    an -= take;
    if (ay === 0) {
      if (levelsY >= maxLevels || (py = nextAsk(yes, py, tick)) < 0) break;
      ay = yes.sizeAt('ask', py);
      levelsY++;
    }
    if (an === 0) {
      if (levelsN >= maxLevels || (pn = nextAsk(no, pn, tick)) < 0) break;
      an = no.sizeAt('ask', pn);
      levelsN++;
    }
  }
  out.levels = levelsY + levelsN;
  return out;
}

/**
 * Walk one ask ladder for the taker leg of a maker pair whose other leg rests at `makerBid`:
 * the size whose every marginal share nets at least `minNet` after the taker fee.
 */
export function walkTakerLeg(
  book: OrderBook,
  fees: FeeTable,
  tick: Micros,
  makerBid: Micros,
  maxSize: Micros,
  minNet: Micros,
  maxLevels: number,
  out: PairDepth,
): Micros {
  out.size = 0;
  out.levels = 0;
  let p = book.bestAsk();
  let limit = -1;
  for (let level = 1; p >= 0 && out.size < maxSize; level++) {
    if (1_000_000 - makerBid - p - fees.takerFee(p) < minNet) break;
    out.size += Math.min(book.sizeAt('ask', p), maxSize - out.size);
    limit = p;
    out.levels = level;
    if (level >= maxLevels) break;
    p = nextAsk(book, p, tick);
  }
  return limit;
}
