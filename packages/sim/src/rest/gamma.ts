/**
 * Gamma (market discovery) under `/gamma`: `/events?slug=..`, `/events/slug/{slug}`, `/events/{id}`,
 * `/markets?slug=..`, `/markets/slug/{slug}`, `/markets/{id}`. A market exists from its listing time
 * on (about a day ahead of its window); unknown or not-yet-listed markets give `[]` on the list
 * endpoints and 404 on the single ones. Since 2026-04-09 `/markets` hides closed markets unless
 * `closed=true` is passed; `/events` does not filter unless asked.
 */
import { WINDOW_SECONDS, type CryptoAsset } from '@polymarket-arb/domain';
import type { SimMarket } from '../catalog.js';
import { isListed, phaseOf, type RestContext } from './context.js';
import { gammaEvent, gammaEventCore } from './gamma-event.js';
import { gammaMarket } from './gamma-market.js';
import { boolParam, errorReply, intParam, jsonReply, listParam, methodNotAllowed, notFound, type Reply } from './http.js';

const ASSETS: readonly CryptoAsset[] = ['BTC', 'ETH', 'SOL', 'XRP'];

export function gammaRoute(ctx: RestContext, method: string, path: string, url: URL): Reply {
  if (method !== 'GET') return methodNotAllowed(method, `/gamma${path}`, 'GET');
  const now = ctx.clock.nowMs();
  const single = /^\/(events|markets)\/(slug\/)?([^/]+)$/.exec(path);
  if (single) {
    const kind = single[1] === 'events' ? 'event' : 'market';
    const key = decodeURIComponent(single[3] ?? '');
    const market = single[2] ? ctx.catalog.marketBySlug(key) : ctx.catalog.marketByGammaId(key, kind);
    if (!market || !isListed(market, now)) return errorReply(404, `${kind} not found`);
    return jsonReply(kind === 'event' ? gammaEvent(ctx, market, now) : gammaMarket(ctx, market, now, gammaEventCore(ctx, market, now)));
  }
  if (path === '/events') return jsonReply(page(ctx, url, selectMarkets(ctx, url, 'event', now)).map((m) => gammaEvent(ctx, m, now)));
  if (path === '/markets')
    return jsonReply(
      page(ctx, url, selectMarkets(ctx, url, 'market', now)).map((m) => gammaMarket(ctx, m, now, gammaEventCore(ctx, m, now))),
    );
  return notFound(method, `/gamma${path}`);
}

/** The listed markets a list request names (or, with no identifier, those around now), filtered. */
function selectMarkets(ctx: RestContext, url: URL, kind: 'event' | 'market', now: number): SimMarket[] {
  const named = namedMarkets(ctx, url, kind);
  const candidates = named ?? marketsAround(ctx, now);
  // `closed` defaults to false on /markets since 2026-04-09; /events has no default.
  const closed = boolParam(url, 'closed', kind === 'market' ? false : undefined);
  const active = boolParam(url, 'active', undefined);
  return candidates.filter((m) => {
    if (!isListed(m, now)) return false;
    const isClosed = phaseOf(m, now) === 'resolved';
    if (closed !== undefined && isClosed !== closed) return false;
    return active !== false; // every listed market is active, as on the real service
  });
}

/** Markets named by slug, id, condition or token id; undefined when the request names none. */
function namedMarkets(ctx: RestContext, url: URL, kind: 'event' | 'market'): SimMarket[] | undefined {
  const slugs = listParam(url, 'slug');
  const ids = listParam(url, 'id');
  const conditions = kind === 'market' ? listParam(url, 'condition_ids') : [];
  const tokens = kind === 'market' ? listParam(url, 'clob_token_ids') : [];
  if (slugs.length + ids.length + conditions.length + tokens.length === 0) return undefined;
  const found = new Map<string, SimMarket>();
  const add = (m: SimMarket | undefined): void => {
    if (m) found.set(m.conditionId, m);
  };
  for (const slug of slugs) add(ctx.catalog.marketBySlug(slug));
  for (const id of ids) add(ctx.catalog.marketByGammaId(id, kind));
  for (const condition of conditions) add(ctx.findCondition(condition));
  for (const token of tokens) add(ctx.findToken(token)?.market);
  return [...found.values()].sort((a, b) => Number(a.marketId) - Number(b.marketId));
}

/** Without identifiers: every market of the last day and the listing horizon, by window. */
function marketsAround(ctx: RestContext, now: number): SimMarket[] {
  const nowSec = Math.floor(now / 1000);
  const first = Math.max(0, Math.floor((nowSec - 86_400) / WINDOW_SECONDS) * WINDOW_SECONDS);
  const last = Math.floor((nowSec + 86_400 + 3_600) / WINDOW_SECONDS) * WINDOW_SECONDS;
  const out: SimMarket[] = [];
  for (let start = first; start <= last; start += WINDOW_SECONDS) {
    for (const asset of ASSETS) out.push(ctx.catalog.market(asset, start));
  }
  return out;
}

/** `limit`/`offset` paging; the default limit applies only to listings that name no market. */
function page(ctx: RestContext, url: URL, markets: SimMarket[]): SimMarket[] {
  const named = ['slug', 'id', 'condition_ids', 'clob_token_ids'].some((name) => url.searchParams.has(name));
  const fallback = named ? Math.max(markets.length, ctx.limits.gammaDefaultLimit) : ctx.limits.gammaDefaultLimit;
  const limit = intParam(url, 'limit', { fallback, min: 0, max: Math.max(fallback, ctx.limits.gammaMaxLimit) });
  const offset = intParam(url, 'offset', { fallback: 0, min: 0, max: Number.MAX_SAFE_INTEGER });
  return markets.slice(offset, offset + limit);
}
