/**
 * Gamma market parsing on real captures: a `/events` page yields its 15-minute Up/Down markets as
 * market windows (window from `eventStartTime`/`endDate`, token ids from the JSON-encoded strings,
 * tick and minimum size, no fees where fees are off), and anything else is refused in a sentence.
 */
import { describe, expect, it } from 'vitest';
import { NO_FEES } from '@polymarket-arb/domain';
import { gammaWinner, GammaFormatError, marketWindowFromGamma, marketWindowsFromEvents } from '../src/gamma/markets.js';
import { fixtureJson } from './helpers.js';

describe('Gamma markets', () => {
  it('reads the 15-minute markets of a real /events page', () => {
    const windows = marketWindowsFromEvents(fixtureJson('gamma_events_polymercado.json'));
    expect(windows.map((w) => w.slug)).toEqual(['eth-updown-15m-1767640500', 'xrp-updown-15m-1767640500', 'sol-updown-15m-1767640500']);
    expect(windows[0]).toMatchObject({
      eventId: '143606',
      asset: 'ETH',
      windowStart: Date.parse('2026-01-05T19:15:00Z'),
      windowEnd: Date.parse('2026-01-05T19:30:00Z'),
      tickSize: 10_000,
      minOrderSize: 5_000_000,
      feeSchedule: NO_FEES,
    });
    expect(windows[0]?.yesTokenId).toMatch(/^6387635481064737951587823458\d+$/);
  });

  it('refuses a market that is not a 15-minute Up/Down market, and has no winner while open', () => {
    const fiveMinutes = fixtureJson('gamma_market.json');
    expect(() => marketWindowFromGamma(fiveMinutes)).toThrow(GammaFormatError);
    expect(() => marketWindowFromGamma(fiveMinutes)).toThrow(/btc-updown-5m-1773307200 is not a 15-minute Up\/Down market/);
    expect(gammaWinner(fiveMinutes)).toBeUndefined();
    expect(gammaWinner({ closed: true, outcomes: '["Up", "Down"]', outcomePrices: '["0", "1"]' })).toBe('no');
  });
});
