/**
 * The reference spot model and the fair value derived from it: ranges, realistic volatility,
 * continuity, determinism without history, winners consistent with the path, calibrated odds.
 */
import { CRYPTO_ASSETS, WINDOW_SECONDS, type CryptoAsset } from '@polymarket-arb/domain';
import { describe, expect, it } from 'vitest';
import { Catalog } from '../src/catalog.js';

const START_2024 = Date.UTC(2024, 0, 1) / 1000;
const RANGES: Record<CryptoAsset, [number, number]> = { BTC: [60_000, 110_000], ETH: [2_000, 5_000], SOL: [100, 250], XRP: [0.4, 3] };

function fifteenMinuteMoves(catalog: Catalog, asset: CryptoAsset, count: number): number[] {
  const moves: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = START_2024 + i * 7 * WINDOW_SECONDS; // spread over ~5 months of windows
    moves.push(Math.log(catalog.spotAt(asset, (start + WINDOW_SECONDS) * 1000) / catalog.spotAt(asset, start * 1000)));
  }
  return moves;
}

describe('Reference spot', () => {
  it('stays in each asset range over years', () => {
    const catalog = new Catalog({ seed: 1234 });
    for (const asset of CRYPTO_ASSETS) {
      const [low, high] = RANGES[asset];
      for (let day = 0; day < 3 * 365; day += 3) {
        const price = catalog.spotAt(asset, (START_2024 + day * 86_400 + 3_600 * (day % 24)) * 1000);
        expect(price).toBeGreaterThan(low * 0.9);
        expect(price).toBeLessThan(high * 1.1);
      }
    }
  });

  it('moves 0.1-0.5% (one standard deviation) in 15 minutes', () => {
    const catalog = new Catalog({ seed: 77 });
    for (const asset of CRYPTO_ASSETS) {
      const moves = fifteenMinuteMoves(catalog, asset, 3000);
      const sd = Math.sqrt(moves.reduce((sum, m) => sum + m * m, 0) / moves.length);
      expect(sd).toBeGreaterThan(0.001);
      expect(sd).toBeLessThan(0.005);
      const mean = moves.reduce((sum, m) => sum + m, 0) / moves.length;
      expect(Math.abs(mean)).toBeLessThan((4 * sd) / Math.sqrt(moves.length)); // no drift at this scale
    }
  });

  it('is continuous between seconds and identical for any evaluation order', () => {
    const a = new Catalog({ seed: 5 });
    const b = new Catalog({ seed: 5 });
    const t = Date.UTC(2026, 10, 26, 12, 0, 7) + 250;
    const late = b.spotAt('BTC', t + 86_400_000 * 400); // b evaluates far in the future first
    expect(b.spotAt('BTC', t)).toBe(a.spotAt('BTC', t));
    expect(a.spotAt('BTC', t + 86_400_000 * 400)).toBe(late);
    const step = Math.abs(a.spotAt('BTC', t + 1) / a.spotAt('BTC', t) - 1);
    expect(step).toBeLessThan(1e-4);
    expect(new Catalog({ seed: 6 }).spotAt('BTC', t)).not.toBe(a.spotAt('BTC', t));
  });
});

describe('Winner and fair value', () => {
  it('declares Up exactly when spot at the end is at or above spot at the start', () => {
    const catalog = new Catalog({ seed: 42 });
    let ups = 0;
    for (let i = 0; i < 2000; i++) {
      const m = catalog.market('ETH', START_2024 + i * WINDOW_SECONDS);
      const up = catalog.spotAt('ETH', m.windowEnd * 1000) >= catalog.spotAt('ETH', m.windowStart * 1000);
      expect(catalog.winner(m)).toBe(up ? 'yes' : 'no');
      if (up) ups++;
    }
    expect(ups / 2000).toBeGreaterThan(0.45);
    expect(ups / 2000).toBeLessThan(0.55);
  });

  it('prices Up at 0.5 before the window, converges to the winner at the end, and stays in [0.001, 0.999]', () => {
    const catalog = new Catalog({ seed: 42 });
    for (let i = 0; i < 200; i++) {
      const m = catalog.market('BTC', START_2024 + i * WINDOW_SECONDS);
      expect(catalog.upProbability(m, m.windowStart * 1000 - 60_000)).toBe(0.5);
      expect(catalog.upProbability(m, m.windowEnd * 1000)).toBe(catalog.winner(m) === 'yes' ? 0.999 : 0.001);
      for (let s = 1; s < WINDOW_SECONDS; s += 97) {
        const p = catalog.upProbability(m, (m.windowStart + s) * 1000);
        expect(p).toBeGreaterThanOrEqual(0.001);
        expect(p).toBeLessThanOrEqual(0.999);
      }
    }
  });

  it('is calibrated: mid-window odds match how often Up wins', () => {
    const catalog = new Catalog({ seed: 2026 });
    let sumError = 0;
    let brier = 0;
    const n = 3000;
    for (let i = 0; i < n; i++) {
      const m = catalog.market('SOL', START_2024 + i * 3 * WINDOW_SECONDS);
      const p = catalog.upProbability(m, (m.windowStart + 450) * 1000);
      const outcome = catalog.winner(m) === 'yes' ? 1 : 0;
      sumError += outcome - p;
      brier += (outcome - p) ** 2;
    }
    expect(Math.abs(sumError / n)).toBeLessThan(0.03);
    // Half-way through, knowing the path so far must beat a coin flip's 0.25 clearly.
    expect(brier / n).toBeLessThan(0.2);
  });
});
