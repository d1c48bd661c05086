/**
 * Polymarket taker fees (protocol reference §5) and the net-of-fee cost of an Up+Down pair.
 *
 *   fee = shares x rate x (p x (1 - p))^exponent
 *
 * with `rate` and `exponent` read per market from Gamma's `feeSchedule` (or CLOB `fd`), charged to
 * takers only, and rounded to 5 decimals. The venue floors the fee (fees below 0.00001 pUSD are
 * not charged), as NautilusTrader's `compute_commission` documents; we do the same. All arithmetic
 * is exact `bigint`; results are micro-units (10^-6 pUSD), always a multiple of 10.
 */
import { FeeInputError, FeeScheduleError } from '../errors.js';
import { decimalFromNumber, divRound, parseDecimal, pow10 } from './decimal.js';
import { bigToMicros, MICROS_PER_UNIT, type Micros } from './micros.js';

export interface FeeSchedule {
  /** Fee rate in micros (0.07 -> 70_000). */
  readonly rate: Micros;
  /** Whole-number exponent of p(1-p); 1 for every crypto market since 2026-03-30. */
  readonly exponent: number;
  /** Fees are charged to takers only (makers pay none). */
  readonly takerOnly: boolean;
  /** Share of taker fees rebated to makers, in micros (0.2 -> 200_000). Informational. */
  readonly rebateRate: Micros;
}

/** A market without fees (feesEnabled=false). */
export const NO_FEES: FeeSchedule = Object.freeze({ rate: 0, exponent: 1, takerOnly: true, rebateRate: 0 });

/** The crypto schedule published in the 2026-03-30 "Fee Structure V2" (a default, never a constant). */
export const CRYPTO_FEES_2026: FeeSchedule = Object.freeze({ rate: 70_000, exponent: 1, takerOnly: true, rebateRate: 200_000 });

export type Liquidity = 'taker' | 'maker';

/** Fees are charged in whole 10^-5 pUSD. */
const FEE_QUANTUM_MICROS = 10n;
const MAX_EXPONENT = 4;

/**
 * Read a fee schedule from Gamma's `feeSchedule` object (`{"exponent":1,"rate":0.07,"takerOnly":true,
 * "rebateRate":0.2}`, numbers or strings) or from the CLOB's compact `fd` (`{"r":0.07,"e":1,"to":true}`).
 */
export function parseFeeSchedule(raw: unknown): FeeSchedule {
  if (raw === null || typeof raw !== 'object') {
    throw new FeeScheduleError(`Fee schedule ${JSON.stringify(raw)} is not an object like {"rate":0.07,"exponent":1}.`);
  }
  const o = raw as Record<string, unknown>;
  const rate = decimalField(o.rate ?? o.r, 'feeSchedule.rate');
  const exponentValue = o.exponent ?? o.e ?? 1;
  const exponent = typeof exponentValue === 'string' ? Number(exponentValue) : exponentValue;
  if (typeof exponent !== 'number' || !Number.isInteger(exponent) || exponent < 0 || exponent > MAX_EXPONENT) {
    throw new FeeScheduleError(`feeSchedule.exponent ${JSON.stringify(exponentValue)} must be a whole number from 0 to ${MAX_EXPONENT}.`);
  }
  const takerOnly = (o.takerOnly ?? o.to ?? true) !== false;
  const rebate = o.rebateRate === undefined ? 0 : decimalField(o.rebateRate, 'feeSchedule.rebateRate');
  if (rate < 0 || rate > MICROS_PER_UNIT) {
    throw new FeeScheduleError(`feeSchedule.rate must lie between 0 and 1, got ${JSON.stringify(o.rate ?? o.r)}.`);
  }
  return Object.freeze({ rate, exponent, takerOnly, rebateRate: rebate });
}

function decimalField(value: unknown, what: string): Micros {
  if (typeof value === 'number') return bigToMicros(decimalFromNumber(value, 6, { what }), what);
  if (typeof value === 'string') return bigToMicros(parseDecimal(value, 6, { what }), what);
  throw new FeeScheduleError(`${what} is missing or not a number (got ${JSON.stringify(value)}).`);
}

