/**
 * Data API under `/data-api`: v1 `GET /trades` (a bare array, offset paging with capped `limit` and
 * `offset`) and v2 `GET /v2/trades` (`{data, pagination}` envelope, opaque cursor paging, `offset`
 * refused, at most 20 condition ids). Trades are the catalog's deterministic history, up to "now".
 */
import { HttpError, intParam, jsonReply, methodNotAllowed, notFound, boolParam, type Reply } from './http.js';
import type { RestContext } from './context.js';
import { compareTrades, conditionParams, marketsFor, parseFilter, selectTrades, v1Row, v2Row, type TradeRef } from './trade-rows.js';

export function dataApiRoute(ctx: RestContext, method: string, path: string, url: URL): Reply {
  if (method !== 'GET') return methodNotAllowed(method, `/data-api${path}`, 'GET');
  if (path === '/trades') return tradesV1(ctx, url);
  if (path === '/v2/trades') return tradesV2(ctx, url);
  return notFound(method, `/data-api${path}`);
}

function tradesV1(ctx: RestContext, url: URL): Reply {
  const { limits } = ctx;
  const limit = intParam(url, 'limit', { fallback: limits.tradesDefaultLimit, min: 0, max: limits.tradesMaxLimit });
  const offset = intParam(url, 'offset', {
    fallback: 0,
    min: 0,
    max: limits.tradesMaxOffset,
    hint: 'page deeper with /v2/trades and its cursor',
  });
  boolParam(url, 'takerOnly', true); // every simulated trade is a taker trade: validated, nothing to drop
  const filter = parseFilter(url, { filterType: 'filterType', filterAmount: 'filterAmount' });
  const markets = marketsFor(ctx, conditionParams(url, 'market'), conditionParams(url, 'eventId'));
  const rows = selectTrades(ctx, markets, filter).slice(offset, offset + limit);
  return jsonReply(rows.map((ref) => v1Row(ctx, ref)));
}

function tradesV2(ctx: RestContext, url: URL): Reply {
  const { limits } = ctx;
  if (url.searchParams.has('offset'))
    throw new HttpError(400, 'offset is not supported by /v2/trades: page with the cursor parameter, using pagination.next_cursor.');
  const limit = intParam(url, 'limit', { fallback: limits.tradesDefaultLimit, min: 1, max: limits.tradesV2MaxLimit });
  const conditions = conditionParams(url, 'condition', 'condition_id', 'conditionId');
  if (conditions.length > limits.tradesV2MaxConditions) {
    throw new HttpError(
      400,
      `condition lists ${conditions.length} ids, at most ${limits.tradesV2MaxConditions} are allowed; split the request.`,
    );
  }
  boolParam(url, 'taker_only', true);
  const filter = parseFilter(url, { filterType: 'filter_type', filterAmount: 'filter_amount' });
  filter.start = optionalSeconds(url, 'start');
  filter.end = optionalSeconds(url, 'end');
  const all = selectTrades(ctx, marketsFor(ctx, conditions, conditionParams(url, 'event_id')), filter);
  const cursor = url.searchParams.get('cursor');
  const from = cursor === null || cursor === '' ? 0 : firstAfter(all, decodeCursor(cursor));
  const page = all.slice(from, from + limit);
  const last = page[page.length - 1];
  const hasMore = from + page.length < all.length;
  return jsonReply({
    data: page.map((ref) => v2Row(ctx, ref)),
    pagination: { limit, offset: 0, has_more: hasMore, next_cursor: hasMore && last ? encodeCursor(last) : null },
  });
}

function optionalSeconds(url: URL, name: string): number | undefined {
  return url.searchParams.has(name)
    ? intParam(url, name, { fallback: 0, min: 0, max: Number.MAX_SAFE_INTEGER, hint: `${name} is unix seconds` })
    : undefined;
}

interface CursorKey {
  timestamp: number;
  conditionId: string;
  seq: number;
}

/** Opaque to clients: base64url of the sort key of the last row served. */
function encodeCursor(ref: TradeRef): string {
  return Buffer.from(`t1:${ref.trade.timestamp}:${ref.market.conditionId}:${ref.trade.seq}`).toString('base64url');
}

function decodeCursor(cursor: string): CursorKey {
  const m = /^t1:(\d+):(0x[0-9a-f]{64}):(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw new HttpError(400, 'cursor is not valid: pass pagination.next_cursor from the previous page unchanged.');
  return { timestamp: Number(m[1]), conditionId: m[2] ?? '', seq: Number(m[3]) };
}

/** Index of the first row strictly after the cursor's key in newest-first order. */
function firstAfter(rows: TradeRef[], key: CursorKey): number {
  const probe = { market: { conditionId: key.conditionId }, trade: { timestamp: key.timestamp, seq: key.seq } } as TradeRef;
  const index = rows.findIndex((row) => compareTrades(probe, row) < 0);
  return index < 0 ? rows.length : index;
}
