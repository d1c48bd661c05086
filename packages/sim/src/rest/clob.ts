/**
 * CLOB REST market data under `/clob`: `/book`, `POST /books`, `/midpoint`, `/tick-size`,
 * `/neg-risk`, `/time`, `/version`, `/ok`, `/clob-markets/{condition_id}` and `/prices-history`.
 * Books come from the live half (`LiveBookView`); a token without a live book gets the real 404.
 * Everything numeric is a string here except where the real service sends numbers
 * (`minimum_tick_size`, `/time`, the compact market info, price-history points).
 */
import { formatMicros } from '@polymarket-arb/domain';
import { bookTop, microsNumber, midOf, phaseOf, type RestContext } from './context.js';
import { pricesHistory } from './clob-history.js';
import { errorReply, HttpError, jsonReply, methodNotAllowed, notFound, type Reply } from './http.js';

const NO_BOOK = 'No orderbook exists for the requested token id';
const INVALID_TOKEN = 'Invalid token id';

export async function clobRoute(ctx: RestContext, method: string, path: string, url: URL, body: () => Promise<string>): Promise<Reply> {
  if (path === '/books') {
    if (method !== 'POST') return methodNotAllowed(method, '/clob/books', 'POST');
    return books(ctx, await body());
  }
  if (method !== 'GET') return methodNotAllowed(method, `/clob${path}`, 'GET');
  const infoMatch = /^\/clob-markets\/([^/]+)$/.exec(path);
  if (infoMatch) return clobMarketInfo(ctx, decodeURIComponent(infoMatch[1] ?? ''));
  switch (path) {
    case '/book':
      return book(ctx, url.searchParams.get('token_id'));
    case '/midpoint':
      return midpoint(ctx, url.searchParams.get('token_id'));
    case '/tick-size':
      return tickSize(ctx, url.searchParams.get('token_id'));
    case '/neg-risk':
      return negRisk(ctx, url.searchParams.get('token_id'));
    case '/time':
      return jsonReply(Math.floor(ctx.clock.nowMs() / 1000));
    case '/version':
      return jsonReply({ version: 2 });
    case '/ok':
      return jsonReply('OK');
    case '/prices-history':
      return jsonReply(pricesHistory(ctx, url));
    default:
      return notFound(method, `/clob${path}`);
  }
}

/** Token ids are uint256 decimal strings; anything else is the real 400. */
function checkToken(tokenId: string | null | undefined): string {
  if (typeof tokenId !== 'string' || !/^\d{1,78}$/.test(tokenId)) throw new HttpError(400, INVALID_TOKEN);
  return tokenId;
}

function book(ctx: RestContext, tokenId: string | null): Reply {
  const summary = ctx.books.bookSummary(checkToken(tokenId));
  return summary ? jsonReply(summary) : errorReply(404, NO_BOOK);
}

function books(ctx: RestContext, text: string): Reply {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return errorReply(400, 'Invalid payload: the body must be a JSON array like [{"token_id":"123"}].');
  }
  if (!Array.isArray(parsed)) return errorReply(400, 'Invalid payload: the body must be a JSON array like [{"token_id":"123"}].');
  if (parsed.length > ctx.limits.booksMaxItems) {
    return errorReply(400, `Too many token ids: ${parsed.length} in one request, at most ${ctx.limits.booksMaxItems}; split the request.`);
  }
  const out: Record<string, unknown>[] = [];
  for (const item of parsed) {
    const tokenId = checkToken((item as { token_id?: unknown } | null)?.token_id as string | undefined);
    const summary = ctx.books.bookSummary(tokenId);
    if (summary) out.push(summary);
  }
  return jsonReply(out);
}

function midpoint(ctx: RestContext, tokenId: string | null): Reply {
  const top = bookTop(ctx.books.bookSummary(checkToken(tokenId)));
  if (!top) return errorReply(404, NO_BOOK);
  const mid = midOf(top) ?? top.bid ?? top.ask;
  return mid === undefined ? errorReply(404, NO_BOOK) : jsonReply({ mid_price: formatMicros(mid) });
}

function tickSize(ctx: RestContext, tokenId: string | null): Reply {
  const token = checkToken(tokenId);
  const live = bookTop(ctx.books.bookSummary(token))?.tickSize;
  if (live !== undefined) return jsonReply({ minimum_tick_size: Number(live) });
  const found = ctx.findToken(token);
  return found ? jsonReply({ minimum_tick_size: microsNumber(found.market.tickSize) }) : errorReply(404, NO_BOOK);
}

function negRisk(ctx: RestContext, tokenId: string | null): Reply {
  const token = checkToken(tokenId);
  const found = ctx.findToken(token);
  if (found) return jsonReply({ neg_risk: found.market.negRisk });
  return ctx.books.bookSummary(token) ? jsonReply({ neg_risk: false }) : errorReply(404, NO_BOOK);
}

/**
 * Compact market info. Go-style: false booleans are omitted (`nr`, `itode` documented as such);
 * `ao` is always sent because clients need it. `fd` only when the market charges fees.
 */
function clobMarketInfo(ctx: RestContext, conditionId: string): Reply {
  const market = ctx.findCondition(conditionId);
  if (!market) return errorReply(404, 'market not found');
  const now = ctx.clock.nowMs();
  const liveTick = bookTop(ctx.books.bookSummary(market.yesTokenId))?.tickSize;
  const phase = phaseOf(market, now);
  const info: Record<string, unknown> = {
    c: market.conditionId,
    t: [
      { t: market.yesTokenId, o: 'Up' },
      { t: market.noTokenId, o: 'Down' },
    ],
    mos: microsNumber(market.minOrderSize),
    mts: liveTick === undefined ? microsNumber(market.tickSize) : Number(liveTick),
    mbf: 1000,
    tbf: 1000,
    itode: true,
  };
  if (market.negRisk) info.nr = true;
  if (market.meta.feesEnabled) {
    const fees = market.feeSchedule;
    info.fd = { r: microsNumber(fees.rate), e: fees.exponent, to: fees.takerOnly };
  }
  info.ao = phase === 'listed' || phase === 'live';
  return jsonReply(info);
}
