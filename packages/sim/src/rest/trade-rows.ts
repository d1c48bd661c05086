/**
 * Public trades as the Data API serves them: selection (markets, time, side, user, size filters),
 * a total newest-first order with a keyset cursor (so cursor paging never repeats or skips a
 * trade, even while a live window keeps trading), and the v1 (camelCase) and v2 (snake_case) rows.
 * Sizes, prices and timestamps are JSON numbers on this API, unlike the CLOB's strings.
 */
import { WINDOW_SECONDS, type CryptoAsset } from '@polymarket-arb/domain';
import type { SimMarket, SimTrade } from '../catalog.js';
import { ASSET_ICONS } from '../catalog/metadata.js';
import { isListed, microsNumber, type RestContext } from './context.js';
import { HttpError, listParam } from './http.js';

export interface TradeRef {
  readonly market: SimMarket;
  readonly trade: SimTrade;
}

export interface TradeFilter {
  side: 'BUY' | 'SELL' | undefined;
  user: string | undefined;
  minCash: number | undefined;
  minTokens: number | undefined;
  start: number | undefined;
  end: number | undefined;
}

const ASSETS: readonly CryptoAsset[] = ['BTC', 'ETH', 'SOL', 'XRP'];

/** Newest first; ties by condition id, then by sequence, both descending. */
export function compareTrades(a: TradeRef, b: TradeRef): number {
  if (a.trade.timestamp !== b.trade.timestamp) return b.trade.timestamp - a.trade.timestamp;
  if (a.market.conditionId !== b.market.conditionId) return a.market.conditionId < b.market.conditionId ? 1 : -1;
  return b.trade.seq - a.trade.seq;
}

/** Markets a request names by condition id (and event id), or the recent windows when it names none. */
export function marketsFor(ctx: RestContext, conditionIds: string[], eventIds: string[]): SimMarket[] {
  const now = ctx.clock.nowMs();
  if (conditionIds.length === 0 && eventIds.length === 0) {
    const current = Math.floor(now / 1000 / WINDOW_SECONDS) * WINDOW_SECONDS;
    const recent: SimMarket[] = [];
    for (let start = current - WINDOW_SECONDS; start <= current + WINDOW_SECONDS; start += WINDOW_SECONDS) {
      for (const asset of ASSETS) if (start >= 0) recent.push(ctx.catalog.market(asset, start));
    }
    return recent.filter((m) => isListed(m, now));
  }
  const found = new Map<string, SimMarket>();
  for (const id of conditionIds) {
    const market = ctx.findCondition(id);
    if (market) found.set(market.conditionId, market);
  }
  for (const id of eventIds) {
    const market = ctx.catalog.marketByGammaId(id, 'event');
    if (market) found.set(market.conditionId, market);
  }
  return [...found.values()].filter((m) => isListed(m, now));
}

/** Every trade of `markets` up to now that passes `filter`, newest first. */
export function selectTrades(ctx: RestContext, markets: SimMarket[], filter: TradeFilter): TradeRef[] {
  const nowSec = Math.floor(ctx.clock.nowMs() / 1000);
  const rows: TradeRef[] = [];
  for (const market of markets) {
    for (const trade of ctx.catalog.trades(market)) {
      if (trade.timestamp > nowSec) break;
      if (passes(ctx, trade, filter)) rows.push({ market, trade });
    }
  }
  return rows.sort(compareTrades);
}

function passes(ctx: RestContext, trade: SimTrade, f: TradeFilter): boolean {
  if (f.side !== undefined && trade.side !== f.side) return false;
  if (f.start !== undefined && trade.timestamp < f.start) return false;
  if (f.end !== undefined && trade.timestamp > f.end) return false;
  if (f.user !== undefined && ctx.catalog.trader(trade.traderIndex).wallet !== f.user) return false;
  if (f.minTokens !== undefined && trade.size / 1e6 < f.minTokens) return false;
  if (f.minCash !== undefined && (trade.size / 1e6) * (trade.price / 1e6) < f.minCash) return false;
  return true;
}

