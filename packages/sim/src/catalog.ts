/**
 * The simulator's market catalog: every 15-minute Up/Down market of every asset, for any window in
 * the past or the future, derived from a seed alone (no I/O, no wall clock). Ids, question text,
 * listing and resolution times, fee and resolution metadata, the reference spot path, the winner
 * and the fair value of Up at any instant are all pure functions of (seed, asset, window, time).
 *
 * The live half of the simulator (books, WebSocket) and the REST services read it; see DESIGN.md.
 */
import { parseWindowSlug, WINDOW_SECONDS, type CryptoAsset, type FeeSchedule, type Micros } from '@polymarket-arb/domain';
import { hashInts } from './catalog/hash.js';
import { marketIds, windowOfId } from './catalog/ids.js';
import { marketMetadata, type EraMode, type MarketMetadata } from './catalog/metadata.js';
import { assetIndex, SpotModel } from './catalog/spot.js';
import { questionText } from './catalog/text.js';
import { generateTrades, trader, tradeTransactionHash, type SimTrade, type Trader } from './catalog/trades.js';

export type { EraMode, MarketMetadata } from './catalog/metadata.js';
export { spotSigma } from './catalog/spot.js';
export type { SimTrade, Trader } from './catalog/trades.js';

export interface SimMarket {
  asset: CryptoAsset;
  /** Unix seconds, a multiple of 900. */
  windowStart: number;
  /** Unix seconds: windowStart + 900. */
  windowEnd: number;
  slug: string;
  eventId: string;
  marketId: string;
  conditionId: string;
  questionId: string;
  /** "Up" token (uint256 as a 75-78 digit decimal string). */
  yesTokenId: string;
  /** "Down" token. */
  noTokenId: string;
  /** "Bitcoin Up or Down - May 10, 2:30PM-2:45PM ET". */
  question: string;
  /** Gamma `startDate` (listing), about a day before windowStart, in ms. */
  listedAtMs: number;
  tickSize: Micros;
  minOrderSize: Micros;
  feeSchedule: FeeSchedule;
  negRisk: boolean;
  resolutionSource: string;
  // --- additions beyond the DESIGN.md contract ---
  /** Listing time in microseconds (Gamma prints `startDate` with 6 decimals). */
  listedAtUs: number;
  /** When the result is published (Gamma `closed: true`, `outcomePrices` 1/0, WS `market_resolved`): 15-60 s after the end. */
  resolvesAtMs: number;
  /** Era-dependent Gamma metadata (fees, description, cryptoMarketConfig). */
  meta: MarketMetadata;
}

export interface CatalogOptions {
  seed: number;
  /** 'historical' (default): past windows carry the metadata of their time; 'current': all carry today's. */
  eras?: EraMode;
  /** How many market objects to keep memoised (they are cheap to rebuild). Default 20,000. */
  cacheSize?: number;
}

const TICK_0_01: Micros = 10_000;
const MIN_ORDER_SIZE: Micros = 5_000_000;
const LISTING_LEAD_US = 86_400_000_000;
const SALT_LISTING = 0x115e;
const SALT_RESOLUTION = 0x2e50;
const TRADE_CACHE_SIZE = 512;
const ASSETS: readonly CryptoAsset[] = ['BTC', 'ETH', 'SOL', 'XRP'];

export class Catalog {
  readonly seed: number;
  readonly eras: EraMode;
  private readonly spot: SpotModel;
  private readonly cache = new Map<number, SimMarket>();
  private readonly cacheSize: number;
  /** token id -> packed (window key * 2 + outcome), for every market built so far. */
  private readonly tokens = new Map<string, number>();
  private readonly conditions = new Map<string, number>();
  private readonly tradeCache = new Map<string, readonly SimTrade[]>();
  private readonly traders = new Map<number, Trader>();

