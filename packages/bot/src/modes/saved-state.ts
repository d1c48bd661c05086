/**
 * Graceful-shutdown state: inventories (with their market windows), P&L, the circuit breaker and
 * the paper executor's working orders as JSON with exact decimal strings, and back. The CLI saves
 * it on SIGINT/SIGTERM and restores it on start, so a restart neither forgets positions nor
 * double-counts them. It records what it belongs to (the store and the assets traded), so a run on
 * another store or other markets can refuse it instead of mixing positions. Nothing secret is in it.
 */
import { CRYPTO_ASSETS, formatMicros, parseMicros, type MarketWindow } from '@polymarket-arb/domain';
import { z } from 'zod';
import type { Engine } from '../core/engine.js';
import type { SimulatedOrderSnapshot } from '../executor/simulated/simulated-executor.js';
import { PaperStateFileError } from '../errors.js';

const dec = z.string().regex(/^-?\d+(\.\d+)?$/, 'expected a decimal string');

const ASSET = z.enum(CRYPTO_ASSETS);

const windowSchema = z.object({
  eventId: z.string(),
  slug: z.string(),
  asset: ASSET,
  conditionId: z.string(),
  marketId: z.string(),
  question: z.string(),
  yesTokenId: z.string(),
  noTokenId: z.string(),
  windowStart: z.number(),
  windowEnd: z.number(),
  tickSize: dec,
  minOrderSize: dec,
  feeSchedule: z.object({ rate: dec, exponent: z.number().int(), takerOnly: z.boolean(), rebateRate: dec }),
  negRisk: z.boolean(),
  resolutionSource: z.string(),
});

const marketSchema = z.object({
  window: windowSchema,
  yes: dec,
  no: dec,
  yesCost: dec,
  noCost: dec,
  realizedPnl: dec,
  closed: z.boolean(),
});

const orderSchema = z.object({
  orderId: z.string(),
  tokenId: z.string(),
  eventId: z.string(),
  outcome: z.enum(['yes', 'no']),
  side: z.enum(['BUY', 'SELL']),
  price: dec,
  size: dec,
  filled: dec,
  timeInForce: z.enum(['FAK', 'FOK', 'GTC']),
  postOnly: z.boolean(),
  placedMs: z.number(),
});

/** What a state belongs to. Absent in files saved before it was recorded. */
const ownerSchema = z.object({
  /** The store as it describes itself, without credentials: "embedded chDB at /abs/data" or "ClickHouse server http://h:8123, database x". */
  store: z.string(),
  /** The store's database UUID ('' when the engine has none): the same store after a move or under another URL. */
  storeUuid: z.string(),
  assets: z.array(ASSET),
});

export const savedStateSchema = z.object({
  version: z.literal(1),
  owner: ownerSchema.optional(),
  savedAtMs: z.number(),
  markets: z.array(marketSchema),
  pnl: z.object({ dayStartMs: z.number(), realizedToday: dec, realizedTotal: dec }),
  breaker: z.object({ blockedUntilMs: z.number(), failures: z.number().int() }),
  openOrders: z.array(orderSchema),
});

export type SavedState = z.output<typeof savedStateSchema>;
export type StateOwner = z.output<typeof ownerSchema>;
type SavedWindow = z.output<typeof windowSchema>;

function saveWindow(w: MarketWindow): SavedWindow {
  const f = w.feeSchedule;
  return {
    ...w,
    tickSize: formatMicros(w.tickSize),
    minOrderSize: formatMicros(w.minOrderSize),
    feeSchedule: { rate: formatMicros(f.rate), exponent: f.exponent, takerOnly: f.takerOnly, rebateRate: formatMicros(f.rebateRate) },
  };
}

function loadWindow(w: SavedWindow): MarketWindow {
  const f = w.feeSchedule;
  return {
    ...w,
    tickSize: parseMicros(w.tickSize),
    minOrderSize: parseMicros(w.minOrderSize),
    feeSchedule: Object.freeze({
      rate: parseMicros(f.rate),
      exponent: f.exponent,
      takerOnly: f.takerOnly,
      rebateRate: parseMicros(f.rebateRate),
    }),
  };
}

/** Everything to keep across a restart, and whom it belongs to. Markets with nothing held and nothing realised are left out. */
export function saveState(engine: Engine, openOrders: readonly SimulatedOrderSnapshot[] = [], owner?: StateOwner): SavedState {
  const markets = engine.markets.all
    .filter((m) => m.inventory.yes !== 0 || m.inventory.no !== 0 || m.inventory.realizedPnl !== 0)
    .map((m) => ({
      window: saveWindow(m.window),
      yes: formatMicros(m.inventory.yes),
      no: formatMicros(m.inventory.no),
      yesCost: formatMicros(m.inventory.yesCost),
      noCost: formatMicros(m.inventory.noCost),
      realizedPnl: formatMicros(m.inventory.realizedPnl),
      closed: m.closed,
    }));
  const p = engine.pnl;
  return {
    version: 1,
    ...(owner === undefined ? {} : { owner }),
    savedAtMs: engine.clock.nowMs(),
    markets,
    pnl: { dayStartMs: p.dayStartMs, realizedToday: formatMicros(p.realizedToday), realizedTotal: formatMicros(p.realizedTotal) },
    breaker: { blockedUntilMs: engine.flags.blockedUntilMs, failures: engine.breaker.failures },
    openOrders: [...openOrders],
  };
}

/** Parse a state file's text, with one clear error naming the problem. */
export function parseSavedState(text: string, source = 'state file'): SavedState {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new PaperStateFileError(`The ${source} is not valid JSON (${(err as Error).message}).`, {
      hint: 'Delete it to start flat, or restore it from a backup.',
    });
  }
  const result = savedStateSchema.safeParse(raw);
  if (!result.success) {
    const first = result.error.issues[0];
    throw new PaperStateFileError(
      `The ${source} does not match the expected layout at ${first?.path.join('.') || '(top level)'}: ${first?.message}.`,
      { hint: 'Delete it to start flat, or restore it from a backup.' },
    );
  }
  return result.data;
}

/** Put saved inventories and P&L back into `engine` (adding their markets). Returns the saved working orders. */
export function restoreState(engine: Engine, saved: SavedState): SimulatedOrderSnapshot[] {
  const now = engine.clock.nowMs();
  for (const s of saved.markets) {
    const m = engine.markets.add(loadWindow(s.window));
    const inv = m.inventory;
    inv.yes = parseMicros(s.yes);
    inv.no = parseMicros(s.no);
    inv.yesCost = parseMicros(s.yesCost);
    inv.noCost = parseMicros(s.noCost);
    inv.realizedPnl = parseMicros(s.realizedPnl);
    inv.update(engine.config.inventory, now);
    m.closed = s.closed;
  }
  engine.pnl.dayStartMs = saved.pnl.dayStartMs;
  engine.pnl.realizedToday = parseMicros(saved.pnl.realizedToday);
  engine.pnl.realizedTotal = parseMicros(saved.pnl.realizedTotal);
  engine.flags.blockedUntilMs = saved.breaker.blockedUntilMs;
  engine.breaker.failures = saved.breaker.failures;
  return saved.openOrders;
}
