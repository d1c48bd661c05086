/**
 * The live data source (spec 3.4), on the venue's feeds: market discovery on Gamma, the CLOB
 * market channel and Binance trades, delivered synchronously into the driver (a `DataSource`, as
 * the backtest's replay source is).
 *
 * Hot path: a `price_change` frame is read by the venue's allocation-free scanner and its entries
 * delivered one by one (`sink.level`), then the frame's end (`sink.endLevels`): the changed markets
 * are evaluated once (a half-applied mirrored pair would look like an opportunity). Everything
 * else goes through the generic parser and the venue's mapping into `MarketEvent`s
 * (`sink.push`); the backtest's replay source maps the stored rows through that same mapping, so
 * both modes see the same sequence.
 */
import { type Clock, type CryptoAsset, type MarketWindow } from '@polymarket-arb/domain';
import { sleep, type Logger } from '@polymarket-arb/common';
import {
  BinanceTradeFeed,
  Discovery,
  feedHttpClient,
  gammaWinner,
  MarketChannel,
  marketEventOf,
  parseMarketFrame,
  PriceChangeBatch,
  resolvedEvent,
  scanPriceChangeFrame,
  spotEvent,
  TokenRegistry,
  type HttpClient,
  type MarketMessage,
  type MarketResolvedMessage,
} from '@polymarket-arb/venue';
import type { BotConfig } from '../config.js';
import type { DataSource, EventSink, MarketEvent } from '../core/events.js';

export interface LiveSourceOptions {
  config: BotConfig;
  assets: readonly CryptoAsset[];
  /** The engine's (exchange-aligned) clock: the time of the events the source makes itself (feed status, Gamma resolutions). */
  engineClock: Clock;
  /** Local time for the sockets and discovery (the engine may run on an exchange-aligned clock). */
  clock: Clock;
  /** The exchange clock is `offsetMs` ahead of the local one (set it on the engine's clock). */
  onClockOffset?(offsetMs: number): void;
  logger: Logger;
  /** Evaluate quiet markets this often (paper arrivals, leg-risk timeouts), ms. */
  tickMs?: number;
  /** Stop following a market this long after its window ended, ms. */
  unsubscribeAfterEndMs?: number;
  /** The feeds are up and discovery ran once (`run` then waits for its signal). */
  onStarted?(): void;
}

export interface LiveSourceCounters {
  frames: number;
  fastFrames: number;
  genericFrames: number;
  malformedFrames: number;
  spotTrades: number;
  resolutions: number;
}

interface Followed {
  window: MarketWindow;
  resolved: boolean;
}

/** Where events go before `run` connects a sink (nowhere: the feeds are not started yet). */
const NO_SINK: EventSink = { push: () => {}, level: () => {}, endLevels: () => {} };

export class LiveSource implements DataSource {
  readonly channel: MarketChannel;
  readonly discovery: Discovery;
  readonly spot: BinanceTradeFeed;
  readonly counters: LiveSourceCounters = { frames: 0, fastFrames: 0, genericFrames: 0, malformedFrames: 0, spotTrades: 0, resolutions: 0 };
  private readonly registry = new TokenRegistry();
  private readonly batch = new PriceChangeBatch(512);
  private readonly followed = new Map<string, Followed>();
  private readonly byToken = new Map<string, Followed>();
  private readonly timers: NodeJS.Timeout[] = [];
  /** Gamma and CLOB REST (discovery, resolutions), with retries. */
  private readonly http: HttpClient;
  /** Cancels the REST calls in flight at stop. */
  private readonly abort = new AbortController();
  private sink: EventSink = NO_SINK;

  constructor(private readonly o: LiveSourceOptions) {
    const { config, logger, clock } = o;
    this.http = feedHttpClient({ clock, sleep, logger: logger.child({ component: 'http' }) });
    this.channel = new MarketChannel({
      baseUrl: config.endpoints.clob_ws_url,
      clock,
      logger: logger.child({ component: 'clob' }),
      onFrame: (data) => this.onFrame(data),
      onConnected: () => this.emit({ type: 'feed', feed: 'clob', connected: true, timestampMs: o.engineClock.nowMs() }),
      onDisconnected: () => this.emit({ type: 'feed', feed: 'clob', connected: false, timestampMs: o.engineClock.nowMs() }),
    });
    // The venue's trade feed (reconnects, 24 h renewal, serverShutdown, trade-id gap detection).
    this.spot = new BinanceTradeFeed({
      baseUrl: config.endpoints.binance_ws_url,
      assets: o.assets,
      clock,
      logger: logger.child({ component: 'binance' }),
      onTrade: (trade) => {
        const event = spotEvent(trade.asset, trade.price, trade.tradeTimeMs);
        if (event === undefined) return;
        this.counters.spotTrades++;
        this.emit(event);
      },
    });
    this.discovery = new Discovery({
      gammaUrl: config.endpoints.gamma_url,
      clobUrl: config.endpoints.clob_url,
      assets: o.assets,
      clock,
      logger: logger.child({ component: 'discovery' }),
      http: this.http,
      onWindows: (windows) => this.onWindows(windows),
      onClockOffset: (offsetMs) => o.onClockOffset?.(offsetMs),
    });
  }

