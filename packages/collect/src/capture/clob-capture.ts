/**
 * Turns market-channel frames into stored rows and verified local books (spec 1.5).
 *
 * Every frame is kept raw (so a parser bug never destroys data). `book` resets the token's local
 * book and is stored as a snapshot; every `price_change` entry becomes one `orderbook_deltas` row
 * and is applied to the local book, which is then checked against the exchange's own
 * `best_bid`/`best_ask` for that entry. A mismatch is counted, logged once per episode, and, if it
 * persists past `resyncAfterMs` (the exchange itself sends a fresh `book` after a crossing),
 * answered with a resync. A `tick_size_change` starts a new book epoch. Disconnects open a gap per
 * token that the next snapshot closes; gaps are stored so a backtest can see them.
 */
import { chTimeMicros, chTimeMs, formatMicros, OrderBook, type Clock, type MarketWindow, type Micros, type Outcome } from '@polymarket-arb/domain';
import { type Logger } from '@polymarket-arb/common';
import {
  agreesWithExchange,
  FeedLag,
  parseMarketFrame,
  PriceChangeBatch,
  scanPriceChangeFrame,
  TokenRegistry,
  type BookMessage,
  type MarketMessage,
  type MarketResolvedMessage,
  type PriceChangeEntry,
} from '@polymarket-arb/venue';
import { UNREAD_AT_SHUTDOWN, UNREAD_DETAIL, type CaptureSink } from './sink.js';

export interface TrackedToken {
  readonly index: number;
  readonly tokenId: string;
  readonly window: MarketWindow;
  readonly outcome: Outcome;
  readonly book: OrderBook;
  tickSize: Micros;
  /** A snapshot arrived since the last (re)connect. */
  hasBook: boolean;
  changedSinceSnapshot: boolean;
  /** Local ms when the current mismatch episode started (0: books agree). */
  mismatchSinceMs: number;
  /** Local µs when the current gap started (0: no gap). */
  gapStartMicros: number;
  gapReason: string;
}

export interface CaptureCounters {
  frames: number;
  fastFrames: number;
  genericFrames: number;
  malformedFrames: number;
  unknownEvents: number;
  invalidEvents: number;
  books: number;
  deltas: number;
  untrackedDeltas: number;
  rejectedLevels: number;
  trades: number;
  bestBidAsk: number;
  tickSizeChanges: number;
  resolutions: number;
  bookMismatches: number;
  mismatchedEntries: number;
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

export class ClobCapture {
  readonly registry = new TokenRegistry();
  /** How far behind the exchange we read (price_change and last_trade_price timestamps). */
  readonly lag = new FeedLag();
  readonly counters: CaptureCounters = {
    frames: 0, fastFrames: 0, genericFrames: 0, malformedFrames: 0, unknownEvents: 0, invalidEvents: 0, books: 0, deltas: 0, untrackedDeltas: 0,
    rejectedLevels: 0, trades: 0, bestBidAsk: 0, tickSizeChanges: 0, resolutions: 0, bookMismatches: 0, mismatchedEntries: 0, resyncs: 0, gaps: 0,
  };
  private readonly tokens: (TrackedToken | undefined)[] = [];
  private readonly batch = new PriceChangeBatch(512);
  private readonly resyncAfterMs: number;
  private readonly keepRaw: boolean;
  /** Global wire order: unique and increasing across restarts (starts at the µs clock). */
  private seq: number;
  private shuttingDown = false;

  constructor(private readonly options: ClobCaptureOptions) {
    this.resyncAfterMs = options.resyncAfterMs ?? 2000;
    this.keepRaw = options.keepRawFrames ?? true;
    this.seq = options.clock.nowMicros();
  }

  /** Follow both tokens of a market window. */
  track(window: MarketWindow): void {
    this.trackToken(window, 'yes', window.yesTokenId);
    this.trackToken(window, 'no', window.noTokenId);
  }

  untrack(window: MarketWindow): void {
    for (const id of [window.yesTokenId, window.noTokenId]) {
      const index = this.registry.indexOf(id);
      if (index >= 0) this.tokens[index] = undefined;
    }
  }

  token(tokenId: string): TrackedToken | undefined {
    const index = this.registry.indexOf(tokenId);
    return index >= 0 ? this.tokens[index] : undefined;
  }

  trackedTokens(): TrackedToken[] {
    return this.tokens.filter((t): t is TrackedToken => t !== undefined);
  }

  private trackToken(window: MarketWindow, outcome: Outcome, tokenId: string): void {
    const index = this.registry.add(tokenId);
    if (this.tokens[index]) return;
    this.tokens[index] = { index, tokenId, window, outcome, book: new OrderBook(), tickSize: window.tickSize, hasBook: false, changedSinceSnapshot: false, mismatchSinceMs: 0, gapStartMicros: 0, gapReason: '' };
  }

