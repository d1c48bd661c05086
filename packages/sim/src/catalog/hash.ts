/**
 * Deterministic pseudo-randomness for the catalog: every value is a pure function of the seed
 * and a few integer coordinates (asset, second, purpose), so any point in time can be evaluated
 * without simulating from the epoch. Two tools: a fast 32-bit hash for the spot model's hot path,
 * and SHA-256 for identifiers, where 256 well-mixed bits are needed.
 */
import { createHash } from 'node:crypto';

const TWO_32 = 4_294_967_296;

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

/** Murmur3's final avalanche: every input bit flips about half of the output bits. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function mixWord(h: number, word: number): number {
  let k = Math.imul(word, 0xcc9e2d51);
  k = rotl(k, 15);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = rotl(h, 13);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/**
 * 32-bit hash of a list of numbers. Each number may be any safe integer (negative or above 2^32):
 * it is fed as its low and high 32-bit words so that, e.g., seconds after 2106 stay distinct.
 */
export function hashInts(...values: number[]): number {
  let h = 0x2545f491;
  for (const v of values) {
    h = mixWord(h, v >>> 0);
    h = mixWord(h, Math.floor(v / TWO_32) | 0);
  }
  return fmix32(h ^ values.length);
}

/** Uniform in the open interval (0, 1) from a 32-bit hash. */
export function unitFromHash(h: number): number {
  return (h + 0.5) / TWO_32;
}

/** Uniform in (0, 1) for the given coordinates. */
export function uniformAt(...values: number[]): number {
  return unitFromHash(hashInts(...values));
}

/** Standard normal deviate for the given coordinates (Box-Muller over two independent hashes). */
export function normalAt(...values: number[]): number {
  const u1 = unitFromHash(hashInts(...values, 0x51ed27));
  const u2 = unitFromHash(hashInts(...values, 0x7f4a7c15));
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** SHA-256 of a text key as 64 lower-case hex digits (identifiers, never the hot path). */
export function sha256Hex(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Standard normal cumulative distribution (Abramowitz-Stegun 7.1.26 via erf, |error| < 1.5e-7). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}
