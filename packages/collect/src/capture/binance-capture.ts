/**
 * Binance spot trades as rows (spec 1.4), from the venue's BinanceTradeFeed: each trade a
 * `spot_prices` row with its trade id, trade time, event time and receive time; each frame raw;
 * skipped trade ids a `missed_trades` event; each outage (a drop until the next connection) a gap
 * per symbol.
 */
import { chTimeMicros, chTimeMs, type Clock, type CryptoAsset } from '@polymarket-arb/domain';
import { type Logger } from '@polymarket-arb/common';
import {
  BinanceTradeFeed,
  type BinanceCounters,
  type FeedLag,
  type FeedOutage,
  type MissedTrades,
  type ReconnectingSocket,
  type SpotTrade,
  type TradeFrameStatus,
} from '@polymarket-arb/venue';
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
}

export class BinanceCapture {
  readonly feed: BinanceTradeFeed;
  /** Wire order of the raw frames: unique and increasing across restarts (starts at the µs clock). */
  private seq: number;

  constructor(private readonly options: BinanceCaptureOptions) {
    this.seq = options.clock.nowMicros();
    const { sink: _sink, keepRawFrames, ...feedOptions } = options;
    this.feed = new BinanceTradeFeed({
      ...feedOptions,
      onTrade: (trade, receivedMicros) => this.storeTrade(trade, receivedMicros),
      onMissedTrades: (missed) => this.storeMissedTrades(missed),
      onOutage: (outage) => this.storeGaps(outage),
      ...((keepRawFrames ?? true)
        ? {
            onFrame: (text: string, status: TradeFrameStatus, receivedMicros: number, connId: number) =>
              this.storeFrame(text, status, receivedMicros, connId),
          }
        : {}),
    });
  }

  get socket(): ReconnectingSocket {
    return this.feed.socket;
  }

  get counters(): BinanceCounters {
    return this.feed.counters;
  }

  /** How far behind Binance we read (trade event times). */
  get lag(): FeedLag {
    return this.feed.lag;
  }

  start(): void {
    this.feed.start();
  }

  stop(): Promise<void> {
    return this.feed.stop();
  }

  /** One frame (combined-stream envelope or raw payload), as the socket hands it over. Never throws. */
  onFrame(data: Buffer, receivedMicros: number, connId: number): void {
    this.feed.onFrame(data, receivedMicros, connId);
  }

  /** Shutdown cut the socket while trades were still arriving: the ones after `fromMicros` were never read. */
  recordUnreadTail(fromMicros: number, toMicros: number): void {
    this.storeGaps({ startMicros: Math.min(fromMicros, toMicros), endMicros: toMicros, reason: UNREAD_AT_SHUTDOWN, detail: UNREAD_DETAIL });
  }

  private storeTrade(t: SpotTrade, receivedMicros: number): void {
    this.options.sink.spot.push({
      timestamp: chTimeMs(t.tradeTimeMs),
      asset: t.asset,
      price: t.price,
      quantity: t.quantity,
      symbol: t.symbol,
      trade_id: t.tradeId,
      event_time: chTimeMs(t.eventTimeMs),
      buyer_is_maker: t.buyerIsMaker,
      received_at: chTimeMicros(receivedMicros),
    });
  }

  private storeFrame(text: string, status: TradeFrameStatus, receivedMicros: number, connId: number): void {
    this.options.sink.rawFrames.push({
      received_at: chTimeMicros(receivedMicros),
      source: 'binance',
      conn_id: connId,
      ingest_seq: ++this.seq,
      parse_status: status,
      frame: text,
    });
  }

  private storeMissedTrades(m: MissedTrades): void {
    const detail = `trade ids ${m.firstId}..${m.lastId} (${m.count})`;
    this.options.sink.collectorEvents.push({
      timestamp: chTimeMicros(this.options.clock.nowMicros()),
      kind: 'missed_trades',
      source: 'binance',
      conn_id: this.feed.socket.connId,
      token_id: m.symbol,
      detail,
    });
  }

  /** An outage is a gap in every symbol's trades. */
  private storeGaps(o: FeedOutage): void {
    for (const [symbol, asset] of this.feed.symbols) {
      this.options.sink.gaps.push({
        source: 'binance',
        token_id: symbol,
        event_id: '',
        asset,
        started_at: chTimeMicros(o.startMicros),
        ended_at: chTimeMicros(o.endMicros),
        reason: o.reason,
        detail: o.detail,
      });
    }
  }
}
