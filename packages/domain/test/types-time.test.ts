import { describe, expect, it } from 'vitest';
import {
  chTimeMicros,
  chTimeMs,
  parseAsset,
  parseAssetList,
  parseChTimeMs,
  parseCliDate,
  parseWindowSlug,
  parseWireTimestampMs,
  UnknownAssetError,
  windowSlug,
  windowStartOf,
} from '../src/index.js';

describe('assets and window slugs', () => {
  it('parses asset lists case-insensitively and rejects unknown names with the valid list', () => {
    expect(parseAssetList('btc, ETH,sol,BTC')).toEqual(['BTC', 'ETH', 'SOL']);
    expect(() => parseAsset('doge')).toThrow(UnknownAssetError);
    expect(() => parseAsset('doge')).toThrow(/Unknown asset "doge"\. Use one or more of BTC, ETH, SOL, XRP/);
    expect(() => parseAssetList(' , ')).toThrow(/empty/);
  });

  it('builds and parses the real slug pattern on 900 s windows', () => {
    expect(windowStartOf(1_778_437_899)).toBe(1_778_437_800);
    expect(windowSlug('BTC', 1_778_437_800)).toBe('btc-updown-15m-1778437800');
    expect(parseWindowSlug('xrp-updown-15m-1767640500')).toEqual({ asset: 'XRP', windowStart: 1_767_640_500 });
    expect(parseWindowSlug('btc-updown-5m-1787414400')).toBeUndefined();
    expect(parseWindowSlug('btc-updown-15m-1787414401')).toBeUndefined();
    expect(() => windowSlug('BTC', 1_778_437_801)).toThrow(RangeError);
  });
});

describe('time conversions', () => {
  it('formats and parses ClickHouse DateTime64 text in UTC', () => {
    expect(chTimeMs(1_786_604_072_222)).toBe('2026-08-13 06:54:32.222');
    expect(chTimeMicros(1_786_604_072_222_017)).toBe('2026-08-13 06:54:32.222017');
    expect(parseChTimeMs('2026-08-13 06:54:32.222')).toBe(1_786_604_072_222);
  });

  it('reads wire timestamps given in ms or seconds, as strings or numbers', () => {
    expect(parseWireTimestampMs('1786604072222')).toBe(1_786_604_072_222);
    expect(parseWireTimestampMs(1_786_179_735)).toBe(1_786_179_735_000);
    expect(parseWireTimestampMs('1672290687')).toBe(1_672_290_687_000);
    expect(parseWireTimestampMs('2026-08-22T16:00:00Z')).toBe(Date.UTC(2026, 7, 22, 16));
    expect(() => parseWireTimestampMs('')).toThrow(RangeError);
  });

  it('parses CLI dates as UTC and rejects impossible ones in plain words', () => {
    expect(parseCliDate('2026-01-01', '--start')).toBe(Date.UTC(2026, 0, 1));
    expect(parseCliDate('2026-01-01T12:30', '--start')).toBe(Date.UTC(2026, 0, 1, 12, 30));
    expect(() => parseCliDate('2026-02-30', '--end')).toThrow(/--end "2026-02-30" is not a real calendar date/);
    expect(() => parseCliDate('01/02/2026', '--start')).toThrow(/--start "01\/02\/2026" is not a date\. Use YYYY-MM-DD/);
  });
});