  /** One frame from the market channel (never throws). */
  onFrame(data: Buffer, receivedMicros: number, connId: number): void {
    const seq = ++this.seq;
    this.counters.frames++;
    let status = 'ok';
    let text: string | undefined;
    if (scanPriceChangeFrame(data, this.registry, this.batch)) {
      this.counters.fastFrames++;
      if (this.batch.count > 0) this.lag.observe(this.batch.timestampMs[0] as number, receivedMicros);
      this.applyBatch(receivedMicros, seq);
    } else {
      this.counters.genericFrames++;
      text = data.toString('utf8');
      status = this.applyGeneric(text, receivedMicros, seq);
    }
    if (this.keepRaw) {
      this.options.sink.rawFrames.push({ received_at: chTimeMicros(receivedMicros), source: 'clob', conn_id: connId, ingest_seq: seq, parse_status: status, frame: text ?? data.toString('utf8') });
    }
  }

  private applyBatch(receivedMicros: number, seq: number): void {
    const b = this.batch;
    const received = chTimeMicros(receivedMicros);
    for (let i = 0; i < b.count; i++) {
      const token = this.tokens[b.token[i] as number];
      const entry: PriceChangeEntry = {
        assetId: this.registry.idOf(b.token[i] as number),
        price: b.price[i] as number,
        size: b.size[i] as number,
        bookSide: b.side[i] === 0 ? 'bid' : 'ask',
        hash: b.hashOf(i),
        bestBid: (b.bestBid[i] as number) < 0 ? null : (b.bestBid[i] as number),
        bestAsk: (b.bestAsk[i] as number) < 0 ? null : (b.bestAsk[i] as number),
      };
      this.applyDelta(token, entry, b.timestampMs[i] as number, b.marketOf(i), received, seq, i);
    }
  }

  /** Generic path; returns the raw frame's parse status. */
  private applyGeneric(text: string, receivedMicros: number, seq: number): string {
    const parsed = parseMarketFrame(text);
    if (parsed.error !== undefined) {
      this.counters.malformedFrames++;
      this.options.logger.warn({ error: parsed.error, bytes: text.length }, 'malformed market frame (kept raw)');
      return 'malformed';
    }
    let status = 'ok';
    const received = chTimeMicros(receivedMicros);
    let entryIndex = 0;
    for (const message of parsed.messages) {
      const s = this.applyMessage(message, received, receivedMicros, seq, entryIndex);
      if (message.type === 'price_change') entryIndex += message.changes.length;
      if (s !== 'ok' && status === 'ok') status = s;
    }
    return status;
  }

  private applyMessage(message: MarketMessage, received: string, receivedMicros: number, seq: number, entryIndex: number): string {
    switch (message.type) {
      case 'price_change':
        this.lag.observe(message.timestampMs, receivedMicros);
        message.changes.forEach((c, i) => this.applyDelta(this.token(c.assetId), c, message.timestampMs, message.market, received, seq, entryIndex + i));
        return message.legacy ? 'legacy' : 'ok';
      case 'book':
        this.applyBook(message, received, receivedMicros, seq);
        return 'ok';
      case 'last_trade_price':
        this.lag.observe(message.timestampMs, receivedMicros);
        this.counters.trades++;
        this.marketEvent(message.assetId, message.timestampMs, received, seq, { event_type: 'last_trade_price', condition_id: message.market, price: formatMicros(message.price), size: formatMicros(message.size), trade_side: message.side, fee_rate_bps: message.feeRateBps, transaction_hash: message.transactionHash });
        return 'ok';
      case 'tick_size_change':
        this.applyTickSize(message.assetId, message.oldTickSize, message.newTickSize);
        this.marketEvent(message.assetId, message.timestampMs, received, seq, { event_type: 'tick_size_change', condition_id: message.market, old_tick_size: formatMicros(message.oldTickSize), new_tick_size: formatMicros(message.newTickSize) });
        return 'ok';
      case 'best_bid_ask':
        // Derivable from the deltas; kept in raw_frames only.
        this.counters.bestBidAsk++;
        return 'ok';
      case 'market_resolved':
        this.applyResolved(message, received, seq);
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

  private applyDelta(token: TrackedToken | undefined, c: PriceChangeEntry, timestampMs: number, market: string, received: string, seq: number, entryIndex: number): void {
    this.counters.deltas++;
    if (token === undefined) this.counters.untrackedDeltas++;
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
      received_at: received,
      ingest_seq: seq,
      entry_index: entryIndex,
    });
    if (token === undefined) return;
    if (!token.book.setLevel(c.bookSide, c.price, c.size)) {
      this.counters.rejectedLevels++;
      return;
    }
    token.book.timestampMs = timestampMs;
    token.changedSinceSnapshot = true;
    // Without a snapshot the local book is partial; there is nothing to verify yet.
    if (token.hasBook) this.verify(token, c);
  }

