/**
 * Enrichment (spec 7.3), off the hot path: turn one ring snapshot into a `decisions` row with
 * strings (event id, asset, names of codes, a sentence explaining the decision), a UUID, exact
 * decimal strings for every Micros value and ClickHouse DateTime64 text.
 */
import { randomUUID } from 'node:crypto';
import { chTimeMs, formatMicros } from '@polymarket-arb/domain';
import { Action, actionName, inventoryStateName, Reason, reasonName, severityName, variantName } from '../core/codes.js';
import { NO_MARGIN } from '../core/market-state.js';
import type { EventDirectory } from '../core/ports.js';
import { F, I, type DecisionRing } from './ring.js';

/** One row of the `decisions` table (packages/common/src/storage/schema.ts), as JSONEachRow. */
export interface DecisionRow {
  timestamp: string;
  decision_id: string;
  event_id: string;
  asset: string;
  yes_ask: string;
  no_ask: string;
  combined_cost: string;
  gross_margin: string;
  spot_price: string;
  time_remaining_secs: number;
  inventory_yes: string;
  inventory_no: string;
  inventory_state: string;
  action: string;
  reason_code: string;
  reason_detail: string;
  size: string;
  executed_price: string | null;
  slippage: string | null;
  latency_us: number | null;
  net_margin: string;
  fee_per_pair: string;
  threshold: string;
  confidence: number;
  mode: string;
  run_id: string;
}

export interface EnrichContext {
  readonly directory: EventDirectory;
  readonly mode: string;
  readonly runId: string;
}

/** A price or margin for a NOT NULL decimal column: a missing ask (-1) is written as 0. */
function price(v: number): string {
  return v < 0 ? '0' : formatMicros(v);
}

function margin(v: number): string {
  return formatMicros(v === NO_MARGIN ? -1_000_000 : v);
}

function nullable(v: number): string | null {
  return Number.isNaN(v) ? null : formatMicros(v);
}

/** Whole seconds left in the window at the decision (0 after the end). */
export function remainingSecs(ring: DecisionRing, i: number): number {
  return Math.max(0, Math.floor((ring.int(i, I.WINDOW_END_SECS) * 1000 - ring.float(i, F.TS_MS)) / 1000));
}

/** Build the row for ring slot `i`. */
export function enrichDecision(ring: DecisionRing, i: number, ctx: EnrichContext): DecisionRow {
  const hash = ring.float(i, F.EVENT_HASH);
  const market = ctx.directory.lookup(hash);
  const latency = ring.execution(i, I.LATENCY_US);
  const yesAsk = ring.int(i, I.YES_ASK);
  const noAsk = ring.int(i, I.NO_ASK);
  const net = ring.int(i, I.NET);
  const ts = ring.float(i, F.TS_MS);
  return {
    timestamp: chTimeMs(ts),
    decision_id: randomUUID(),
    event_id: market?.eventId ?? `unknown-${hash}`,
    asset: market?.asset ?? '',
    yes_ask: price(yesAsk),
    no_ask: price(noAsk),
    combined_cost: price(yesAsk < 0 || noAsk < 0 ? -1 : yesAsk + noAsk),
    gross_margin: margin(net === NO_MARGIN ? NO_MARGIN : net + ring.int(i, I.FEE)),
    spot_price: formatMicros(ring.float(i, F.SPOT)),
    time_remaining_secs: remainingSecs(ring, i),
    inventory_yes: formatMicros(ring.float(i, F.INV_YES)),
    inventory_no: formatMicros(ring.float(i, F.INV_NO)),
    inventory_state: inventoryStateName(ring.inventoryState(i)),
    action: actionName(ring.action(i)),
    reason_code: reasonName(ring.reason(i)),
    reason_detail: explain(ring, i, ctx.mode),
    size: formatMicros(ring.float(i, F.SIZE)),
    executed_price: nullable(ring.execution(i, I.EXEC_PRICE)),
    slippage: nullable(ring.execution(i, I.SLIPPAGE)),
    latency_us: Number.isNaN(latency) ? null : Math.max(0, latency),
    net_margin: margin(net),
    fee_per_pair: formatMicros(ring.int(i, I.FEE)),
    threshold: formatMicros(ring.int(i, I.THRESHOLD)),
    confidence: Math.round(ring.confidence(i) * 10_000) / 10_000,
    mode: ctx.mode,
    run_id: ctx.runId,
  };
}

const ORDER_ACTIONS = new Set<number>([Action.BUY_PAIR, Action.POST_MAKER, Action.TAKE_LEG, Action.CHASE, Action.EMERGENCY_CLOSE]);

/** One sentence saying why, with the numbers that decided it. */
export function explain(ring: DecisionRing, i: number, mode: string): string {
  const f = (v: number): string => (v === NO_MARGIN ? 'n/a' : formatMicros(v));
  const variants = `taker net ${f(ring.int(i, I.TAKER_NET))}, maker-yes net ${f(ring.int(i, I.MAKER_YES_NET))}, maker-no net ${f(ring.int(i, I.MAKER_NO_NET))}`;
  const net = f(ring.int(i, I.NET));
  const threshold = formatMicros(ring.int(i, I.THRESHOLD));
  const remaining = remainingSecs(ring, i);
  const variant = variantName(ring.variant(i));
  const reason = ring.reason(i);
  let text: string;
  switch (reason) {
    case Reason.BELOW_THRESHOLD:
      text = `best variant ${variant} nets ${net} per pair after fees, below the ${threshold} threshold with ${remaining} s left (${variants})`;
      break;
    case Reason.TOXIC_FLOW:
      text = `toxic flow severity ${severityName(ring.severity(i))}; ${variant} would net ${net} (${variants})`;
      break;
    case Reason.LOW_CONFIDENCE:
      text = `confidence ${ring.confidence(i).toFixed(3)} below the minimum; ${variant} nets ${net}`;
      break;
    default:
      text = `${reasonName(reason).toLowerCase().replace(/_/g, ' ')}: ${variant} nets ${net} per pair (threshold ${threshold}, ${remaining} s left; ${variants})`;
  }
  const executed = ring.execution(i, I.EXEC_PRICE);
  if (!Number.isNaN(executed)) text += `; executed at ${formatMicros(executed)}`;
  if (mode === 'shadow' && ORDER_ACTIONS.has(ring.action(i))) text += '; shadow mode: not sent';
  return text;
}
