/**
 * Gamma's Market object for a simulated market, as `/markets` and `/events` return it. Field
 * names, order and types follow the real captures (test/fixtures/gamma_market_*): `outcomes`,
 * `outcomePrices` and `clobTokenIds` are JSON-encoded strings written with ", " separators,
 * `volume` and `liquidity` are strings while `volumeNum` and friends are numbers, dates are ISO
 * text of three styles, and the fee/resolution fields follow the market's era.
 */
import { formatMicros } from '@polymarket-arb/domain';
import type { SimMarket } from '../catalog.js';
import { ASSET_ICONS } from '../catalog/metadata.js';
import { isoDate, isoMicros, isoSeconds, postgresSeconds } from '../catalog/text.js';
import { microsNumber, type RestContext } from './context.js';
import { encodedList, gammaTimes, marketNumbers, priceChanges, type Json } from './gamma-state.js';

/** The Gamma Market object; `eventStub` (the Event without markets) is what `/markets` responses nest as `events`. */
export function gammaMarket(ctx: RestContext, market: SimMarket, nowMs: number, eventStub?: Json): Json {
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
  if (eventStub) out.events = [eventStub];
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
    out.feeSchedule = {
      exponent: fees.exponent,
      rate: microsNumber(fees.rate),
      takerOnly: fees.takerOnly,
      rebateRate: microsNumber(fees.rebateRate),
    };
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
