/** Input validation: every bad flag is refused before any request, with one sentence naming it and the fix. */
import { UsageError } from '@polymarket-arb/domain';
import { describe, expect, it } from 'vitest';
import { parseImportRequest, type RequestFlags } from '../src/request.js';

const NOW = Date.UTC(2026, 10, 26, 7, 30, 15);
const DEFAULTS = { assets: ['BTC', 'ETH', 'SOL'] as const, tradesApi: 'auto' as const };

function parse(kind: 'prices' | 'trades', flags: RequestFlags) {
  return parseImportRequest(kind, flags, DEFAULTS, NOW);
}

function refusal(kind: 'prices' | 'trades', flags: RequestFlags): UsageError {
  try {
    parse(kind, flags);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return err as UsageError;
  }
  throw new Error('expected a UsageError');
}

describe('parseImportRequest', () => {
  it('reads a UTC date range, default assets and fidelity 1', () => {
    const r = parse('prices', { start: '2026-01-01', end: '2026-01-07' });
    expect(r).toMatchObject({
      kind: 'prices',
      startSec: Date.UTC(2026, 0, 1) / 1000,
      endSec: Date.UTC(2026, 0, 7) / 1000,
      assets: ['BTC', 'ETH', 'SOL'],
      fidelity: 1,
      tokens: undefined,
    });
  });

  it('takes "now" (or no --end) as the current second', () => {
    expect(parse('trades', { start: '2026-11-01', end: 'now' }).endSec).toBe(Math.floor(NOW / 1000));
    expect(parse('trades', { start: '2026-11-01' }).endSec).toBe(Math.floor(NOW / 1000));
  });

  it('reads assets case-insensitively, explicit tokens, fidelity and the trades API', () => {
    expect(parse('prices', { start: '2026-01-01', end: '2026-01-02', assets: 'btc, xrp' }).assets).toEqual(['BTC', 'XRP']);
    const tokens = '71321045679252212594626385532706912750332728571942532289631379312455583992563,4521';
    expect(parse('prices', { start: '2026-01-01', end: '2026-01-02', tokens, fidelity: '60' })).toMatchObject({
      tokens: tokens.split(','),
      fidelity: 60,
    });
    expect(parse('trades', { start: '2026-01-01', end: '2026-01-02', tradesApi: 'v2' }).tradesApi).toBe('v2');
  });

  it.each([
    [{ start: '2026-13-01', end: '2026-01-02' }, 'E_DATE', /--start "2026-13-01"/],
    [{ start: 'yesterday', end: '2026-01-02' }, 'E_DATE', /--start "yesterday" is not a date/],
    [{ start: '2026-02-30', end: '2026-03-02' }, 'E_DATE', /not a real calendar date/],
    [{ start: '2026-01-07', end: '2026-01-01' }, 'E_RANGE_ORDER', /--end 2026-01-01 is not after --start 2026-01-07/],
    [{ start: '2026-01-01', end: '2026-01-01' }, 'E_RANGE_ORDER', /the range is empty/],
    [{ start: '2026-11-01', end: '2026-11-27' }, 'E_RANGE_FUTURE', /--end 2026-11-27 is in the future \(now is 2026-11-26T07:30:15Z\)/],
    [{ start: '2026-11-26T07:00', end: '2026-11-26T07:31' }, 'E_RANGE_FUTURE', /in the future/],
    [{ end: '2026-01-02' }, 'E_FLAG', /--start is required/],
    [{ start: '2026-01-01', end: '2026-01-02', assets: 'BTC,DOGE' }, 'E_ASSET', /Unknown asset "DOGE".*BTC, ETH, SOL, XRP/],
    [{ start: '2026-01-01', end: '2026-01-02', fidelity: '0' }, 'E_FIDELITY', /--fidelity "0" is out of range.*1 to 1440/],
    [{ start: '2026-01-01', end: '2026-01-02', fidelity: '1441' }, 'E_FIDELITY', /out of range/],
    [{ start: '2026-01-01', end: '2026-01-02', fidelity: '1.5' }, 'E_FIDELITY', /out of range/],
    [{ start: '2026-01-01', end: '2026-01-02', tokens: '0xabc' }, 'E_FLAG', /--tokens: "0xabc" is not a token id/],
    [{ start: '2026-01-01', end: '2026-01-02', tokens: '123', assets: 'BTC' }, 'E_FLAG', /--assets and --tokens cannot be combined/],
  ])('refuses %j (%s)', (flags, code, message) => {
    const err = refusal('prices', flags);
    expect(err.code).toBe(code);
    expect(err.message).toMatch(message);
    expect(err.message.split('\n')).toHaveLength(1);
  });

  it('refuses an unknown trades API', () => {
    expect(refusal('trades', { start: '2026-01-01', end: '2026-01-02', tradesApi: 'v3' }).message).toMatch(
      /--trades-api "v3" is not one of auto, v1, v2/,
    );
  });
});
