/**
 * The live market model: for each asset, the current and next 15-minute markets of the catalog,
 * rolled over at every window boundary, with order flow at a fixed rate, tick-size changes near 0
 * and 1, resolution at window end, and injected arbitrage episodes.
 *
 * Time is the injected clock's. Every event has a timestamp fixed in advance (flow event i happens
 * at start + floor(i * 1000 / rate) ms; boundaries and episodes at their own instants), and
 * `advanceTo(now)` runs everything due in time order, so the frames produced depend only on the
 * seed and the start time, never on timer jitter or on who is connected.
 */
import { WINDOW_SECONDS, windowStartOf, type CryptoAsset, type Micros } from '@polymarket-arb/domain';
import type { Catalog, SimMarket } from './catalog-port.js';
import {
  DEFAULT_EPISODES,
  planEpisodes,
  priceEpisode,
  truthRecord,
  type EpisodeOptions,
  type EpisodePlan,
  type EpisodePrices,
} from './episodes.js';
import type { FrameSink } from './frames.js';
import { DEFAULT_FLOW, flowStep, seedBook, type FlowOptions, type ReservedLevels } from './flow.js';
import { LiveMarket } from './live-market.js';
import { deriveSeed, Rng } from './rng.js';
import { Schedule } from './schedule.js';
import type { TruthLog } from './truth-log.js';
import { newMarketJson } from './wire.js';

/** The tick a market switches to when its price nears 0 or 1. */
const FINE_TICK = 1_000;
const FINE_TICK_BELOW = 40_000;
const FINE_TICK_ABOVE = 960_000;
/** Flow weight of the current window's market against the next window's. */
const CURRENT_WEIGHT = 3;
/** Episodes keep clear of window boundaries by these margins (ms). */
const EPISODE_AFTER_START_MS = 3_000;
const EPISODE_BEFORE_END_MS = 5_000;
const EPISODE_RETRY_MS = 1_000;
const EPISODE_MAX_ATTEMPTS = 1_800;
/** Episodes go where the fair value of Up is between these (micros), not at degenerate prices. */
const EPISODE_FAIR_MIN = 50_000;
const EPISODE_FAIR_MAX = 950_000;

export interface EngineOptions {
  readonly catalog: Catalog;
  readonly seed: number;
  readonly assets: readonly CryptoAsset[];
  /** Flow events per second over all markets (each is one order change or one trade). */
  readonly rate: number;
  readonly episodes?: EpisodeOptions;
  readonly flow?: FlowOptions;
  readonly truth: TruthLog;
  readonly sink: FrameSink;
  /** Called when an episode cannot be placed at all (never in normal runs). */
  readonly warn?: (message: string) => void;
}

interface ActiveEpisode {
  readonly fair: Micros;
  readonly prices: EpisodePrices;
  readonly reserved: ReservedLevels;
}

export class MarketEngine {
  private readonly markets: LiveMarket[] = [];
  private readonly byToken = new Map<string, LiveMarket>();
  private readonly current = new Map<CryptoAsset, LiveMarket>();
  private readonly next = new Map<CryptoAsset, LiveMarket>();
  private readonly episodesActive = new Map<LiveMarket, ActiveEpisode>();
  private readonly fairCache = new Map<LiveMarket, { bucket: number; fair: Micros }>();
  private readonly schedule = new Schedule();
  private readonly flowRng: Rng;
  private readonly episodeOptions: EpisodeOptions;
  private readonly flowOptions: FlowOptions;
  private candidates: LiveMarket[] = [];
  private startMs = 0;
  private flowIndex = 0;
  private processedUntil = 0;

  constructor(private readonly o: EngineOptions) {
    this.flowRng = new Rng(deriveSeed(o.seed, 'flow'));
    this.episodeOptions = o.episodes ?? DEFAULT_EPISODES;
    this.flowOptions = o.flow ?? DEFAULT_FLOW;
  }

