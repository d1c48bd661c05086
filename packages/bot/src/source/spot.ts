/** Binance trade -> engine spot event: the price in Micros, rounded half-up from its 8 decimals. */
import { parseMicros } from '@polymarket-arb/domain';
import type { SpotTrade } from '@polymarket-arb/venue';
import type { SpotEvent } from '../core/events.js';

export function spotEvent(trade: SpotTrade): SpotEvent {
  return { type: 'spot', asset: trade.asset, price: parseMicros(trade.price, 'spot price', 'half-up'), timestampMs: trade.tradeTimeMs };
}
