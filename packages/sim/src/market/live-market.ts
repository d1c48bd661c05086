/**
 * One live Up/Down market: its mirrored book, tick size, per-token hash chain and last trade, and
 * the operations the order flow performs on it. Each operation emits exactly the frames the live
 * feed sends for it, in order: an order change is ONE `price_change` frame with two mirrored
 * entries; a trade is the reduced level, a `last_trade_price`, then a fresh `book` per token;
 * custom-feature `best_bid_ask` follows whenever a token's top of book moved.
 */
import { formatMicros, type Micros, type Outcome } from '@polymarket-arb/domain';
import type { SimMarket } from './catalog-port.js';
import type { FrameSink, MarketFrame } from './frames.js';
import { chainHash, initialHash } from './hash.js';
import { MirroredBook, type LevelChange, type WireSide } from './mirrored-book.js';
import {
  bestBidAskJson,
  bookAfterTradeJson,
  bookObjectJson,
  lastTradePriceJson,
  marketResolvedJson,
  priceChangeJson,
  tickSizeChangeJson,
  type BookFrameInput,
  type PriceChangeEntry,
} from './wire.js';
import { microsText } from './format.js';

export type BookShape = 'subscribe' | 'after-trade';

export class LiveMarket {
  readonly book = new MirroredBook();
  tickSize: Micros;
  /** Trading is over (window end): no more flow; the book stays until resolution. */
  ended = false;
  /** The result is published (`market_resolved` sent); the tokens are quiet. */
  resolved = false;
  private readonly hashes: Record<Outcome, string>;
  private readonly lastTrade: Record<Outcome, Micros | undefined> = { yes: undefined, no: undefined };
  private topBid: Micros | undefined;
  private topAsk: Micros | undefined;
  private readonly bothTokens: readonly string[];

  constructor(
    readonly market: SimMarket,
    seed: number,
    private readonly sink: FrameSink,
  ) {
    this.tickSize = market.tickSize;
    this.hashes = { yes: initialHash(seed, market.yesTokenId), no: initialHash(seed, market.noTokenId) };
    this.bothTokens = [market.yesTokenId, market.noTokenId];
  }

  tokenId(outcome: Outcome): string {
    return outcome === 'yes' ? this.market.yesTokenId : this.market.noTokenId;
  }

  outcomeOf(tokenId: string): Outcome | undefined {
    if (tokenId === this.market.yesTokenId) return 'yes';
    if (tokenId === this.market.noTokenId) return 'no';
    return undefined;
  }

  /** Set one level of `outcome`'s book (one order placed, changed or cancelled): one frame, two entries. */
  setLevel(outcome: Outcome, side: WireSide, price: Micros, size: Micros, ts: number): void {
    this.emitChanges(this.book.set(outcome, side, price, size), ts);
    this.emitTopIfMoved(ts);
  }

  /**
   * Set several levels in one frame (several orders matched or placed at the same instant, as the
   * batched format allows): entries in order, each with the top of book after it.
   */
  setLevels(levels: ReadonlyArray<{ outcome: Outcome; side: WireSide; price: Micros; size: Micros }>, ts: number): void {
    const entries: PriceChangeEntry[] = [];
    for (const l of levels) for (const c of this.book.set(l.outcome, l.side, l.price, l.size)) entries.push(this.entry(c, ts));
    this.emitEntries(entries, ts);
    this.emitTopIfMoved(ts);
  }

  /**
   * A taker order of `size` on `outcome` that trades against the best opposite level (never more than
   * that level holds). Returns the size filled (0 when that side is empty).
   */
  trade(outcome: Outcome, takerSide: WireSide, size: Micros, ts: number): Micros {
    const restingSide: WireSide = takerSide === 'BUY' ? 'SELL' : 'BUY';
    const price = takerSide === 'BUY' ? this.book.bestAsk(outcome) : this.book.bestBid(outcome);
    if (price === undefined) return 0;
    const resting = this.book.size(outcome, restingSide, price);
    const filled = Math.min(size, resting);
    if (filled <= 0) return 0;
    this.emitChanges(this.book.set(outcome, restingSide, price, resting - filled), ts);
    this.lastTrade[outcome] = price;
    const tokenId = this.tokenId(outcome);
    this.emit(
      'last_trade_price',
      lastTradePriceJson({ market: this.market.conditionId, assetId: tokenId, price, size: filled, side: takerSide, timestampMs: ts }),
      [tokenId],
      false,
      ts,
    );
    for (const o of ['yes', 'no'] as const) this.emit('book', this.bookJson(o, ts, 'after-trade'), [this.tokenId(o)], false, ts);
    this.emitTopIfMoved(ts);
    return filled;
  }

