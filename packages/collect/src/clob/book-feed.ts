/**
 * Market-channel frames -> local books, with nothing else on the way: the hot path the bot's live
 * data source runs (message -> book -> decision). `price_change` frames take the allocation-free
 * scanner; everything else (snapshots, tick-size changes, legacy shapes, anything unexpected)
 * takes the generic parser. Listeners hear which token changed, synchronously.
 */
import { OrderBook } from '@polymarket-arb/domain';
import { agreesWithExchange, parseMarketFrame, PriceChangeBatch, scanPriceChangeFrame, TokenRegistry, type MarketMessage } from '@polymarket-arb/venue';

export interface BookFeedListener {
  /** A token's book changed (index from `registry`); `exchangeTsMs` is the event's timestamp. */
  onBookChanged(tokenIndex: number, exchangeTsMs: number): void;
  /** Any other message (trades, resolutions, tick sizes...), after books were updated. */
  onMessage?(message: MarketMessage): void;
}

export interface BookFeedCounters {
  fastFrames: number;
  genericFrames: number;
  malformedFrames: number;
  mismatches: number;
}

export class BookFeed {
  readonly registry = new TokenRegistry();
  readonly books: OrderBook[] = [];
  readonly counters: BookFeedCounters = { fastFrames: 0, genericFrames: 0, malformedFrames: 0, mismatches: 0 };
  private readonly batch = new PriceChangeBatch(512);

  constructor(private readonly listener: BookFeedListener) {}

  /** Follow a token; returns its index (stable). */
  addToken(tokenId: string): number {
    const index = this.registry.add(tokenId);
    this.books[index] ??= new OrderBook();
    return index;
  }

  bookOf(tokenId: string): OrderBook | undefined {
    const index = this.registry.indexOf(tokenId);
    return index >= 0 ? this.books[index] : undefined;
  }

  /** Apply one frame. Never throws. */
  onFrame(data: Uint8Array): void {
    const b = this.batch;
    if (scanPriceChangeFrame(data, this.registry, b)) {
      this.counters.fastFrames++;
      for (let i = 0; i < b.count; i++) {
        const index = b.token[i] as number;
        const book = this.books[index] as OrderBook;
        book.setLevel(b.side[i] === 0 ? 'bid' : 'ask', b.price[i] as number, b.size[i] as number);
        const ts = b.timestampMs[i] as number;
        book.timestampMs = ts;
        if (!agreesWithExchange(book, b.bestBid[i] as number, b.bestAsk[i] as number)) this.counters.mismatches++;
        this.listener.onBookChanged(index, ts);
      }
      return;
    }
    this.counters.genericFrames++;
    const parsed = parseMarketFrame(Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8'));
    if (parsed.error !== undefined) {
      this.counters.malformedFrames++;
      return;
    }
    for (const m of parsed.messages) this.applyMessage(m);
  }

  private applyMessage(m: MarketMessage): void {
    if (m.type === 'book') {
      const index = this.registry.indexOf(m.assetId);
      const book = index >= 0 ? this.books[index] : undefined;
      if (book) {
        book.clear();
        for (const l of m.bids) book.setLevel('bid', l.price, l.size);
        for (const l of m.asks) book.setLevel('ask', l.price, l.size);
        book.timestampMs = m.timestampMs;
        this.listener.onBookChanged(index, m.timestampMs);
      }
    } else if (m.type === 'price_change') {
      for (const c of m.changes) {
        const index = this.registry.indexOf(c.assetId);
        const book = index >= 0 ? this.books[index] : undefined;
        if (!book) continue;
        book.setLevel(c.bookSide, c.price, c.size);
        book.timestampMs = m.timestampMs;
        this.listener.onBookChanged(index, m.timestampMs);
      }
    } else if (m.type === 'tick_size_change') {
      const book = this.bookOf(m.assetId);
      if (book) book.epoch++;
    }
    this.listener.onMessage?.(m);
  }
}
