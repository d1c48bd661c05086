/**
 * Book hashes. The live feed carries a 40-hex hash per `price_change` entry and per `book`; its
 * algorithm is not public (protocol reference §2.1: treat it as opaque). The simulator chains a
 * SHA-1 per token over every change, so a token's `book` snapshot carries the hash of its latest
 * entry, as the captured crossing burst shows (its closing book hash equals its last entry hash).
 */
import { createHash } from 'node:crypto';

/** The first hash of a token's book: depends on the seed and the token only. */
export function initialHash(seed: number, tokenId: string): string {
  return createHash('sha1').update(`${seed}:${tokenId}`).digest('hex');
}

/** The hash after one change, chained from the previous one. */
export function chainHash(previous: string, side: string, price: number, size: number, timestampMs: number): string {
  return createHash('sha1').update(`${previous}|${side}|${price}|${size}|${timestampMs}`).digest('hex');
}
