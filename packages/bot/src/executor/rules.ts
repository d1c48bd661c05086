/**
 * Order rules every executor checks before anything leaves the process (protocol reference §9.15
 * and §9.14): price a multiple of the tick inside [tick, 1 - tick], size a positive multiple of
 * 0.01 share and at least the market's minimum order size, FAK/FOK never post-only.
 */
import { formatMicros, type Micros } from '@polymarket-arb/domain';
import type { OrderRequest } from '../core/executor.js';

export const SIZE_STEP_MICROS: Micros = 10_000;

/** Why the order breaks a rule, or undefined when it is valid. */
export function orderRuleViolation(order: OrderRequest, tickSize: Micros, minOrderSize: Micros): string | undefined {
  if (!Number.isSafeInteger(order.price) || order.price % tickSize !== 0)
    return `price ${formatSafe(order.price)} is not a multiple of the tick ${formatMicros(tickSize)}`;
  if (order.price < tickSize || order.price > 1_000_000 - tickSize)
    return `price ${formatSafe(order.price)} is outside [${formatMicros(tickSize)}, ${formatMicros(1_000_000 - tickSize)}]`;
  if (!Number.isSafeInteger(order.size) || order.size <= 0 || order.size % SIZE_STEP_MICROS !== 0)
    return `size ${formatSafe(order.size)} is not a positive multiple of 0.01 share`;
  if (order.size < minOrderSize) return `size ${formatMicros(order.size)} is below the minimum order size ${formatMicros(minOrderSize)}`;
  if (order.postOnly && order.timeInForce !== 'GTC') return `${order.timeInForce} orders cannot be post-only`;
  return undefined;
}

function formatSafe(value: number): string {
  return Number.isSafeInteger(value) ? formatMicros(value) : String(value);
}
