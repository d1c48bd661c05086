/**
 * Identifiers of a simulated market, derived from (seed, asset, window) alone.
 *
 * - Condition and question ids: 0x + 64 hex, like the CTF's keccak outputs.
 * - Token ids: uint256 values written in decimal. A uniformly random uint256 has 78 digits 14% of
 *   the time, 77 digits 78%, 76 digits 8%, so hashing reproduces the real spread of lengths
 *   (75-78 digits are seen live); shorter ones are re-drawn.
 * - Gamma event and market ids: increasing with the window like the real ones, and invertible, so
 *   `/markets/{id}` can be answered without an index: id = 4 * windowIndex + assetIndex + offset.
 */
import { WINDOW_SECONDS, type CryptoAsset } from '@polymarket-arb/domain';
import { hashInts, sha256Hex } from './hash.js';
import { assetIndex } from './spot.js';

const ASSETS_BY_INDEX: readonly CryptoAsset[] = ['BTC', 'ETH', 'SOL', 'XRP'];
const MIN_TOKEN_DIGITS = 75;

export interface MarketIds {
  readonly eventId: string;
  readonly marketId: string;
  readonly conditionId: string;
  readonly questionId: string;
  readonly yesTokenId: string;
  readonly noTokenId: string;
}

/** Key of a hashed identifier: stable text, so ids never change between releases. */
function idKey(seed: number, kind: string, asset: CryptoAsset, windowStart: number, extra = 0): string {
  return `poly-sim|${seed}|${kind}|${asset}|${windowStart}|${extra}`;
}

function hex32(seed: number, kind: string, asset: CryptoAsset, windowStart: number): string {
  return `0x${sha256Hex(idKey(seed, kind, asset, windowStart))}`;
}

function tokenId(seed: number, kind: string, asset: CryptoAsset, windowStart: number): string {
  for (let attempt = 0; ; attempt++) {
    const text = BigInt(`0x${sha256Hex(idKey(seed, kind, asset, windowStart, attempt))}`).toString(10);
    if (text.length >= MIN_TOKEN_DIGITS) return text;
  }
}

/** Offsets (multiples of 4) that make ids differ between seeds while keeping them invertible. */
function idOffsets(seed: number): { event: number; market: number } {
  return { event: 4 * (hashInts(seed, 0xe7e47) % 65_536), market: 4 * (hashInts(seed, 0x3a2e7) % 262_144) };
}

export function marketIds(seed: number, asset: CryptoAsset, windowStart: number): MarketIds {
  const base = 4 * (windowStart / WINDOW_SECONDS) + assetIndex(asset);
  const offsets = idOffsets(seed);
  const yesTokenId = tokenId(seed, 'token-up', asset, windowStart);
  let noTokenId = tokenId(seed, 'token-down', asset, windowStart);
  if (yesTokenId === noTokenId) noTokenId = tokenId(seed, 'token-down-2', asset, windowStart); // 2^-256, but cheap to rule out
  return {
    eventId: String(base + offsets.event),
    marketId: String(base + offsets.market),
    conditionId: hex32(seed, 'condition', asset, windowStart),
    questionId: hex32(seed, 'question', asset, windowStart),
    yesTokenId,
    noTokenId,
  };
}

/** The (asset, window start) a Gamma id was derived from, or undefined if it cannot be one. */
export function windowOfId(seed: number, id: string, kind: 'event' | 'market'): { asset: CryptoAsset; windowStart: number } | undefined {
  if (!/^\d{1,16}$/.test(id)) return undefined;
  const value = Number(id) - idOffsets(seed)[kind];
  if (value < 0) return undefined;
  const asset = ASSETS_BY_INDEX[value % 4];
  if (asset === undefined) return undefined;
  return { asset, windowStart: ((value - (value % 4)) / 4) * WINDOW_SECONDS };
}

/** A 0x-prefixed hex string of `bytes` bytes, hashed from a key (wallets, transaction hashes). */
export function hexId(key: string, bytes: 20 | 32): string {
  return `0x${sha256Hex(key).slice(0, bytes * 2)}`;
}
