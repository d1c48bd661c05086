/**
 * Position sizing (spec 4.3): fixed MVP size per pair, scaled down when the inventory is skewed
 * (with a top-up of the light leg to rebalance), capped by the depth that clears the threshold,
 * the per-market position cap (shares per side), the total exposure cap (cost basis, pUSD), and
 * rounded down to Polymarket's 0.01-share size step. A leg is either 0 or at least the market's
 * minimum order size. Runs only when an opportunity passed detection, so it may use bigint.
 */
import type { Micros } from '@polymarket-arb/domain';
import { InventoryState, type InventoryStateCode } from './codes.js';

/** Polymarket sizes have 2 decimals: 0.01 share = 10_000 micros. */
export const SIZE_STEP: Micros = 10_000;

export interface SizingLimits {
  readonly mvp_size: Micros;
  readonly max_position_per_market: Micros;
  readonly max_total_exposure: Micros;
  readonly skewed_size_factor: Micros;
}

export interface SizingInput {
  readonly limits: SizingLimits;
  readonly minOrderSize: Micros;
  readonly inventoryYes: Micros;
  readonly inventoryNo: Micros;
  readonly state: InventoryStateCode;
  /** Cost basis held across all markets (pUSD micros). */
  readonly totalExposure: Micros;
  /** Shares available at prices that clear the threshold (depth walk). */
  readonly depth: Micros;
  /** Worst price (limit) of each leg and its taker fee per share: costs for the exposure cap. */
  readonly yesPrice: Micros;
  readonly noPrice: Micros;
  readonly yesFee: Micros;
  readonly noFee: Micros;
}

export interface PairSize {
  yes: Micros;
  no: Micros;
}

export function roundSize(size: Micros): Micros {
  return size <= 0 ? 0 : size - (size % SIZE_STEP);
}

function minOrZero(size: Micros, minOrder: Micros): Micros {
  const rounded = roundSize(size);
  return rounded >= minOrder && rounded > 0 ? rounded : 0;
}

/** Shares of cost `perShare` that fit in `budget` (both micros), floored. */
function sharesFor(budget: Micros, perShare: Micros): Micros {
  if (budget <= 0) return 0;
  if (perShare <= 0) return Number.MAX_SAFE_INTEGER;
  return Number((BigInt(budget) * 1_000_000n) / BigInt(perShare));
}

/** The pair (and light-leg top-up) to buy now; `out` is reused. */
export function sizePair(input: SizingInput, out: PairSize = { yes: 0, no: 0 }): PairSize {
  out.yes = 0;
  out.no = 0;
  const { limits } = input;
  if (input.state >= InventoryState.EXPOSED) return out;
  const skewed = input.state === InventoryState.SKEWED;
  let pair = skewed ? Number((BigInt(limits.mvp_size) * BigInt(limits.skewed_size_factor)) / 1_000_000n) : limits.mvp_size;
  pair = Math.min(pair, input.depth);
  const roomYes = Math.max(0, limits.max_position_per_market - input.inventoryYes);
  const roomNo = Math.max(0, limits.max_position_per_market - input.inventoryNo);
  pair = Math.min(pair, roomYes, roomNo);
  const budget = limits.max_total_exposure - input.totalExposure;
  const pairCost = input.yesPrice + input.yesFee + input.noPrice + input.noFee;
  pair = minOrZero(Math.min(pair, sharesFor(budget, pairCost)), input.minOrderSize);
  out.yes = pair;
  out.no = pair;
  if (skewed) addTopUp(input, out, budget - costOf(pair, pairCost), roomYes - pair, roomNo - pair);
  return out;
}

function costOf(shares: Micros, perShare: Micros): Micros {
  return Number((BigInt(shares) * BigInt(perShare) + 999_999n) / 1_000_000n);
}

/** Skewed: buy part of the imbalance on the light leg, within depth, room and budget. */
function addTopUp(input: SizingInput, out: PairSize, budget: Micros, roomYes: Micros, roomNo: Micros): void {
  const lightIsYes = input.inventoryYes < input.inventoryNo;
  const imbalance = Math.abs(input.inventoryYes - input.inventoryNo);
  const price = lightIsYes ? input.yesPrice + input.yesFee : input.noPrice + input.noFee;
  let top = Math.min(imbalance, input.limits.mvp_size, Math.max(0, input.depth - out.yes), lightIsYes ? roomYes : roomNo);
  top = minOrZero(Math.min(top, sharesFor(budget, price)), input.minOrderSize);
  if (lightIsYes) out.yes += top;
  else out.no += top;
}

/** Exact cost (micros, rounded up) of buying the given sizes at the given prices plus taker fees per share. */
export function pairOrderCost(sizeYes: Micros, yesPrice: Micros, yesFee: Micros, sizeNo: Micros, noPrice: Micros, noFee: Micros): Micros {
  const total = BigInt(sizeYes) * BigInt(yesPrice + yesFee) + BigInt(sizeNo) * BigInt(noPrice + noFee);
  return Number((total + 999_999n) / 1_000_000n);
}