/**
 * The fee in micros for `shares` traded at `price` (both Micros), floored to 5 decimals.
 * Makers pay nothing when the schedule is taker-only.
 */
export function tradeFee(shares: Micros, price: Micros, schedule: FeeSchedule, liquidity: Liquidity = 'taker'): bigint {
  if (liquidity === 'maker' && schedule.takerOnly) return 0n;
  checkPrice(price);
  if (shares < 0) throw new FeeInputError(`Fee requested for a negative size (${shares} micros).`);
  const { numerator, denominator } = feeFraction(BigInt(shares), price, schedule);
  // numerator/denominator is the fee in pUSD; express it in 10^-5 units, floored, then in micros.
  return divRound(numerator * 100_000n, denominator, 'floor') * FEE_QUANTUM_MICROS;
}

/** Unrounded fee for one share as the exact fraction of pUSD: rate x (p(1-p))^e. */
function feeFraction(shares: bigint, price: Micros, schedule: FeeSchedule): { numerator: bigint; denominator: bigint } {
  const p = BigInt(price);
  const q = 1_000_000n - p;
  const e = schedule.exponent;
  // shares[1e-6] x rate[1e-6] x (p[1e-6] x q[1e-6])^e
  const numerator = shares * BigInt(schedule.rate) * (p * q) ** BigInt(e);
  const denominator = pow10(12 + 12 * e);
  return { numerator, denominator };
}

/**
 * Fee per share in units of 10^-18 pUSD, rounded up (conservative for cost). Used where the
 * strategy compares per-share margins before a size is known; the charged fee is `tradeFee`.
 */
export function feePerShareAtto(price: Micros, schedule: FeeSchedule, liquidity: Liquidity = 'taker'): bigint {
  if (liquidity === 'maker' && schedule.takerOnly) return 0n;
  checkPrice(price);
  const { numerator, denominator } = feeFraction(1_000_000n, price, schedule);
  return divRound(numerator * pow10(18), denominator, 'ceil');
}

function checkPrice(price: Micros): void {
  if (!Number.isSafeInteger(price) || price < 0 || price > MICROS_PER_UNIT) {
    throw new FeeInputError(`Price ${price} micros is outside [0, 1]; fees are defined for prices between 0 and 1.`);
  }
}

export interface PairCostInput {
  /** Shares of each outcome bought. */
  size: Micros;
  /** Price paid for the Up ("yes") token. */
  yesPrice: Micros;
  /** Price paid for the Down ("no") token. */
  noPrice: Micros;
  schedule: FeeSchedule;
  yesLiquidity?: Liquidity;
  noLiquidity?: Liquidity;
}

export interface PairCost {
  /** size x (yesPrice + noPrice), exact micros. */
  readonly notional: bigint;
  readonly yesFee: bigint;
  readonly noFee: bigint;
  /** notional + fees. */
  readonly total: bigint;
  /** What the pair pays at expiry: exactly `size` pUSD. */
  readonly payout: bigint;
  /** payout - total: the locked-in profit (negative when the pair costs more than it pays). */
  readonly profit: bigint;
}

/**
 * The exact cost and profit of buying `size` Up shares and `size` Down shares, fees included.
 * A pair is an arbitrage only when `profit > 0`.
 */
export function pairCost(input: PairCostInput): PairCost {
  const size = BigInt(input.size);
  // Sizes have 2 decimals and prices at most 4 on Polymarket, so this division is exact in
  // practice; anything finer is rounded up so that a cost is never understated.
  const notional = divRound(size * BigInt(input.yesPrice + input.noPrice), 1_000_000n, 'ceil');
  const yesFee = tradeFee(input.size, input.yesPrice, input.schedule, input.yesLiquidity ?? 'taker');
  const noFee = tradeFee(input.size, input.noPrice, input.schedule, input.noLiquidity ?? 'taker');
  const total = notional + yesFee + noFee;
  return { notional, yesFee, noFee, total, payout: size, profit: size - total };
}
