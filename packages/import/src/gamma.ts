/**
 * Finding markets on Gamma (protocol reference §1): the 15-minute Up/Down markets of a range by
 * their slugs (`{asset}-updown-15m-{windowStart}`, many slugs per `/events` request, `closed=true`
 * first since past markets are closed, then without it for the ones still open), and the markets
 * behind explicit token ids (`/markets?clob_token_ids=`). Each found 15-minute market also becomes
 * a `market_windows` row, with its resolution when closed.
 */
import { parseWindowSlug, PolyError, type CryptoAsset } from '@polymarket-arb/domain';
import { marketWindowRow, type ResolutionInfo } from '@polymarket-arb/common';
import { gammaWinner, type HttpClient, marketWindowFromGamma, type Route, WireFormatError } from '@polymarket-arb/venue';

/** What an import needs to know about one 15-minute market. */
export interface MarketRef {
  readonly slug: string;
  readonly asset: CryptoAsset;
  readonly eventId: string;
  readonly conditionId: string;
  readonly yesTokenId: string;
  readonly noTokenId: string;
  /** Unix seconds. */
  readonly windowStart: number;
  readonly windowEnd: number;
  /** Resolved: its trades and prices will not change any more. */
  readonly closed: boolean;
}

export interface GammaContext {
  readonly http: HttpClient;
  readonly gammaUrl: string;
  readonly signal: AbortSignal;
  readonly nowMs: number;
  /** Most slugs or token ids per request. */
  readonly batch: number;
}

export interface FoundMarkets {
  readonly markets: MarketRef[];
  /** `market_windows` rows of the found markets. */
  readonly rows: object[];
  /** Requested slugs Gamma has no market for. */
  readonly missing: string[];
  /** Markets Gamma returned that could not be read, one sentence each. */
  readonly problems: string[];
}

type Obj = Record<string, unknown>;

/** The markets of `slugs`: `closed=true` first, then the rest without the filter. */
export async function marketsBySlug(ctx: GammaContext, slugs: readonly string[]): Promise<FoundMarkets> {
  const closed = await fetchBySlug(ctx, slugs, true);
  if (closed.missing.length === 0) return closed;
  const rest = await fetchBySlug(ctx, closed.missing, undefined);
  return {
    markets: [...closed.markets, ...rest.markets],
    rows: [...closed.rows, ...rest.rows],
    missing: rest.missing,
    problems: [...closed.problems, ...rest.problems],
  };
}

async function fetchBySlug(ctx: GammaContext, slugs: readonly string[], closed: boolean | undefined): Promise<FoundMarkets> {
  const wanted = new Set(slugs);
  const found = new Map<string, { ref: MarketRef; row: object }>();
  const problems: string[] = [];
  for (let i = 0; i < slugs.length; i += ctx.batch) {
    const batch = slugs.slice(i, i + ctx.batch);
    const params = new URLSearchParams();
    for (const slug of batch) params.append('slug', slug);
    if (closed !== undefined) params.set('closed', String(closed));
    params.set('limit', String(batch.length));
    const events = await getList(ctx, 'gamma_events', `/events?${params}`);
    for (const event of events) {
      const markets = (event as Obj | null)?.markets;
      if (!Array.isArray(markets)) continue;
      for (const market of markets) {
        const slug = (market as Obj | null)?.slug;
        // Gamma ignores filters it does not know and can return other markets: check every slug.
        if (typeof slug !== 'string' || !wanted.has(slug) || found.has(slug)) continue;
        const read = readMarket(market, event, ctx.nowMs);
        if (typeof read === 'string') problems.push(read);
        else found.set(slug, read);
      }
    }
  }
  return {
    markets: [...found.values()].map((f) => f.ref),
    rows: [...found.values()].map((f) => f.row),
    missing: slugs.filter((s) => !found.has(s)),
    problems,
  };
}

/** What is known about an explicit token: its market's event, asset and side ('' when unknown). */
export interface TokenMeta {
  readonly eventId: string;
  readonly asset: string;
  readonly side: 'yes' | 'no' | '';
  /** The 15-minute market it belongs to, if it is one. */
  readonly market: MarketRef | undefined;
}

