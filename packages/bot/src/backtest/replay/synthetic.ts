/**
 * A synthetic recording, written into a store exactly as poly-collect writes a real one (same
 * tables, columns and text forms), for benchmarks and tests that need hours of data in seconds.
 * Seeded and deterministic. Per asset and 15-minute window: a mirrored Up/Down book (a Down bid at
 * p is an Up ask at 1 - p) around a random-walking fair value, one order change per frame (two
 * `price_change` entries, one per token), taker trades (level change, `last_trade_price`, fresh
 * `book` of both tokens, as the simulator sends them), Binance trades, arbitrage episodes with a
 * known net margin, and `market_resolved` after the window. Not a market model: a load generator
 * with the right shapes.
 */
import {
  binanceSymbol,
  chTimeMicros,
  chTimeMs,
  formatDecimal,
  formatMicros,
  pairCost,
  type CryptoAsset,
  type MarketWindow,
  type Micros,
} from '@polymarket-arb/domain';
import { marketWindowRow, type Store } from '@polymarket-arb/common';
import { SeededRandom } from '../../executor/simulated/rng.js';

export interface SyntheticOptions {
  readonly startMs: number;
  readonly windows: number;
  readonly assets: readonly CryptoAsset[];
  /** Order-change frames per second per market. */
  readonly framesPerSecond: number;
  readonly spotPerSecond: number;
  /** One arbitrage episode per window per asset at this offset into the window (ms); 0 = none. */
  readonly episodeAtMs: number;
  readonly episodeMs: number;
  /** Net margin per pair after taker fees (micros), and shares offered per leg. */
  readonly episodeMargin: Micros;
  readonly episodeSize: Micros;
  readonly seed: number;
}

export const SYNTHETIC_DEFAULTS: SyntheticOptions = {
  startMs: Date.UTC(2026, 0, 1),
  windows: 2,
  assets: ['BTC'],
  framesPerSecond: 20,
  spotPerSecond: 5,
  episodeAtMs: 120_000,
  episodeMs: 3_000,
  episodeMargin: 30_000,
  episodeSize: 100_000_000,
  seed: 1,
};

const TICK = 10_000;
const FEES = Object.freeze({ rate: 70_000, exponent: 1, takerOnly: true, rebateRate: 200_000 });
const ASSET_INDEX: Record<string, number> = { BTC: 0, ETH: 1, SOL: 2, XRP: 3 };
const SPOT_START: Record<string, number> = { BTC: 95_000, ETH: 3_200, SOL: 180, XRP: 2 };

/** The market window `i` of `asset` (deterministic ids). */
export function syntheticWindow(o: SyntheticOptions, asset: CryptoAsset, i: number): MarketWindow {
  const start = o.startMs + i * 900_000;
  const n = (ASSET_INDEX[asset] as number) * 100_000 + i;
  return {
    eventId: `${800_000 + n}`,
    slug: `${asset.toLowerCase()}-updown-15m-${start / 1000}`,
    asset,
    conditionId: `0x${n.toString(16).padStart(64, '0')}`,
    marketId: `${600_000 + n}`,
    question: `${asset} Up or Down (synthetic ${i})`,
    yesTokenId: `1${String(n).padStart(8, '0')}${'4'.repeat(67)}`,
    noTokenId: `2${String(n).padStart(8, '0')}${'6'.repeat(67)}`,
    windowStart: start,
    windowEnd: start + 900_000,
    tickSize: TICK,
    minOrderSize: 5_000_000,
    feeSchedule: FEES,
    negRisk: false,
    resolutionSource: 'synthetic',
  };
}

type Tables = Record<
  'market_windows' | 'orderbook_snapshots' | 'orderbook_deltas' | 'market_events' | 'spot_prices' | 'collector_events',
  object[]
>;

function empty(): Tables {
  return { market_windows: [], orderbook_snapshots: [], orderbook_deltas: [], market_events: [], spot_prices: [], collector_events: [] };
}

