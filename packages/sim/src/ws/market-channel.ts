/**
 * The CLOB market WebSocket (`/clob-ws/ws/market`): subscriptions, `PING`/`PONG`, the initial
 * book dump as ONE JSON array frame, then every frame of the live model for the subscribed tokens.
 * A `price_change` concerns both tokens of a market and goes, whole, to any connection subscribed
 * to either (the captured stream, subscribed to one token, carries entries of both); a `book`,
 * `last_trade_price`, `tick_size_change` or `best_bid_ask` goes to subscribers of its token.
 * Frame faults (src/faults.ts) are applied per connection with a seeded generator.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Clock } from '@polymarket-arb/domain';
import type { Logger } from '@polymarket-arb/common';
import { WebSocket, WebSocketServer } from 'ws';
import type { FaultState } from '../faults.js';
import type { MarketFrame } from '../market/frames.js';
import { deriveSeed, Rng } from '../market/rng.js';
import { Player, type Recording, type ReplayFrame, type ReplaySpeed } from '../replay.js';
import { emptyNumbersText, legacyTexts, malformedText, unknownEventText } from './frame-faults.js';
import { INVALID_OPERATION, INVALID_SUBSCRIPTION, parseMarketMessage, type MarketMessage } from './market-subscription.js';
import { DelayLine } from './delay-line.js';
import { bump, type ConnectionStats, type SentTag, type StatsRegistry } from './stats.js';

/** Where book dumps come from (the live engine). */
export interface BookSource {
  dumpBook(tokenId: string, nowMs: number): string | undefined;
}

export interface MarketChannelDeps {
  readonly books: BookSource;
  readonly clock: Clock;
  readonly faults: FaultState;
  readonly stats: StatsRegistry;
  readonly seed: number;
  readonly recordSent: boolean;
  readonly logger: Logger;
  /** A client this far behind (bytes queued) is disconnected, as a slow consumer. */
  readonly maxBufferedBytes?: number;
  /** Replay mode: each subscriber gets this recording instead of the live model. */
  readonly replay?: { readonly recording: Recording; readonly speed: ReplaySpeed };
}

const OUT_OF_ORDER_FLUSH_MS = 100;
const DEFAULT_MAX_BUFFERED = 256 * 1024 * 1024;

interface Held {
  readonly texts: string[];
  readonly frame: MarketFrame;
  readonly timer: NodeJS.Timeout;
}

class Connection {
  subscribed = false;
  readonly assets = new Set<string>();
  custom = false;
  /** Tokens whose dump waits for a stall to end. */
  pendingDump: string[] = [];
  held: Held | undefined;
  player: Player | undefined;
  readonly rng: Rng;

  constructor(
    readonly ws: WebSocket,
    readonly stats: ConnectionStats,
    seed: number,
  ) {
    this.rng = new Rng(deriveSeed(seed, `market-faults:${stats.id}`));
  }

  wants(frame: MarketFrame): boolean {
    if (!this.subscribed || (frame.custom && !this.custom)) return false;
    // Closing (the client asked to close): nothing more goes out, so nothing more is counted as sent.
    if (this.ws.readyState !== WebSocket.OPEN) return false;
    const ids = frame.assetIds;
    if (ids.length === 0) return true;
    for (let i = 0; i < ids.length; i++) if (this.assets.has(ids[i] as string)) return true;
    return false;
  }
}

export class MarketChannel {
  private readonly wss: WebSocketServer;
  private readonly conns = new Set<Connection>();
  private readonly maxBuffered: number;
  private readonly delayed: DelayLine<MarketFrame>;

