/**
 * Parsing what a client sends on the market channel. The live server's behaviour, as observed:
 * - the first frame must be a subscription (`assets_ids` + `type:"market"`, or the Rust SDK's form
 *   with `operation:"subscribe"` and `markets:[]`); anything else, even `PING`, closes the socket
 *   with 1008 "invalid subscription payload" (nautilus_trader issue #4864, 2026-08);
 * - afterwards `{"operation":"subscribe"|"unsubscribe","assets_ids":[...]}` change the set, `PING`
 *   gets `PONG`, and anything else, including a second initial subscription, gets the text reply
 *   `INVALID OPERATION` (nautilus_trader PR #3717, 2026-03).
 */

export type MarketLevel = 1 | 2 | 3;

export type MarketMessage =
  | { readonly kind: 'ping' }
  | {
      readonly kind: 'initial';
      readonly assetIds: string[];
      readonly initialDump: boolean;
      readonly level: MarketLevel;
      readonly customFeatures: boolean;
    }
  | {
      readonly kind: 'update';
      readonly operation: 'subscribe' | 'unsubscribe';
      readonly assetIds: string[];
      readonly initialDump: boolean;
      readonly customFeatures: boolean | undefined;
    }
  | { readonly kind: 'invalid'; readonly reason: string };

export const INVALID_SUBSCRIPTION = 'invalid subscription payload';
export const INVALID_OPERATION = 'INVALID OPERATION';

function invalid(reason: string): MarketMessage {
  return { kind: 'invalid', reason };
}

/** Parse one text frame; `subscribed` says whether the initial subscription was already accepted. */
export function parseMarketMessage(text: string, subscribed: boolean): MarketMessage {
  if (text === 'PING') return subscribed ? { kind: 'ping' } : invalid('PING before any subscription');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return invalid('not JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return invalid('not a JSON object');
  const o = value as Record<string, unknown>;
  const ids = o.assets_ids;
  if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) return invalid('assets_ids is not an array of token id strings');
  if (o.level !== undefined && o.level !== 1 && o.level !== 2 && o.level !== 3) return invalid('level is not 1, 2 or 3');
  if (o.initial_dump !== undefined && typeof o.initial_dump !== 'boolean') return invalid('initial_dump is not a boolean');
  if (o.custom_feature_enabled !== undefined && typeof o.custom_feature_enabled !== 'boolean')
    return invalid('custom_feature_enabled is not a boolean');
  if (o.type !== undefined && (typeof o.type !== 'string' || o.type.toLowerCase() !== 'market')) return invalid('type is not "market"');
  const operation = typeof o.operation === 'string' ? o.operation.toLowerCase() : o.operation;
  if (operation !== undefined && operation !== 'subscribe' && operation !== 'unsubscribe')
    return invalid('operation is not "subscribe" or "unsubscribe"');
  const assetIds = [...new Set(ids as string[])];
  const initialDump = o.initial_dump !== false;
  const customFeatures = o.custom_feature_enabled as boolean | undefined;
  if (!subscribed) {
    if (operation === 'unsubscribe') return invalid('unsubscribe before any subscription');
    if (o.type === undefined && operation === undefined) return invalid('neither type "market" nor an operation');
    return {
      kind: 'initial',
      assetIds,
      initialDump,
      level: (o.level as MarketLevel | undefined) ?? 2,
      customFeatures: customFeatures === true,
    };
  }
  if (operation === undefined) return invalid('a second initial subscription');
  return { kind: 'update', operation, assetIds, initialDump, customFeatures };
}
