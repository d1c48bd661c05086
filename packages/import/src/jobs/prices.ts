/**
 * One price item: a token's `/prices-history` over one planned range, at one fidelity. The range
 * is requested up to "now" at most; if the API refuses a range longer than a day as too long it is
 * halved until accepted. Points are written with one checkpoint for the whole range: `done` when
 * the series can no longer change (its market closed, or the range lies in the past), `open`
 * otherwise (fetched again next time; the table's keys absorb the repeat).
 */
import { HttpStatusError } from '@polymarket-arb/venue';
import { halve, type SecondsRange } from '../ranges.js';
import { priceRows, type SeriesMeta } from '../rows.js';
import { parsePricesHistory, type PricePoint } from '../wire/prices.js';
import type { ItemResult, JobContext } from './context.js';

export interface PriceItem {
  readonly series: SeriesMeta;
  readonly fidelity: number;
  /** The range the checkpoint is keyed by (unix s, inclusive). */
  readonly planned: SecondsRange;
  /** The series will not change any more once fetched. */
  readonly final: boolean;
}

/** Ranges longer than this are halved when the API refuses them with a 400. */
const MIN_SPLIT_SPAN_SEC = 86_400;

export function priceCheckpointKey(tokenId: string, fidelity: number): string {
  return `${tokenId}:${fidelity}`;
}

export async function importPriceItem(ctx: JobContext, item: PriceItem): Promise<ItemResult> {
  const nowSec = Math.floor(ctx.clock.nowMs() / 1000);
  const range = { from: item.planned.from, to: Math.min(item.planned.to, nowSec) };
  const points = range.from <= range.to ? await fetchPoints(ctx, item, range) : [];
  if (points.length === 0) ctx.stats.emptyItems++;
  ctx.stats.rowsFetched += points.length;
  const importedAt = ctx.clock.nowMs();
  const status: ItemResult = item.final ? 'done' : 'open';
  await ctx.committer.add('price_history', priceRows(points, item.series, item.fidelity, importedAt), {
    kind: 'prices',
    key: priceCheckpointKey(item.series.tokenId, item.fidelity),
    rangeStart: item.planned.from,
    rangeEnd: item.planned.to,
    status,
    cursor: '',
    rows: points.length,
    detail: '',
  });
  return status;
}

async function fetchPoints(ctx: JobContext, item: PriceItem, range: SecondsRange): Promise<PricePoint[]> {
  const query = new URLSearchParams({
    market: item.series.tokenId,
    startTs: String(range.from),
    endTs: String(range.to),
    fidelity: String(item.fidelity),
  });
  let body: unknown;
  try {
    body = await ctx.http.getJson('clob_prices_history', `${ctx.endpoints.clobUrl}/prices-history?${query}`, ctx.signal);
  } catch (err) {
    if (!(err instanceof HttpStatusError && err.status === 400 && range.to - range.from > MIN_SPLIT_SPAN_SEC)) throw err;
    ctx.stats.rangeSplits++;
    const [first, second] = halve(range);
    return [...(await fetchPoints(ctx, item, first)), ...(await fetchPoints(ctx, item, second))];
  }
  return parsePricesHistory(body, ctx.numbers).filter((p) => p.t >= range.from && p.t <= range.to);
}
