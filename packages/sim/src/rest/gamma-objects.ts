/**
 * Gamma's JSON objects for a simulated market: the Market (as `/markets` returns it, with its
 * `events` stub) and the Event (as `/events` returns it, with `markets`). Field names, order and
 * types follow the real captures (test/fixtures/gamma_*): `outcomes`, `outcomePrices` and
 * `clobTokenIds` are JSON-encoded strings written with ", " separators, `volume` and `liquidity`
 * are strings while `volumeNum` and friends are numbers, dates are ISO text of three styles.
 */
import { formatMicros, type Micros } from '@polymarket-arb/common';
import type { SimMarket } from '../catalog.js';
import { hashInts } from '../catalog/hash.js';
import { ASSET_ICONS, SERIES_IDS, seriesSlug } from '../catalog/metadata.js';
import { isoDate, isoMicros, isoSeconds, postgresSeconds } from '../catalog/text.js';
import { bookTop, fairUpMicros, microsNumber, phaseOf, upPriceMicros, volumeMicros, type RestContext } from './context.js';

type Json = Record<string, unknown>;

/** A JSON-encoded list as Gamma writes it: `["Up", "Down"]` (Python's separators). */
function encodedList(values: readonly string[]): string {
  return `[${values.map((v) => JSON.stringify(v)).join(', ')}]`;
}

/** Creation and update instants around the listing time (spacings seen in the captures). */
function gammaTimes(ctx: RestContext, market: SimMarket, nowMs: number) {
  const h = hashInts(ctx.catalog.seed, market.windowStart, market.asset.charCodeAt(0), 0x6a11);
  const createdUs = market.listedAtUs - 40_000_000 - (h % 50_000_000);
  const eventStartUs = market.listedAtUs + 20_000_000 + ((h >>> 3) % 30_000_000);
  const phase = phaseOf(market, nowMs);
  // updatedAt moves at each state change: listing, window start, resolution.
  const updatedUs =
    phase === 'resolved' ? market.resolvesAtMs * 1000 + 1_234_567 : phase === 'listed' ? eventStartUs + 8_000_000 : market.windowStart * 1_000_000 + 2_345_678;
  return {
    createdAt: isoMicros(createdUs),
    eventCreatedAt: isoMicros(createdUs - 100 - ((h >>> 5) % 100_000)),
    acceptingOrdersTimestamp: isoSeconds(Math.floor(createdUs / 1000) + 5_000),
    eventStartDate: isoMicros(eventStartUs),
    eventCreationDate: isoMicros(eventStartUs - 6),
    updatedAt: isoMicros(updatedUs),
  };
}

/** Prices, volumes and state of a market at `nowMs`. */
function marketNumbers(ctx: RestContext, market: SimMarket, nowMs: number) {
  const phase = phaseOf(market, nowMs);
  const resolved = phase === 'resolved';
  const winnerUp = resolved && ctx.catalog.winner(market) === 'yes';
  const up: Micros = resolved ? (winnerUp ? 1_000_000 : 0) : upPriceMicros(ctx, market, nowMs);
  const top = bookTop(ctx.books.bookSummary(market.yesTokenId));
  const fair = fairUpMicros(ctx.catalog, market, Math.min(nowMs, market.windowEnd * 1000));
  const bid = top?.bid ?? Math.max(1_000, fair - 5_000);
  const ask = top?.ask ?? Math.min(999_000, fair + 5_000);
  const volume = volumeMicros(ctx.catalog, market, nowMs);
  const lastTrade = lastTradeMicros(ctx, market, nowMs);
  // Resting liquidity: a deterministic 5k-30k pUSD while orders are accepted, none after.
  const liquidity: Micros = phase === 'listed' || phase === 'live' ? (5_000 + (hashInts(ctx.catalog.seed, market.windowStart, 0x11c) % 25_000)) * 1_000_000 + 3_747 * 100 : 0;
  return { phase, resolved, up, bid, ask, volume, lastTrade, liquidity, tick: top?.tickSize };
}

/** Change of the Up price over the last hour, day, ... (a market lives about a day, so the longer ones equal the day's). */
function priceChanges(ctx: RestContext, market: SimMarket, nowMs: number): Json {
  const at = (ms: number): Micros => (ms < market.listedAtMs ? 500_000 : fairUpMicros(ctx.catalog, market, Math.min(ms, market.windowEnd * 1000)));
  const now = at(nowMs);
  const hour = microsNumber(now - at(nowMs - 3_600_000));
  const day = microsNumber(now - at(nowMs - 86_400_000));
  return { oneHourPriceChange: hour, oneDayPriceChange: day, oneWeekPriceChange: day, oneMonthPriceChange: day, oneYearPriceChange: day };
}

