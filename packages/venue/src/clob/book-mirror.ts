/**
 * The local mirror of the exchange's order books, fed by market-channel frames (spec 1.5). A `book`
 * replaces a token's book (snapshot), each `price_change` entry sets one level (delta), and a
 * `tick_size_change` starts a new book epoch. After every delta the book is checked against the
 * exchange's own best bid and ask for that entry (the self-check): a disagreement is counted per
 * entry and reported once per episode. `price_change` frames take the allocation-free scanner;
 * everything else the generic parser. Synchronous, allocation-free on the fast path, never throws.
 *
 * The mirror holds no storage and no policy: a listener hears what each frame held once it is
 * applied (the collector stores it as rows, and answers a lasting disagreement with a resync).
 */
import { OrderBook, type BookSide, type Clock, type Micros, type OrderBookLevel } from '@polymarket-arb/domain';
import { PriceChangeBatch, scanPriceChangeFrame, TokenRegistry } from './fast-price-change.js';
import type { MarketMessage, PriceChangeEntry } from './messages.js';
import { parseMarketFrame } from './parse.js';

/** Exchange prices reported for an empty side: 0 for bids, 1 for asks, and sometimes 0 for either. */
const EMPTY_BID = 0;
const EMPTY_ASK = 1_000_000;

/** True when `local` (-1 = empty side) is what the exchange reports. */
export function sameBest(local: Micros, exchange: Micros, emptyAs: Micros): boolean {
  if (local < 0) return exchange === emptyAs || exchange === 0;
  return local === exchange;
}

/** Does the book agree with the exchange's reported top? Absent values (negative) are not checked. */
export function agreesWithExchange(book: OrderBook, exchangeBid: Micros, exchangeAsk: Micros): boolean {
  return (
    (exchangeBid < 0 || sameBest(book.bestBid(), exchangeBid, EMPTY_BID)) &&
    (exchangeAsk < 0 || sameBest(book.bestAsk(), exchangeAsk, EMPTY_ASK))
  );
}

/** One followed token's book and what the mirror knows about it. */
export class MirroredBook {
  readonly book = new OrderBook();
  /** A snapshot arrived since the book was last lost: until then it is partial and not checked. */
  synced = false;
  /** Changed by a delta since its last snapshot. */
  changed = false;
  /** Local ms when the current disagreement with the exchange began (0: it agrees). */
  mismatchSinceMs = 0;

  constructor(
    /** The token's index in the mirror's registry (stable). */
    readonly index: number,
    readonly tokenId: string,
    /** Gamma's tick size at first, then the exchange's (`book`, `tick_size_change`). */
    public tickSize: Micros,
  ) {}

  /** Replace the book with a snapshot; it is complete, unchanged since, and agrees by definition. */
  applySnapshot(bids: readonly OrderBookLevel[], asks: readonly OrderBookLevel[], timestampMs: number, tickSize: Micros | null): void {
    const book = this.book;
    book.clear();
    for (const l of bids) book.setLevel('bid', l.price, l.size);
    for (const l of asks) book.setLevel('ask', l.price, l.size);
    book.timestampMs = timestampMs;
    if (tickSize !== null) this.tickSize = tickSize;
    this.synced = true;
    this.changed = false;
    this.mismatchSinceMs = 0;
  }

  /** Set one level; false (nothing changed) when the price or size cannot be on the book. */
  applyLevel(side: BookSide, price: Micros, size: Micros, timestampMs: number): boolean {
    if (!this.book.setLevel(side, price, size)) return false;
    this.book.timestampMs = timestampMs;
    this.changed = true;
    return true;
  }

  /** A new tick size is a new book epoch: levels on the old grid may be re-quoted. */
  changeTickSize(tickSize: Micros): void {
    this.tickSize = tickSize;
    this.book.epoch++;
  }

  /** The feed dropped (disconnect, stall): the book is unknown until its next snapshot. */
  lose(): void {
    this.synced = false;
  }
}

export interface BookMirrorCounters {
  fastFrames: number;
  genericFrames: number;
  malformedFrames: number;
  /** `book` messages, followed or not. */
  books: number;
  /** `price_change` entries, followed or not. */
  deltas: number;
  untrackedDeltas: number;
  /** Levels that cannot be on a book (price outside [0, 1] or finer than 0.0001, negative size). */
  rejectedLevels: number;
  tickSizeChanges: number;
  /** Episodes of disagreement with the exchange's top of book, and the entries that disagreed. */
  bookMismatches: number;
  mismatchedEntries: number;
}

export function newBookMirrorCounters(): BookMirrorCounters {
  return {
    fastFrames: 0,
    genericFrames: 0,
    malformedFrames: 0,
    books: 0,
    deltas: 0,
    untrackedDeltas: 0,
    rejectedLevels: 0,
    tickSizeChanges: 0,
    bookMismatches: 0,
    mismatchedEntries: 0,
  };
}

/** What a frame held, heard after the mirror applied it. Every method is optional. */
export interface BookMirrorListener {
  /** A `price_change` frame read by the fast scanner (its entries are in `batch` until the next frame). */
  onPriceChanges?(batch: PriceChangeBatch): void;
  /** One message of a frame read by the generic parser, in frame order. */
  onMessage?(message: MarketMessage): void;
  /** A frame that is not JSON. */
  onMalformed?(error: string, text: string): void;
  /** A synced book began to disagree with the exchange's best bid/ask (-1: not reported). */
  onMismatch?(book: MirroredBook, exchangeBid: Micros, exchangeAsk: Micros): void;
  /** ...and agrees again. */
  onAgreement?(book: MirroredBook): void;
}

