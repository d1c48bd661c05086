/**
 * Gamma API: turning an Event/Market object into a `MarketWindow` (protocol reference §1).
 *
 * Quirks handled: `outcomes`, `clobTokenIds` and `outcomePrices` are JSON-encoded strings; Protocol-V2
 * markets (`version: "v2"`) carry their token ids in a real `positionIds` array; the window comes
 * from `eventStartTime`/`endDate` (never `startDate`, which is the listing time a day earlier) or
 * from the slug; tick and min size are JSON numbers; `feeSchedule` is read per market (a market
 * with `feesEnabled: false` has no fees; one with fees enabled but no schedule gets the published
 * crypto schedule, which overstates rather than understates costs).
 */
import {
  bigToMicros,
  CRYPTO_FEES_2026,
  decimalFromNumber,
  type FeeSchedule,
  type MarketWindow,
  type Micros,
  NO_FEES,
  parseDecimal,
  parseFeeSchedule,
  parseWindowSlug,
  PolyError,
  WINDOW_SECONDS,
} from '@polymarket-arb/domain';

/** A Gamma response that is not in the documented shape (not retried: it would not change). */
export class GammaFormatError extends PolyError {
  readonly code = 'E_GAMMA_FORMAT';
}

type Obj = Record<string, unknown>;

/** Every 15-minute Up/Down market in a Gamma `/events` response (other markets are skipped). */
export function marketWindowsFromEvents(events: unknown): MarketWindow[] {
  if (!Array.isArray(events)) throw new GammaFormatError('Gamma /events did not return an array.');
  const out: MarketWindow[] = [];
  for (const event of events) {
    if (event === null || typeof event !== 'object') continue;
    const markets = (event as Obj).markets;
    if (!Array.isArray(markets)) continue;
    for (const market of markets) {
      const slug = (market as Obj)?.slug;
      if (typeof slug === 'string' && parseWindowSlug(slug)) out.push(marketWindowFromGamma(market, event));
    }
  }
  return out;
}

/** Parse one Gamma Market (with its Event when known) into a MarketWindow. */
export function marketWindowFromGamma(market: unknown, event?: unknown): MarketWindow {
  const m = obj(market, 'market');
  const e = event === undefined ? undefined : obj(event, 'event');
  const slug = str(m, 'slug');
  const parsedSlug = parseWindowSlug(slug);
  if (!parsedSlug) throw new GammaFormatError(`Market ${slug} is not a 15-minute Up/Down market.`);
  const outcomes = jsonStringArray(m, 'outcomes');
  const tokens =
    String(m.version ?? 'v1') === 'v2' && Array.isArray(m.positionIds) ? m.positionIds.map(String) : jsonStringArray(m, 'clobTokenIds');
  const upIndex = outcomes.findIndex((o) => o.toLowerCase() === 'up');
  const downIndex = outcomes.findIndex((o) => o.toLowerCase() === 'down');
  if (upIndex < 0 || downIndex < 0 || tokens.length !== outcomes.length) {
    throw new GammaFormatError(
      `Market ${slug} has outcomes ${JSON.stringify(outcomes)} and ${tokens.length} token ids; expected Up and Down with one token each.`,
    );
  }
  const windowStart = isoMs(m.eventStartTime ?? e?.startTime) ?? parsedSlug.windowStart * 1000;
  const windowEnd = isoMs(m.endDate) ?? windowStart + WINDOW_SECONDS * 1000;
  return {
    eventId: String(e?.id ?? (Array.isArray(m.events) ? (m.events[0] as Obj | undefined)?.id : undefined) ?? m.id ?? ''),
    slug,
    asset: parsedSlug.asset,
    conditionId: str(m, 'conditionId'),
    marketId: String(m.id ?? ''),
    question: typeof m.question === 'string' ? m.question : '',
    yesTokenId: tokens[upIndex] as string,
    noTokenId: tokens[downIndex] as string,
    windowStart,
    windowEnd,
    tickSize: numberMicros(m.orderPriceMinTickSize, 'orderPriceMinTickSize', 10_000),
    minOrderSize: numberMicros(m.orderMinSize, 'orderMinSize', 5_000_000),
    feeSchedule: feeScheduleOf(m),
    negRisk: m.negRisk === true,
    resolutionSource:
      typeof m.resolutionSource === 'string' ? m.resolutionSource : typeof e?.resolutionSource === 'string' ? e.resolutionSource : '',
  };
}

/** Resolved winner from Gamma `outcomePrices` (["1","0"] = Up), or undefined while unresolved. */
export function gammaWinner(market: unknown): 'yes' | 'no' | undefined {
  const m = market as Obj;
  if (m?.closed !== true) return undefined;
  let prices: string[];
  let outcomes: string[];
  try {
    prices = jsonStringArray(m, 'outcomePrices');
    outcomes = jsonStringArray(m, 'outcomes');
  } catch {
    return undefined;
  }
  const winner = prices.findIndex((p) => p === '1' || p === '1.0');
  if (winner < 0 || !prices.every((p, i) => i === winner || Number(p) === 0)) return undefined;
  return outcomes[winner]?.toLowerCase() === 'up' ? 'yes' : 'no';
}

function feeScheduleOf(m: Obj): FeeSchedule {
  if (m.feeSchedule !== undefined && m.feeSchedule !== null) return parseFeeSchedule(m.feeSchedule);
  if (m.feesEnabled === false) return NO_FEES;
  return CRYPTO_FEES_2026;
}

function obj(value: unknown, what: string): Obj {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new GammaFormatError(`Gamma ${what} is not an object.`);
  return value as Obj;
}

function str(o: Obj, key: string): string {
  const v = o[key];
  if (typeof v !== 'string' || v.length === 0) throw new GammaFormatError(`Gamma market ${String(o.slug ?? '?')} has no ${key}.`);
  return v;
}

/** `outcomes`/`clobTokenIds` are JSON strings ("[\"Up\", \"Down\"]"); accept real arrays too. */
function jsonStringArray(o: Obj, key: string): string[] {
  const v = o[key];
  let arr: unknown = v;
  if (typeof v === 'string') {
    try {
      arr = JSON.parse(v);
    } catch {
      throw new GammaFormatError(`Gamma market ${String(o.slug ?? '?')}: ${key} is not a JSON-encoded array.`);
    }
  }
  if (!Array.isArray(arr)) throw new GammaFormatError(`Gamma market ${String(o.slug ?? '?')}: ${key} is missing.`);
  return arr.map(String);
}

function isoMs(value: unknown): number | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

function numberMicros(value: unknown, what: string, fallback: Micros): Micros {
  if (value === undefined || value === null || value === '') return fallback;
  if (typeof value === 'number') return bigToMicros(decimalFromNumber(value, 6, { what }), what);
  if (typeof value === 'string') return bigToMicros(parseDecimal(value, 6, { what }), what);
  throw new GammaFormatError(`Gamma ${what} ${JSON.stringify(value)} is not a number.`);
}