function lastTradeMicros(ctx: RestContext, market: SimMarket, nowMs: number): Micros {
  const nowSec = Math.floor(nowMs / 1000);
  let last: Micros = 0;
  for (const trade of ctx.catalog.trades(market)) {
    if (trade.timestamp > nowSec) break;
    last = trade.outcome === 'yes' ? trade.price : 1_000_000 - trade.price;
  }
  return last;
}

/** The Gamma Market object; `withEvents` adds the `events` stub that `/markets` responses carry. */
export function gammaMarket(ctx: RestContext, market: SimMarket, nowMs: number, withEvents: boolean): Json {
  const n = marketNumbers(ctx, market, nowMs);
  const times = gammaTimes(ctx, market, nowMs);
  const meta = market.meta;
  const volumeText = formatMicros(Number(n.volume));
  const volumeNumber = microsNumber(n.volume);
  const liquidityNumber = microsNumber(n.liquidity);
  const icon = ASSET_ICONS[market.asset];
  const out: Json = {
    id: market.marketId,
    question: market.question,
    conditionId: market.conditionId,
    slug: market.slug,
    resolutionSource: market.resolutionSource,
    endDate: isoSeconds(market.windowEnd * 1000),
    liquidity: formatMicros(n.liquidity),
    startDate: isoMicros(market.listedAtUs),
    image: icon,
    icon,
    description: meta.description,
    outcomes: encodedList(['Up', 'Down']),
    outcomePrices: encodedList([formatMicros(n.up), formatMicros(1_000_000 - n.up)]),
    volume: volumeText,
    active: true,
    closed: n.resolved,
    marketMakerAddress: '',
    createdAt: times.createdAt,
    updatedAt: times.updatedAt,
    new: false,
    featured: false,
    archived: false,
    restricted: true,
    groupItemThreshold: '0',
    questionID: market.questionId,
    enableOrderBook: true,
    orderPriceMinTickSize: n.tick === undefined ? microsNumber(market.tickSize) : Number(n.tick),
    orderMinSize: microsNumber(market.minOrderSize),
    volumeNum: volumeNumber,
    liquidityNum: liquidityNumber,
    endDateIso: isoDate(market.windowEnd * 1000),
    startDateIso: isoDate(market.listedAtMs),
    hasReviewedDates: true,
    volume24hr: volumeNumber,
    volume1wk: volumeNumber,
    volume1mo: volumeNumber,
    volume1yr: volumeNumber,
    clobTokenIds: encodedList([market.yesTokenId, market.noTokenId]),
    volume24hrClob: volumeNumber,
    volume1wkClob: volumeNumber,
    volume1moClob: volumeNumber,
    volume1yrClob: volumeNumber,
    volumeClob: volumeNumber,
    ...priceChanges(ctx, market, nowMs),
    volumeAmm: 0,
    volume24hrAmm: 0,
    volume1wkAmm: 0,
    volume1moAmm: 0,
    volume1yrAmm: 0,
    liquidityAmm: 0,
    liquidityClob: liquidityNumber,
    makerBaseFee: 1000,
    takerBaseFee: 1000,
    acceptingOrders: n.phase === 'listed' || n.phase === 'live',
    negRisk: market.negRisk,
  };
  if (withEvents) out.events = [gammaEventCore(ctx, market, nowMs)];
  Object.assign(out, {
    ready: false,
    funded: false,
    acceptingOrdersTimestamp: times.acceptingOrdersTimestamp,
    cyom: false,
    competitive: n.resolved ? 0 : 0.9999750006249843,
    pagerDutyNotificationEnabled: false,
    approved: true,
    rewardsMinSize: 50,
    rewardsMaxSpread: 4.5,
    spread: microsNumber(Math.max(0, n.ask - n.bid)),
    lastTradePrice: microsNumber(n.lastTrade),
    bestBid: microsNumber(n.bid),
    bestAsk: microsNumber(n.ask),
    automaticallyActive: true,
    clearBookOnStart: false,
    showGmpSeries: false,
    showGmpOutcome: false,
    manualActivation: false,
    negRiskOther: false,
    umaResolutionStatuses: '[]',
    pendingDeployment: false,
    deploying: false,
    rfqEnabled: false,
    eventStartTime: isoSeconds(market.windowStart * 1000),
    holdingRewardsEnabled: false,
    feesEnabled: meta.feesEnabled,
    requiresTranslation: false,
  });
  addFeesAndResolution(out, market, n.resolved);
  return out;
}