/** One market's generator: the Up book (bids and asks by price) and its rows. */
class MarketGen {
  readonly bids = new Map<Micros, Micros>();
  readonly asks = new Map<Micros, Micros>();
  fair: Micros;
  /** Levels an episode holds (the flow leaves them alone). */
  reserved = new Set<Micros>();

  constructor(
    readonly w: MarketWindow,
    readonly rng: SeededRandom,
    readonly t: Tables,
    private readonly assetIndex: number,
  ) {
    this.fair = 300_000 + Math.floor(rng.next() * 40) * TICK;
    for (let k = 1; k <= 8; k++) {
      this.bids.set(this.fair - k * TICK, this.size());
      this.asks.set(this.fair + k * TICK, this.size());
    }
  }

  size(): Micros {
    return (5 + Math.floor(this.rng.next() * this.rng.next() * 500)) * 1_000_000 + Math.floor(this.rng.next() * 100) * 10_000;
  }

  seq(rx: number): number {
    return rx * 4 + this.assetIndex;
  }

  /** Set Up levels, one frame: each change and its mirror on the Down token. */
  frame(rx: number, ts: number, changes: [side: 'bid' | 'ask', price: Micros, size: Micros][]): void {
    const seq = this.seq(rx);
    let i = 0;
    for (const [side, price, size] of changes) {
      (side === 'bid' ? this.bids : this.asks).set(price, size);
      if (size === 0) (side === 'bid' ? this.bids : this.asks).delete(price);
      this.delta(this.w.yesTokenId, 'yes', side, price, size, rx, ts, seq, i++);
      this.delta(this.w.noTokenId, 'no', side === 'bid' ? 'ask' : 'bid', 1_000_000 - price, size, rx, ts, seq, i++);
    }
  }

  private delta(
    token: string,
    side: string,
    bookSide: string,
    price: Micros,
    size: Micros,
    rx: number,
    ts: number,
    seq: number,
    i: number,
  ): void {
    const w = this.w;
    this.t.orderbook_deltas.push({
      timestamp: chTimeMs(ts),
      event_id: w.eventId,
      asset: w.asset,
      token_id: token,
      side,
      price: formatMicros(price),
      size: formatMicros(size),
      book_side: bookSide,
      best_bid: null,
      best_ask: null,
      condition_id: w.conditionId,
      hash: '',
      received_at: chTimeMicros(rx),
      ingest_seq: seq,
      entry_index: i,
    });
  }

  /** `book` frames of both tokens. */
  books(rx: number, ts: number): void {
    const lv = (m: Map<Micros, Micros>, mirror: boolean) =>
      [...m].map(([p, s]) => ({ price: formatMicros(mirror ? 1_000_000 - p : p), size: formatMicros(s) }));
    const w = this.w;
    const row = (token: string, side: string, bids: object[], asks: object[], r: number) => ({
      timestamp: chTimeMs(ts),
      event_id: w.eventId,
      asset: w.asset,
      token_id: token,
      side,
      asks,
      bids,
      condition_id: w.conditionId,
      source: 'ws_book',
      hash: 'synthetic',
      tick_size: formatMicros(TICK),
      received_at: chTimeMicros(r),
      ingest_seq: this.seq(r),
    });
    this.t.orderbook_snapshots.push(row(w.yesTokenId, 'yes', lv(this.bids, false), lv(this.asks, false), rx));
    this.t.orderbook_snapshots.push(row(w.noTokenId, 'no', lv(this.asks, true), lv(this.bids, true), rx + 1));
  }

  marketEvent(token: string, side: string, rx: number, ts: number, fields: Record<string, unknown>): void {
    const w = this.w;
    this.t.market_events.push({
      timestamp: chTimeMs(ts),
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
      received_at: chTimeMicros(rx),
      ingest_seq: this.seq(rx),
    });
  }

