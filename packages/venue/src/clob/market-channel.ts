/**
 * The CLOB market-channel connection (`{POLY_CLOB_WS_URL}/ws/market`): one ordered stream for all
 * subscribed tokens. Keeps the subscription set, sends it on every (re)connect (with
 * `custom_feature_enabled`, which must be re-sent on reconnect), adds and removes tokens on the
 * open socket with `operation: subscribe/unsubscribe` (no reconnect), and sends the text `PING`
 * every 10 s. `PONG` frames are consumed here; every other frame goes to `onFrame`.
 */
import type { Clock } from '@polymarket-arb/domain';
import type { Logger } from '../logger.js';
import { ReconnectingSocket } from '../ws/reconnecting-socket.js';

export interface MarketChannelOptions {
  /** Base URL, e.g. wss://ws-subscriptions-clob.polymarket.com (`/ws/market` is appended). */
  baseUrl: string;
  clock: Clock;
  logger: Logger;
  pingIntervalMs?: number;
  /** Reconnect when not even a PONG arrived for this long. */
  silenceTimeoutMs?: number;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  onFrame(data: Buffer, receivedMicros: number, connId: number): void;
  onConnected?(connId: number, tokens: readonly string[]): void;
  onDisconnected?(connId: number, reason: string, tokens: readonly string[]): void;
}

const PONG = 'PONG';

export class MarketChannel {
  readonly socket: ReconnectingSocket;
  private readonly tokens = new Set<string>();
  private pinger: NodeJS.Timeout | undefined;
  private readonly pingIntervalMs: number;
  /** Local time (ms) of the last non-PONG frame. */
  lastDataAtMs = 0;
  pongs = 0;
  private started = false;
  /** The typed first frame went out on the current connection. */
  private initialSent = false;

  constructor(private readonly options: MarketChannelOptions) {
    this.pingIntervalMs = options.pingIntervalMs ?? 10_000;
    this.socket = new ReconnectingSocket({
      url: `${options.baseUrl}/ws/market`,
      name: 'clob-market',
      clock: options.clock,
      logger: options.logger,
      silenceTimeoutMs: options.silenceTimeoutMs ?? this.pingIntervalMs * 3,
      ...(options.initialBackoffMs !== undefined ? { initialBackoffMs: options.initialBackoffMs } : {}),
      ...(options.maxBackoffMs !== undefined ? { maxBackoffMs: options.maxBackoffMs } : {}),
      onOpen: (socket) => this.onOpen(socket.connId),
      onFrame: (data, receivedMicros, connId) => this.onFrame(data, receivedMicros, connId),
      onClose: (connId, reason) => options.onDisconnected?.(connId, reason, [...this.tokens]),
    });
  }

  /** Subscribed token ids. */
  get subscribed(): ReadonlySet<string> {
    return this.tokens;
  }

  /** Start pinging; the socket itself connects with the first subscription. */
  start(): void {
    this.started = true;
    if (this.tokens.size > 0) this.socket.start();
    this.pinger = setInterval(() => this.socket.send('PING'), this.pingIntervalMs);
    this.pinger.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.pinger);
    await this.socket.stop();
  }

  subscribe(tokenIds: readonly string[]): void {
    const fresh = tokenIds.filter((t) => !this.tokens.has(t));
    if (fresh.length === 0) return;
    for (const t of fresh) this.tokens.add(t);
    if (this.socket.state === 'idle') {
      if (this.started) this.socket.start();
      return;
    }
    if (!this.initialSent) this.sendInitial();
    else this.socket.send(JSON.stringify({ operation: 'subscribe', assets_ids: fresh, custom_feature_enabled: true }));
  }

  unsubscribe(tokenIds: readonly string[]): void {
    const gone = tokenIds.filter((t) => this.tokens.delete(t));
    if (gone.length > 0) this.socket.send(JSON.stringify({ operation: 'unsubscribe', assets_ids: gone }));
  }

  /** Ask for a fresh `book` of these tokens by subscribing them again on the open socket. */
  resync(tokenIds: readonly string[]): void {
    const ids = tokenIds.filter((t) => this.tokens.has(t));
    if (ids.length === 0) return;
    this.socket.send(JSON.stringify({ operation: 'unsubscribe', assets_ids: ids }));
    this.socket.send(JSON.stringify({ operation: 'subscribe', assets_ids: ids, initial_dump: true, custom_feature_enabled: true }));
  }

  private onOpen(connId: number): void {
    this.initialSent = false;
    this.lastDataAtMs = this.options.clock.nowMs();
    if (this.tokens.size > 0) this.sendInitial();
    this.options.onConnected?.(connId, [...this.tokens]);
  }

  /** The first frame of a connection: the whole subscription, custom features re-enabled. */
  private sendInitial(): void {
    this.initialSent = this.socket.send(
      JSON.stringify({ assets_ids: [...this.tokens], type: 'market', initial_dump: true, level: 2, custom_feature_enabled: true }),
    );
  }

  private onFrame(data: Buffer, receivedMicros: number, connId: number): void {
    if (data.length === 4 && data.toString('latin1') === PONG) {
      this.pongs++;
      return;
    }
    this.lastDataAtMs = this.options.clock.nowMs();
    this.options.onFrame(data, receivedMicros, connId);
  }
}
