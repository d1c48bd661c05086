/**
 * A WebSocket that stays connected: exponential backoff with jitter between attempts, a
 * liveness watchdog, and hooks for what to send on every (re)connect. Frames are handed over
 * synchronously with their local receive time, as the raw bytes `ws` delivers (no decoding here).
 */
import WebSocket from 'ws';
import type { Clock } from '@polymarket-arb/domain';
import type { Logger } from '../logger.js';

export interface ReconnectingSocketOptions {
  /** Full URL to connect to. */
  url: string;
  name: string;
  clock: Clock;
  logger: Logger;
  /** First retry delay, ms (doubles per failed attempt up to maxBackoffMs, jittered). */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** Reconnect when nothing at all arrived for this long (ms); 0 disables. */
  silenceTimeoutMs?: number;
  /**
   * Stopping waits for the server's close, reading every frame it sent before it; the socket is cut
   * when nothing arrived for `closeIdleMs` (the server does not answer) or after `closeCapMs` (a
   * backlog too long to read before the process must exit).
   */
  closeIdleMs?: number;
  closeCapMs?: number;
  /** Called when the connection opens; send subscriptions here. */
  onOpen(socket: ReconnectingSocket): void;
  /** Every frame, synchronously, with its receive time in µs since the epoch. */
  onFrame(data: Buffer, receivedMicros: number, connId: number): void;
  onClose?(connId: number, reason: string): void;
}

export type SocketState = 'idle' | 'connecting' | 'open' | 'backoff' | 'stopped';

export class ReconnectingSocket {
  state: SocketState = 'idle';
  /** Increments on every connection attempt that opens. */
  connId = 0;
  reconnects = 0;
  /** Local time (ms) of the last frame of any kind. */
  lastFrameAtMs = 0;
  lastError = '';
  /** How the last stop ended: '' (the server confirmed the close), 'idle' or 'cap' (cut, see closeCapMs). */
  closeCut: '' | 'idle' | 'cap' = '';
  private ws: WebSocket | undefined;
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private watchdog: NodeJS.Timeout | undefined;
  private readonly options: Required<Omit<ReconnectingSocketOptions, 'onClose'>> & Pick<ReconnectingSocketOptions, 'onClose'>;

  constructor(options: ReconnectingSocketOptions) {
    this.options = { initialBackoffMs: 250, maxBackoffMs: 30_000, silenceTimeoutMs: 0, closeIdleMs: 3000, closeCapMs: 10_000, ...options };
  }

  start(): void {
    if (this.state !== 'idle') return;
    this.connect();
    if (this.options.silenceTimeoutMs > 0) {
      const every = Math.max(50, Math.min(1000, this.options.silenceTimeoutMs / 4));
      this.watchdog = setInterval(() => this.checkSilence(), every);
      this.watchdog.unref();
    }
  }

  /** Send a text frame if connected; returns false otherwise (the caller resends on open). */
  send(text: string): boolean {
    if (this.ws?.readyState !== WebSocket.OPEN) return false;
    this.ws.send(text);
    return true;
  }

  /** Drop the connection and reconnect (after backoff) for `reason`. */
  reconnect(reason: string): void {
    if (this.state === 'stopped') return;
    this.options.logger.warn({ socket: this.options.name, reason }, 'reconnecting');
    this.ws?.terminate();
  }

  async stop(): Promise<void> {
    this.state = 'stopped';
    this.closeCut = '';
    clearTimeout(this.retryTimer);
    clearInterval(this.watchdog);
    const ws = this.ws;
    if (!ws || ws.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      // Frames already on the way are still read (and stored) until the server confirms the close.
      const { clock, closeIdleMs, closeCapMs } = this.options;
      const startedAtMs = clock.nowMs();
      const check = setInterval(
        () => {
          const now = clock.nowMs();
          const cut =
            now - startedAtMs >= closeCapMs ? 'cap' : now - Math.max(this.lastFrameAtMs, startedAtMs) >= closeIdleMs ? 'idle' : '';
          if (cut === '') return;
          this.closeCut = cut;
          clearInterval(check);
          ws.terminate();
          resolve();
        },
        Math.min(250, closeIdleMs),
      );
      ws.once('close', () => {
        clearInterval(check);
        resolve();
      });
      ws.close(1000, 'shutdown');
    });
  }

  private connect(): void {
    if (this.state === 'stopped') return;
    this.state = 'connecting';
    const ws = new WebSocket(this.options.url, { perMessageDeflate: false, handshakeTimeout: 10_000 });
    this.ws = ws;
    let connId = -1;
    ws.on('open', () => {
      connId = ++this.connId;
      this.state = 'open';
      this.lastFrameAtMs = this.options.clock.nowMs();
      this.options.logger.info({ socket: this.options.name, conn: connId, url: this.options.url }, 'connected');
      this.options.onOpen(this);
    });
    ws.on('message', (data: Buffer) => {
      this.attempt = 0;
      this.lastFrameAtMs = this.options.clock.nowMs();
      this.options.onFrame(data, this.options.clock.nowMicros(), connId);
    });
    ws.on('error', (err) => {
      this.lastError = err.message;
    });
    ws.on('close', (code, reasonBuf) => {
      const reason = reasonBuf.length > 0 ? `${code} ${reasonBuf.toString()}` : this.lastError || `code ${code}`;
      if (connId >= 0) this.options.onClose?.(connId, reason);
      this.ws = undefined;
      if (this.state === 'stopped') return;
      this.scheduleRetry(reason);
    });
  }

  private scheduleRetry(reason: string): void {
    const ceiling = Math.min(this.options.maxBackoffMs, this.options.initialBackoffMs * 2 ** this.attempt);
    const delay = Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
    this.attempt = Math.min(this.attempt + 1, 20);
    this.reconnects++;
    this.state = 'backoff';
    this.options.logger.warn({ socket: this.options.name, reason, retryInMs: delay }, 'disconnected');
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  private checkSilence(): void {
    if (this.state !== 'open') return;
    const silentFor = this.options.clock.nowMs() - this.lastFrameAtMs;
    if (silentFor > this.options.silenceTimeoutMs) this.reconnect(`no frame for ${silentFor} ms`);
  }
}
