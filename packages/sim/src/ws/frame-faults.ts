/**
 * How a faulty market frame looks on the wire. Each rendering keeps the stream's information
 * where the fault allows it (legacy and empty-number frames still carry every delta), so a client
 * that copes with the fault keeps an exact book, and one that does not shows it.
 */
import type { MarketFrame } from '../market/frames.js';
import { legacyPriceChangeJson, priceChangeJson, type PriceChangeEntry } from '../market/wire.js';

/** The frame cut in half: never valid JSON. */
export function malformedText(text: string): string {
  return text.slice(0, Math.max(1, Math.floor(text.length / 2)));
}

/** An event type no client knows; well-formed otherwise. */
export function unknownEventText(frame: MarketFrame): string {
  return `{"event_type":"sim_unknown_event","market":"${frame.market}","timestamp":"${frame.timestampMs}"}`;
}

/** A `price_change` in the pre-Sept-2025 format: one frame per asset, `changes[]`, no best bid/ask. */
export function legacyTexts(frame: MarketFrame): string[] {
  const byAsset = new Map<string, PriceChangeEntry[]>();
  for (const e of frame.entries ?? []) {
    const list = byAsset.get(e.assetId) ?? [];
    list.push(e);
    byAsset.set(e.assetId, list);
  }
  return [...byAsset].map(([assetId, entries]) => legacyPriceChangeJson(frame.market, assetId, entries, frame.timestampMs));
}

/** The same `price_change` with `best_bid`/`best_ask` as empty strings. */
export function emptyNumbersText(frame: MarketFrame): string {
  return priceChangeJson(frame.market, frame.entries ?? [], frame.timestampMs, true);
}
