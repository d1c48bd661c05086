/**
 * Turns market-channel frames into stored rows (spec 1.5), around the venue's BookMirror.
 *
 * The mirror keeps the local books: `book` resets a token's book, every `price_change` entry is
 * applied and checked against the exchange's own `best_bid`/`best_ask` for that entry, and a
 * `tick_size_change` starts a new book epoch. This capture stores what each frame held: every frame
 * raw (so a parser bug never destroys data), each `book` as a snapshot, each `price_change` entry as
 * one `orderbook_deltas` row, trades, tick sizes and resolutions as market events. A disagreement
 * with the exchange is logged and stored once per episode and, if it persists past `resyncAfterMs`
 * (the exchange itself sends a fresh `book` after a crossing), answered with a resync. Disconnects
 * open a gap per token that the next snapshot closes; gaps are stored so a backtest can see them.
 */
import { chTimeMicros, chTimeMs, formatMicros, type Clock, type MarketWindow, type Micros, type Outcome } from '@polymarket-arb/domain';
import { type Logger } from '@polymarket-arb/common';
import {
  BookMirror,
  FeedLag,
  newBookMirrorCounters,
  type BookMessage,
  type BookMirrorCounters,
  type MarketMessage,
  type MarketResolvedMessage,
  type MirroredBook,
  type PriceChangeBatch,
  type PriceChangeEntry,
  type PriceChangeMessage,
} from '@polymarket-arb/venue';
import { UNREAD_AT_SHUTDOWN, UNREAD_DETAIL, type CaptureSink } from './sink.js';

export interface TrackedToken {
  readonly tokenId: string;
  readonly window: MarketWindow;
  readonly outcome: Outcome;
  /** The token's local book, as the mirror keeps it. */
  readonly mirror: MirroredBook;
  /** Local µs when the current gap started (0: no gap). */
  gapStartMicros: number;
  gapReason: string;
}

export interface CaptureCounters extends BookMirrorCounters {
  frames: number;
  unknownEvents: number;
  invalidEvents: number;
  trades: number;
  bestBidAsk: number;
  resolutions: number;
  resyncs: number;
  gaps: number;
}

export interface ClobCaptureOptions {
  sink: CaptureSink;
  /** Local time: receive stamps, episode timing. */
  clock: Clock;
  logger: Logger;
  /** Ask the socket for fresh snapshots of these tokens. */
  requestResync(tokenIds: readonly string[]): void;
  onResolved?(message: MarketResolvedMessage, window: MarketWindow | undefined): void;
  /** How long a mismatch may last before a resync is requested. */
  resyncAfterMs?: number;
  /** Keep raw frames (default true). */
  keepRawFrames?: boolean;
}

/** The frame being stored: what every row of it shares. Reused, so a frame allocates nothing here. */
interface FrameContext {
  seq: number;
  receivedMicros: number;
  /** `received_at` as stored. */
  received: string;
  /** Index of the next `price_change` entry within the frame. */
  entryIndex: number;
  /** The raw frame's parse status: the first message that was not 'ok' decides. */
  status: string;
}

export class ClobCapture {
  /** How far behind the exchange we read (price_change and last_trade_price timestamps). */
  readonly lag = new FeedLag();
  readonly counters: CaptureCounters = {
    ...newBookMirrorCounters(),
    frames: 0,
    unknownEvents: 0,
    invalidEvents: 0,
    trades: 0,
    bestBidAsk: 0,
    resolutions: 0,
    resyncs: 0,
    gaps: 0,
  };
  readonly mirror: BookMirror<CaptureCounters>;
  private readonly tokens: (TrackedToken | undefined)[] = [];
  private readonly resyncAfterMs: number;
  private readonly keepRaw: boolean;
  private readonly frame: FrameContext = { seq: 0, receivedMicros: 0, received: '', entryIndex: 0, status: 'ok' };
  /** Global wire order: unique and increasing across restarts (starts at the µs clock). */
  private seq: number;
  private shuttingDown = false;

  constructor(private readonly options: ClobCaptureOptions) {
    this.resyncAfterMs = options.resyncAfterMs ?? 2000;
    this.keepRaw = options.keepRawFrames ?? true;
    this.seq = options.clock.nowMicros();
    this.mirror = new BookMirror({
      clock: options.clock,
      counters: this.counters,
      listener: {
        onPriceChanges: (batch) => this.storeBatch(batch),
        onMessage: (message) => this.storeMessage(message),
        onMalformed: (error, text) => this.onMalformed(error, text),
        onMismatch: (book, bid, ask) => this.onMismatch(book, bid, ask),
        onAgreement: (book) =>
          this.options.logger.info(
            { token: book.tokenId, slug: this.tokens[book.index]?.window.slug },
            'local book agrees with the exchange again',
          ),
      },
    });
  }

