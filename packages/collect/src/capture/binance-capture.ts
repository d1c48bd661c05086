/**
 * Binance spot trades (spec 1.4) from the combined stream `{BINANCE_WS_URL}/stream?streams=...@trade`.
 *
 * Each trade becomes a `spot_prices` row with its trade id, trade time, event time and receive
 * time; prices and quantities are validated as exact 8-decimal values. Trade ids are consecutive per
 * symbol, so a jump is a measured loss (recorded as a gap). We send nothing on the socket (the
 * streams are in the URL), which keeps us far under Binance's 5 inbound messages per second; the
 * `ws` library answers server pings. A connection is renewed before Binance's 24 h cut and at once
 * on `serverShutdown`.
 */
import { binanceSymbol, chTimeMicros, chTimeMs, formatDecimal, parseDecimal, type Clock, type CryptoAsset } from '@polymarket-arb/domain';
import { type Logger } from '@polymarket-arb/common';
import { FeedLag, ReconnectingSocket } from '@polymarket-arb/venue';
import { UNREAD_AT_SHUTDOWN, UNREAD_DETAIL, type CaptureSink } from './sink.js';

export interface BinanceCaptureOptions {
  baseUrl: string;
  assets: readonly CryptoAsset[];
  sink: CaptureSink;
  clock: Clock;
  logger: Logger;
  /** Renew the connection after this long (Binance cuts at 24 h). */
  maxConnectionMs?: number;
  silenceTimeoutMs?: number;
  initialBackoffMs?: number;
  keepRawFrames?: boolean;
  /** Every valid trade, synchronously (the bot's live source turns them into spot events). */
  onTrade?(trade: SpotTrade): void;
}

export interface SpotTrade {
  readonly asset: CryptoAsset;
  /** Exact decimal strings as validated (8 decimals at most). */
  readonly price: string;
  readonly quantity: string;
  readonly tradeId: number;
  readonly tradeTimeMs: number;
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

export class BinanceCapture {
  readonly socket: ReconnectingSocket;
  readonly counters: BinanceCounters = { frames: 0, trades: 0, invalid: 0, missedTrades: 0, serverShutdowns: 0 };
  /** How far behind Binance we read (trade event times). */
  readonly lag = new FeedLag();
  private readonly assetOfSymbol = new Map<string, CryptoAsset>();
  private readonly lastTradeId = new Map<string, number>();
  private renewTimer: NodeJS.Timeout | undefined;
  private seq: number;
  private disconnectedAtMicros = 0;
  private disconnectReason = '';

  constructor(private readonly options: BinanceCaptureOptions) {
    for (const asset of options.assets) this.assetOfSymbol.set(binanceSymbol(asset).toUpperCase(), asset);
    const streams = options.assets.map((a) => `${binanceSymbol(a)}@trade`).join('/');
    this.seq = options.clock.nowMicros();
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
    // A gap still open when we stop ends here; the graceful close itself is not a gap.
    if (wasDown) this.recordGaps(this.options.clock.nowMicros(), 'shutdown before reconnect');
  }

  private onOpen(): void {
    clearTimeout(this.renewTimer);
    this.renewTimer = setTimeout(() => this.socket.reconnect('renewing before the 24 h connection limit'), this.options.maxConnectionMs ?? 23.5 * 3600_000);
    this.renewTimer.unref();
    if (this.disconnectedAtMicros !== 0) this.recordGaps(this.options.clock.nowMicros(), '');
  }

  private onClose(reason: string): void {
    if (this.socket.state === 'stopped') return;
    if (this.disconnectedAtMicros === 0) {
      this.disconnectedAtMicros = this.options.clock.nowMicros();
      this.disconnectReason = reason;
    }
  }

  private recordGaps(endMicros: number, detail: string): void {
    this.pushGaps(this.disconnectedAtMicros, endMicros, this.disconnectReason, detail);
    this.disconnectedAtMicros = 0;
  }

  /** Shutdown cut the socket while trades were still arriving: the ones after `fromMicros` were never read. */
  recordUnreadTail(fromMicros: number, toMicros: number): void {
    this.pushGaps(Math.min(fromMicros, toMicros), toMicros, UNREAD_AT_SHUTDOWN, UNREAD_DETAIL);
  }

  private pushGaps(startMicros: number, endMicros: number, reason: string, detail: string): void {
    for (const [symbol, asset] of this.assetOfSymbol) {
      this.options.sink.gaps.push({ source: 'binance', token_id: symbol, event_id: '', asset, started_at: chTimeMicros(startMicros), ended_at: chTimeMicros(endMicros), reason, detail });
    }
  }

  /** One frame (combined-stream envelope or raw payload). Never throws. */
  onFrame(data: Buffer, receivedMicros: number, connId: number): void {
    this.counters.frames++;
    const text = data.toString('utf8');
    const status = this.handle(text, receivedMicros);
    if (this.options.keepRawFrames ?? true) {
      this.options.sink.rawFrames.push({ received_at: chTimeMicros(receivedMicros), source: 'binance', conn_id: connId, ingest_seq: ++this.seq, parse_status: status, frame: text });
    }
  }

  private handle(text: string, receivedMicros: number): string {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      this.counters.invalid++;
      return 'malformed';
    }
    const payload = (value !== null && typeof value === 'object' && 'data' in value ? (value as { data: unknown }).data : value) as TradePayload | null;
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
    const asset = this.assetOfSymbol.get(symbol);
    if (asset === undefined || typeof t.p !== 'string' || typeof t.q !== 'string' || typeof t.t !== 'number' || typeof t.T !== 'number' || typeof t.E !== 'number') {
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
    this.options.onTrade?.({ asset, price, quantity, tradeId: t.t, tradeTimeMs: t.T });
    this.options.sink.spot.push({
      timestamp: chTimeMs(t.T),
      asset,
      price,
      quantity,
      symbol,
      trade_id: t.t,
      event_time: chTimeMs(t.E),
      buyer_is_maker: t.m === true,
      received_at: chTimeMicros(receivedMicros),
    });
    return true;
  }

  /** Trade ids are consecutive per symbol: count what a reconnect (or anything else) lost. */
  private checkSequence(symbol: string, tradeId: number): void {
    const last = this.lastTradeId.get(symbol);
    this.lastTradeId.set(symbol, tradeId);
    if (last === undefined || tradeId <= last + 1) return;
    const missed = tradeId - last - 1;
    this.counters.missedTrades += missed;
    this.options.logger.warn({ symbol, from: last + 1, to: tradeId - 1, missed }, 'Binance trade ids skipped: trades missed');
    this.options.sink.collectorEvents.push({ timestamp: chTimeMicros(this.options.clock.nowMicros()), kind: 'missed_trades', source: 'binance', conn_id: this.socket.connId, token_id: symbol, detail: `trade ids ${last + 1}..${tradeId - 1} (${missed})` });
  }
}
