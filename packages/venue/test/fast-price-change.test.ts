import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PriceChangeBatch, scanPriceChangeFrame, TokenRegistry } from '../src/clob/fast-price-change.js';
import type { PriceChangeMessage } from '../src/clob/messages.js';
import { parseMarketFrame } from '../src/clob/parse.js';
import { fixtureJson } from './helpers.js';

const TOKENS = [
  '76670567130917723816490572615540605537878462672464291990940067659127658071111',
  '54179564009642723353355316176091991063553046330768303687769988635499280029688',
  '350977769852917329387037893294763093471844346281449484439085576212613048126',
  '113013382422133157315656090194075928009220145127085300671933810669470922115281', // 78 digits
  '3803434915537550547676434901858306554244387990896199201905373152121636774507', // 76 digits
];

function registry(): TokenRegistry {
  const r = new TokenRegistry();
  for (const t of TOKENS) r.add(t);
  return r;
}

/** What the fast path read, in the generic parser's shape. */
function fastAsMessages(frame: string, reg: TokenRegistry): PriceChangeMessage['changes'] | undefined {
  const batch = new PriceChangeBatch(64);
  if (!scanPriceChangeFrame(Buffer.from(frame), reg, batch)) return undefined;
  return Array.from({ length: batch.count }, (_, i) => ({
    assetId: reg.idOf(batch.token[i] as number),
    price: batch.price[i] as number,
    size: batch.size[i] as number,
    bookSide: batch.side[i] === 0 ? ('bid' as const) : ('ask' as const),
    hash: batch.hashOf(i),
    bestBid: (batch.bestBid[i] as number) < 0 ? null : (batch.bestBid[i] as number),
    bestAsk: (batch.bestAsk[i] as number) < 0 ? null : (batch.bestAsk[i] as number),
  }));
}

function genericChanges(frame: string): PriceChangeMessage['changes'] {
  return parseMarketFrame(frame).messages.flatMap((m) => (m.type === 'price_change' ? m.changes : []));
}

const decimal = fc.tuple(fc.integer({ min: 0, max: 999_999 }), fc.integer({ min: 0, max: 6 })).map(([n, places]) => {
  const s = String(n).padStart(places + 1, '0');
  return places === 0 ? s : `${s.slice(0, -places)}.${s.slice(-places)}`;
});
const entry = fc.record({
  asset_id: fc.constantFrom(...TOKENS),
  price: decimal.map((d) => `0.${d.replace('.', '').slice(0, 4) || '0'}`),
  size: decimal,
  side: fc.constantFrom('BUY', 'SELL'),
  hash: fc.oneof(fc.stringMatching(/^[0-9a-f]{40}$/), fc.stringMatching(/^[0-9a-f]{0,60}$/)),
  best_bid: fc.option(
    decimal.map((d) => `0.${d.replace('.', '').slice(0, 3) || '0'}`),
    { nil: undefined },
  ),
  best_ask: fc.option(
    decimal.map((d) => `0.${d.replace('.', '').slice(0, 3) || '0'}`),
    { nil: undefined },
  ),
});
const event = fc.record({
  market: fc.constant('0x285746de0e4f751fd4dc8f9dc2cecd0101ba9ad0096a43145ed9643b09514f01'),
  price_changes: fc.array(entry, { minLength: 1, maxLength: 6 }),
  timestamp: fc.integer({ min: 1_600_000_000_000, max: 1_900_000_000_000 }).map(String),
  event_type: fc.constant('price_change'),
});

/** Serialise with shuffled key order and optional whitespace, as any server might. */
function serialise(value: unknown, order: number[], spaced: boolean): string {
  if (Array.isArray(value)) return `[${value.map((v) => serialise(v, order, spaced)).join(spaced ? ', ' : ',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    const sorted = entries
      .map((e, i) => [e, order[i % order.length] ?? 0] as const)
      .sort((a, b) => a[1] - b[1])
      .map(([e]) => e);
    return `{${sorted.map(([k, v]) => `${JSON.stringify(k)}:${spaced ? ' ' : ''}${serialise(v, order, spaced)}`).join(spaced ? ', ' : ',')}}`;
  }
  return JSON.stringify(value);
}

describe('fast price_change scanner', () => {
  it('reads every price_change frame of the real crossing burst, identically to the generic parser', () => {
    const frames = fixtureJson<unknown[]>('ws_market_price_change_crossing_burst.json').map((f) => JSON.stringify(f));
    const reg = registry();
    let fast = 0;
    for (const frame of frames) {
      const got = fastAsMessages(frame, reg);
      if (frame.includes('"event_type":"book"')) {
        expect(got).toBeUndefined();
        continue;
      }
      expect(got).toEqual(genericChanges(frame));
      fast++;
    }
    expect(fast).toBe(49);
  });

  it('agrees with the generic parser on any key order, spacing and batching (property)', () => {
    fc.assert(
      fc.property(
        fc.array(event, { minLength: 1, maxLength: 3 }),
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 7, maxLength: 7 }),
        fc.boolean(),
        fc.boolean(),
        (events, order, spaced, asArray) => {
          const frame = asArray || events.length > 1 ? serialise(events, order, spaced) : serialise(events[0], order, spaced);
          const got = fastAsMessages(frame, registry());
          expect(got).toBeDefined();
          expect(got).toEqual(genericChanges(frame));
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('declines what it cannot read exactly, leaving it to the generic path', () => {
    const reg = registry();
    const base = {
      market: '0x1',
      price_changes: [{ asset_id: TOKENS[0], price: '0.5', size: '10', side: 'BUY', hash: 'ab' }],
      timestamp: '1790658674035',
      event_type: 'price_change',
    };
    const variant = (patch: (o: typeof base) => unknown) => JSON.stringify(patch(structuredClone(base)));
    expect(fastAsMessages(JSON.stringify(base), reg)).toHaveLength(1);
    const declined = [
      variant((o) => ({ ...o, price_changes: [{ ...o.price_changes[0], asset_id: '123' }] })), // unknown token
      variant((o) => ({ ...o, price_changes: [{ ...o.price_changes[0], price: 0.5 }] })), // number, not string
      variant((o) => ({ ...o, price_changes: [{ ...o.price_changes[0], size: '' }] })), // empty number
      variant((o) => ({ ...o, price_changes: [{ ...o.price_changes[0], size: '0.1234567' }] })), // 7 decimals
      variant((o) => ({ ...o, price_changes: [{ ...o.price_changes[0], side: 'HOLD' }] })),
      variant((o) => ({ ...o, event_type: 'book' })),
      variant((o) => ({ ...o, timestamp: undefined })),
      variant((o) => ({ ...o, market: 'a\\"b' })), // escapes
      JSON.stringify(base).slice(0, -1), // truncated
      `${JSON.stringify(base)}x`,
      '{"event_type":"price_change","asset_id":"1","price":"0.5","side":"SELL","size":"1","hash":"h","timestamp":"1","market":"0x1"}', // legacy
      '[]',
      '',
    ];
    for (const frame of declined) expect(fastAsMessages(frame, reg), frame).toBeUndefined();
  });
});