  /** Follow both tokens of a market window. */
  track(window: MarketWindow): void {
    this.trackToken(window, 'yes', window.yesTokenId);
    this.trackToken(window, 'no', window.noTokenId);
  }

  untrack(window: MarketWindow): void {
    for (const id of [window.yesTokenId, window.noTokenId]) {
      const index = this.mirror.registry.indexOf(id);
      if (index >= 0) this.tokens[index] = undefined;
      this.mirror.unfollow(id);
    }
  }

  token(tokenId: string): TrackedToken | undefined {
    const index = this.mirror.registry.indexOf(tokenId);
    return index >= 0 ? this.tokens[index] : undefined;
  }

  trackedTokens(): TrackedToken[] {
    return this.tokens.filter((t): t is TrackedToken => t !== undefined);
  }

  private trackToken(window: MarketWindow, outcome: Outcome, tokenId: string): void {
    const mirror = this.mirror.follow(tokenId, window.tickSize);
    this.tokens[mirror.index] ??= { tokenId, window, outcome, mirror, gapStartMicros: 0, gapReason: '' };
  }

  /** One frame from the market channel (never throws). */
  onFrame(data: Buffer, receivedMicros: number, connId: number): void {
    const frame = this.frame;
    frame.seq = ++this.seq;
    frame.receivedMicros = receivedMicros;
    frame.received = chTimeMicros(receivedMicros);
    frame.entryIndex = 0;
    frame.status = 'ok';
    this.counters.frames++;
    const text = this.mirror.onFrame(data);
    if (this.keepRaw) {
      this.options.sink.rawFrames.push({
        received_at: frame.received,
        source: 'clob',
        conn_id: connId,
        ingest_seq: frame.seq,
        parse_status: frame.status,
        frame: text ?? data.toString('utf8'),
      });
    }
  }

  /** A frame the fast scanner read: one row per entry. */
  private storeBatch(b: PriceChangeBatch): void {
    if (b.count > 0) this.lag.observe(b.timestampMs[0] as number, this.frame.receivedMicros);
    for (let i = 0; i < b.count; i++) {
      const index = b.token[i] as number;
      const entry: PriceChangeEntry = {
        assetId: this.mirror.registry.idOf(index),
        price: b.price[i] as number,
        size: b.size[i] as number,
        bookSide: b.bookSideOf(i),
        hash: b.hashOf(i),
        bestBid: (b.bestBid[i] as number) < 0 ? null : (b.bestBid[i] as number),
        bestAsk: (b.bestAsk[i] as number) < 0 ? null : (b.bestAsk[i] as number),
      };
      this.storeDelta(this.tokens[index], entry, b.timestampMs[i] as number, b.marketOf(i));
    }
  }

  /** One message of a frame the generic parser read. */
  private storeMessage(message: MarketMessage): void {
    const status = this.storeByType(message);
    if (status !== 'ok' && this.frame.status === 'ok') this.frame.status = status;
  }

  /** Store a message; returns its parse status. */
  private storeByType(message: MarketMessage): string {
    const { frame } = this;
    switch (message.type) {
      case 'price_change':
        this.storePriceChange(message);
        return message.legacy ? 'legacy' : 'ok';
      case 'book':
        this.storeBook(message);
        return 'ok';
      case 'last_trade_price':
        this.lag.observe(message.timestampMs, frame.receivedMicros);
        this.counters.trades++;
        this.marketEvent(message.assetId, message.timestampMs, {
          event_type: 'last_trade_price',
          condition_id: message.market,
          price: formatMicros(message.price),
          size: formatMicros(message.size),
          trade_side: message.side,
          fee_rate_bps: message.feeRateBps,
          transaction_hash: message.transactionHash,
        });
        return 'ok';
      case 'tick_size_change':
        this.onTickSizeChanged(message.assetId, message.oldTickSize, message.newTickSize);
        this.marketEvent(message.assetId, message.timestampMs, {
          event_type: 'tick_size_change',
          condition_id: message.market,
          old_tick_size: formatMicros(message.oldTickSize),
          new_tick_size: formatMicros(message.newTickSize),
        });
        return 'ok';
      case 'best_bid_ask':
        // Derivable from the deltas; kept in raw_frames only.
        this.counters.bestBidAsk++;
        return 'ok';
      case 'market_resolved':
        this.storeResolved(message);
        return 'ok';
      case 'new_market':
        return 'ok';
      case 'unknown':
        this.counters.unknownEvents++;
        return 'unknown';
      case 'invalid':
        this.counters.invalidEvents++;
        this.options.logger.warn({ eventType: message.eventType, reason: message.reason }, 'invalid market event (kept raw)');
        return 'invalid';
    }
  }

