/**
 * Gamma's Event object for a simulated market: one event per market (event slug = market slug),
 * with its 15m series and tags as on the captured 15m event (test/fixtures/gamma_events_*).
 */
import type { SimMarket } from '../catalog.js';
import { ASSET_ICONS, SERIES_IDS, seriesSlug } from '../catalog/metadata.js';
import { isoSeconds } from '../catalog/text.js';
import { microsNumber, type RestContext } from './context.js';
import { gammaMarket } from './gamma-market.js';
import { gammaTimes, marketNumbers, type Json } from './gamma-state.js';

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
export function gammaEventCore(ctx: RestContext, market: SimMarket, nowMs: number): Json {
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
  return { ...rest, markets: [gammaMarket(ctx, market, nowMs)], series: seriesList, tags: TAGS.map((t) => ({ ...t })) };
}
