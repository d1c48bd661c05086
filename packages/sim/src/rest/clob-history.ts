/**
 * CLOB `/prices-history`: the Up (or Down) token's price over a market's life, sampled every
 * `fidelity` minutes from the catalog's fair value, as `{"history":[{"t":<unix s>,"p":<number>}]}`.
 * Either `interval` (1h, 6h, 1d, 1w, 1m = one month, max, all) or `startTs`/`endTs` (never both);
 * a startTs..endTs range longer than the configured limit is refused so importers must split it.
 * Points exist from listing until the result is published, and never after "now".
 */
import { type Micros } from '@polymarket-arb/domain';
import type { SimMarket } from '../catalog.js';
import { hashInts } from '../catalog/hash.js';
import { microsNumber, type RestContext } from './context.js';
import { HttpError, intParam } from './http.js';

const INTERVALS: Readonly<Record<string, number | undefined>> = {
  '1h': 3_600,
  '6h': 21_600,
  '1d': 86_400,
  '1w': 604_800,
  '1m': 30 * 86_400,
  max: undefined,
  all: undefined,
};

export interface HistoryPoint {
  t: number;
  p: number;
}

export function pricesHistory(ctx: RestContext, url: URL): { history: HistoryPoint[] } {
  const token = url.searchParams.get('market');
  if (token === null || token === '') throw new HttpError(400, 'market is required: pass the decimal token id, e.g. market=7132...2563.');
  if (!/^\d{1,78}$/.test(token))
    throw new HttpError(400, `market=${token} is not a token id: pass the decimal token id, not a condition id.`);
  const nowSec = Math.floor(ctx.clock.nowMs() / 1000);
  const range = requestedRange(ctx, url, nowSec);
  const fidelity = intParam(url, 'fidelity', { fallback: 1, min: 1, max: 525_600, hint: 'fidelity is in minutes' });
  const found = ctx.findToken(token);
  if (!found) return { history: [] };
  return { history: samples(ctx, found.market, found.outcome, range, fidelity * 60, nowSec) };
}

function requestedRange(ctx: RestContext, url: URL, nowSec: number): { from: number; to: number } {
  const interval = url.searchParams.get('interval');
  const hasStart = url.searchParams.has('startTs');
  const hasEnd = url.searchParams.has('endTs');
  if (interval !== null) {
    if (hasStart || hasEnd) throw new HttpError(400, 'interval cannot be combined with startTs/endTs: pass one or the other.');
    if (!(interval in INTERVALS)) throw new HttpError(400, `interval=${interval} is not one of ${Object.keys(INTERVALS).join(', ')}.`);
    const span = INTERVALS[interval];
    return { from: span === undefined ? 0 : nowSec - span, to: nowSec };
  }
  if (!hasStart && !hasEnd) return { from: 0, to: nowSec };
  const from = intParam(url, 'startTs', { fallback: 0, min: 0, max: Number.MAX_SAFE_INTEGER, hint: 'startTs is unix seconds' });
  const to = intParam(url, 'endTs', { fallback: nowSec, min: 0, max: Number.MAX_SAFE_INTEGER, hint: 'endTs is unix seconds' });
  if (from > to) throw new HttpError(400, `startTs (${from}) is after endTs (${to}).`);
  const limit = ctx.limits.pricesHistoryMaxRangeSec;
  if (hasStart && to - from > limit) {
    throw new HttpError(
      400,
      `startTs..endTs spans ${to - from} s, more than the ${limit} s allowed per request; split it into smaller ranges.`,
    );
  }
  return { from, to };
}

/**
 * One point per fidelity bucket, stamped a few seconds into the bucket (real points are not
 * aligned: 1779465615, 1779469204, ...), priced at the fair value rounded to 0.0005.
 */
function samples(
  ctx: RestContext,
  market: SimMarket,
  outcome: 'yes' | 'no',
  range: { from: number; to: number },
  stepSec: number,
  nowSec: number,
): HistoryPoint[] {
  const first = Math.max(range.from, Math.ceil(market.listedAtMs / 1000));
  const last = Math.min(range.to, nowSec, Math.floor(market.resolvesAtMs / 1000));
  const points: HistoryPoint[] = [];
  for (let bucket = Math.floor(first / stepSec) * stepSec; bucket <= last; bucket += stepSec) {
    const t = bucket + (hashInts(ctx.catalog.seed, bucket, market.windowStart, 0x7157) % Math.min(20, stepSec));
    if (t < first || t > last) continue;
    points.push({ t, p: microsNumber(priceAt(ctx, market, outcome, t)) });
  }
  return points;
}

function priceAt(ctx: RestContext, market: SimMarket, outcome: 'yes' | 'no', t: number): Micros {
  const up = Math.round((ctx.catalog.upProbability(market, t * 1000) * 1_000_000) / 500) * 500;
  return outcome === 'yes' ? up : 1_000_000 - up;
}
