/**
 * The catalog: deterministic ids and metadata for any window, real-style question text (US Eastern,
 * DST), listing/resolution times, eras, reverse lookups.
 */
import { CRYPTO_FEES_2026, CRYPTO_ASSETS, NO_FEES, parseWindowSlug, WINDOW_SECONDS } from '@polymarket-arb/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Catalog } from '../src/catalog.js';

const MAY_10_2026_1430_ET = 1778437800; // the reference's example window
const UINT256_MAX = (1n << 256n) - 1n;

describe('Catalog identity', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const a = new Catalog({ seed: 7 }).market('BTC', MAY_10_2026_1430_ET);
    const b = new Catalog({ seed: 7 }).market('BTC', MAY_10_2026_1430_ET);
    const c = new Catalog({ seed: 8 }).market('BTC', MAY_10_2026_1430_ET);
    expect(b).toEqual(a);
    for (const key of ['conditionId', 'questionId', 'yesTokenId', 'noTokenId', 'marketId', 'eventId'] as const)
      expect(c[key]).not.toBe(a[key]);
    expect(c.question).toBe(a.question);
  });

  it('builds any aligned window, past or future, and rejects unaligned ones', () => {
    const catalog = new Catalog({ seed: 1 });
    for (const start of [0, 900 * 1_000_000, 1_600_000_200, 4_102_444_800]) {
      const market = catalog.market('ETH', start);
      expect(market.windowStart % WINDOW_SECONDS).toBe(0);
      expect(market.windowEnd).toBe(start + WINDOW_SECONDS);
      expect(market.slug).toBe(`eth-updown-15m-${start}`);
      expect(parseWindowSlug(market.slug)).toEqual({ asset: 'ETH', windowStart: start });
    }
    expect(() => catalog.market('ETH', 1_778_437_801)).toThrow(/multiple of 900/);
    expect(() => catalog.market('ETH', -900)).toThrow(/non-negative/);
  });

  it('gives ids of the real shapes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.constantFrom(...CRYPTO_ASSETS),
        fc.integer({ min: 0, max: 4_000_000 }),
        (seed, asset, index) => {
          const m = new Catalog({ seed }).market(asset, index * WINDOW_SECONDS);
          expect(m.conditionId).toMatch(/^0x[0-9a-f]{64}$/);
          expect(m.questionId).toMatch(/^0x[0-9a-f]{64}$/);
          for (const token of [m.yesTokenId, m.noTokenId]) {
            expect(token).toMatch(/^[1-9]\d{74,77}$/);
            expect(BigInt(token) <= UINT256_MAX).toBe(true);
          }
          expect(m.yesTokenId).not.toBe(m.noTokenId);
          expect(m.marketId).toMatch(/^\d+$/);
          expect(m.eventId).toMatch(/^\d+$/);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('spreads token id lengths like uniformly random uint256 values (mostly 77 digits, some 76 and 78)', () => {
    const catalog = new Catalog({ seed: 3 });
    const lengths = new Map<number, number>();
    for (let i = 0; i < 1000; i++) {
      const length = catalog.market('BTC', MAY_10_2026_1430_ET + i * WINDOW_SECONDS).yesTokenId.length;
      lengths.set(length, (lengths.get(length) ?? 0) + 1);
    }
    expect(lengths.get(77) ?? 0).toBeGreaterThan(650);
    expect(lengths.get(78) ?? 0).toBeGreaterThan(60);
    expect(lengths.get(76) ?? 0).toBeGreaterThan(30);
  });

  it('makes Gamma ids grow with the window and maps every id back to its market', () => {
    const catalog = new Catalog({ seed: 99 });
    const early = catalog.market('SOL', MAY_10_2026_1430_ET);
    const later = catalog.market('SOL', MAY_10_2026_1430_ET + WINDOW_SECONDS);
    expect(Number(later.marketId)).toBeGreaterThan(Number(early.marketId));
    expect(Number(later.eventId)).toBeGreaterThan(Number(early.eventId));
    const fresh = new Catalog({ seed: 99 });
    expect(fresh.marketByGammaId(early.marketId, 'market')?.slug).toBe(early.slug);
    expect(fresh.marketByGammaId(early.eventId, 'event')?.slug).toBe(early.slug);
    expect(fresh.marketByGammaId('12', 'market')).toBeUndefined();
    expect(fresh.lookupToken(early.yesTokenId)).toEqual({ market: early, outcome: 'yes' });
    expect(fresh.lookupToken(early.noTokenId)).toEqual({ market: early, outcome: 'no' });
    expect(fresh.lookupCondition(early.conditionId.toUpperCase().replace('0X', '0x'))?.slug).toBe(early.slug);
    expect(fresh.lookupToken('123')).toBeUndefined();
  });

  it('remembers tokens of markets it has evicted from its cache', () => {
    const catalog = new Catalog({ seed: 5, cacheSize: 10 });
    const first = catalog.market('XRP', MAY_10_2026_1430_ET);
    catalog.indexWindows(MAY_10_2026_1430_ET + 900, MAY_10_2026_1430_ET + 900 * 40);
    expect(catalog.lookupToken(first.noTokenId)?.market.slug).toBe(first.slug);
  });
});

