/**
 * Binance spot trades (spec 1.4) from the combined stream `{BINANCE_WS_URL}/stream?streams=...@trade`.
 *
 * Each trade is validated (price and quantity exact 8-decimal values, ids and times present) and
 * handed over with its trade id, trade time, event time and receive time. Trade ids are consecutive
 * per symbol, so a jump is a measured loss, reported as missed trades. We send nothing on the socket
 * (the streams are in the URL), which keeps us far under Binance's 5 inbound messages per second;
 * the `ws` library answers server pings. A connection is renewed before Binance's 24 h cut and at
 * once on `serverShutdown`; the time from a drop to the next connection is reported as an outage.
 * The feed stores nothing: its callbacks hear trades, missed trades, outages and raw frames.
 */
import { binanceSymbol, formatDecimal, parseDecimal, type Clock, type CryptoAsset } from '@polymarket-arb/domain';
import type { Logger } from '../logger.js';
import { FeedLag } from '../ws/feed-lag.js';
import { ReconnectingSocket } from '../ws/reconnecting-socket.js';

export interface SpotTrade {
  readonly asset: CryptoAsset;
  /** Upper case, as Binance names it (BTCUSDT). */
  readonly symbol: string;
  /** Exact decimal strings as validated (8 decimals at most). */
  readonly price: string;
  readonly quantity: string;
  readonly tradeId: number;
  readonly tradeTimeMs: number;
  readonly eventTimeMs: number;
  readonly buyerIsMaker: boolean;
}

/** Trade ids a symbol skipped: `firstId..lastId`, `count` trades never received. */
export interface MissedTrades {
  readonly symbol: string;
  readonly firstId: number;
  readonly lastId: number;
  readonly count: number;
}

/** The feed was down (local µs), from a drop to the next connection, or to a stop. */
export interface FeedOutage {
  readonly startMicros: number;
  readonly endMicros: number;
  /** Why the connection dropped. */
  readonly reason: string;
  /** How it ended, when not by reconnecting ('shutdown before reconnect'). */
  readonly detail: string;
}

/** How a frame was read: a trade or control message, not JSON, not a trade, or a trade that failed validation. */
export type TradeFrameStatus = 'ok' | 'malformed' | 'unknown' | 'invalid';

export interface BinanceTradeFeedOptions {
  baseUrl: string;
  assets: readonly CryptoAsset[];
  clock: Clock;
  logger: Logger;
  /** Renew the connection after this long (Binance cuts at 24 h). */
  maxConnectionMs?: number;
  silenceTimeoutMs?: number;
  initialBackoffMs?: number;
  /** Every valid trade, synchronously, with its local receive time (µs). */
  onTrade?(trade: SpotTrade, receivedMicros: number): void;
  onMissedTrades?(missed: MissedTrades): void;
  onOutage?(outage: FeedOutage): void;
  /** Every frame once handled, with how it was read (a collector keeps them raw). */
  onFrame?(text: string, status: TradeFrameStatus, receivedMicros: number, connId: number): void;
}

export interface BinanceCounters {
  frames: number;
  trades: number;
  invalid: number;
  missedTrades: number;
  serverShutdowns: number;
}

interface TradePayload {
  e?: unknown;
  E?: unknown;
  s?: unknown;
  t?: unknown;
  p?: unknown;
  q?: unknown;
  T?: unknown;
  m?: unknown;
}

export class BinanceTradeFeed {
  readonly socket: ReconnectingSocket;
  readonly counters: BinanceCounters = { frames: 0, trades: 0, invalid: 0, missedTrades: 0, serverShutdowns: 0 };
  /** How far behind Binance we read (trade event times). */
  readonly lag = new FeedLag();
  /** The followed symbols (BTCUSDT...) and their assets. */
  readonly symbols = new Map<string, CryptoAsset>();
  private readonly lastTradeId = new Map<string, number>();
  private renewTimer: NodeJS.Timeout | undefined;
  private disconnectedAtMicros = 0;
  private disconnectReason = '';

  constructor(private readonly options: BinanceTradeFeedOptions) {
    for (const asset of options.assets) this.symbols.set(binanceSymbol(asset).toUpperCase(), asset);
    const streams = options.assets.map((a) => `${binanceSymbol(a)}@trade`).join('/');
    this.socket = new ReconnectingSocket({
      url: `${options.baseUrl}/stream?streams=${streams}`,
      name: 'binance',
      clock: options.clock,
      logger: options.logger,
      silenceTimeoutMs: options.silenceTimeoutMs ?? 60_000,
      ...(options.initialBackoffMs !== undefined ? { initialBackoffMs: options.initialBackoffMs } : {}),
      onOpen: () => this.onOpen(),
      onFrame: (data, received, connId) => this.onFrame(data, received, connId),
      onClose: (_connId, reason) => this.onClose(reason),
    });
  }

