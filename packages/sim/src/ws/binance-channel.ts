/**
 * Binance spot market streams at `/binance`: raw `/binance/ws/<stream>` (payloads as they are) and
 * combined `/binance/stream?streams=a/b` (`{"stream":..,"data":..}`), live SUBSCRIBE/UNSUBSCRIBE/
 * LIST_SUBSCRIPTIONS/SET_PROPERTY/GET_PROPERTY, a server ping every 20 s (configurable) with a
 * disconnect when no pong follows within a minute, a disconnect for more than 5 incoming messages
 * (text, ping or pong) in a second, at most 1024 streams, and `serverShutdown` on demand. Stream
 * names are case-sensitive as on Binance: "BTCUSDT@trade" is accepted but carries nothing.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Clock } from '@polymarket-arb/domain';
import type { Logger } from '@polymarket-arb/common';
import { WebSocket, WebSocketServer } from 'ws';
import type { FaultState } from '../faults.js';
import { Player, type ReplayFrame, type ReplaySpeed } from '../replay.js';
import type { BinanceTrade } from './binance-feed.js';
import { isBinanceError, isStreamName, parseBinanceRequest, resultJson } from './binance-protocol.js';
import { DelayLine } from './delay-line.js';
import { bump, type ConnectionStats, type SentTag, type StatsRegistry } from './stats.js';

export interface BinanceChannelDeps {
  readonly clock: Clock;
  readonly faults: FaultState;
  readonly stats: StatsRegistry;
  readonly recordSent: boolean;
  readonly logger: Logger;
  /** Server ping interval (Binance: 20 s). */
  readonly pingIntervalMs: number;
  /** A connection that has not answered a ping within this time is dropped (Binance: 1 minute). */
  readonly pongTimeoutMs: number;
  /** Replay mode: each connection gets these recorded frames, as recorded, from when it connects. */
  readonly replay?: { readonly frames: readonly ReplayFrame[]; readonly speed: ReplaySpeed };
}

const MAX_MESSAGES_PER_SECOND = 5;
const MAX_STREAMS = 1024;

class Connection {
  readonly streams = new Set<string>();
  /** Wall-clock times of the latest incoming messages (for the 5-per-second limit). */
  readonly recent: number[] = [];
  pingTimer: NodeJS.Timeout | undefined;
  player: Player | undefined;
  /** Pending check that the oldest unanswered ping gets its pong in time. */
  pongCheck: NodeJS.Timeout | undefined;

  constructor(
    readonly ws: WebSocket,
    readonly stats: ConnectionStats,
    public combined: boolean,
  ) {}
}

/** The streams and mode a connection URL asks for, or an error sentence. */
export function parseBinancePath(url: URL): { combined: boolean; streams: string[] } | { error: string } {
  const path = url.pathname.replace(/^\/binance/, '');
  let combined: boolean;
  let names: string[];
  if (path === '/ws' || path.startsWith('/ws/')) {
    combined = false;
    names = path
      .slice(4)
      .split('/')
      .filter((s) => s !== '');
  } else if (path === '/stream' || path === '/stream/') {
    combined = true;
    names = (url.searchParams.get('streams') ?? '').split('/').filter((s) => s !== '');
  } else {
    return { error: `No Binance endpoint at ${url.pathname}: use /binance/ws/<stream> or /binance/stream?streams=<a>/<b>.` };
  }
  const bad = names.find((n) => !isStreamName(n));
  if (bad !== undefined) return { error: `Invalid stream name ${JSON.stringify(bad)}.` };
  if (names.length > MAX_STREAMS) return { error: `Too many streams (${names.length}); at most ${MAX_STREAMS} per connection.` };
  return { combined, streams: names };
}

export class BinanceChannel {
  private readonly wss: WebSocketServer;
  private readonly conns = new Set<Connection>();
  private readonly delayed: DelayLine<BinanceTrade>;