  constructor(private readonly d: MarketChannelDeps) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: 1 << 20 });
    this.maxBuffered = d.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED;
    this.delayed = new DelayLine(d.faults, (frame) => this.broadcastNow(frame));
    d.faults.onStallEnd(() => this.flushPendingDumps());
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, req.url ?? ''));
  }

  /** Deliver one frame of the live model to every interested connection (late under a `delay` fault). */
  broadcast(frame: MarketFrame): void {
    if (this.conns.size === 0) return;
    this.delayed.push(frame);
  }

  private broadcastNow(frame: MarketFrame): void {
    const stalled = this.d.faults.stalled();
    const faulty = this.d.faults.anyFrameFault();
    for (const c of this.conns) {
      if (!c.wants(frame)) continue;
      if (stalled) {
        c.stats.faults.stalledDropped++;
        continue;
      }
      // A dump held back by a stall goes before any delta.
      if (c.pendingDump.length > 0) this.flushPendingDump(c);
      if (faulty) this.deliverWithFaults(c, frame);
      else this.deliver(c, [frame.text], frame, 'live');
    }
  }

  /** Drop every connection abruptly (no close frame), as a network failure would. */
  dropAll(): number {
    const n = this.conns.size;
    for (const c of [...this.conns]) this.closed(c, 'dropped by fault injection', () => c.ws.terminate());
    return n;
  }

  openCount(): number {
    return this.conns.size;
  }

  async close(): Promise<void> {
    this.delayed.stop();
    for (const c of [...this.conns]) this.closed(c, 'simulator shut down', () => c.ws.terminate());
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private accept(ws: WebSocket, path: string): void {
    const stats = this.d.stats.open('market', path, this.d.clock.nowMs(), this.d.recordSent);
    const c = new Connection(ws, stats, this.d.seed);
    this.conns.add(c);
    ws.on('message', (data, isBinary) => this.onMessage(c, isBinary ? '' : data.toString()));
    ws.on('close', (code) => this.closed(c, `closed by client (${code})`));
    ws.on('error', (err) => this.d.logger.debug({ err, conn: stats.id }, 'market connection error'));
  }

  private closed(c: Connection, reason: string, act?: () => void): void {
    if (!this.conns.delete(c)) return;
    if (c.held) clearTimeout(c.held.timer);
    c.player?.stop();
    c.stats.closedAtMs = this.d.clock.nowMs();
    c.stats.closeReason = reason;
    act?.();
  }

  private onMessage(c: Connection, text: string): void {
    const msg = parseMarketMessage(text, c.subscribed);
    if (msg.kind === 'invalid') return this.rejectMessage(c, msg);
    if (this.d.faults.stalled() && msg.kind === 'ping') return;
    if (msg.kind === 'ping') return this.send(c, 'PONG', 'reply');
    if (msg.kind === 'initial') {
      c.subscribed = true;
      c.custom = msg.customFeatures;
      if (this.d.replay) {
        for (const id of msg.assetIds) c.assets.add(id);
        c.stats.subscriptions = [...c.assets];
        return this.startReplay(c, this.d.replay.recording, this.d.replay.speed);
      }
      return this.subscribe(c, msg.assetIds, msg.initialDump);
    }
    if (msg.customFeatures !== undefined) c.custom = msg.customFeatures;
    if (msg.operation === 'subscribe') return this.subscribe(c, msg.assetIds, msg.initialDump && !this.d.replay);
    for (const id of msg.assetIds) c.assets.delete(id);
    c.stats.subscriptions = [...c.assets];
  }

  private rejectMessage(c: Connection, msg: Extract<MarketMessage, { kind: 'invalid' }>): void {
    if (c.subscribed) {
      // A stalled server answers nothing at all.
      if (!this.d.faults.stalled()) this.send(c, INVALID_OPERATION, 'reply');
      return;
    }
    this.d.logger.debug({ conn: c.stats.id, reason: msg.reason }, 'invalid market subscription, closing');
    this.closed(c, `invalid subscription: ${msg.reason}`, () => c.ws.close(1008, INVALID_SUBSCRIPTION));
  }

  private subscribe(c: Connection, assetIds: readonly string[], dump: boolean): void {
    for (const id of assetIds) c.assets.add(id);
    c.stats.subscriptions = [...c.assets];
    if (!dump) return;
    if (this.d.faults.stalled()) {
      c.pendingDump.push(...assetIds);
      return;
    }
    this.sendDump(c, assetIds);
  }

  /** The books of `assetIds` that exist, as ONE JSON array frame (nothing when none exists). */
  private sendDump(c: Connection, assetIds: readonly string[]): void {
    const now = this.d.clock.nowMs();
    const books: string[] = [];
    for (const id of assetIds) {
      const book = this.d.books.dumpBook(id, now);
      if (book === undefined) continue;
      books.push(book);
      bump(c.stats.books, id);
    }
    if (books.length === 0) return;
    bump(c.stats.byKind, 'book', books.length);
    this.send(c, `[${books.join(',')}]`, 'dump');
  }

  private flushPendingDumps(): void {
    if (this.d.faults.stalled()) return;
    for (const c of this.conns) if (c.pendingDump.length > 0) this.flushPendingDump(c);
  }

  private flushPendingDump(c: Connection): void {
    const ids = c.pendingDump.filter((id) => c.assets.has(id));
    c.pendingDump = [];
    this.sendDump(c, ids);
  }

  /**
   * Play the recording to `c`. Frames are sent exactly as recorded; when the subscription names
   * tokens of the recording, only frames mentioning them are sent (otherwise everything is).
   */
  private startReplay(c: Connection, recording: Recording, speed: ReplaySpeed): void {
    const target = {
      send: (frame: ReplayFrame): boolean => {
        if (!this.conns.has(c)) return false;
        if (this.d.faults.stalled()) {
          c.stats.faults.stalledDropped++;
          return true;
        }
        const filtering = [...c.assets].some((id) => recording.marketAssets.has(id));
        if (filtering && !frame.facts.assets.some((id) => c.assets.has(id))) return true;
        this.send(c, frame.text, 'live');
        const s = c.stats;
        bump(s.byKind, frame.facts.kind || 'unknown');
        for (const id of frame.facts.entryAssets) bump(s.priceChangeEntries, id);
        for (const id of frame.facts.bookAssets) bump(s.books, id);
        return true;
      },
      queued: (): number => c.ws.bufferedAmount,
    };
    c.player = new Player(recording.market, speed, target);
    c.player.start();
  }

  private deliverWithFaults(c: Connection, frame: MarketFrame): void {
    const r = this.d.faults.rates;
    const rng = c.rng;
    if (rng.chance(r.malformed)) {
      c.stats.faults.malformed++;
      this.send(c, malformedText(frame.text), 'malformed');
    }
    if (rng.chance(r.unknownEvents)) {
      c.stats.faults.unknownEvents++;
      this.send(c, unknownEventText(frame), 'unknown-event');
    }
    let texts = [frame.text];
    let tag: SentTag = 'live';
    if (frame.kind === 'price_change' && rng.chance(r.legacyPriceChange)) {
      c.stats.faults.legacyPriceChange++;
      texts = legacyTexts(frame);
      tag = 'legacy';
    } else if (frame.kind === 'price_change' && rng.chance(r.emptyNumbers)) {
      c.stats.faults.emptyNumbers++;
      texts = [emptyNumbersText(frame)];
      tag = 'empty-numbers';
    }
    const held = c.held;
    if (!held && rng.chance(r.outOfOrder)) {
      c.stats.faults.outOfOrder++;
      const timer = setTimeout(() => this.releaseHeld(c), OUT_OF_ORDER_FLUSH_MS);
      c.held = { texts, frame, timer };
      return;
    }
    this.deliver(c, texts, frame, tag);
    if (rng.chance(r.duplicates)) {
      c.stats.faults.duplicates++;
      for (const text of texts) this.send(c, text, 'duplicate');
    }
    if (held) this.releaseHeld(c);
  }

  private releaseHeld(c: Connection): void {
    const held = c.held;
    if (!held) return;
    clearTimeout(held.timer);
    c.held = undefined;
    if (this.conns.has(c) && c.ws.readyState === WebSocket.OPEN) this.deliver(c, held.texts, held.frame, 'out-of-order');
  }

  /** Send a stream frame (in one or more texts) and count what it delivered. */
  private deliver(c: Connection, texts: readonly string[], frame: MarketFrame, tag: SentTag): void {
    for (const text of texts) this.send(c, text, tag);
    const s = c.stats;
    bump(s.byKind, frame.kind);
    if (frame.kind === 'price_change' && frame.entries) for (const e of frame.entries) bump(s.priceChangeEntries, e.assetId);
    else if (frame.kind === 'book') bump(s.books, frame.assetIds[0] ?? '');
  }

  private send(c: Connection, text: string, tag: SentTag): void {
    if (c.ws.readyState !== WebSocket.OPEN) return;
    c.ws.send(text);
    const s = c.stats;
    s.framesSent++;
    s.bytesSent += text.length;
    s.sent?.push({ text, tag });
    if (c.ws.bufferedAmount > this.maxBuffered) {
      this.d.logger.warn({ conn: s.id, buffered: c.ws.bufferedAmount }, 'market client too slow, disconnecting');
      this.closed(c, 'slow consumer', () => c.ws.terminate());
    }
  }
}