  start(): void {
    this.socket.start();
  }

  async stop(): Promise<void> {
    clearTimeout(this.renewTimer);
    const wasDown = this.disconnectedAtMicros !== 0;
    await this.socket.stop();
    // An outage still open when we stop ends here; the graceful close itself is not one.
    if (wasDown) this.endOutage('shutdown before reconnect');
  }

  private onOpen(): void {
    clearTimeout(this.renewTimer);
    this.renewTimer = setTimeout(
      () => this.socket.reconnect('renewing before the 24 h connection limit'),
      this.options.maxConnectionMs ?? 23.5 * 3600_000,
    );
    this.renewTimer.unref();
    if (this.disconnectedAtMicros !== 0) this.endOutage('');
  }

  private onClose(reason: string): void {
    if (this.socket.state === 'stopped') return;
    if (this.disconnectedAtMicros === 0) {
      this.disconnectedAtMicros = this.options.clock.nowMicros();
      this.disconnectReason = reason;
    }
  }

  private endOutage(detail: string): void {
    this.options.onOutage?.({
      startMicros: this.disconnectedAtMicros,
      endMicros: this.options.clock.nowMicros(),
      reason: this.disconnectReason,
      detail,
    });
    this.disconnectedAtMicros = 0;
  }

  /** One frame (combined-stream envelope or raw payload). Never throws. */
  onFrame(data: Buffer, receivedMicros: number, connId: number): void {
    this.counters.frames++;
    const text = data.toString('utf8');
    const status = this.handle(text, receivedMicros);
    this.options.onFrame?.(text, status, receivedMicros, connId);
  }

  private handle(text: string, receivedMicros: number): TradeFrameStatus {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      this.counters.invalid++;
      return 'malformed';
    }
    const payload = (
      value !== null && typeof value === 'object' && 'data' in value ? (value as { data: unknown }).data : value
    ) as TradePayload | null;
    if (payload === null || typeof payload !== 'object') return 'unknown';
    if (payload.e === 'serverShutdown') {
      this.counters.serverShutdowns++;
      this.options.logger.warn({}, 'Binance announced a server shutdown; reconnecting now');
      this.socket.reconnect('serverShutdown');
      return 'ok';
    }
    if (payload.e !== 'trade') return 'unknown';
    return this.trade(payload, receivedMicros) ? 'ok' : 'invalid';
  }

  private trade(t: TradePayload, receivedMicros: number): boolean {
    const symbol = typeof t.s === 'string' ? t.s.toUpperCase() : '';
    const asset = this.symbols.get(symbol);
    if (
      asset === undefined ||
      typeof t.p !== 'string' ||
      typeof t.q !== 'string' ||
      typeof t.t !== 'number' ||
      typeof t.T !== 'number' ||
      typeof t.E !== 'number'
    ) {
      this.counters.invalid++;
      return false;
    }
    let price: string;
    let quantity: string;
    try {
      price = formatDecimal(parseDecimal(t.p, 8, { what: 'price' }), 8);
      quantity = formatDecimal(parseDecimal(t.q, 8, { what: 'quantity' }), 8);
    } catch {
      this.counters.invalid++;
      return false;
    }
    this.checkSequence(symbol, t.t);
    this.lag.observe(t.E, receivedMicros);
    this.counters.trades++;
    this.options.onTrade?.(
      { asset, symbol, price, quantity, tradeId: t.t, tradeTimeMs: t.T, eventTimeMs: t.E, buyerIsMaker: t.m === true },
      receivedMicros,
    );
    return true;
  }

  /** Trade ids are consecutive per symbol: count what a reconnect (or anything else) lost. */
  private checkSequence(symbol: string, tradeId: number): void {
    const last = this.lastTradeId.get(symbol);
    this.lastTradeId.set(symbol, tradeId);
    if (last === undefined || tradeId <= last + 1) return;
    const missed: MissedTrades = { symbol, firstId: last + 1, lastId: tradeId - 1, count: tradeId - last - 1 };
    this.counters.missedTrades += missed.count;
    this.options.logger.warn(
      { symbol, from: missed.firstId, to: missed.lastId, missed: missed.count },
      'Binance trade ids skipped: trades missed',
    );
    this.options.onMissedTrades?.(missed);
  }
}