  /** Open the current and next windows at `nowMs` and plan the episodes. */
  start(nowMs: number): void {
    this.startMs = nowMs;
    this.processedUntil = nowMs;
    const windowStart = windowStartOf(Math.floor(nowMs / 1000));
    for (const asset of this.o.assets) {
      // The window that just ended is still open until its result is published.
      const previous = this.o.catalog.market(asset, windowStart - WINDOW_SECONDS);
      if (previous.resolvesAtMs > nowMs) this.end(this.open(asset, previous.windowStart, nowMs, false));
      this.current.set(asset, this.open(asset, windowStart, nowMs, false));
      this.next.set(asset, this.open(asset, windowStart + WINDOW_SECONDS, nowMs, false));
    }
    this.refreshCandidates();
    this.schedule.add((windowStart + WINDOW_SECONDS) * 1000, (at) => this.rollOver(at));
    const plans = planEpisodes(this.episodeOptions, this.o.assets, nowMs, new Rng(deriveSeed(this.o.seed, 'episodes')));
    for (const plan of plans) this.schedule.add(plan.startMs, (at) => this.startEpisode(plan, at, 1));
  }

  /** Run every event due up to `nowMs`, at most `budget` of them; true when caught up. */
  advanceTo(nowMs: number, budget = 100_000): boolean {
    const rate = this.o.rate;
    for (let done = 0; done < budget; done++) {
      const flowAt = rate > 0 ? this.startMs + Math.floor((this.flowIndex * 1000) / rate) : Number.POSITIVE_INFINITY;
      const jobAt = this.schedule.nextAt();
      if (jobAt <= flowAt && jobAt <= nowMs) {
        this.schedule.shift()?.run(jobAt);
      } else if (flowAt <= nowMs) {
        this.flowIndex++;
        this.flowEvent(flowAt);
      } else {
        this.processedUntil = Math.max(this.processedUntil, nowMs);
        return true;
      }
    }
    return false;
  }

  /** Markets with a book: listed, live, ended and just-resolved ones. */
  allMarkets(): readonly LiveMarket[] {
    return this.markets;
  }

  marketOfToken(tokenId: string): LiveMarket | undefined {
    return this.byToken.get(tokenId);
  }

  /**
   * A snapshot's honest timestamp: the time up to which every event has run (the runner may be a
   * tick behind the clock), so every delta sent after the snapshot is stamped at or after it.
   */
  private snapshotTime(nowMs: number): number {
    return Math.min(nowMs, this.processedUntil);
  }

  /** The CLOB REST book of a token, for live and just-resolved markets (LiveBookView). */
  bookSummary(tokenId: string, nowMs = this.processedUntil): Record<string, unknown> | undefined {
    const m = this.byToken.get(tokenId);
    const outcome = m?.outcomeOf(tokenId);
    return m && outcome ? m.bookSummary(outcome, this.snapshotTime(nowMs)) : undefined;
  }

  /** The subscribe-time `book` object of a token, or undefined (unknown, or its market resolved). */
  dumpBook(tokenId: string, nowMs: number): string | undefined {
    const m = this.byToken.get(tokenId);
    const outcome = m?.outcomeOf(tokenId);
    if (!m || !outcome || m.resolved) return undefined;
    return m.bookJson(outcome, this.snapshotTime(nowMs), 'subscribe');
  }

  private open(asset: CryptoAsset, windowStart: number, nowMs: number, announce: boolean): LiveMarket {
    const sim = this.o.catalog.market(asset, windowStart);
    const m = new LiveMarket(sim, this.o.seed, this.o.sink);
    const fair = this.fair(m, nowMs);
    seedBook(m, fair, new Rng(deriveSeed(this.o.seed, `book:${sim.slug}`)));
    m.syncTop();
    // A window already open has traded: its books show a last trade price (else "").
    if (nowMs > sim.windowStart * 1000)
      m.seedLastTrade(Math.min(1_000_000 - m.tickSize, Math.max(m.tickSize, Math.round(fair / m.tickSize) * m.tickSize)));
    this.markets.push(m);
    this.byToken.set(sim.yesTokenId, m);
    this.byToken.set(sim.noTokenId, m);
    if (announce) this.announce(sim, nowMs);
    return m;
  }