  /** One flow event: move the fair value, change a level, or trade at the touch. */
  step(rx: number, ts: number): number {
    const r = this.rng.next();
    if (r < 0.03) return this.trade(rx, ts);
    if (r < 0.08) {
      this.fair = Math.min(900_000, Math.max(100_000, this.fair + (this.rng.next() < 0.5 ? -TICK : TICK)));
      const gone: [side: 'bid' | 'ask', Micros, Micros][] = [];
      for (const p of this.bids.keys()) if (p >= this.fair && !this.reserved.has(p)) gone.push(['bid', p, 0]);
      for (const p of this.asks.keys()) if (p <= this.fair && !this.reserved.has(p)) gone.push(['ask', p, 0]);
      gone.push(['bid', this.fair - TICK, this.size()], ['ask', this.fair + TICK, this.size()]);
      this.frame(rx, ts, gone);
      return rx;
    }
    const bid = this.rng.next() < 0.5;
    const k = 1 + Math.floor(this.rng.next() * 8);
    const price = bid ? this.fair - k * TICK : this.fair + k * TICK;
    if (price <= 0 || price >= 1_000_000 || this.reserved.has(price)) return rx;
    this.frame(rx, ts, [[bid ? 'bid' : 'ask', price, this.rng.next() < 0.3 ? 0 : this.size()]]);
    return rx;
  }

  private trade(rx: number, ts: number): number {
    const hitBid = this.rng.next() < 0.5;
    const levels = hitBid ? this.bids : this.asks;
    const best = hitBid ? Math.max(...levels.keys()) : Math.min(...levels.keys());
    const resting = levels.get(best);
    if (resting === undefined || this.reserved.has(best)) return rx;
    const filled = Math.min(resting, 5_000_000 + Math.floor(this.rng.next() * 50) * 1_000_000);
    this.frame(rx, ts, [[hitBid ? 'bid' : 'ask', best, resting - filled]]);
    this.marketEvent(this.w.yesTokenId, 'yes', rx + 1, ts, {
      event_type: 'last_trade_price',
      price: formatMicros(best),
      size: formatMicros(filled),
      trade_side: hitBid ? 'SELL' : 'BUY',
    });
    this.books(rx + 2, ts);
    return rx + 3;
  }

  /** An arbitrage: Up ask + Down ask net `margin` after fees, `size` shares each, in one frame. */
  episode(rx: number, ts: number, margin: Micros, size: Micros): [Micros, Micros] {
    let up = Math.floor(this.fair / TICK) * TICK;
    let down = 1_000_000 - up - TICK;
    while (pairCost({ size: 1_000_000, yesPrice: up, noPrice: down, schedule: FEES }).profit < BigInt(margin)) {
      if (up >= down) up -= TICK;
      else down -= TICK;
    }
    this.reserved = new Set([up, 1_000_000 - down]);
    this.frame(rx, ts, [
      ['ask', up, (this.asks.get(up) ?? 0) + size],
      ['bid', 1_000_000 - down, (this.bids.get(1_000_000 - down) ?? 0) + size],
    ]);
    return [up, down];
  }

  endEpisode(rx: number, ts: number, up: Micros, down: Micros, size: Micros): void {
    this.frame(rx, ts, [
      ['ask', up, Math.max(0, (this.asks.get(up) ?? 0) - size)],
      ['bid', 1_000_000 - down, Math.max(0, (this.bids.get(1_000_000 - down) ?? 0) - size)],
    ]);
    this.reserved = new Set();
  }
}