  constructor(private readonly d: BinanceChannelDeps) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: 1 << 16 });
    this.delayed = new DelayLine(d.faults, (trade) => this.broadcastNow(trade));
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, url: URL): void {
    const parsed = parseBinancePath(url);
    if ('error' in parsed) {
      const body = JSON.stringify({ code: -1121, msg: parsed.error });
      socket.end(
        `HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
      );
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, url.pathname + url.search, parsed.combined, parsed.streams));
  }

  /** Send a trade to every connection subscribed to its stream (late under a `delay` fault). */
  broadcast(trade: BinanceTrade): void {
    if (this.conns.size === 0) return;
    this.delayed.push(trade);
  }

  private broadcastNow(trade: BinanceTrade): void {
    const stalled = this.d.faults.stalled();
    let wrapped: string | undefined;
    for (const c of this.conns) {
      if (!c.streams.has(trade.stream) || c.ws.readyState !== WebSocket.OPEN) continue;
      if (stalled) {
        c.stats.faults.stalledDropped++;
        continue;
      }
      wrapped ??= `{"stream":"${trade.stream}","data":${trade.payload}}`;
      this.send(c, c.combined ? wrapped : trade.payload, 'live');
      bump(c.stats.byKind, trade.stream);
    }
  }

  dropAll(): number {
    const n = this.conns.size;
    for (const c of [...this.conns]) this.closed(c, 'dropped by fault injection', () => c.ws.terminate());
    return n;
  }

  /** `serverShutdown` to every connection, then a normal close, as Binance does before maintenance. */
  shutdown(): number {
    const n = this.conns.size;
    const event = `{"e":"serverShutdown","E":${this.d.clock.nowMs()}}`;
    for (const c of [...this.conns]) {
      this.send(c, c.combined ? `{"stream":"!serverShutdown","data":${event}}` : event, 'live');
      this.closed(c, 'serverShutdown', () => c.ws.close(1001, 'server shutdown'));
    }
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

  private accept(ws: WebSocket, path: string, combined: boolean, streams: string[]): void {
    const stats = this.d.stats.open('binance', path, this.d.clock.nowMs(), this.d.recordSent);
    const c = new Connection(ws, stats, combined);
    for (const s of streams) c.streams.add(s);
    stats.subscriptions = [...c.streams];
    this.conns.add(c);
    ws.on('message', (data, isBinary) => {
      if (this.overLimit(c)) return;
      this.onRequest(c, isBinary ? '' : data.toString());
    });
    ws.on('ping', () => this.overLimit(c));
    ws.on('pong', () => {
      clearTimeout(c.pongCheck);
      c.pongCheck = undefined;
      this.overLimit(c);
    });
    ws.on('close', (code) => this.closed(c, `closed by client (${code})`));
    ws.on('error', (err) => this.d.logger.debug({ err, conn: stats.id }, 'binance connection error'));
    c.pingTimer = setInterval(() => this.ping(c), this.d.pingIntervalMs);
    c.pingTimer.unref();
    if (this.d.replay) this.startReplay(c, this.d.replay.frames, this.d.replay.speed);
  }

  private startReplay(c: Connection, frames: readonly ReplayFrame[], speed: ReplaySpeed): void {
    c.player = new Player(frames, speed, {
      send: (frame) => {
        if (!this.conns.has(c)) return false;
        if (this.d.faults.stalled()) c.stats.faults.stalledDropped++;
        else this.send(c, frame.text, 'live');
        return true;
      },
      queued: () => c.ws.bufferedAmount,
    });
    c.player.start();
  }

  private ping(c: Connection): void {
    if (this.d.faults.stalled()) return;
    c.ws.ping();
    // The clock runs from the oldest unanswered ping; a pong answers them all.
    if (c.pongCheck === undefined) {
      c.pongCheck = setTimeout(() => this.closed(c, 'no pong within the timeout', () => c.ws.terminate()), this.d.pongTimeoutMs);
      c.pongCheck.unref();
    }
  }

  /** Count one incoming message; true (and the connection closed) past 5 in a second. */
  private overLimit(c: Connection): boolean {
    const now = Date.now();
    c.recent.push(now);
    while (c.recent.length > 0 && (c.recent[0] as number) <= now - 1000) c.recent.shift();
    if (c.recent.length <= MAX_MESSAGES_PER_SECOND) return false;
    this.d.logger.debug({ conn: c.stats.id }, 'binance client over 5 messages per second, disconnecting');
    this.closed(c, 'more than 5 incoming messages per second', () => c.ws.close(1008, 'Too many requests'));
    return true;
  }

  private onRequest(c: Connection, text: string): void {
    const req = parseBinanceRequest(text);
    if (isBinanceError(req)) return this.send(c, req.error, 'reply');
    switch (req.method) {
      case 'SUBSCRIBE': {
        const after = new Set([...c.streams, ...req.params]);
        if (after.size > MAX_STREAMS)
          return this.send(c, `{"code":2,"msg":"Invalid request: too many parameters","id":${JSON.stringify(req.id)}}`, 'reply');
        for (const s of req.params) c.streams.add(s);
        break;
      }
      case 'UNSUBSCRIBE':
        for (const s of req.params) c.streams.delete(s);
        break;
      case 'LIST_SUBSCRIPTIONS':
        return this.send(c, resultJson([...c.streams], req.id), 'reply');
      case 'SET_PROPERTY':
        c.combined = req.combined;
        break;
      case 'GET_PROPERTY':
        return this.send(c, resultJson(c.combined, req.id), 'reply');
    }
    c.stats.subscriptions = [...c.streams];
    this.send(c, resultJson(null, req.id), 'reply');
  }

  private closed(c: Connection, reason: string, act?: () => void): void {
    if (!this.conns.delete(c)) return;
    clearInterval(c.pingTimer);
    c.player?.stop();
    clearTimeout(c.pongCheck);
    c.stats.closedAtMs = this.d.clock.nowMs();
    c.stats.closeReason = reason;
    act?.();
  }

  private send(c: Connection, text: string, tag: SentTag): void {
    if (tag === 'reply' && this.d.faults.stalled()) return;
    // Closing: nothing more goes out, so nothing more is counted as sent.
    if (c.ws.readyState !== WebSocket.OPEN) return;
    c.ws.send(text);
    c.stats.framesSent++;
    c.stats.bytesSent += text.length;
    c.stats.sent?.push({ text, tag });
  }
}
