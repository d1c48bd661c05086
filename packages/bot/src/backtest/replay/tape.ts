/**
 * A batch of replay events in a compact form: one Float64Array (on a SharedArrayBuffer, so sweep
 * workers read it without a copy) holding every number, plus a small table of the strings (token
 * and event ids) and the market windows the batch announces. Every value is an integer (micros,
 * ms, µs) below 2^53, so a float64 holds it exactly. Decoding builds fresh event objects.
 *
 * Record layouts (code, receive µs, ...):
 *   book         token, ts, tick (-1 = none), nBids, nAsks, (price, size) x (nBids + nAsks)
 *   price_change ts, n, (token, side 0 bid / 1 ask, price, size) x n
 *   tick_size    token, tick, ts          trade  token, price, size, side 0 BUY / 1 SELL, ts
 *   spot         asset, price, ts         resolved  event, winner 0 yes / 1 no, ts, source (-1 none)
 *   feed         feed 0 clob / 1 binance, connected, ts      market  window index     tick  -
 */
import { CRYPTO_ASSETS, type CryptoAsset, type MarketWindow, type OrderBookLevel } from '@polymarket-arb/domain';
import type { LevelChange, MarketEvent } from '../../core/events.js';
import type { EventBatch, ReplayResolvedEvent, ResolutionSource } from './batch.js';

const K = { book: 1, price_change: 2, tick_size: 3, trade: 4, spot: 5, resolved: 6, feed: 7, market: 8, tick: 9 } as const;
const SOURCES: readonly ResolutionSource[] = ['wire', 'stored', 'estimated'];

export interface Tape {
  readonly data: Float64Array;
  readonly strings: string[];
  readonly windows: MarketWindow[];
  readonly count: number;
  readonly endMicros: number;
}

function recordLength(e: MarketEvent): number {
  switch (e.type) {
    case 'book':
      return 7 + 2 * (e.bids.length + e.asks.length);
    case 'price_change':
      return 4 + 4 * e.changes.length;
    case 'trade':
      return 7;
    case 'resolved':
      return 6;
    case 'market':
    case 'tick':
      return 3;
    default:
      return 5;
  }
}

class StringTable {
  readonly list: string[] = [];
  private readonly index = new Map<string, number>();
  of(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(s);
      this.index.set(s, i);
    }
    return i;
  }
}

/** Encode a batch (notes are not carried: workers do not detect anomalies). */
export function encodeTape(batch: EventBatch, shared = true): Tape {
  let length = 0;
  for (const e of batch.events) length += recordLength(e);
  const buffer = shared ? new SharedArrayBuffer(length * 8) : new ArrayBuffer(length * 8);
  const d = new Float64Array(buffer);
  const strings = new StringTable();
  const windows: MarketWindow[] = [];
  let p = 0;
  const levels = (ls: readonly OrderBookLevel[]) => {
    for (const l of ls) {
      d[p++] = l.price;
      d[p++] = l.size;
    }
  };
  batch.events.forEach((e, i) => {
    d[p++] = K[e.type];
    d[p++] = batch.atMicros[i] as number;
    switch (e.type) {
      case 'book':
        d[p++] = strings.of(e.tokenId);
        d[p++] = e.timestampMs;
        d[p++] = e.tickSize ?? -1;
        d[p++] = e.bids.length;
        d[p++] = e.asks.length;
        levels(e.bids);
        levels(e.asks);
        return;
      case 'price_change':
        d[p++] = e.timestampMs;
        d[p++] = e.changes.length;
        for (const c of e.changes) {
          d[p++] = strings.of(c.tokenId);
          d[p++] = c.side === 'bid' ? 0 : 1;
          d[p++] = c.price;
          d[p++] = c.size;
        }
        return;
      case 'tick_size':
        d[p++] = strings.of(e.tokenId);
        d[p++] = e.tickSize;
        d[p++] = e.timestampMs;
        return;
      case 'trade':
        d[p++] = strings.of(e.tokenId);
        d[p++] = e.price;
        d[p++] = e.size;
        d[p++] = e.side === 'BUY' ? 0 : 1;
        d[p++] = e.timestampMs;
        return;
      case 'spot':
        d[p++] = CRYPTO_ASSETS.indexOf(e.asset);
        d[p++] = e.price;
        d[p++] = e.timestampMs;
        return;
      case 'resolved':
        d[p++] = strings.of(e.eventId);
        d[p++] = e.winner === 'yes' ? 0 : 1;
        d[p++] = e.timestampMs;
        d[p++] = SOURCES.indexOf((e as Partial<ReplayResolvedEvent>).source ?? ('none' as ResolutionSource));
        return;
      case 'feed':
        d[p++] = e.feed === 'clob' ? 0 : 1;
        d[p++] = e.connected ? 1 : 0;
        d[p++] = e.timestampMs;
        return;
      case 'market':
        d[p++] = windows.push(e.window) - 1;
        return;
      case 'tick':
        d[p++] = 0;
    }
  });
  return { data: d, strings: strings.list, windows, count: batch.events.length, endMicros: batch.endMicros };
}