  constructor(options: CatalogOptions) {
    if (!Number.isSafeInteger(options.seed)) throw new RangeError(`Catalog seed must be a safe integer, got ${options.seed}`);
    this.seed = options.seed;
    this.eras = options.eras ?? 'historical';
    this.cacheSize = options.cacheSize ?? 20_000;
    this.spot = new SpotModel(options.seed);
  }

  /** The market of `asset` for the window opening at `windowStartSec` (any window, past or future). */
  market(asset: CryptoAsset, windowStartSec: number): SimMarket {
    if (!Number.isSafeInteger(windowStartSec) || windowStartSec < 0 || windowStartSec % WINDOW_SECONDS !== 0) {
      throw new RangeError(`window start ${windowStartSec} is not a non-negative multiple of ${WINDOW_SECONDS} s`);
    }
    const key = (windowStartSec / WINDOW_SECONDS) * 4 + assetIndex(asset);
    const cached = this.cache.get(key);
    if (cached) return cached;
    const market = this.build(asset, windowStartSec);
    this.remember(key, market);
    return market;
  }

  marketBySlug(slug: string): SimMarket | undefined {
    const parsed = parseWindowSlug(slug);
    return parsed ? this.market(parsed.asset, parsed.windowStart) : undefined;
  }

  /** The market behind a Gamma event or market id, or undefined if the id cannot be one of ours. */
  marketByGammaId(id: string, kind: 'event' | 'market'): SimMarket | undefined {
    const where = windowOfId(this.seed, id, kind);
    return where ? this.market(where.asset, where.windowStart) : undefined;
  }

  /** Token lookup among markets built so far (see `indexWindows` to build a range up front). */
  lookupToken(tokenId: string): { market: SimMarket; outcome: 'yes' | 'no' } | undefined {
    const packed = this.tokens.get(tokenId);
    if (packed === undefined) return undefined;
    return { market: this.unpack(Math.floor(packed / 2)), outcome: packed % 2 === 0 ? 'yes' : 'no' };
  }

  lookupCondition(conditionId: string): SimMarket | undefined {
    const key = this.conditions.get(conditionId.toLowerCase());
    return key === undefined ? undefined : this.unpack(key);
  }

  /** Build (and so index) every market of `assets` whose window starts in [fromSec, toSec]. */
  indexWindows(fromSec: number, toSec: number, assets: readonly CryptoAsset[] = ASSETS): void {
    const first = Math.max(0, Math.ceil(fromSec / WINDOW_SECONDS) * WINDOW_SECONDS);
    for (let start = first; start <= toSec; start += WINDOW_SECONDS) {
      for (const asset of assets) this.market(asset, start);
    }
  }

  /** Markets listed at `ms` whose result is not yet published, oldest window first. */
  openMarkets(ms: number, assets: readonly CryptoAsset[] = ASSETS): SimMarket[] {
    const nowSec = Math.floor(ms / 1000);
    const first = Math.floor((nowSec - WINDOW_SECONDS - 120) / WINDOW_SECONDS) * WINDOW_SECONDS;
    const last = Math.floor((nowSec + 86_400 + 3_600) / WINDOW_SECONDS) * WINDOW_SECONDS;
    const open: SimMarket[] = [];
    for (let start = Math.max(0, first); start <= last; start += WINDOW_SECONDS) {
      for (const asset of assets) {
        const market = this.market(asset, start);
        if (market.listedAtMs <= ms && ms < market.resolvesAtMs) open.push(market);
      }
    }
    return open;
  }

  /** Reference spot price (float model) of `asset` at unix time `ms`. */
  spotAt(asset: CryptoAsset, ms: number): number {
    return this.spot.spot(asset, ms);
  }

  /** 'yes' (Up) when spot at the window's end is at or above spot at its start (ties go Up). */
  winner(market: SimMarket): 'yes' | 'no' {
    return this.spot.logSpot(market.asset, market.windowEnd * 1000) >= this.spot.logSpot(market.asset, market.windowStart * 1000)
      ? 'yes'
      : 'no';
  }