export interface BookMirrorOptions<C extends BookMirrorCounters> {
  /** Local time, for when a disagreement began. */
  clock: Clock;
  listener?: BookMirrorListener;
  /** Counted into (a caller may share a larger object with more counters). */
  counters?: C;
}

export class BookMirror<C extends BookMirrorCounters = BookMirrorCounters> {
  /** Token ids the fast scanner knows; a token keeps its index when it is no longer followed. */
  readonly registry = new TokenRegistry();
  readonly counters: C;
  private readonly books: (MirroredBook | undefined)[] = [];
  private readonly batch = new PriceChangeBatch(512);
  private readonly listener: BookMirrorListener;

  constructor(private readonly options: BookMirrorOptions<C>) {
    this.counters = options.counters ?? (newBookMirrorCounters() as C);
    this.listener = options.listener ?? {};
  }

  /** Follow a token (idempotent): its book stays empty and unsynced until its first snapshot. */
  follow(tokenId: string, tickSize: Micros): MirroredBook {
    const index = this.registry.add(tokenId);
    return (this.books[index] ??= new MirroredBook(index, tokenId, tickSize));
  }

  /** Stop following a token: its deltas count as untracked from now on. */
  unfollow(tokenId: string): void {
    const index = this.registry.indexOf(tokenId);
    if (index >= 0) this.books[index] = undefined;
  }

  bookOf(tokenId: string): MirroredBook | undefined {
    const index = this.registry.indexOf(tokenId);
    return index >= 0 ? this.books[index] : undefined;
  }

  /** The followed books, by registry index. */
  followed(): MirroredBook[] {
    return this.books.filter((b): b is MirroredBook => b !== undefined);
  }

  /**
   * Apply one market-channel frame (PONGs are the socket's). Returns the frame's text when it was
   * decoded (generic path), so a caller that keeps raw frames need not decode it again.
   */
  onFrame(data: Uint8Array): string | undefined {
    const b = this.batch;
    if (scanPriceChangeFrame(data, this.registry, b)) {
      this.counters.fastFrames++;
      this.counters.deltas += b.count;
      for (let i = 0; i < b.count; i++)
        this.applyDelta(
          this.books[b.token[i] as number],
          b.bookSideOf(i),
          b.price[i] as number,
          b.size[i] as number,
          b.timestampMs[i] as number,
          b.bestBid[i] as number,
          b.bestAsk[i] as number,
        );
      this.listener.onPriceChanges?.(b);
      return undefined;
    }
    this.counters.genericFrames++;
    const text = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8');
    const parsed = parseMarketFrame(text);
    if (parsed.error !== undefined) {
      this.counters.malformedFrames++;
      this.listener.onMalformed?.(parsed.error, text);
      return text;
    }
    for (const message of parsed.messages) {
      this.applyMessage(message);
      this.listener.onMessage?.(message);
    }
    return text;
  }

  private applyMessage(m: MarketMessage): void {
    switch (m.type) {
      case 'book':
        this.counters.books++;
        this.bookOf(m.assetId)?.applySnapshot(m.bids, m.asks, m.timestampMs, m.tickSize);
        return;
      case 'price_change':
        this.counters.deltas += m.changes.length;
        for (const c of m.changes) this.applyChange(c, m.timestampMs);
        return;
      case 'tick_size_change':
        this.counters.tickSizeChanges++;
        this.bookOf(m.assetId)?.changeTickSize(m.newTickSize);
        return;
      default:
        return;
    }
  }

  private applyChange(c: PriceChangeEntry, timestampMs: number): void {
    this.applyDelta(this.bookOf(c.assetId), c.bookSide, c.price, c.size, timestampMs, c.bestBid ?? -1, c.bestAsk ?? -1);
  }

  /** One delta, then the self-check against the exchange's top after it (when the book is complete). */
  private applyDelta(
    mirror: MirroredBook | undefined,
    side: BookSide,
    price: Micros,
    size: Micros,
    timestampMs: number,
    exchangeBid: Micros,
    exchangeAsk: Micros,
  ): void {
    if (mirror === undefined) {
      this.counters.untrackedDeltas++;
      return;
    }
    if (!mirror.applyLevel(side, price, size, timestampMs)) {
      this.counters.rejectedLevels++;
      return;
    }
    if (mirror.synced && (exchangeBid >= 0 || exchangeAsk >= 0)) this.check(mirror, exchangeBid, exchangeAsk);
  }

  private check(mirror: MirroredBook, exchangeBid: Micros, exchangeAsk: Micros): void {
    if (agreesWithExchange(mirror.book, exchangeBid, exchangeAsk)) {
      if (mirror.mismatchSinceMs === 0) return;
      mirror.mismatchSinceMs = 0;
      this.listener.onAgreement?.(mirror);
      return;
    }
    this.counters.mismatchedEntries++;
    if (mirror.mismatchSinceMs !== 0) return;
    mirror.mismatchSinceMs = this.options.clock.nowMs();
    this.counters.bookMismatches++;
    this.listener.onMismatch?.(mirror, exchangeBid, exchangeAsk);
  }
}