/** Decode a tape back into the batch it was made from (notes excepted). */
export function decodeTape(t: Tape): EventBatch {
  const d = t.data;
  const s = t.strings;
  const events: MarketEvent[] = new Array(t.count);
  const atMicros: number[] = new Array(t.count);
  let p = 0;
  const levels = (n: number): OrderBookLevel[] => {
    const out: OrderBookLevel[] = new Array(n);
    for (let k = 0; k < n; k++, p += 2) out[k] = { price: d[p] as number, size: d[p + 1] as number };
    return out;
  };
  for (let i = 0; i < t.count; i++) {
    const code = d[p++] as number;
    atMicros[i] = d[p++] as number;
    switch (code) {
      case K.book: {
        const tokenId = s[d[p] as number] as string;
        const timestampMs = d[p + 1] as number;
        const tick = d[p + 2] as number;
        const nb = d[p + 3] as number;
        const na = d[p + 4] as number;
        p += 5;
        const bids = levels(nb);
        const asks = levels(na);
        events[i] =
          tick < 0
            ? { type: 'book', tokenId, bids, asks, timestampMs }
            : { type: 'book', tokenId, bids, asks, timestampMs, tickSize: tick };
        break;
      }
      case K.price_change: {
        const timestampMs = d[p] as number;
        const n = d[p + 1] as number;
        p += 2;
        const changes: LevelChange[] = new Array(n);
        for (let k = 0; k < n; k++, p += 4)
          changes[k] = {
            tokenId: s[d[p] as number] as string,
            side: d[p + 1] === 0 ? 'bid' : 'ask',
            price: d[p + 2] as number,
            size: d[p + 3] as number,
          };
        events[i] = { type: 'price_change', changes, timestampMs };
        break;
      }
      case K.tick_size:
        events[i] = {
          type: 'tick_size',
          tokenId: s[d[p] as number] as string,
          tickSize: d[p + 1] as number,
          timestampMs: d[p + 2] as number,
        };
        p += 3;
        break;
      case K.trade:
        events[i] = {
          type: 'trade',
          tokenId: s[d[p] as number] as string,
          price: d[p + 1] as number,
          size: d[p + 2] as number,
          side: d[p + 3] === 0 ? 'BUY' : 'SELL',
          timestampMs: d[p + 4] as number,
        };
        p += 5;
        break;
      case K.spot:
        events[i] = {
          type: 'spot',
          asset: CRYPTO_ASSETS[d[p] as number] as CryptoAsset,
          price: d[p + 1] as number,
          timestampMs: d[p + 2] as number,
        };
        p += 3;
        break;
      case K.resolved: {
        const source = SOURCES[d[p + 3] as number];
        const base = {
          type: 'resolved' as const,
          eventId: s[d[p] as number] as string,
          winner: d[p + 1] === 0 ? ('yes' as const) : ('no' as const),
          timestampMs: d[p + 2] as number,
        };
        const withSource: ReplayResolvedEvent | undefined = source === undefined ? undefined : { ...base, source };
        events[i] = withSource ?? base;
        p += 4;
        break;
      }
      case K.feed:
        events[i] = { type: 'feed', feed: d[p] === 0 ? 'clob' : 'binance', connected: d[p + 1] === 1, timestampMs: d[p + 2] as number };
        p += 3;
        break;
      case K.market:
        events[i] = { type: 'market', window: t.windows[d[p] as number] as MarketWindow };
        p += 1;
        break;
      default:
        events[i] = { type: 'tick' };
        p += 1;
    }
  }
  return { events, atMicros, notes: [], endMicros: t.endMicros };
}
