/**
 * One trades item: every public trade of one market, newest first, from the Data API.
 *
 * v1 `/trades` pages by offset, and the offset is capped (1000 by the 2025-08-26 changelog): with
 * `limit` 500 it reaches the newest 1500 trades. In `auto` mode a market with more continues on
 * v2 `/v2/trades` (cursor paging, no cap) restricted to trades at or before the oldest one v1 saw,
 * and the summary names it; in `v1` mode it is left `capped` and reported. `v2` mode pages by
 * cursor only. After every page its rows are queued with a `partial` checkpoint holding the
 * cursor, so an interrupted market resumes at the next page.
 *
 * Cursors: `v1:<offset>:<oldest timestamp>` or `v2:<end timestamp or ->:<next_cursor>`.
 */
import { HttpStatusError } from '@polymarket-arb/venue';
import type { MarketRef } from '../gamma.js';
import type { TradesApi } from '../request.js';
import { tradeRows, type TradeSource } from '../rows.js';
import type { Checkpoint } from '../checkpoints.js';
import { parseTradesV1, parseTradesV2, type TradeRecord } from '../wire/trades.js';
import type { ItemResult, JobContext } from './context.js';

export interface TradesSettings {
  readonly api: TradesApi;
  /** Rows per page (500 is the documented maximum). */
  readonly pageLimit: number;
  /** Largest offset v1 accepts. */
  readonly v1MaxOffset: number;
}

export interface TradeItem {
  readonly market: MarketRef;
  /** Checkpoint of an earlier, interrupted run to resume from. */
  readonly resume: Checkpoint | undefined;
}

/** Safety stop for a cursor that never ends (a server bug would otherwise loop forever). */
const MAX_PAGES = 100_000;

/** One market's import in progress; `rows` counts its trades over every run. */
interface Run {
  readonly ctx: JobContext;
  readonly settings: TradesSettings;
  readonly item: TradeItem;
  rows: number;
}

type Position =
  { api: 'v1'; offset: number; oldest: number | undefined } | { api: 'v2'; end: number | undefined; cursor: string | undefined };

export async function importTradeItem(ctx: JobContext, settings: TradesSettings, item: TradeItem): Promise<ItemResult> {
  let position = startPosition(settings.api, item.resume);
  const run: Run = { ctx, settings, item, rows: item.resume?.status === 'partial' ? item.resume.rows : 0 };
  for (let page = 0; page < MAX_PAGES; page++) {
    const next = position.api === 'v1' ? await v1Page(run, position) : await v2Page(run, position);
    if (next === 'capped' || next === 'done' || next === 'open') {
      if (run.rows === 0) ctx.stats.emptyItems++;
      return next;
    }
    position = next;
  }
  throw new Error(`more than ${MAX_PAGES} pages of trades for ${item.market.slug}: the cursor does not end`);
}

/** Where to start: the checkpoint's cursor, unless it belongs to an API the chosen mode does not use. */
function startPosition(api: TradesApi, resume: Checkpoint | undefined): Position {
  const parsed = resume?.status === 'partial' ? parseCursor(resume.cursor) : undefined;
  // An earlier v1 run's newest trades are stored: v2 continues below the oldest of them.
  if (parsed?.api === 'v1' && api === 'v2') return { api: 'v2', end: parsed.oldest, cursor: undefined };
  if (parsed && !(parsed.api === 'v2' && api === 'v1')) return parsed;
  return api === 'v2' ? { api: 'v2', end: undefined, cursor: undefined } : { api: 'v1', offset: 0, oldest: undefined };
}

export function parseCursor(text: string): Position | undefined {
  const v1 = /^v1:(\d+):(\d*)$/.exec(text);
  if (v1) return { api: 'v1', offset: Number(v1[1]), oldest: v1[2] ? Number(v1[2]) : undefined };
  const v2 = /^v2:(\d+|-):(.*)$/.exec(text);
  if (v2) return { api: 'v2', end: v2[1] === '-' ? undefined : Number(v2[1]), cursor: v2[2] || undefined };
  return undefined;
}

export function formatCursor(p: Position): string {
  return p.api === 'v1' ? `v1:${p.offset}:${p.oldest ?? ''}` : `v2:${p.end ?? '-'}:${p.cursor ?? ''}`;
}