  private announce(sim: SimMarket, nowMs: number): void {
    const text = newMarketJson({
      marketId: sim.marketId,
      eventId: sim.eventId,
      question: sim.question,
      market: sim.conditionId,
      slug: sim.slug,
      yesTokenId: sim.yesTokenId,
      noTokenId: sim.noTokenId,
      tickSize: sim.tickSize,
      timestampMs: nowMs,
    });
    this.o.sink({ kind: 'new_market', text, market: sim.conditionId, assetIds: [], custom: true, timestampMs: nowMs });
  }

  /** Trading stops at window end; the result is published at the catalog's `resolvesAtMs`. */
  private end(m: LiveMarket): void {
    m.ended = true;
    this.schedule.add(m.market.resolvesAtMs, (at) => m.resolve(this.o.catalog.winner(m.market), at));
  }

  /** A window boundary: end the closing markets, promote the next ones, list the new next. */
  private rollOver(atMs: number): void {
    const boundary = Math.floor(atMs / 1000);
    // Markets resolved during the last window have been quiet since: forget them.
    for (const m of this.markets.filter((x) => x.resolved)) this.forget(m);
    for (const asset of this.o.assets) {
      const ending = this.current.get(asset);
      if (ending) this.end(ending);
      const promoted = this.next.get(asset);
      if (promoted) this.current.set(asset, promoted);
      this.next.set(asset, this.open(asset, boundary + WINDOW_SECONDS, atMs, true));
    }
    this.refreshCandidates();
    this.schedule.add((boundary + WINDOW_SECONDS) * 1000, (at) => this.rollOver(at));
  }

  private forget(m: LiveMarket): void {
    this.markets.splice(this.markets.indexOf(m), 1);
    this.byToken.delete(m.market.yesTokenId);
    this.byToken.delete(m.market.noTokenId);
    this.fairCache.delete(m);
  }

  private refreshCandidates(): void {
    const list: LiveMarket[] = [];
    for (const asset of this.o.assets) {
      const cur = this.current.get(asset);
      const nxt = this.next.get(asset);
      if (cur) for (let i = 0; i < CURRENT_WEIGHT; i++) list.push(cur);
      if (nxt) list.push(nxt);
    }
    this.candidates = list;
  }

  /** Fair value of Up in micros, refreshed every 100 ms (the spot model is not free). */
  private fair(m: LiveMarket, ms: number): Micros {
    const bucket = Math.floor(ms / 100);
    const cached = this.fairCache.get(m);
    if (cached && cached.bucket === bucket) return cached.fair;
    const p = this.o.catalog.upProbability(m.market, ms);
    const fair = Math.min(999_000, Math.max(1_000, Math.round(p * 1_000_000)));
    this.fairCache.set(m, { bucket, fair });
    return fair;
  }

  private flowEvent(ts: number): void {
    if (this.candidates.length === 0) return;
    const m = this.flowRng.pick(this.candidates);
    if (m.ended) return;
    const episode = this.episodesActive.get(m);
    const fair = episode ? episode.fair : this.fair(m, ts);
    if (!episode && m.tickSize > FINE_TICK && (fair < FINE_TICK_BELOW || fair > FINE_TICK_ABOVE)) {
      m.changeTick(FINE_TICK, ts);
      return;
    }
    flowStep(m, fair, this.flowRng, ts, this.flowOptions, episode?.reserved);
  }