  /** Fair value of Up at `ms`: P(spot(end) >= spot(start) | path to ms), clamped to [0.001, 0.999]. */
  upProbability(market: SimMarket, ms: number): number {
    return this.clampedUp(this.spot.probabilityUp(market.asset, market.windowStart * 1000, market.windowEnd * 1000, ms));
  }

  /** The trader (wallet, name, pseudonym) behind `trade.traderIndex`. */
  trader(index: number): Trader {
    let found = this.traders.get(index);
    if (!found) {
      found = trader(this.seed, index);
      this.traders.set(index, found);
    }
    return found;
  }

  /** On-chain hash of a trade of `market`. */
  transactionHash(market: SimMarket, trade: SimTrade): string {
    return tradeTransactionHash(this.seed, market.conditionId, trade.seq);
  }

  /**
   * Every public trade of the market, oldest first, including those after "now": callers keep
   * `timestamp <= now` so a live window's history grows as the clock moves.
   */
  trades(market: SimMarket): readonly SimTrade[] {
    const cached = this.tradeCache.get(market.conditionId);
    if (cached) return cached;
    const startLog = this.spot.logSpot(market.asset, market.windowStart * 1000);
    const fairUp = (ms: number): number =>
      this.clampedUp(this.spot.probabilityUpFrom(market.asset, startLog, market.windowStart * 1000, market.windowEnd * 1000, ms));
    const trades = Object.freeze(generateTrades({ seed: this.seed, fairUp }, market));
    this.tradeCache.set(market.conditionId, trades);
    if (this.tradeCache.size > TRADE_CACHE_SIZE) {
      const oldest = this.tradeCache.keys().next();
      if (!oldest.done) this.tradeCache.delete(oldest.value);
    }
    return trades;
  }

  private build(asset: CryptoAsset, windowStart: number): SimMarket {
    const ids = marketIds(this.seed, asset, windowStart);
    const windowEnd = windowStart + WINDOW_SECONDS;
    const meta = marketMetadata(asset, windowStart, this.eras);
    // Listed 23h50m-24h20m ahead (captures: 23.9 h and 24.0 h), at a microsecond instant.
    const jitterUs = Math.floor((hashInts(this.seed, assetIndex(asset), windowStart, SALT_LISTING) / 4_294_967_296) * 1_800_000_000);
    const listedAtUs = windowStart * 1_000_000 - LISTING_LEAD_US - 1_200_000_000 + jitterUs;
    const resolvesAtMs = windowEnd * 1000 + 15_000 + (hashInts(this.seed, assetIndex(asset), windowStart, SALT_RESOLUTION) % 45_000);
    return {
      asset,
      windowStart,
      windowEnd,
      slug: `${asset.toLowerCase()}-updown-15m-${windowStart}`,
      ...ids,
      question: questionText(asset, windowStart, windowEnd),
      listedAtMs: Math.floor(listedAtUs / 1000),
      tickSize: TICK_0_01,
      minOrderSize: MIN_ORDER_SIZE,
      feeSchedule: meta.feeSchedule,
      negRisk: false,
      resolutionSource: meta.resolutionSource,
      listedAtUs,
      resolvesAtMs,
      meta,
    };
  }

  private clampedUp(p: number): number {
    return Math.min(0.999, Math.max(0.001, p));
  }

  private remember(key: number, market: SimMarket): void {
    this.cache.set(key, market);
    if (this.cache.size > this.cacheSize) {
      const oldest = this.cache.keys().next();
      if (!oldest.done) this.cache.delete(oldest.value);
    }
    this.tokens.set(market.yesTokenId, key * 2);
    this.tokens.set(market.noTokenId, key * 2 + 1);
    this.conditions.set(market.conditionId, key);
  }

  private unpack(key: number): SimMarket {
    const asset = ASSETS[key % 4] as CryptoAsset;
    return this.market(asset, Math.floor(key / 4) * WINDOW_SECONDS);
  }
}
