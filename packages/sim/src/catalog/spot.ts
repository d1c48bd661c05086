/**
 * The reference spot price of each asset: a deterministic function of (seed, asset, time) that
 * looks like a random walk, evaluated at any instant in O(log n) without simulating from the epoch.
 *
 * Construction (in log price):
 * - Anchors every 2^17 s (about 36 h): a slow, bounded trend (a few seeded sinusoids with periods
 *   from days to years) plus independent noise, so prices stay within each asset's range forever.
 * - Between two anchors, a Brownian bridge by midpoint displacement: each dyadic midpoint is drawn
 *   from its exact conditional law given the two ends, N((a+b)/2, sigma^2 * length / 4), with the
 *   deviate hashed from the midpoint's absolute second. 17 halvings reach 1-second resolution;
 *   between whole seconds the path is linear.
 * So two calls for the same instant always agree, and a 15-minute move has standard deviation
 * sigma * sqrt(900 s) (0.27% for BTC, 0.45% for XRP), as a real 15-minute window does.
 */
import type { CryptoAsset } from '@polymarket-arb/domain';
import { normalAt, normalCdf, uniformAt } from './hash.js';

/** Seconds between anchors (a power of two, so every bisection lands on a whole second). */
const ANCHOR_SPAN = 131_072;
const SECONDS_PER_YEAR = 365.25 * 86_400;
const DAY = 86_400;

interface AssetModel {
  readonly index: number;
  /** Typical price range; the slow trend stays well inside it. */
  readonly low: number;
  readonly high: number;
  /** Annualised volatility of log returns. */
  readonly annualVol: number;
}

const MODELS: Readonly<Record<CryptoAsset, AssetModel>> = {
  BTC: { index: 0, low: 60_000, high: 110_000, annualVol: 0.5 },
  ETH: { index: 1, low: 2_000, high: 5_000, annualVol: 0.65 },
  SOL: { index: 2, low: 100, high: 250, annualVol: 0.8 },
  XRP: { index: 3, low: 0.4, high: 3, annualVol: 0.85 },
};

/** Slow trend: periods and weights (fractions of the half-range in log space) of the sinusoids. */
const TREND_PERIODS = [3 * 365.25 * DAY, 365.25 * DAY, 97 * DAY, 31 * DAY, 11 * DAY];
const TREND_WEIGHTS = [0.35, 0.2, 0.1, 0.06, 0.04];
/** Anchor noise is clipped at this many standard deviations so the range bound holds. */
const NOISE_CLIP = 2.5;

const SALT_PHASE = 0x70a5e;
const SALT_ANCHOR = 0xa7c40;

/** Volatility of log price per sqrt(second) for an asset. */
export function spotSigma(asset: CryptoAsset): number {
  return MODELS[asset].annualVol / Math.sqrt(SECONDS_PER_YEAR);
}

/** Index of an asset (0..3), stable across releases: it feeds every hash. */
export function assetIndex(asset: CryptoAsset): number {
  return MODELS[asset].index;
}

export class SpotModel {
  private readonly seedLo: number;
  private readonly seedHi: number;
  private readonly phases: ReadonlyMap<CryptoAsset, readonly number[]>;

  constructor(seed: number) {
    this.seedLo = seed >>> 0;
    this.seedHi = Math.floor(seed / 4_294_967_296) | 0;
    const phases = new Map<CryptoAsset, number[]>();
    for (const asset of Object.keys(MODELS) as CryptoAsset[]) {
      const index = MODELS[asset].index;
      phases.set(
        asset,
        TREND_PERIODS.map((_, k) => 2 * Math.PI * uniformAt(this.seedLo, this.seedHi, index, k, SALT_PHASE)),
      );
    }
    this.phases = phases;
  }

  /** Spot price of `asset` at unix time `ms`. */
  spot(asset: CryptoAsset, ms: number): number {
    return Math.exp(this.logSpot(asset, ms));
  }

  /** Natural log of the spot price at unix time `ms` (fractions of a second interpolate linearly). */
  logSpot(asset: CryptoAsset, ms: number): number {
    const model = MODELS[asset];
    const sigma = spotSigma(asset);
    const t = ms / 1000;
    const anchorIndex = Math.floor(t / ANCHOR_SPAN);
    let lo = anchorIndex * ANCHOR_SPAN;
    let hi = lo + ANCHOR_SPAN;
    let vLo = this.anchor(asset, anchorIndex);
    let vHi = this.anchor(asset, anchorIndex + 1);
    while (hi - lo > 1) {
      const mid = (lo + hi) / 2;
      const vMid = (vLo + vHi) / 2 + ((sigma * Math.sqrt(hi - lo)) / 2) * normalAt(this.seedLo, this.seedHi, model.index, mid);
      if (t < mid) {
        hi = mid;
        vHi = vMid;
      } else {
        lo = mid;
        vLo = vMid;
      }
    }
    return vLo + (vHi - vLo) * (t - lo);
  }

  /**
   * Probability that spot at `endMs` is at or above spot at `startMs`, seen at time `ms`, under
   * driftless Brownian motion: 0.5 before the start, Phi(x / (sigma sqrt(remaining))) during the
   * window, and 0 or 1 once it is over.
   */
  probabilityUp(asset: CryptoAsset, startMs: number, endMs: number, ms: number): number {
    if (ms <= startMs) return 0.5;
    return this.probabilityUpFrom(asset, this.logSpot(asset, startMs), startMs, endMs, ms);
  }

  /** `probabilityUp` with the log spot at the start already known (saves half the work in loops). */
  probabilityUpFrom(asset: CryptoAsset, startLog: number, startMs: number, endMs: number, ms: number): number {
    if (ms <= startMs) return 0.5;
    const now = Math.min(ms, endMs);
    const move = this.logSpot(asset, now) - startLog;
    const remainingSec = (endMs - now) / 1000;
    if (remainingSec <= 0) return move >= 0 ? 1 : 0;
    return normalCdf(move / (spotSigma(asset) * Math.sqrt(remainingSec)));
  }

  private anchor(asset: CryptoAsset, anchorIndex: number): number {
    const model = MODELS[asset];
    const logMid = (Math.log(model.low) + Math.log(model.high)) / 2;
    const halfRange = (Math.log(model.high) - Math.log(model.low)) / 2;
    const t = anchorIndex * ANCHOR_SPAN;
    const phases = this.phases.get(asset) ?? [];
    let trend = 0;
    for (let k = 0; k < TREND_PERIODS.length; k++) {
      trend += (TREND_WEIGHTS[k] ?? 0) * Math.sin((2 * Math.PI * t) / (TREND_PERIODS[k] ?? 1) + (phases[k] ?? 0));
    }
    // Noise between anchors matches the walk's own variance over one span (halved: both ends move).
    const noiseSd = (spotSigma(asset) * Math.sqrt(ANCHOR_SPAN)) / Math.SQRT2;
    const z = Math.max(-NOISE_CLIP, Math.min(NOISE_CLIP, normalAt(this.seedLo, this.seedHi, model.index, anchorIndex, SALT_ANCHOR)));
    return logMid + halfRange * trend + noiseSd * z;
  }
}
