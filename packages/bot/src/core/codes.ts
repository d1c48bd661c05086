/**
 * Small integer codes for everything the hot path records: actions, reasons, inventory states,
 * trade variants and toxic-flow severities. The decision ring stores only these numbers; the
 * background writer turns them into the names stored in the `decisions` table.
 */

/** What the engine did (or recorded) at one evaluation or execution event. */
export const Action = {
  SKIP: 0,
  BUY_PAIR: 1,
  POST_MAKER: 2,
  TAKE_LEG: 3,
  CHASE: 4,
  EMERGENCY_CLOSE: 5,
  CANCEL: 6,
  FILLED: 7,
  PARTIAL_FILL: 8,
  ORDER_REJECTED: 9,
  ORDER_CANCELLED: 10,
  CIRCUIT_TRIP: 11,
  SETTLE: 12,
  ORDER_RESTING: 13,
  FILL_REVERSED: 14,
} as const;
export type ActionCode = (typeof Action)[keyof typeof Action];

/** Why: every skip and every action carries exactly one reason. */
export const Reason = {
  NONE: 0,
  // skips
  TRADING_DISABLED: 1,
  CIRCUIT_OPEN: 2,
  BELOW_THRESHOLD: 3,
  NO_DEPTH: 4,
  LOW_CONFIDENCE: 5,
  TOXIC_FLOW: 6,
  TOO_LATE: 7,
  POSITION_LIMIT: 8,
  EXPOSURE_LIMIT: 9,
  IMBALANCE_LIMIT: 10,
  DAILY_LOSS_LIMIT: 11,
  COOLDOWN: 12,
  PENDING_ORDERS: 13,
  SIZE_BELOW_MIN: 14,
  MARKET_CLOSED: 15,
  STALE_BOOK: 16,
  // actions
  ARB_TAKER: 20,
  ARB_MAKER: 21,
  MAKER_FILLED: 22,
  LEG_TIMEOUT: 23,
  TIME_PRESSURE: 24,
  EXPOSURE_OVER_LIMIT: 25,
  CEILING_EXCEEDED: 26,
  MAKER_EXPIRED: 27,
  // execution results
  EXEC_FILLED: 30,
  EXEC_PARTIAL: 31,
  EXEC_REJECTED: 32,
  EXEC_NO_FILL: 33,
  EXEC_CANCELLED: 34,
  EXEC_RESTING: 35,
  FAILURES_TRIPPED: 36,
  WINDOW_RESOLVED: 37,
  EXEC_TRADE_FAILED: 38,
} as const;
export type ReasonCode = (typeof Reason)[keyof typeof Reason];

/** Spec 3.3: how far a market's inventory is from a hedged (equal Up and Down) position. */
export const InventoryState = { BALANCED: 0, SKEWED: 1, EXPOSED: 2, CRISIS: 3 } as const;
export type InventoryStateCode = (typeof InventoryState)[keyof typeof InventoryState];

/** How a pair is bought: both legs as taker, or one leg resting as a (fee-free) maker bid. */
export const Variant = { NONE: 0, TAKER: 1, MAKER_YES: 2, MAKER_NO: 3 } as const;
export type VariantCode = (typeof Variant)[keyof typeof Variant];

/** Toxic-flow severity, ordered: a risk check blocks at or above a configured level. */
export const Severity = { NONE: 0, LOW: 1, MEDIUM: 2, HIGH: 3, CRITICAL: 4 } as const;
export type SeverityCode = (typeof Severity)[keyof typeof Severity];

function namesOf(table: Record<string, number>): string[] {
  const names: string[] = [];
  for (const [name, code] of Object.entries(table)) names[code] = name;
  return names;
}

const ACTION_NAMES = namesOf(Action);
const REASON_NAMES = namesOf(Reason);
const INVENTORY_NAMES = ['Balanced', 'Skewed', 'Exposed', 'Crisis'];
const VARIANT_NAMES = namesOf(Variant);
const SEVERITY_NAMES = namesOf(Severity);

export function actionName(code: number): string {
  return ACTION_NAMES[code] ?? `ACTION_${code}`;
}
export function reasonName(code: number): string {
  return REASON_NAMES[code] ?? `REASON_${code}`;
}
/** The spec's names: Balanced, Skewed, Exposed, Crisis. */
export function inventoryStateName(code: number): string {
  return INVENTORY_NAMES[code] ?? `STATE_${code}`;
}
export function variantName(code: number): string {
  return VARIANT_NAMES[code] ?? `VARIANT_${code}`;
}
export function severityName(code: number): string {
  return SEVERITY_NAMES[code] ?? `SEVERITY_${code}`;
}

/** Parse a severity name ("high") into its code, or -1. */
export function parseSeverity(name: string): number {
  const code = (Severity as Record<string, number>)[name.toUpperCase()];
  return code ?? -1;
}
