/**
 * Shared domain types of the spec (phase 1.1): assets, outcomes, book levels and market windows.
 */
import { UnknownAssetError } from './errors.js';
import type { FeeSchedule } from './money/fees.js';
import type { Micros } from './money/micros.js';

export const CRYPTO_ASSETS = ['BTC', 'ETH', 'SOL', 'XRP'] as const;
export type CryptoAsset = (typeof CRYPTO_ASSETS)[number];

/** Parse one asset name, case-insensitively ("btc" -> "BTC"). */
export function parseAsset(text: string): CryptoAsset {
  const upper = text.trim().toUpperCase();
  if ((CRYPTO_ASSETS as readonly string[]).includes(upper)) return upper as CryptoAsset;
  throw new UnknownAssetError(`Unknown asset ${JSON.stringify(text)}.`, {
    hint: `Use one or more of ${CRYPTO_ASSETS.join(', ')}, comma-separated.`,
  });
}

/** Parse a comma-separated asset list ("BTC,eth, SOL"), rejecting unknown names and duplicates. */
export function parseAssetList(text: string): CryptoAsset[] {
  const parts = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (parts.length === 0)
    throw new UnknownAssetError('The asset list is empty.', {
      hint: `Use one or more of ${CRYPTO_ASSETS.join(', ')}, e.g. --assets BTC,ETH.`,
    });
  const assets = parts.map(parseAsset);
  return [...new Set(assets)];
}

/** Lower-case slug prefix of an asset: BTC -> "btc". */
export function assetSlug(asset: CryptoAsset): string {
  return asset.toLowerCase();
}

/** Binance spot symbol used as the reference price: BTC -> "btcusdt". */
export function binanceSymbol(asset: CryptoAsset): string {
  return `${asset.toLowerCase()}usdt`;
}

/**
 * Which token of a market: "yes" is the "Up" outcome (index 0 of Gamma's `outcomes`), "no" the
 * "Down" outcome. One yes share plus one no share always pays exactly 1 pUSD at expiry.
 */
export type Outcome = 'yes' | 'no';
export const OUTCOMES: readonly Outcome[] = ['yes', 'no'];

/** The spec's name for the outcome of a token ("Side" in the Rust spec). */
export type Side = Outcome;

/** Side of the book: bids (BUY orders) or asks (SELL orders). */
export type BookSide = 'bid' | 'ask';

/** Order or trade direction as the CLOB writes it. */
export type OrderSide = 'BUY' | 'SELL';

/** One price level of an order book, in exact micro-units. */
export interface OrderBookLevel {
  readonly price: Micros;
  readonly size: Micros;
}

/** Length of the markets this project trades: 15 minutes. */
export const WINDOW_SECONDS = 900;

/** One 15-minute Up/Down market, as discovered from Gamma and stored in `market_windows`. */
export interface MarketWindow {
  /** Gamma event id (string of digits). */
  readonly eventId: string;
  /** `{asset}-updown-15m-{windowStartUnix}`; for these markets event slug = market slug. */
  readonly slug: string;
  readonly asset: CryptoAsset;
  /** CTF condition id (0x + 64 hex): the CLOB's "market". */
  readonly conditionId: string;
  /** Gamma market id. */
  readonly marketId: string;
  readonly question: string;
  /** Token id of the "Up" outcome (uint256 as a decimal string). */
  readonly yesTokenId: string;
  /** Token id of the "Down" outcome. */
  readonly noTokenId: string;
  /** Window start, unix ms (Gamma `eventStartTime`, never `startDate`). */
  readonly windowStart: number;
  /** Window end, unix ms (Gamma `endDate`). */
  readonly windowEnd: number;
  readonly tickSize: Micros;
  readonly minOrderSize: Micros;
  readonly feeSchedule: FeeSchedule;
  readonly negRisk: boolean;
  /** Oracle URL, e.g. https://data.chain.link/streams/btc-usd-twap-60s-streams. */
  readonly resolutionSource: string;
}

/** Start (unix seconds) of the 15-minute window containing `unixSeconds`. */
export function windowStartOf(unixSeconds: number): number {
  return unixSeconds - (((unixSeconds % WINDOW_SECONDS) + WINDOW_SECONDS) % WINDOW_SECONDS);
}

/** Slug of the 15-minute Up/Down market of `asset` whose window opens at `windowStartUnix`. */
export function windowSlug(asset: CryptoAsset, windowStartUnix: number): string {
  if (windowStartUnix % WINDOW_SECONDS !== 0)
    throw new RangeError(`window start ${windowStartUnix} is not a multiple of ${WINDOW_SECONDS}`);
  return `${assetSlug(asset)}-updown-15m-${windowStartUnix}`;
}

const SLUG_RE = /^(btc|eth|sol|xrp)-updown-15m-(\d+)$/;

/** Parse a 15-minute slug back into asset and window start, or undefined if it is not one. */
export function parseWindowSlug(slug: string): { asset: CryptoAsset; windowStart: number } | undefined {
  const m = SLUG_RE.exec(slug);
  if (!m || m[1] === undefined || m[2] === undefined) return undefined;
  const windowStart = Number(m[2]);
  if (windowStart % WINDOW_SECONDS !== 0) return undefined;
  return { asset: m[1].toUpperCase() as CryptoAsset, windowStart };
}
