/**
 * Seeded pseudo-random numbers for the live market model. Every random choice the simulator makes
 * comes from one of these generators, each derived from the user's seed and a label, so a run is
 * reproducible from the seed (given the same clock) and independent streams do not interfere.
 */

/** FNV-1a over a label, mixed with a seed: a 32-bit sub-seed per purpose ("flow", "episodes"...). */
export function deriveSeed(seed: number, label: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0) ^ Math.floor(seed / 4_294_967_296);
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return h >>> 0;
}

/** sfc32: small, fast, and good enough for simulation (passes PractRand to 2^40+). */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4_294_967_296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Uniform integer in [lo, hi] (inclusive). */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return p > 0 && this.next() < p;
  }

  /** Uniform element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new RangeError('Rng.pick on an empty array');
    return item;
  }

  /** Log-uniform integer in [lo, hi] (sizes: many small orders, a few large ones). */
  logUniformInt(lo: number, hi: number): number {
    const v = Math.exp(Math.log(lo) + this.next() * (Math.log(hi) - Math.log(lo)));
    return Math.min(hi, Math.max(lo, Math.round(v)));
  }
}