  /** Compare the local top of book with the exchange's after this entry. */
  private verify(token: TrackedToken, c: PriceChangeEntry): void {
    if (c.bestBid === null && c.bestAsk === null) return;
    if (agreesWithExchange(token.book, c.bestBid ?? -1, c.bestAsk ?? -1)) {
      if (token.mismatchSinceMs !== 0) {
        token.mismatchSinceMs = 0;
        this.options.logger.info({ token: token.tokenId, slug: token.window.slug }, 'local book agrees with the exchange again');
      }
      return;
    }
    this.counters.mismatchedEntries++;
    if (token.mismatchSinceMs === 0) {
      token.mismatchSinceMs = this.options.clock.nowMs();
      this.counters.bookMismatches++;
      const detail = { local: { bid: token.book.bestBid(), ask: token.book.bestAsk() }, exchange: { bid: c.bestBid, ask: c.bestAsk } };
      this.options.logger.warn({ token: token.tokenId, slug: token.window.slug, ...detail }, 'local book disagrees with the exchange');
      this.collectorEvent('book_mismatch', token.tokenId, JSON.stringify(detail));
    }
  }

  private applyBook(message: BookMessage, received: string, receivedMicros: number, seq: number): void {
    this.counters.books++;
    const token = this.token(message.assetId);
    if (token !== undefined) {
      token.book.clear();
      for (const l of message.bids) token.book.setLevel('bid', l.price, l.size);
      for (const l of message.asks) token.book.setLevel('ask', l.price, l.size);
      token.book.timestampMs = message.timestampMs;
      if (message.tickSize !== null) token.tickSize = message.tickSize;
      token.hasBook = true;
      token.changedSinceSnapshot = false;
      token.mismatchSinceMs = 0;
      if (token.gapStartMicros !== 0) this.closeGap(token, receivedMicros);
    }
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
      tick_size: formatMicros(message.tickSize ?? token?.tickSize ?? 0),
      received_at: received,
      ingest_seq: seq,
    });
  }

  private applyTickSize(assetId: string, oldTick: Micros, newTick: Micros): void {
    this.counters.tickSizeChanges++;
    const token = this.token(assetId);
    if (token === undefined) return;
    token.tickSize = newTick;
    // A new tick is a new book epoch: levels on the old grid may be re-quoted, so ask for a fresh snapshot.
    token.book.epoch++;
    this.options.logger.info({ token: assetId, slug: token.window.slug, oldTick, newTick }, 'tick size changed: new book epoch');
    this.requestResync([assetId], 'tick_size_change');
  }

  private applyResolved(message: MarketResolvedMessage, received: string, seq: number): void {
    this.counters.resolutions++;
    const winner = this.token(message.winningAssetId);
    for (const assetId of message.assetIds) {
      this.marketEvent(assetId, message.timestampMs, received, seq, { event_type: 'market_resolved', condition_id: message.market, winning_token_id: message.winningAssetId, winning_outcome: message.winningOutcome });
    }
    this.options.onResolved?.(message, winner?.window ?? this.token(message.assetIds[0] ?? '')?.window);
  }

  private marketEvent(assetId: string, timestampMs: number, received: string, seq: number, fields: Record<string, unknown>): void {
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
      received_at: received,
      ingest_seq: seq,
    });
  }

  /** Periodic full snapshots of the books that changed since their last one. */
  snapshotChangedBooks(): number {
    const nowMicros = this.options.clock.nowMicros();
    let written = 0;
    for (const token of this.tokens) {
      if (token === undefined || !token.hasBook || !token.changedSinceSnapshot) continue;
      token.changedSinceSnapshot = false;
      written++;
      this.options.sink.snapshots.push({
        timestamp: chTimeMs(token.book.timestampMs),
        event_id: token.window.eventId,
        asset: token.window.asset,
        token_id: token.tokenId,
        side: token.outcome,
        // Stored in the wire's order (best last) so every snapshot reads the same way.
        asks: token.book.levels('ask').reverse().map(levelRow),
        bids: token.book.levels('bid').reverse().map(levelRow),
        condition_id: token.window.conditionId,
        source: 'periodic',
        hash: '',
        tick_size: formatMicros(token.tickSize),
        received_at: chTimeMicros(nowMicros),
        ingest_seq: ++this.seq,
      });
    }
    return written;
  }

  /** Resync tokens whose books have disagreed with the exchange for too long. */
  resyncStaleMismatches(): void {
    const now = this.options.clock.nowMs();
    const stale = this.trackedTokens().filter((t) => t.mismatchSinceMs !== 0 && now - t.mismatchSinceMs >= this.resyncAfterMs);
    if (stale.length === 0) return;
    for (const t of stale) t.mismatchSinceMs = now; // wait again before the next attempt
    this.requestResync(stale.map((t) => t.tokenId), 'book_mismatch');
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
      token.hasBook = false;
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
    this.options.sink.collectorEvents.push({ timestamp: chTimeMicros(this.options.clock.nowMicros()), kind, source, conn_id: connId, token_id: tokenId, detail });
  }
}

function levelRow(l: { price: Micros; size: Micros }): { price: string; size: string } {
  return { price: formatMicros(l.price), size: formatMicros(l.size) };
}
