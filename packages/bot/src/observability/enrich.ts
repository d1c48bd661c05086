/**
 * Enrichment (spec 7.3), off the hot path: turn one ring snapshot into a `decisions` row with
 * strings (event id, asset, names of codes, a sentence explaining the decision), a UUID, exact
 * decimal strings for every Micros value and ClickHouse DateTime64 text.
 */
import { randomUUID } from 'node:crypto';
import { chTimeMs, formatMicros } from '@polymarket-arb/common';
import { Action, actionName, inventoryStateName, Reason, reasonName, severityName, variantName } from '../core/codes.js';
import { NO_MARGIN } from '../core/market-state.js';
import type { DecisionRing } from './ring.js';

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

/** Where the writer finds the strings behind a pre-hashed event id. */
export interface EventDirectory {
  lookup(eventHash: number): { readonly eventId: string; readonly asset: string } | undefined;
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

/** Build the row for ring slot `i`. */
export function enrichDecision(ring: DecisionRing, i: number, ctx: EnrichContext): DecisionRow {
  const market = ctx.directory.lookup(ring.eventHash[i] as number);
  const latency = ring.latencyUs[i] as number;
  return {
    timestamp: chTimeMs(ring.tsMs[i] as number),
    decision_id: randomUUID(),
    event_id: market?.eventId ?? `unknown-${ring.eventHash[i]}`,
    asset: market?.asset ?? '',
    yes_ask: price(ring.yesAsk[i] as number),
    no_ask: price(ring.noAsk[i] as number),
    combined_cost: price(ring.combined[i] as number),
    gross_margin: margin(ring.gross[i] as number),
    spot_price: formatMicros(ring.spot[i] as number),
    time_remaining_secs: Math.max(0, ring.remainingSecs[i] as number),
    inventory_yes: formatMicros(ring.invYes[i] as number),
    inventory_no: formatMicros(ring.invNo[i] as number),
    inventory_state: inventoryStateName(ring.invState[i] as number),
    action: actionName(ring.action[i] as number),
    reason_code: reasonName(ring.reason[i] as number),
    reason_detail: explain(ring, i, ctx.mode),
    size: formatMicros(ring.size[i] as number),
    executed_price: nullable(ring.execPrice[i] as number),
    slippage: nullable(ring.slippage[i] as number),
    latency_us: Number.isNaN(latency) ? null : Math.max(0, Math.round(latency)),
    net_margin: margin(ring.net[i] as number),
    fee_per_pair: formatMicros(ring.fee[i] as number),
    threshold: formatMicros(ring.threshold[i] as number),
    confidence: Math.round((ring.confidence[i] as number) * 10_000) / 10_000,
    mode: ctx.mode,
    run_id: ctx.runId,
  };
}

const ORDER_ACTIONS = new Set<number>([Action.BUY_PAIR, Action.POST_MAKER, Action.TAKE_LEG, Action.CHASE, Action.EMERGENCY_CLOSE]);

/** One sentence saying why, with the numbers that decided it. */
export function explain(ring: DecisionRing, i: number, mode: string): string {
  const f = (v: number): string => (v === NO_MARGIN ? 'n/a' : formatMicros(v));
  const variants = `taker net ${f(ring.takerNet[i] as number)}, maker-yes net ${f(ring.makerYesNet[i] as number)}, maker-no net ${f(ring.makerNoNet[i] as number)}`;
  const net = f(ring.net[i] as number);
  const threshold = formatMicros(ring.threshold[i] as number);
  const reason = ring.reason[i] as number;
  const action = ring.action[i] as number;
  let text: string;
  switch (reason) {
    case Reason.BELOW_THRESHOLD:
      text = `best variant ${variantName(ring.variant[i] as number)} nets ${net} per pair after fees, below the ${threshold} threshold with ${ring.remainingSecs[i]} s left (${variants})`;
      break;
    case Reason.TOXIC_FLOW:
      text = `toxic flow severity ${severityName(ring.severity[i] as number)}; ${variantName(ring.variant[i] as number)} would net ${net} (${variants})`;
      break;
    case Reason.LOW_CONFIDENCE:
      text = `confidence ${(ring.confidence[i] as number).toFixed(3)} below the minimum; ${variantName(ring.variant[i] as number)} nets ${net}`;
      break;
    default:
      text = `${reasonName(reason).toLowerCase().replace(/_/g, ' ')}: ${variantName(ring.variant[i] as number)} nets ${net} per pair (threshold ${threshold}, ${ring.remainingSecs[i]} s left; ${variants})`;
  }
  if (!Number.isNaN(ring.execPrice[i] as number)) text += `; executed at ${formatMicros(ring.execPrice[i] as number)}`;
  if (mode === 'shadow' && ORDER_ACTIONS.has(action)) text += '; shadow mode: not sent';
  return text;
}
