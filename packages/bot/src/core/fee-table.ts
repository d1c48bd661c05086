/**
 * Taker fee per share at every representable price, precomputed once per fee schedule, so the hot
 * path reads a fee with one typed-array load instead of bigint arithmetic.
 *
 * Entries are the exact fee of one share (`feePerShareAtto`) rounded UP to whole micros: a margin
 * computed with them is never overstated (by less than 1 micro per share per leg). The fee actually
 * charged on a fill is `tradeFee` on the filled size (floored to 5 decimals by the venue).
 */
import { feePerShareAtto, PRICE_SLOTS, MICROS_PER_SLOT, type FeeSchedule, type Micros } from '@polymarket-arb/domain';

const ATTO_PER_MICRO = 1_000_000_000_000n;

export class FeeTable {
  /** Taker fee per share in micros, indexed by price slot (price / 100 micros). */
  readonly taker: Int32Array;

  constructor(readonly schedule: FeeSchedule) {
    this.taker = new Int32Array(PRICE_SLOTS);
    for (let slot = 0; slot < PRICE_SLOTS; slot++) {
      const atto = feePerShareAtto(slot * MICROS_PER_SLOT, schedule, 'taker');
      this.taker[slot] = Number((atto + ATTO_PER_MICRO - 1n) / ATTO_PER_MICRO);
    }
  }

  /** Taker fee per share (micros, rounded up) at `price`; 0 outside the table. */
  takerFee(price: Micros): Micros {
    return price >= 0 && price <= 1_000_000 ? ((this.taker[(price / MICROS_PER_SLOT) | 0] as number) ?? 0) : 0;
  }
}

const cache = new Map<string, FeeTable>();

/** One shared table per distinct schedule (markets of one category share it). */
export function feeTableFor(schedule: FeeSchedule): FeeTable {
  const key = `${schedule.rate}/${schedule.exponent}/${schedule.takerOnly}`;
  let table = cache.get(key);
  if (table === undefined) {
    table = new FeeTable(schedule);
    cache.set(key, table);
  }
  return table;
}
