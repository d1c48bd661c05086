/**
 * Data API public trades (protocol reference §4.3 b): v1 `GET /trades` returns a bare array of
 * camelCase rows; v2 `GET /v2/trades` returns `{data: [...], pagination: {has_more, next_cursor}}`
 * with snake_case rows. Sizes, prices and timestamps (unix s) are JSON numbers on this API.
 * Both become the same `TradeRecord`.
 */
import { WireFormatError } from '@polymarket-arb/venue';
import type { ExactNumbers } from './numbers.js';

export interface TradeRecord {
  /** Unix seconds. */
  readonly timestamp: number;
  readonly conditionId: string;
  readonly tokenId: string;
  /** The taker's side. */
  readonly side: string;
  /** Outcome label ("Up", "Down"). */
  readonly outcome: string;
  readonly outcomeIndex: number;
  /** Exact decimal text. */
  readonly price: string;
  readonly size: string;
  readonly proxyWallet: string;
  readonly transactionHash: string;
}

export interface TradesPageV2 {
  readonly rows: TradeRecord[];
  /** Cursor of the next page; undefined at the end (null, "" or the CLOB-style "LTE="). */
  readonly nextCursor: string | undefined;
}

/** Cursor values that mean "no more pages" (the CLOB's end marker is base64 "-1"). */
export const END_CURSORS: ReadonlySet<string> = new Set(['', 'LTE=']);

/** Wire field name of each TradeRecord field. */
type Names = Record<keyof TradeRecord, string>;

const V1: Names = {
  timestamp: 'timestamp',
  conditionId: 'conditionId',
  tokenId: 'asset',
  side: 'side',
  outcome: 'outcome',
  outcomeIndex: 'outcomeIndex',
  price: 'price',
  size: 'size',
  proxyWallet: 'proxyWallet',
  transactionHash: 'transactionHash',
};
const V2: Names = {
  timestamp: 'timestamp',
  conditionId: 'condition_id',
  tokenId: 'token_id',
  side: 'side',
  outcome: 'outcome',
  outcomeIndex: 'outcome_index',
  price: 'price',
  size: 'size',
  proxyWallet: 'proxy_wallet',
  transactionHash: 'transaction_hash',
};

export function parseTradesV1(body: unknown, numbers: ExactNumbers): TradeRecord[] {
  if (!Array.isArray(body)) throw new WireFormatError('Data API /trades did not return an array.');
  return body.map((row, i) => tradeRecord(row, V1, numbers, `/trades row ${i}`));
}

export function parseTradesV2(body: unknown, numbers: ExactNumbers): TradesPageV2 {
  const b = body as { data?: unknown; pagination?: { has_more?: unknown; next_cursor?: unknown } } | null;
  if (b === null || typeof b !== 'object' || !Array.isArray(b.data))
    throw new WireFormatError('Data API /v2/trades did not return {"data": [...], "pagination": {...}}.');
  const rows = b.data.map((row, i) => tradeRecord(row, V2, numbers, `/v2/trades row ${i}`));
  const cursor = b.pagination?.next_cursor;
  const more = b.pagination?.has_more !== false;
  const nextCursor = more && typeof cursor === 'string' && !END_CURSORS.has(cursor) ? cursor : undefined;
  return { rows, nextCursor };
}

function tradeRecord(raw: unknown, names: Names, numbers: ExactNumbers, where: string): TradeRecord {
  if (raw === null || typeof raw !== 'object') throw new WireFormatError(`${where} is not an object.`);
  const o = raw as Record<string, unknown>;
  const timestamp = o[names.timestamp];
  if (typeof timestamp !== 'number' || !Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw new WireFormatError(`${where} has no unix-seconds ${names.timestamp}: ${JSON.stringify(timestamp)}.`);
  }
  const outcomeIndex = o[names.outcomeIndex];
  return {
    timestamp,
    conditionId: text(o, names.conditionId, where),
    tokenId: text(o, names.tokenId, where),
    side: text(o, names.side, where),
    outcome: typeof o[names.outcome] === 'string' ? (o[names.outcome] as string) : '',
    outcomeIndex:
      typeof outcomeIndex === 'number' && Number.isInteger(outcomeIndex) && outcomeIndex >= 0 && outcomeIndex < 256 ? outcomeIndex : 0,
    price: numbers.decimal(o[names.price], `${where} ${names.price}`),
    size: numbers.decimal(o[names.size], `${where} ${names.size}`),
    proxyWallet: typeof o[names.proxyWallet] === 'string' ? (o[names.proxyWallet] as string) : '',
    transactionHash: typeof o[names.transactionHash] === 'string' ? (o[names.transactionHash] as string) : '',
  };
}

function text(o: Record<string, unknown>, key: string, where: string): string {
  const value = o[key];
  if (typeof value !== 'string' || value === '') throw new WireFormatError(`${where} has no ${key}.`);
  return value;
}