  /** Follow the markets into `sink` until `signal` aborts, then close the feeds. */
  async run(sink: EventSink, signal: AbortSignal): Promise<void> {
    this.sink = sink;
    try {
      await this.start();
      this.o.onStarted?.();
      if (!signal.aborted) await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    } finally {
      await this.stop();
    }
  }

  async start(): Promise<void> {
    this.spot.start();
    this.channel.start();
    await this.discovery.start();
    this.every(this.o.tickMs ?? 100, () => this.emit({ type: 'tick' }));
    this.every(15_000, () => void this.resolveFromGamma());
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.abort.abort();
    this.discovery.stop();
    await Promise.all([this.channel.stop(), this.spot.stop()]);
  }

  /** Markets being followed (for health and tests). */
  windows(): MarketWindow[] {
    return [...this.followed.values()].map((f) => f.window);
  }

  /** One market-channel frame. Never throws. */
  onFrame(data: Buffer): void {
    this.counters.frames++;
    if (scanPriceChangeFrame(data, this.registry, this.batch)) {
      this.counters.fastFrames++;
      const b = this.batch;
      const sink = this.sink;
      for (let i = 0; i < b.count; i++)
        sink.level(this.registry.idOf(b.token[i] as number), b.side[i] === 0 ? 'bid' : 'ask', b.price[i] as number, b.size[i] as number);
      sink.endLevels();
      return;
    }
    this.counters.genericFrames++;
    const parsed = parseMarketFrame(data.toString('utf8'));
    if (parsed.error !== undefined) {
      this.counters.malformedFrames++;
      return;
    }
    for (const message of parsed.messages) {
      const event = this.toEvent(message);
      if (event !== undefined) this.emit(event);
    }
  }

  /** The engine event of a market-channel message: the venue's mapping, which the replay source applies to stored rows. */
  toEvent(m: MarketMessage): MarketEvent | undefined {
    return m.type === 'market_resolved' ? this.resolution(m) : marketEventOf(m);
  }

  /** The first resolution of a followed market (the wire, or Gamma, may announce it more than once). */
  private resolution(m: MarketResolvedMessage): MarketEvent | undefined {
    const f = this.byToken.get(m.winningAssetId);
    if (f === undefined || f.resolved) return undefined;
    const event = resolvedEvent(f.window, m.winningAssetId, m.winningOutcome, m.timestampMs);
    if (event === undefined) return undefined;
    f.resolved = true;
    this.counters.resolutions++;
    return event;
  }

  private emit(event: MarketEvent): void {
    this.sink.push(event);
  }

  private onWindows(windows: MarketWindow[]): void {
    const now = this.discovery.nowMs();
    const subscribe: string[] = [];
    for (const window of windows) {
      if (this.followed.has(window.slug)) continue;
      const f: Followed = { window, resolved: false };
      this.followed.set(window.slug, f);
      this.byToken.set(window.yesTokenId, f).set(window.noTokenId, f);
      this.registry.add(window.yesTokenId);
      this.registry.add(window.noTokenId);
      this.emit({ type: 'market', window });
      subscribe.push(window.yesTokenId, window.noTokenId);
      this.o.logger.info({ slug: window.slug }, 'following market');
    }
    if (subscribe.length > 0) this.channel.subscribe(subscribe);
    const grace = this.o.unsubscribeAfterEndMs ?? 600_000;
    const done = [...this.followed.values()].filter((f) => now > f.window.windowEnd + grace);
    for (const f of done) {
      this.followed.delete(f.window.slug);
      this.byToken.delete(f.window.yesTokenId);
      this.byToken.delete(f.window.noTokenId);
    }
    if (done.length > 0) this.channel.unsubscribe(done.flatMap((f) => [f.window.yesTokenId, f.window.noTokenId]));
  }

  /** Markets over for a minute without a `market_resolved`: ask Gamma for the outcome. */
  private async resolveFromGamma(): Promise<void> {
    const now = this.discovery.nowMs();
    const pending = [...this.followed.values()].filter((f) => !f.resolved && now > f.window.windowEnd + 60_000);
    for (const f of pending) {
      try {
        const url = `${this.o.config.endpoints.gamma_url}/markets?slug=${encodeURIComponent(f.window.slug)}&closed=true`;
        const markets = await this.http.getJson('gamma_markets', url, this.abort.signal, { maxRetries: 1 });
        const market = Array.isArray(markets) ? markets.find((m) => (m as { slug?: string })?.slug === f.window.slug) : undefined;
        const winner = gammaWinner(market);
        if (winner === undefined || f.resolved) continue;
        f.resolved = true;
        this.counters.resolutions++;
        this.emit({ type: 'resolved', eventId: f.window.eventId, winner, timestampMs: this.o.engineClock.nowMs() });
      } catch (err) {
        this.o.logger.debug({ slug: f.window.slug, err: (err as Error).message }, 'resolution not available yet');
      }
    }
  }

  private every(ms: number, fn: () => void): void {
    const t = setInterval(fn, ms);
    this.timers.push(t);
  }
}