/** side, user and filterType/filterAmount, shared by v1 and v2 (v2 spells them snake_case). */
export function parseFilter(url: URL, names: { filterType: string; filterAmount: string }): TradeFilter {
  const side = url.searchParams.get('side');
  if (side !== null && side !== 'BUY' && side !== 'SELL') throw new HttpError(400, `side=${side} must be BUY or SELL.`);
  const user = url.searchParams.get('user');
  if (user !== null && !/^0x[0-9a-fA-F]{40}$/.test(user)) throw new HttpError(400, `user=${user} is not a wallet address (0x + 40 hex).`);
  const type = url.searchParams.get(names.filterType);
  const amountText = url.searchParams.get(names.filterAmount);
  if ((type === null) !== (amountText === null)) {
    throw new HttpError(
      400,
      `${names.filterType} and ${names.filterAmount} go together: pass both (e.g. ${names.filterType}=CASH&${names.filterAmount}=100) or neither.`,
    );
  }
  if (type !== null && type !== 'CASH' && type !== 'TOKENS')
    throw new HttpError(400, `${names.filterType}=${type} must be CASH or TOKENS.`);
  const amount = amountText === null ? undefined : Number(amountText);
  if (amount !== undefined && !(amount >= 0))
    throw new HttpError(400, `${names.filterAmount}=${amountText} must be a non-negative number.`);
  return {
    side: side ?? undefined,
    user: user?.toLowerCase(),
    minCash: type === 'CASH' ? amount : undefined,
    minTokens: type === 'TOKENS' ? amount : undefined,
    start: undefined,
    end: undefined,
  };
}

/** Condition ids from `market`/`condition` style parameters (comma-separated and/or repeated). */
export function conditionParams(url: URL, ...names: string[]): string[] {
  return listParam(url, ...names);
}

function rowFacts(ctx: RestContext, ref: TradeRef) {
  const { market, trade } = ref;
  return {
    trader: ctx.catalog.trader(trade.traderIndex),
    token: trade.outcome === 'yes' ? market.yesTokenId : market.noTokenId,
    outcome: trade.outcome === 'yes' ? 'Up' : 'Down',
    outcomeIndex: trade.outcome === 'yes' ? 0 : 1,
    hash: ctx.catalog.transactionHash(market, trade),
  };
}

/** Data API v1 row (camelCase). No v1 capture exists: names follow the reference's list (§4.3 b). */
export function v1Row(ctx: RestContext, ref: TradeRef): Record<string, unknown> {
  const { market, trade } = ref;
  const f = rowFacts(ctx, ref);
  return {
    proxyWallet: f.trader.wallet,
    side: trade.side,
    asset: f.token,
    conditionId: market.conditionId,
    size: microsNumber(trade.size),
    price: microsNumber(trade.price),
    timestamp: trade.timestamp,
    title: market.question,
    slug: market.slug,
    icon: ASSET_ICONS[market.asset],
    eventSlug: market.slug,
    outcome: f.outcome,
    outcomeIndex: f.outcomeIndex,
    name: f.trader.name,
    pseudonym: f.trader.pseudonym,
    bio: '',
    profileImage: '',
    profileImageOptimized: '',
    transactionHash: f.hash,
  };
}

/** Data API v2 row (snake_case), in the order of the 2026-08 capture. */
export function v2Row(ctx: RestContext, ref: TradeRef): Record<string, unknown> {
  const { market, trade } = ref;
  const f = rowFacts(ctx, ref);
  return {
    proxy_wallet: f.trader.wallet,
    side: trade.side,
    token_id: f.token,
    condition_id: market.conditionId,
    size: microsNumber(trade.size),
    price: microsNumber(trade.price),
    timestamp: trade.timestamp,
    title: market.question,
    slug: market.slug,
    icon: ASSET_ICONS[market.asset],
    event_slug: market.slug,
    outcome: f.outcome,
    outcome_index: f.outcomeIndex,
    name: f.trader.name,
    pseudonym: f.trader.pseudonym,
    bio: '',
    profile_image: '',
    profile_image_optimized: '',
    transaction_hash: f.hash,
  };
}
