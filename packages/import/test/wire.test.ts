/**
 * Parsers on real captures: `/prices-history` (JSON-number prices to exact decimals), Data API v2
 * (envelope, snake_case, null cursor) and v1 (bare camelCase array), Gamma's 15m event (market
 * metadata and resolution), and the rounding rule for numbers with more than 6 decimals.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WireFormatError } from '@polymarket-arb/venue';
import { gammaTimeMs } from '../src/gamma.js';
import { ExactNumbers } from '../src/wire/numbers.js';
import { parsePricesHistory } from '../src/wire/prices.js';
import { parseTradesV1, parseTradesV2 } from '../src/wire/trades.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

describe('prices-history', () => {
  it('parses the real capture into exact decimal text', () => {
    const numbers = new ExactNumbers();
    const points = parsePricesHistory(fixture('clob_prices_history_2026-05.json'), numbers);
    expect(points.length).toBeGreaterThan(10);
    expect(points[0]).toEqual({ t: 1779465615, price: '0.9705' });
    expect(points[1]).toEqual({ t: 1779469204, price: '0.97' });
    expect(numbers.rounded).toBe(0);
  });

  it('refuses a body without a history array, and points without a time', () => {
    const numbers = new ExactNumbers();
    expect(() => parsePricesHistory({ prices: [] }, numbers)).toThrow(WireFormatError);
    expect(() => parsePricesHistory({ history: [{ t: '1779465615', p: 0.5 }] }, numbers)).toThrow(/point 0 has no unix-seconds "t"/);
    expect(() => parsePricesHistory({ history: [{ t: 1779465615, p: '0.5' }] }, numbers)).toThrow(/is not a non-negative number/);
  });
});

describe('exact numbers', () => {
  it('keeps up to 6 decimals exactly, with no float arithmetic', () => {
    const n = new ExactNumbers();
    expect([0.7, 92.59, 219.217767, 5, 0.000001, 1e-6, 3149725.72].map((v) => n.decimal(v, 'x'))).toEqual([
      '0.7',
      '92.59',
      '219.217767',
      '5',
      '0.000001',
      '0.000001',
      '3149725.72',
    ]);
    expect(n.rounded).toBe(0);
  });

  it('rounds more than 6 decimals half-up (float artifacts) and counts them', () => {
    const n = new ExactNumbers();
    expect(n.decimal(0.1 + 0.2, 'p')).toBe('0.3'); // 0.30000000000000004
    expect(n.decimal(0.0000005, 'p')).toBe('0.000001'); // 5e-7: half rounds up
    expect(n.decimal(0.0000004, 'p')).toBe('0');
    expect(n.decimal(0.5100004999, 'p')).toBe('0.51');
    expect(n.rounded).toBe(4);
  });
});

describe('Data API trades', () => {
  it('reads the v2 capture: snake_case row, JSON numbers, the end of paging at next_cursor null', () => {
    const page = parseTradesV2(fixture('data_api_v2_trades_2026-08.json'), new ExactNumbers());
    expect(page.nextCursor).toBeUndefined();
    expect(page.rows).toEqual([
      {
        timestamp: 1786179735,
        conditionId: '0xcccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc',
        tokenId: '10000000000000000000000000000000000000000000000000000000000000000000000000001',
        side: 'SELL',
        outcome: 'T1',
        outcomeIndex: 0,
        price: '0.7',
        size: '92.59',
        proxyWallet: '0x1111111111111111111111111111111111111111',
        transactionHash: '0xaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
      },
    ]);
  });

  it('follows next_cursor while has_more, and stops at null, "" and the CLOB end marker "LTE="', () => {
    const n = new ExactNumbers();
    const page = (next_cursor: unknown, has_more = true) =>
      parseTradesV2({ data: [], pagination: { has_more, next_cursor } }, n).nextCursor;
    expect(page('dDE6MTc4Njo0')).toBe('dDE6MTc4Njo0');
    expect(page(null)).toBeUndefined();
    expect(page('')).toBeUndefined();
    expect(page('LTE=')).toBeUndefined();
    expect(page('dDE6MTc4Njo0', false)).toBeUndefined();
  });

  it('reads a v1 row (camelCase, in a bare array) into the same record', () => {
    const v2 = (fixture('data_api_v2_trades_2026-08.json') as { data: Record<string, unknown>[] }).data[0]!;
    const v1 = {
      proxyWallet: v2.proxy_wallet,
      side: v2.side,
      asset: v2.token_id,
      conditionId: v2.condition_id,
      size: v2.size,
      price: v2.price,
      timestamp: v2.timestamp,
      title: v2.title,
      slug: v2.slug,
      outcome: v2.outcome,
      outcomeIndex: v2.outcome_index,
      transactionHash: v2.transaction_hash,
    };
    const n = new ExactNumbers();
    expect(parseTradesV1([v1], n)).toEqual(parseTradesV2(fixture('data_api_v2_trades_2026-08.json'), n).rows);
    expect(() => parseTradesV1({ data: [] }, n)).toThrow(/did not return an array/);
    expect(() => parseTradesV1([{ ...v1, timestamp: '1786179735' }], n)).toThrow(/row 0 has no unix-seconds timestamp/);
  });
});

describe('Gamma times', () => {
  it('reads ISO and Postgres text (closedTime)', () => {
    expect(gammaTimeMs('2026-07-24 00:00:16+00')).toBe(Date.UTC(2026, 6, 24, 0, 0, 16));
    expect(gammaTimeMs('2026-07-24T00:00:16Z')).toBe(Date.UTC(2026, 6, 24, 0, 0, 16));
    expect(gammaTimeMs('')).toBeUndefined();
    expect(gammaTimeMs(undefined)).toBeUndefined();
  });
});
