/**
 * What the user asked for, validated before any request is made: the kind of import, the date
 * range (UTC, end at most "now"), the assets or explicit ids, the price fidelity and the trades
 * API. Every problem is a `UsageError` with one sentence that names it and the fix.
 */
import { parseAssetList, parseCliDate, type CryptoAsset } from '@polymarket-arb/domain';
import { InvalidFlagError } from '@polymarket-arb/common';
import { FidelityError, RangeInFutureError, RangeOrderError } from './errors.js';

export type ImportKind = 'prices' | 'trades';
export type TradesApi = 'auto' | 'v1' | 'v2';

export const TRADES_APIS: readonly TradesApi[] = ['auto', 'v1', 'v2'];
/** Longest `--fidelity`, in minutes: one point a day. */
export const MAX_FIDELITY_MINUTES = 1440;

export interface ImportRequest {
  readonly kind: ImportKind;
  /** Range [startSec, endSec) in unix seconds: markets whose window opens in it, or price points of explicit tokens. */
  readonly startSec: number;
  readonly endSec: number;
  readonly assets: readonly CryptoAsset[];
  /** Explicit token ids (prices only) instead of resolving the markets of `assets`. */
  readonly tokens: readonly string[] | undefined;
  /** Minutes between price points (prices only). */
  readonly fidelity: number;
  readonly tradesApi: TradesApi;
}

/** The flags as typed on the command line (strings), before validation. */
export interface RequestFlags {
  start?: string | undefined;
  end?: string | undefined;
  assets?: string | undefined;
  tokens?: string | undefined;
  fidelity?: string | undefined;
  tradesApi?: string | undefined;
}

export interface RequestDefaults {
  readonly assets: readonly CryptoAsset[];
  readonly tradesApi: TradesApi;
}

/** Validate the flags of `poly-import <kind>` against the current time `nowMs`. */
export function parseImportRequest(kind: ImportKind, flags: RequestFlags, defaults: RequestDefaults, nowMs: number): ImportRequest {
  const nowSec = Math.floor(nowMs / 1000);
  if (flags.start === undefined)
    throw new InvalidFlagError('--start is required.', { hint: 'Give the first day to import, e.g. --start 2026-01-01.' });
  const startSec = parseCliDate(flags.start, '--start') / 1000;
  const endSec = flags.end === undefined || flags.end.trim().toLowerCase() === 'now' ? nowSec : parseCliDate(flags.end, '--end') / 1000;
  if (endSec > nowSec) {
    throw new RangeInFutureError(`--end ${flags.end} is in the future (now is ${isoSeconds(nowSec)}): history exists only up to now.`, {
      hint: 'Use an earlier date, or --end now.',
    });
  }
  if (endSec <= startSec) {
    throw new RangeOrderError(`--end ${flags.end ?? 'now'} is not after --start ${flags.start}: the range is empty.`, {
      hint: 'Give an end later than the start, e.g. --start 2026-01-01 --end 2026-01-07.',
    });
  }
  const tokens = kind === 'prices' ? parseTokenIds(flags.tokens) : undefined;
  if (tokens !== undefined && flags.assets !== undefined) {
    throw new InvalidFlagError('--assets and --tokens cannot be combined: --tokens names the exact tokens to import.', {
      hint: 'Drop one of them.',
    });
  }
  return {
    kind,
    startSec,
    endSec,
    assets: flags.assets === undefined ? [...defaults.assets] : parseAssetList(flags.assets),
    tokens,
    fidelity: kind === 'prices' ? parseFidelity(flags.fidelity) : 1,
    tradesApi: kind === 'trades' ? parseTradesApi(flags.tradesApi, defaults.tradesApi) : defaults.tradesApi,
  };
}

function parseFidelity(text: string | undefined): number {
  if (text === undefined) return 1;
  const value = /^\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!(value >= 1 && value <= MAX_FIDELITY_MINUTES)) {
    throw new FidelityError(`--fidelity ${JSON.stringify(text)} is out of range: it is the number of minutes between price points.`, {
      hint: `Use a whole number from 1 to ${MAX_FIDELITY_MINUTES}, e.g. --fidelity 1.`,
    });
  }
  return value;
}

function parseTradesApi(text: string | undefined, fallback: TradesApi): TradesApi {
  if (text === undefined) return fallback;
  if ((TRADES_APIS as readonly string[]).includes(text)) return text as TradesApi;
  throw new InvalidFlagError(`--trades-api ${JSON.stringify(text)} is not one of ${TRADES_APIS.join(', ')}.`, {
    hint: 'Use auto (v1 offset paging, v2 past its cap), v1 or v2.',
  });
}

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Token ids are uint256 decimal strings (75-78 digits seen): never numbers, never 0x. */
function parseTokenIds(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const ids = [...new Set(splitList(text))];
  if (ids.length === 0)
    throw new InvalidFlagError('--tokens is empty.', { hint: 'Give one or more decimal token ids (Gamma clobTokenIds), comma-separated.' });
  const bad = ids.find((id) => !/^\d{1,78}$/.test(id));
  if (bad !== undefined) {
    throw new InvalidFlagError(`--tokens: ${JSON.stringify(bad)} is not a token id.`, {
      hint: 'Token ids are decimal numbers of up to 78 digits, as in Gamma clobTokenIds (not condition ids, which start with 0x).',
    });
  }
  return ids;
}

function isoSeconds(sec: number): string {
  return `${new Date(sec * 1000).toISOString().slice(0, 19)}Z`;
}