/** The rows of window `i` of `asset`: discovery, book flow, an episode, spot, resolution. */
export function syntheticWindowRows(o: SyntheticOptions, asset: CryptoAsset, i: number): Tables {
  const t = empty();
  const w = syntheticWindow(o, asset, i);
  const assetIndex = ASSET_INDEX[asset] as number;
  const rng = new SeededRandom((o.seed * 1_000_003 + assetIndex * 7_919 + i * 104_729) >>> 0);
  const m = new MarketGen(w, rng, t, assetIndex);
  const discovered = w.windowStart - 60_000;
  const winner = rng.next() < 0.5 ? 'Up' : 'Down';
  t.market_windows.push(
    marketWindowRow(w, discovered, discovered),
    marketWindowRow(w, discovered, w.windowEnd + 20_000, { closed: true, winningOutcome: winner, resolvedAtMs: w.windowEnd + 20_000 }),
  );
  const lag = () => 3_000 + Math.floor(rng.next() * 20_000); // µs
  m.books(discovered * 1000 + 500_000, discovered + 499);
  const stepMs = 1000 / o.framesPerSecond;
  let episode: [Micros, Micros] | undefined;
  let episodeDone = false;
  const epStart = o.episodeAtMs > 0 ? w.windowStart + o.episodeAtMs : Number.POSITIVE_INFINITY;
  let last = discovered * 1000 + 600_000;
  for (let k = 0, ts = discovered + 1_000; ts < w.windowEnd; k++, ts = discovered + 1_000 + Math.floor(k * stepMs)) {
    const rx = Math.max(last + 4, ts * 1000 + lag());
    if (!episodeDone && episode === undefined && ts >= epStart) episode = m.episode(rx, ts, o.episodeMargin, o.episodeSize);
    else if (episode !== undefined && ts >= epStart + o.episodeMs) {
      m.endEpisode(rx, ts, episode[0], episode[1], o.episodeSize);
      episode = undefined;
      episodeDone = true;
    } else last = m.step(rx, ts);
    last = Math.max(last, rx);
  }
  const resolvedRx = (w.windowEnd + 20_000) * 1000 + 7_000;
  for (const [token, side] of [
    [w.yesTokenId, 'yes'],
    [w.noTokenId, 'no'],
  ] as const)
    m.marketEvent(token, side, resolvedRx, w.windowEnd + 20_000, {
      event_type: 'market_resolved',
      winning_token_id: winner === 'Up' ? w.yesTokenId : w.noTokenId,
      winning_outcome: winner,
    });
  spotRows(o, asset, w.windowStart, w.windowEnd, rng, t);
  return t;
}

function spotRows(o: SyntheticOptions, asset: CryptoAsset, from: number, to: number, rng: SeededRandom, t: Tables): void {
  let price = BigInt(SPOT_START[asset] as number) * 100_000_000n;
  const step = 1000 / o.spotPerSecond;
  let id = Math.floor(from / 10);
  for (let ts = from; ts < to; ts += step) {
    const ms = Math.floor(ts);
    price += BigInt(Math.floor((rng.next() - 0.5) * 2_000_000));
    t.spot_prices.push({
      timestamp: chTimeMs(ms),
      asset,
      price: formatDecimal(price, 8, 8),
      quantity: '0.01000000',
      symbol: binanceSymbol(asset).toUpperCase(),
      trade_id: id++,
      event_time: chTimeMs(ms),
      buyer_is_maker: rng.next() < 0.5,
      received_at: chTimeMicros(ms * 1000 + 2_000 + Math.floor(rng.next() * 5_000)),
    });
  }
}

/** Write the whole recording into `store` (window by window: memory stays one window). Returns rows written per table. */
export async function writeSynthetic(store: Store, options: Partial<SyntheticOptions> = {}): Promise<Record<string, number>> {
  const o = { ...SYNTHETIC_DEFAULTS, ...options };
  await store.migrate();
  const counts: Record<string, number> = {};
  const start = o.startMs - 60_000;
  await store.insert('collector_events', [
    { timestamp: chTimeMicros(start * 1000), kind: 'start', source: 'clob', conn_id: 1, token_id: '', detail: 'synthetic' },
  ]);
  for (let i = 0; i < o.windows; i++) {
    for (const asset of o.assets) {
      for (const [table, rows] of Object.entries(syntheticWindowRows(o, asset, i))) {
        await store.insert(table, rows);
        counts[table] = (counts[table] ?? 0) + rows.length;
      }
    }
  }
  return counts;
}