describe('Catalog text and times', () => {
  it('writes questions in US Eastern time, as the real markets do', () => {
    const catalog = new Catalog({ seed: 1 });
    expect(catalog.market('BTC', MAY_10_2026_1430_ET).question).toBe('Bitcoin Up or Down - May 10, 2:30PM-2:45PM ET');
    // Real capture (polymercado, 2026-01-04): eth-updown-15m-1767640500, winter time (EST).
    expect(catalog.market('ETH', 1767640500).question).toBe('Ethereum Up or Down - January 5, 2:15PM-2:30PM ET');
    // 2026-03-08 06:45Z is 1:45AM EST; clocks jump to 3:00AM EDT at 07:00Z.
    expect(catalog.market('SOL', Date.UTC(2026, 2, 8, 6, 45) / 1000).question).toBe('Solana Up or Down - March 8, 1:45AM-3:00AM ET');
    expect(catalog.market('XRP', Date.UTC(2026, 0, 6, 4, 45) / 1000).question).toBe('XRP Up or Down - January 5, 11:45PM-12:00AM ET');
  });

  it('lists a market about a day ahead and resolves it shortly after the end', () => {
    const catalog = new Catalog({ seed: 11 });
    for (let i = 0; i < 500; i++) {
      const m = catalog.market('BTC', MAY_10_2026_1430_ET + i * WINDOW_SECONDS);
      const leadSec = m.windowStart - m.listedAtMs / 1000;
      expect(leadSec).toBeGreaterThanOrEqual(23 * 3600 + 50 * 60);
      expect(leadSec).toBeLessThanOrEqual(24 * 3600 + 20 * 60);
      expect(m.listedAtMs).toBe(Math.floor(m.listedAtUs / 1000));
      const lagMs = m.resolvesAtMs - m.windowEnd * 1000;
      expect(lagMs).toBeGreaterThanOrEqual(15_000);
      expect(lagMs).toBeLessThan(60_000);
    }
  });

  it('lists the current and next windows of every asset, and drops resolved ones', () => {
    const catalog = new Catalog({ seed: 2 });
    const now = (MAY_10_2026_1430_ET + 890) * 1000;
    const open = catalog.openMarkets(now);
    for (const asset of CRYPTO_ASSETS) {
      const starts = open.filter((m) => m.asset === asset).map((m) => m.windowStart);
      expect(starts).toContain(MAY_10_2026_1430_ET);
      expect(starts).toContain(MAY_10_2026_1430_ET + WINDOW_SECONDS);
      expect(starts).not.toContain(MAY_10_2026_1430_ET - WINDOW_SECONDS);
      expect(starts.length).toBeGreaterThan(90);
    }
    expect(open.every((m) => m.listedAtMs <= now && now < m.resolvesAtMs)).toBe(true);
  });
});

describe('Catalog eras', () => {
  it('gives each window the metadata of its time', () => {
    const catalog = new Catalog({ seed: 1 });
    const jan = catalog.market('ETH', 1767640500);
    expect(jan.feeSchedule).toEqual(NO_FEES);
    expect(jan.meta.feesEnabled).toBe(false);
    expect(jan.resolutionSource).toBe('https://data.chain.link/streams/eth-usd');
    const march = catalog.market('BTC', Date.UTC(2026, 2, 12) / 1000);
    expect(march.feeSchedule).toMatchObject({ rate: 250_000, exponent: 2 });
    expect(march.meta.showsFeeSchedule).toBe(false);
    const november = catalog.market('SOL', Date.UTC(2026, 10, 26, 12) / 1000);
    expect(november.feeSchedule).toEqual(CRYPTO_FEES_2026);
    expect(november.resolutionSource).toBe('https://data.chain.link/streams/sol-usd-twap-60s-streams');
    expect(november.meta.cryptoMarketConfig).toEqual({
      id: 'sol-15m-twap-60',
      asset: 'sol',
      duration: '15m',
      twapEnabled: true,
      twapLookbackSeconds: 60,
    });
  });

  it("gives every window today's metadata with eras: 'current'", () => {
    const market = new Catalog({ seed: 1, eras: 'current' }).market('ETH', 1767640500);
    expect(market.feeSchedule).toEqual(CRYPTO_FEES_2026);
    expect(market.meta.cryptoMarketConfig?.id).toBe('eth-15m-twap-60');
  });
});
