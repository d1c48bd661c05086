/**
 * CLOB `GET /prices-history` (protocol reference §4.2.2): `{"history":[{"t":1700000000,"p":0.51}]}`,
 * `t` unix seconds, `p` a JSON number. Parsed into exact decimal text.
 */
import { WireFormatError } from '@polymarket-arb/venue';
import type { ExactNumbers } from './numbers.js';

export interface PricePoint {
  /** Unix seconds. */
  readonly t: number;
  /** Exact decimal text, at most 6 decimals. */
  readonly price: string;
}

export function parsePricesHistory(body: unknown, numbers: ExactNumbers): PricePoint[] {
  const history = (body as { history?: unknown } | null)?.history;
  if (body === null || typeof body !== 'object' || !Array.isArray(history)) {
    throw new WireFormatError('/prices-history did not return {"history": [...]}.');
  }
  return history.map((point: unknown, i) => {
    const p = point as { t?: unknown; p?: unknown } | null;
    if (p === null || typeof p !== 'object' || typeof p.t !== 'number' || !Number.isSafeInteger(p.t) || p.t < 0) {
      throw new WireFormatError(`/prices-history point ${i} has no unix-seconds "t": ${JSON.stringify(point)}.`);
    }
    return { t: p.t, price: numbers.decimal(p.p, `/prices-history point ${i} "p"`) };
  });
}