  private onMalformed(error: string, text: string): void {
    this.frame.status = 'malformed';
    this.options.logger.warn({ error, bytes: text.length }, 'malformed market frame (kept raw)');
  }

  private storePriceChange(message: PriceChangeMessage): void {
    this.lag.observe(message.timestampMs, this.frame.receivedMicros);
    for (const c of message.changes) this.storeDelta(this.token(c.assetId), c, message.timestampMs, message.market);
  }

  /** One `orderbook_deltas` row, for a followed token or not. */
  private storeDelta(token: TrackedToken | undefined, c: PriceChangeEntry, timestampMs: number, market: string): void {
    const { frame } = this;
    this.options.sink.deltas.push({
      timestamp: chTimeMs(timestampMs),
      event_id: token?.window.eventId ?? '',
      asset: token?.window.asset ?? '',
      token_id: c.assetId,
      side: token?.outcome ?? '',
      price: formatMicros(c.price),
      size: formatMicros(c.size),
      book_side: c.bookSide,
      best_bid: c.bestBid === null ? null : formatMicros(c.bestBid),
      best_ask: c.bestAsk === null ? null : formatMicros(c.bestAsk),
      condition_id: market,
      hash: c.hash,
      received_at: frame.received,
      ingest_seq: frame.seq,
      entry_index: frame.entryIndex++,
    });
  }

  /** Log and store the start of a disagreement episode (the mirror counts every entry). */
  private onMismatch(book: MirroredBook, exchangeBid: Micros, exchangeAsk: Micros): void {
    const detail = {
      local: { bid: book.book.bestBid(), ask: book.book.bestAsk() },
      exchange: { bid: exchangeBid < 0 ? null : exchangeBid, ask: exchangeAsk < 0 ? null : exchangeAsk },
    };
    this.options.logger.warn(
      { token: book.tokenId, slug: this.tokens[book.index]?.window.slug, ...detail },
      'local book disagrees with the exchange',
    );
    this.collectorEvent('book_mismatch', book.tokenId, JSON.stringify(detail));
  }

  /** The mirror already replaced the book: close the token's gap and store the snapshot. */
  private storeBook(message: BookMessage): void {
    const token = this.token(message.assetId);
    if (token !== undefined && token.gapStartMicros !== 0) this.closeGap(token, this.frame.receivedMicros);
    this.options.sink.snapshots.push({
      timestamp: chTimeMs(message.timestampMs),
      event_id: token?.window.eventId ?? '',
      asset: token?.window.asset ?? '',
      token_id: message.assetId,
      side: token?.outcome ?? '',
      asks: message.asks.map(levelRow),
      bids: message.bids.map(levelRow),
      condition_id: message.market,
      source: 'ws_book',
      hash: message.hash,
      tick_size: formatMicros(message.tickSize ?? token?.mirror.tickSize ?? 0),
      received_at: this.frame.received,
      ingest_seq: this.frame.seq,
    });
  }

  /** The mirror started a new book epoch; levels on the old grid may be re-quoted, so ask for a fresh snapshot. */
  private onTickSizeChanged(assetId: string, oldTick: Micros, newTick: Micros): void {
    const token = this.token(assetId);
    if (token === undefined) return;
    this.options.logger.info({ token: assetId, slug: token.window.slug, oldTick, newTick }, 'tick size changed: new book epoch');
    this.requestResync([assetId], 'tick_size_change');
  }

  private storeResolved(message: MarketResolvedMessage): void {
    this.counters.resolutions++;
    const winner = this.token(message.winningAssetId);
    for (const assetId of message.assetIds) {
      this.marketEvent(assetId, message.timestampMs, {
        event_type: 'market_resolved',
        condition_id: message.market,
        winning_token_id: message.winningAssetId,
        winning_outcome: message.winningOutcome,
      });
    }
    this.options.onResolved?.(message, winner?.window ?? this.token(message.assetIds[0] ?? '')?.window);
  }

  private marketEvent(assetId: string, timestampMs: number, fields: Record<string, unknown>): void {
    const token = this.token(assetId);
    this.options.sink.marketEvents.push({
      timestamp: chTimeMs(timestampMs),
      event_id: token?.window.eventId ?? '',
      asset: token?.window.asset ?? '',
      token_id: assetId,
      side: token?.outcome ?? '',
      price: null,
      size: null,
      trade_side: '',
      old_tick_size: null,
      new_tick_size: null,
      winning_token_id: '',
      winning_outcome: '',
      fee_rate_bps: '',
      transaction_hash: '',
      condition_id: '',
      ...fields,
      received_at: this.frame.received,
      ingest_seq: this.frame.seq,
    });
  }

