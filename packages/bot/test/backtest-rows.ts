/**
 * Rows as the collector writes them (same columns, same text forms: decimals as exact strings,
 * DateTime64 text in UTC, `ingest_seq` per frame, `entry_index` per delta), for tests that need a
 * store with a known recording. Mirrors packages/collect/src/capture/*.ts.
 */
import { chTimeMicros, chTimeMs, type MarketWindow } from '@polymarket-arb/domain';
import { marketWindowRow, type Store } from '@polymarket-arb/common';

type Level = [string, string];

export class Recording {
  readonly tables: Record<string, object[]> = {
    market_windows: [],
    orderbook_snapshots: [],
    orderbook_deltas: [],
    market_events: [],
    spot_prices: [],
    collector_gaps: [],
    collector_events: [],
  };
  private seq = 1_000;
  private trade = 1;

  constructor(private readonly windows: readonly MarketWindow[]) {}

  private find(token: string): { w: MarketWindow; side: 'yes' | 'no' } {
    for (const w of this.windows) {
      if (w.yesTokenId === token) return { w, side: 'yes' };
      if (w.noTokenId === token) return { w, side: 'no' };
    }
    throw new Error(`unknown token ${token}`);
  }

  window(w: MarketWindow, discoveredMs: number, outcome = ''): this {
    const resolution = outcome === '' ? undefined : { closed: true, winningOutcome: outcome, resolvedAtMs: w.windowEnd + 30_000 };
    this.tables.market_windows?.push(marketWindowRow(w, discoveredMs, discoveredMs));
    if (resolution !== undefined) this.tables.market_windows?.push(marketWindowRow(w, discoveredMs, discoveredMs + 1, resolution));
    return this;
  }

  /** A `book` frame (or a periodic snapshot); returns its ingest_seq. */
  book(
    token: string,
    rxMicros: number,
    tsMs: number,
    bids: Level[],
    asks: Level[],
    source: 'ws_book' | 'periodic' = 'ws_book',
    tick = '0.01',
  ): number {
    const { w, side } = this.find(token);
    const seq = ++this.seq;
    const lv = (l: Level) => ({ price: l[0], size: l[1] });
    this.tables.orderbook_snapshots?.push({
      timestamp: chTimeMs(tsMs),
      event_id: w.eventId,
      asset: w.asset,
      token_id: token,
      side,
      asks: asks.map(lv),
      bids: bids.map(lv),
      condition_id: w.conditionId,
      source,
      hash: source === 'ws_book' ? 'ab12' : '',
      tick_size: tick,
      received_at: chTimeMicros(rxMicros),
      ingest_seq: seq,
    });
    return seq;
  }

  /** One `price_change` frame: its entries share an ingest_seq. */
  frame(rxMicros: number, tsMs: number, entries: [token: string, side: 'bid' | 'ask', price: string, size: string][]): number {
    const seq = ++this.seq;
    entries.forEach(([token, bookSide, price, size], i) => {
      const { w, side } = this.find(token);
      this.tables.orderbook_deltas?.push({
        timestamp: chTimeMs(tsMs),
        event_id: w.eventId,
        asset: w.asset,
        token_id: token,
        side,
        price,
        size,
        book_side: bookSide,
        best_bid: null,
        best_ask: null,
        condition_id: w.conditionId,
        hash: `h${seq}${i}`,
        received_at: chTimeMicros(rxMicros),
        ingest_seq: seq,
        entry_index: i,
      });
    });
    return seq;
  }

  private marketEvent(token: string, rxMicros: number, tsMs: number, seq: number, fields: Record<string, unknown>): void {
    const { w, side } = this.find(token);
    this.tables.market_events?.push({
      timestamp: chTimeMs(tsMs),
      event_type: '',
      event_id: w.eventId,
      asset: w.asset,
      token_id: token,
      condition_id: w.conditionId,
      side,
      price: null,
      size: null,
      trade_side: '',
      old_tick_size: null,
      new_tick_size: null,
      winning_token_id: '',
      winning_outcome: '',
      fee_rate_bps: '',
      transaction_hash: '',
      ...fields,
      received_at: chTimeMicros(rxMicros),
      ingest_seq: seq,
    });
  }