  /** Try to open episode `plan` at `atMs`; postpone it when no market can hold it right now. */
  private startEpisode(plan: EpisodePlan, atMs: number, attempt: number): void {
    const duration = this.episodeOptions.durationMs;
    const first = this.current.get(plan.asset);
    if (first) {
      const startsAt = first.market.windowStart * 1000 + EPISODE_AFTER_START_MS;
      const endsBy = first.market.windowEnd * 1000 - EPISODE_BEFORE_END_MS;
      if (atMs < startsAt || atMs + duration > endsBy) {
        const retryAt = atMs < startsAt ? startsAt : first.market.windowEnd * 1000 + EPISODE_AFTER_START_MS;
        this.schedule.add(retryAt, (at) => this.startEpisode(plan, at, attempt));
        return;
      }
    }
    // The planned asset first, then the others in a fixed order.
    const order = [plan.asset, ...this.o.assets.filter((a) => a !== plan.asset)];
    for (const asset of order) {
      const m = this.current.get(asset);
      if (m && this.tryInject(plan, m, atMs)) return;
    }
    if (attempt >= EPISODE_MAX_ATTEMPTS) {
      this.o.warn?.(`arbitrage episode ${plan.id} could not be placed after ${attempt} attempts and was dropped`);
      return;
    }
    this.schedule.add(atMs + EPISODE_RETRY_MS, (at) => this.startEpisode(plan, at, attempt + 1));
  }

  private tryInject(plan: EpisodePlan, m: LiveMarket, atMs: number): boolean {
    if (m.ended || this.episodesActive.has(m)) return false;
    const fair = this.fair(m, atMs);
    if (fair < EPISODE_FAIR_MIN || fair > EPISODE_FAIR_MAX) return false;
    const o = this.episodeOptions;
    const prices = priceEpisode(fair, m.tickSize, o.marginMicros, m.market.feeSchedule);
    if (!prices) return false;
    // The episode's asks must become the best asks of both tokens, strictly.
    const upBest = m.book.bestAsk('yes');
    const downBest = m.book.bestAsk('no');
    if ((upBest !== undefined && prices.upAsk >= upBest) || (downBest !== undefined && prices.downAsk >= downBest)) return false;
    const reserved: ReservedLevels = { upAsk: prices.upAsk, upBid: 1_000_000 - prices.downAsk };
    this.episodesActive.set(m, { fair, prices, reserved });
    const size = o.sizeMicros;
    // Both orders in one frame, so the arbitrage appears atomically, at exactly the logged instant.
    m.setLevels(
      [
        { outcome: 'yes', side: 'SELL', price: prices.upAsk, size: m.book.size('yes', 'SELL', prices.upAsk) + size },
        { outcome: 'no', side: 'SELL', price: prices.downAsk, size: m.book.size('no', 'SELL', prices.downAsk) + size },
      ],
      atMs,
    );
    const endMs = atMs + o.durationMs;
    const sim = m.market;
    this.o.truth.add(
      truthRecord({
        id: plan.id,
        asset: sim.asset,
        slug: sim.slug,
        conditionId: sim.conditionId,
        upTokenId: sim.yesTokenId,
        downTokenId: sim.noTokenId,
        startMs: atMs,
        endMs,
        prices,
        sizeMicros: size,
        schedule: sim.feeSchedule,
      }),
    );
    this.schedule.add(endMs, (at) => this.endEpisode(m, at));
    return true;
  }

  private endEpisode(m: LiveMarket, atMs: number): void {
    const episode = this.episodesActive.get(m);
    if (!episode) return;
    const size = this.episodeOptions.sizeMicros;
    const { upAsk, downAsk } = episode.prices;
    m.setLevels(
      [
        { outcome: 'yes', side: 'SELL', price: upAsk, size: Math.max(0, m.book.size('yes', 'SELL', upAsk) - size) },
        { outcome: 'no', side: 'SELL', price: downAsk, size: Math.max(0, m.book.size('no', 'SELL', downAsk) - size) },
      ],
      atMs,
    );
    this.episodesActive.delete(m);
  }
}