async function v1Page(run: Run, at: Extract<Position, { api: 'v1' }>): Promise<Position | ItemResult> {
  const { ctx, settings: s, item } = run;
  if (at.offset > s.v1MaxOffset) return pastV1Cap(run, at);
  const query = new URLSearchParams({
    market: item.market.conditionId,
    limit: String(s.pageLimit),
    offset: String(at.offset),
    takerOnly: 'true',
  });
  let body: unknown;
  try {
    body = await ctx.http.getJson('data_trades', `${ctx.endpoints.dataApiUrl}/trades?${query}`, ctx.signal);
  } catch (err) {
    // The server's cap may be lower than configured: a 400 past the first page means the same.
    if (err instanceof HttpStatusError && err.status === 400 && at.offset > 0) return pastV1Cap(run, at);
    throw err;
  }
  const rows = parseTradesV1(body, ctx.numbers);
  const oldest = rows.reduce((min, r) => Math.min(min, r.timestamp), at.oldest ?? Number.POSITIVE_INFINITY);
  const next: Position = { api: 'v1', offset: at.offset + rows.length, oldest: Number.isFinite(oldest) ? oldest : undefined };
  const last = rows.length < s.pageLimit;
  return commitPage(run, rows, 'data-api/v1', last ? undefined : next);
}

/** v1 cannot page further: continue on v2 (auto) or stop and report (v1 only). */
async function pastV1Cap(run: Run, at: Extract<Position, { api: 'v1' }>): Promise<Position | ItemResult> {
  const { ctx, item } = run;
  if (run.settings.api === 'v1') {
    ctx.stats.capped.push(item.market.slug);
    const checkpoint = tradesCheckpoint(item.market, 'capped', '', run.rows, `v1 reaches ${at.offset} trades; the market has more`);
    await ctx.committer.add('trade_history', tradeRows([], item.market, 'data-api/v1', 0), checkpoint);
    return 'capped';
  }
  ctx.stats.switchedToV2.push(item.market.slug);
  return { api: 'v2', end: at.oldest, cursor: undefined };
}

async function v2Page(run: Run, at: Extract<Position, { api: 'v2' }>): Promise<Position | ItemResult> {
  const { ctx, settings: s, item } = run;
  const query = new URLSearchParams({ condition: item.market.conditionId, limit: String(s.pageLimit), taker_only: 'true' });
  if (at.end !== undefined) query.set('end', String(at.end));
  if (at.cursor !== undefined) query.set('cursor', at.cursor);
  const body = await ctx.http.getJson('data_trades', `${ctx.endpoints.dataApiUrl}/v2/trades?${query}`, ctx.signal);
  const page = parseTradesV2(body, ctx.numbers);
  if (page.nextCursor !== undefined && page.nextCursor === at.cursor)
    throw new Error(`/v2/trades returned the same cursor twice for ${item.market.slug}`);
  const next: Position | undefined = page.nextCursor === undefined ? undefined : { api: 'v2', end: at.end, cursor: page.nextCursor };
  return commitPage(run, page.rows, 'data-api/v2', next);
}

/** Queue a page with its checkpoint: `partial` at `next`, or final when there is no next page. */
async function commitPage(
  run: Run,
  records: TradeRecord[],
  source: TradeSource,
  next: Position | undefined,
): Promise<Position | ItemResult> {
  const { ctx, item } = run;
  const { market } = item;
  const mine = records.filter((r) => r.conditionId === market.conditionId);
  ctx.stats.rowsFetched += mine.length;
  run.rows += mine.length;
  const importedAt = ctx.clock.nowMs();
  const status = next !== undefined ? 'partial' : market.closed ? 'done' : 'open';
  const checkpoint = tradesCheckpoint(market, status, next ? formatCursor(next) : '', run.rows, '');
  await ctx.committer.add('trade_history', tradeRows(mine, market, source, importedAt), checkpoint);
  return next ?? (status as ItemResult);
}

function tradesCheckpoint(market: MarketRef, status: Checkpoint['status'], cursor: string, rows: number, detail: string): Checkpoint {
  return {
    kind: 'trades',
    key: market.conditionId,
    rangeStart: market.windowStart,
    rangeEnd: market.windowEnd,
    status,
    cursor,
    rows,
    detail,
  };
}