  /** Tighten (or widen) the tick: one `tick_size_change` per token. */
  changeTick(newTick: Micros, ts: number): void {
    const old = this.tickSize;
    if (old === newTick) return;
    this.tickSize = newTick;
    for (const o of ['yes', 'no'] as const) {
      const tokenId = this.tokenId(o);
      this.emit('tick_size_change', tickSizeChangeJson(this.market.conditionId, tokenId, old, newTick, ts), [tokenId], false, ts);
    }
  }

  /** The window is over: announce the winner (custom feature); the tokens go quiet afterwards. */
  resolve(winner: Outcome, ts: number): void {
    if (this.resolved) return;
    this.resolved = true;
    const m = this.market;
    const text = marketResolvedJson({
      marketId: m.marketId,
      market: m.conditionId,
      yesTokenId: m.yesTokenId,
      noTokenId: m.noTokenId,
      winner,
      timestampMs: ts,
    });
    this.emit('market_resolved', text, this.bothTokens, true, ts);
  }

  /** A `book` frame object for one token. */
  bookJson(outcome: Outcome, ts: number, shape: BookShape): string {
    const input = this.bookInput(outcome, ts);
    return shape === 'subscribe' ? bookObjectJson(input) : bookAfterTradeJson(input);
  }

  /** The CLOB REST `OrderBookSummary` of one token (exact wire shape and key order). */
  bookSummary(outcome: Outcome, ts: number): Record<string, unknown> {
    const levels = this.book.levels(outcome);
    const last = this.lastTrade[outcome];
    return {
      market: this.market.conditionId,
      asset_id: this.tokenId(outcome),
      timestamp: String(ts),
      hash: this.hashes[outcome],
      bids: levels.bids.map(([p, s]) => ({ price: microsText(p), size: microsText(s) })),
      asks: levels.asks.map(([p, s]) => ({ price: microsText(p), size: microsText(s) })),
      min_order_size: formatMicros(this.market.minOrderSize),
      tick_size: formatMicros(this.tickSize),
      neg_risk: this.market.negRisk,
      last_trade_price: last === undefined ? '' : formatMicros(last, 3),
    };
  }

  /** A market that has been trading before the simulator started has a last trade on record. */
  seedLastTrade(upPrice: Micros): void {
    this.lastTrade.yes = upPrice;
    this.lastTrade.no = 1_000_000 - upPrice;
  }

  /** Take the current top of book as already announced (after seeding a new book silently). */
  syncTop(): void {
    this.topBid = this.book.upBids.best();
    this.topAsk = this.book.upAsks.best();
  }

  hash(outcome: Outcome): string {
    return this.hashes[outcome];
  }

  private bookInput(outcome: Outcome, ts: number): BookFrameInput {
    return {
      market: this.market.conditionId,
      assetId: this.tokenId(outcome),
      timestampMs: ts,
      hash: this.hashes[outcome],
      levels: this.book.levels(outcome),
      tickSize: this.tickSize,
      lastTradePrice: this.lastTrade[outcome],
    };
  }

  private emitChanges(changes: readonly LevelChange[], ts: number): void {
    this.emitEntries(
      changes.map((c) => this.entry(c, ts)),
      ts,
    );
  }

  /** The wire entry of a change just applied to the book (top of book as it is now). */
  private entry(c: LevelChange, ts: number): PriceChangeEntry {
    const hash = chainHash(this.hashes[c.outcome], c.side, c.price, c.size, ts);
    this.hashes[c.outcome] = hash;
    return {
      assetId: this.tokenId(c.outcome),
      side: c.side,
      price: c.price,
      size: c.size,
      hash,
      bestBid: this.book.bestBid(c.outcome),
      bestAsk: this.book.bestAsk(c.outcome),
    };
  }

  private emitEntries(entries: PriceChangeEntry[], ts: number): void {
    const text = priceChangeJson(this.market.conditionId, entries, ts);
    this.sink({
      kind: 'price_change',
      text,
      market: this.market.conditionId,
      assetIds: this.bothTokens,
      custom: false,
      timestampMs: ts,
      entries,
    });
  }

  private emitTopIfMoved(ts: number): void {
    const bid = this.book.upBids.best();
    const ask = this.book.upAsks.best();
    if (bid === this.topBid && ask === this.topAsk) return;
    this.topBid = bid;
    this.topAsk = ask;
    // The Down top is the Up top in the mirror, so both tokens' tops move together.
    for (const o of ['yes', 'no'] as const) {
      const tokenId = this.tokenId(o);
      this.emit(
        'best_bid_ask',
        bestBidAskJson(this.market.conditionId, tokenId, this.book.bestBid(o), this.book.bestAsk(o), ts),
        [tokenId],
        true,
        ts,
      );
    }
  }

  private emit(kind: MarketFrame['kind'], text: string, assetIds: readonly string[], custom: boolean, ts: number): void {
    this.sink({ kind, text, market: this.market.conditionId, assetIds, custom, timestampMs: ts });
  }
}