  /** Periodic full snapshots of the books that changed since their last one. */
  snapshotChangedBooks(): number {
    const nowMicros = this.options.clock.nowMicros();
    let written = 0;
    for (const token of this.tokens) {
      if (token === undefined || !token.mirror.synced || !token.mirror.changed) continue;
      const { book, tickSize } = token.mirror;
      token.mirror.changed = false;
      written++;
      this.options.sink.snapshots.push({
        timestamp: chTimeMs(book.timestampMs),
        event_id: token.window.eventId,
        asset: token.window.asset,
        token_id: token.tokenId,
        side: token.outcome,
        // Stored in the wire's order (best last) so every snapshot reads the same way.
        asks: book.levels('ask').reverse().map(levelRow),
        bids: book.levels('bid').reverse().map(levelRow),
        condition_id: token.window.conditionId,
        source: 'periodic',
        hash: '',
        tick_size: formatMicros(tickSize),
        received_at: chTimeMicros(nowMicros),
        ingest_seq: ++this.seq,
      });
    }
    return written;
  }

  /** Resync tokens whose books have disagreed with the exchange for too long. */
  resyncStaleMismatches(): void {
    const now = this.options.clock.nowMs();
    const stale = this.mirror.followed().filter((b) => b.mismatchSinceMs !== 0 && now - b.mismatchSinceMs >= this.resyncAfterMs);
    if (stale.length === 0) return;
    for (const b of stale) b.mismatchSinceMs = now; // wait again before the next attempt
    this.requestResync(
      stale.map((b) => b.tokenId),
      'book_mismatch',
    );
  }

  private requestResync(tokenIds: readonly string[], reason: string): void {
    this.counters.resyncs++;
    for (const id of tokenIds) this.collectorEvent('resync', id, reason);
    this.options.requestResync(tokenIds);
  }

  /** A graceful stop is not a gap: the 'stop' event marks where the record ends. */
  beginShutdown(): void {
    this.shuttingDown = true;
  }

  /** The connection dropped: every tracked token's book is unknown until its next snapshot. */
  onDisconnected(connId: number, reason: string, tokenIds: readonly string[]): void {
    const now = this.options.clock.nowMicros();
    this.collectorEvent('disconnect', '', reason, connId);
    if (this.shuttingDown) return;
    for (const id of tokenIds) {
      const token = this.token(id);
      if (token === undefined) continue;
      token.mirror.lose();
      if (token.gapStartMicros === 0) {
        token.gapStartMicros = now;
        token.gapReason = reason;
      }
    }
  }

  onConnected(connId: number): void {
    this.collectorEvent('connect', '', '', connId);
  }

  /** Stall: subscribed, socket open, but no data. Opens gaps like a disconnect. */
  onStall(tokenIds: readonly string[], silentMs: number): void {
    this.collectorEvent('stall', '', `no market data for ${silentMs} ms`);
    this.onDisconnected(0, 'stall', tokenIds);
  }

  /**
   * Shutdown cut the socket while frames were still arriving: what the exchange sent after the last
   * frame read (from `fromMicros`, local time) was never read. Every followed book not already in a
   * gap gets one to `toMicros`.
   */
  recordUnreadTail(fromMicros: number, toMicros: number): void {
    for (const t of this.trackedTokens()) {
      if (t.gapStartMicros !== 0) continue;
      t.gapStartMicros = Math.min(fromMicros, toMicros);
      t.gapReason = UNREAD_AT_SHUTDOWN;
      this.closeGap(t, toMicros, UNREAD_DETAIL);
    }
  }

  /** Close gaps still open at shutdown so the record shows where data stops. */
  closeOpenGaps(): void {
    const now = this.options.clock.nowMicros();
    for (const t of this.trackedTokens()) if (t.gapStartMicros !== 0) this.closeGap(t, now, 'shutdown before resync');
  }

  private closeGap(token: TrackedToken, endMicros: number, note = ''): void {
    this.counters.gaps++;
    this.options.sink.gaps.push({
      source: 'clob',
      token_id: token.tokenId,
      event_id: token.window.eventId,
      asset: token.window.asset,
      started_at: chTimeMicros(token.gapStartMicros),
      ended_at: chTimeMicros(endMicros),
      reason: token.gapReason,
      detail: note,
    });
    token.gapStartMicros = 0;
    token.gapReason = '';
  }

  collectorEvent(kind: string, tokenId: string, detail: string, connId = 0, source = 'clob'): void {
    this.options.sink.collectorEvents.push({
      timestamp: chTimeMicros(this.options.clock.nowMicros()),
      kind,
      source,
      conn_id: connId,
      token_id: tokenId,
      detail,
    });
  }
}

function levelRow(l: { price: Micros; size: Micros }): { price: string; size: string } {
  return { price: formatMicros(l.price), size: formatMicros(l.size) };
}