  lastTrade(token: string, rxMicros: number, tsMs: number, price: string, size: string, takerSide: 'BUY' | 'SELL'): number {
    const seq = ++this.seq;
    this.marketEvent(token, rxMicros, tsMs, seq, { event_type: 'last_trade_price', price, size, trade_side: takerSide });
    return seq;
  }

  tickSize(token: string, rxMicros: number, tsMs: number, oldTick: string, newTick: string): number {
    const seq = ++this.seq;
    this.marketEvent(token, rxMicros, tsMs, seq, { event_type: 'tick_size_change', old_tick_size: oldTick, new_tick_size: newTick });
    return seq;
  }

  /** `market_resolved`: one row per token of the market, one frame. */
  resolved(w: MarketWindow, rxMicros: number, tsMs: number, winner: 'yes' | 'no'): number {
    const seq = ++this.seq;
    const winning = winner === 'yes' ? w.yesTokenId : w.noTokenId;
    for (const token of [w.yesTokenId, w.noTokenId])
      this.marketEvent(token, rxMicros, tsMs, seq, {
        event_type: 'market_resolved',
        winning_token_id: winning,
        winning_outcome: winner === 'yes' ? 'Up' : 'Down',
      });
    return seq;
  }

  spot(asset: string, rxMicros: number, tsMs: number, price: string, quantity = '0.01000000'): void {
    this.tables.spot_prices?.push({
      timestamp: chTimeMs(tsMs),
      asset,
      price,
      quantity,
      symbol: `${asset}USDT`,
      trade_id: this.trade++,
      event_time: chTimeMs(tsMs),
      buyer_is_maker: false,
      received_at: chTimeMicros(rxMicros),
    });
  }

  gap(source: 'clob' | 'binance', token: string, asset: string, eventId: string, startMicros: number, endMicros: number): void {
    this.tables.collector_gaps?.push({
      source,
      token_id: token,
      event_id: eventId,
      asset,
      started_at: chTimeMicros(startMicros),
      ended_at: chTimeMicros(endMicros),
      reason: 'test',
      detail: '',
    });
  }

  collectorEvent(kind: string, atMicros: number, token = '', detail = ''): void {
    this.tables.collector_events?.push({ timestamp: chTimeMicros(atMicros), kind, source: 'clob', conn_id: 1, token_id: token, detail });
  }

  async insert(store: Store): Promise<void> {
    await store.migrate();
    for (const [table, rows] of Object.entries(this.tables)) await store.insert(table, rows);
  }
}

/** A market window ending at `endMs` with synthetic ids (`n` keeps windows apart). */
export function window(asset: 'BTC' | 'ETH', endMs: number, n: number): MarketWindow {
  const start = endMs - 900_000;
  return {
    eventId: `${900_000 + n}`,
    slug: `${asset.toLowerCase()}-updown-15m-${start / 1000}`,
    asset,
    conditionId: `0x${String(n).padStart(64, '0')}`,
    marketId: `${700_000 + n}`,
    question: `${asset} Up or Down ${n}`,
    yesTokenId: `${n}1${'7'.repeat(74)}`,
    noTokenId: `${n}2${'3'.repeat(74)}`,
    windowStart: start,
    windowEnd: endMs,
    tickSize: 10_000,
    minOrderSize: 5_000_000,
    feeSchedule: Object.freeze({ rate: 70_000, exponent: 1, takerOnly: true, rebateRate: 200_000 }),
    negRisk: false,
    resolutionSource: 'https://data.chain.link/streams/btc-usd-twap-60s-streams',
  };
}