function addFeesAndResolution(out: Json, market: SimMarket, resolved: boolean): void {
  const meta = market.meta;
  if (meta.feesEnabled) out.makerRebatesFeeShareBps = 10000;
  if (meta.feeType !== undefined) out.feeType = meta.feeType;
  if (meta.showsFeeSchedule) {
    const fees = market.feeSchedule;
    out.feeSchedule = { exponent: fees.exponent, rate: microsNumber(fees.rate), takerOnly: fees.takerOnly, rebateRate: microsNumber(fees.rebateRate) };
  }
  if (meta.cryptoMarketConfig) out.cryptoMarketConfig = { ...meta.cryptoMarketConfig };
  out.comboStatus = 'disabled';
  if (resolved) {
    out.closedTime = postgresSeconds(market.resolvesAtMs);
    out.umaEndDate = isoSeconds(market.resolvesAtMs);
    out.umaResolutionStatus = 'resolved';
    out.automaticallyResolved = true;
  }
}

function series(market: SimMarket): Json {
  const symbol = market.asset.toUpperCase();
  return {
    id: SERIES_IDS[market.asset],
    ticker: seriesSlug(market.asset),
    slug: seriesSlug(market.asset),
    title: `${symbol} Up or Down 15m`,
    seriesType: 'single',
    recurrence: '15m',
    image: ASSET_ICONS[market.asset],
    icon: ASSET_ICONS[market.asset],
    active: true,
    closed: false,
    archived: false,
    featured: false,
    restricted: true,
    createdAt: '2025-08-09T22:36:22.349661Z',
    updatedAt: '2026-01-04T19:18:11.077117Z',
    volume24hr: 4775.413763,
    volume: 64234.19264499972,
    liquidity: 829501.8215,
    commentCount: 854,
    requiresTranslation: false,
  };
}

/** Tags seen on the captured 15m event (ids as captured; the per-asset tag is left out: only ETH's id is known). */
const TAGS: readonly Json[] = [
  { id: '21', label: 'Crypto', slug: 'crypto', forceShow: false, requiresTranslation: false },
  { id: '102467', label: '15M', slug: '15M', requiresTranslation: false },
  { id: '102127', label: 'Up or Down', slug: 'up-or-down', forceShow: true, isCarousel: false, requiresTranslation: false },
  { id: '1312', label: 'Crypto Prices', slug: 'crypto-prices', forceShow: true, requiresTranslation: false },
  { id: '101757', label: 'Recurring', slug: 'recurring', forceShow: false, requiresTranslation: false },
];

/** The Event object without `markets` (also the stub inside a Market's `events`). */
function gammaEventCore(ctx: RestContext, market: SimMarket, nowMs: number): Json {
  const n = marketNumbers(ctx, market, nowMs);
  const times = gammaTimes(ctx, market, nowMs);
  const volume = microsNumber(n.volume);
  const liquidity = microsNumber(n.liquidity);
  return {
    id: market.eventId,
    ticker: market.slug,
    slug: market.slug,
    title: market.question,
    description: market.meta.description,
    resolutionSource: market.resolutionSource,
    startDate: times.eventStartDate,
    creationDate: times.eventCreationDate,
    endDate: isoSeconds(market.windowEnd * 1000),
    image: ASSET_ICONS[market.asset],
    icon: ASSET_ICONS[market.asset],
    active: true,
    closed: n.resolved,
    archived: false,
    new: false,
    featured: false,
    restricted: true,
    liquidity,
    volume,
    openInterest: 0,
    createdAt: times.eventCreatedAt,
    updatedAt: times.updatedAt,
    competitive: n.resolved ? 0 : 0.9999750006249843,
    volume24hr: volume,
    volume1wk: volume,
    volume1mo: volume,
    volume1yr: volume,
    enableOrderBook: true,
    liquidityClob: liquidity,
    negRisk: false,
    commentCount: 0,
    series: [series(market)],
    cyom: false,
    showAllOutcomes: true,
    showMarketImages: true,
    enableNegRisk: false,
    automaticallyActive: true,
    startTime: isoSeconds(market.windowStart * 1000),
    seriesSlug: seriesSlug(market.asset),
    negRiskAugmented: false,
    pendingDeployment: false,
    deploying: false,
    requiresTranslation: false,
  };
}

/** The Event as `/events` returns it: with `tags` and its single market. */
export function gammaEvent(ctx: RestContext, market: SimMarket, nowMs: number): Json {
  const core = gammaEventCore(ctx, market, nowMs);
  const { series: seriesList, ...rest } = core;
  return { ...rest, markets: [gammaMarket(ctx, market, nowMs, false)], series: seriesList, tags: TAGS.map((t) => ({ ...t })) };
}
