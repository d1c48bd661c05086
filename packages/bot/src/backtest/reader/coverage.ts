/**
 * Before replaying: is there anything to replay? Counts the recorded rows of the range per table
 * and, when the books or windows are missing, stops with one sentence naming the empty tables, the
 * range the store does hold, and the fix (record with poly-collect, or pick a recorded range).
 */
import { type CryptoAsset } from '@polymarket-arb/domain';
import { type Store } from '@polymarket-arb/common';
import { compactRows, countSql, RECORDED_RANGE_SQL } from './sql.js';
import { NoDataInRangeError } from '../../errors.js';

export type Coverage = Record<'market_windows' | 'orderbook_snapshots' | 'orderbook_deltas' | 'spot_prices', number>;

const TABLES = ['market_windows', 'orderbook_snapshots', 'orderbook_deltas', 'spot_prices'] as const;
const DAY_MS = 86_400_000;

export async function measureCoverage(store: Store, startMs: number, endMs: number, assets: readonly CryptoAsset[]): Promise<Coverage> {
  const params = { assets: [...assets], start: startMs, end: endMs, lo: startMs - DAY_MS, hi: endMs + DAY_MS };
  const out = {} as Coverage;
  for (const table of TABLES) out[table] = Number((await compactRows<[string]>(store, countSql(table), params))[0]?.[0] ?? 0);
  return out;
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** Throw a clear error when the range holds no market windows or no order-book data. */
export async function requireData(store: Store, startMs: number, endMs: number, assets: readonly CryptoAsset[]): Promise<Coverage> {
  const c = await measureCoverage(store, startMs, endMs, assets);
  const books = c.orderbook_snapshots + c.orderbook_deltas;
  if (c.market_windows > 0 && books > 0) return c;
  const empty = TABLES.filter((t) => c[t] === 0);
  const [n, first, last] = (await compactRows<[string, string, string]>(store, RECORDED_RANGE_SQL, {}))[0] ?? ['0', '', ''];
  const held =
    Number(n) > 0
      ? ` The store (${store.description}) holds order books from ${first} to ${last} UTC.`
      : ` The store (${store.description}) holds no order books at all.`;
  throw new NoDataInRangeError(
    `Nothing to replay for ${assets.join(',')} from ${iso(startMs)} to ${iso(endMs)}: ${empty.join(', ')} ${empty.length === 1 ? 'has' : 'have'} no rows in that range.${held}`,
    {
      hint: 'Record data first with poly-collect (same --data-dir or --clickhouse-url), or choose --start/--end inside the recorded range (times are UTC).',
    },
  );
}