/** Look tokens up on Gamma `/markets?clob_token_ids=` (closed first); unknown tokens are absent from the map. */
export async function tokensMeta(
  ctx: GammaContext,
  tokens: readonly string[],
): Promise<{ meta: Map<string, TokenMeta>; rows: object[]; problems: string[] }> {
  const meta = new Map<string, TokenMeta>();
  const rows: object[] = [];
  const problems: string[] = [];
  for (const closed of [true, undefined]) {
    const missing = tokens.filter((t) => !meta.has(t));
    for (let i = 0; i < missing.length; i += ctx.batch) {
      const params = new URLSearchParams();
      for (const token of missing.slice(i, i + ctx.batch)) params.append('clob_token_ids', token);
      if (closed !== undefined) params.set('closed', 'true');
      for (const market of await getList(ctx, 'gamma_markets', `/markets?${params}`)) addTokenMeta(market, meta, rows, problems, ctx.nowMs);
    }
  }
  return { meta, rows, problems };
}

function addTokenMeta(market: unknown, meta: Map<string, TokenMeta>, rows: object[], problems: string[], nowMs: number): void {
  const m = market as Obj;
  const slug = typeof m?.slug === 'string' ? m.slug : '';
  if (parseWindowSlug(slug)) {
    const read = readMarket(market, undefined, nowMs);
    if (typeof read === 'string') return void problems.push(read);
    rows.push(read.row);
    const { ref } = read;
    meta.set(ref.yesTokenId, { eventId: ref.eventId, asset: ref.asset, side: 'yes', market: ref });
    meta.set(ref.noTokenId, { eventId: ref.eventId, asset: ref.asset, side: 'no', market: ref });
    return;
  }
  // Another kind of market: keep what is certain (event id, and index 0 = the first outcome).
  const tokens = tokenIdsOf(m);
  const eventId = String((Array.isArray(m.events) ? (m.events[0] as Obj | undefined)?.id : undefined) ?? '');
  tokens.forEach((token, index) =>
    meta.set(token, { eventId, asset: '', side: index === 0 ? 'yes' : index === 1 ? 'no' : '', market: undefined }),
  );
}

function tokenIdsOf(m: Obj): string[] {
  if (Array.isArray(m.positionIds)) return m.positionIds.map(String);
  try {
    const ids = typeof m.clobTokenIds === 'string' ? (JSON.parse(m.clobTokenIds) as unknown) : m.clobTokenIds;
    return Array.isArray(ids) ? ids.map(String) : [];
  } catch {
    return [];
  }
}

function readMarket(market: unknown, event: unknown, nowMs: number): { ref: MarketRef; row: object } | string {
  try {
    const w = marketWindowFromGamma(market, event);
    const resolution = resolutionOf(market as Obj);
    const ref: MarketRef = {
      slug: w.slug,
      asset: w.asset,
      eventId: w.eventId,
      conditionId: w.conditionId,
      yesTokenId: w.yesTokenId,
      noTokenId: w.noTokenId,
      windowStart: Math.floor(w.windowStart / 1000),
      windowEnd: Math.floor(w.windowEnd / 1000),
      closed: resolution.closed,
    };
    return { ref, row: marketWindowRow(w, nowMs, nowMs, resolution) };
  } catch (err) {
    if (err instanceof PolyError) return `${String((market as Obj | null)?.slug ?? '?')}: ${err.message}`;
    throw err;
  }
}

function resolutionOf(m: Obj): ResolutionInfo {
  const closed = m.closed === true;
  const winner = gammaWinner(m);
  return {
    closed,
    winningOutcome: winner === 'yes' ? 'Up' : winner === 'no' ? 'Down' : '',
    resolvedAtMs: closed ? (gammaTimeMs(m.closedTime) ?? gammaTimeMs(m.umaEndDate) ?? null) : null,
  };
}

/** Gamma writes times as ISO ("2026-07-24T00:00:16Z") or Postgres text ("2026-07-24 00:00:16+00"). */
export function gammaTimeMs(value: unknown): number | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const iso = value.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00');
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}

async function getList(ctx: GammaContext, route: Route, path: string): Promise<unknown[]> {
  const body = await ctx.http.getJson(route, `${ctx.gammaUrl}${path}`, ctx.signal);
  if (!Array.isArray(body)) throw new WireFormatError(`Gamma ${path.split('?')[0]} did not return an array.`);
  return body;
}
