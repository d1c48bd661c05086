/**
 * The configuration a report was made with, as `section.key` -> exact text (money and fractions as
 * decimals, not raw micros), and a short stable hash of it (part of the default run id, so the
 * same data and config give the same run id and decision ids).
 */
import { createHash } from 'node:crypto';
import { formatMicros } from '@polymarket-arb/domain';
import type { BotConfig } from '../../config.js';

const SECTIONS = ['strategy', 'sizing', 'inventory', 'risk', 'circuit_breaker', 'toxic', 'leg_risk', 'backtest'] as const;

/** Keys held as Micros (decimals in bot.toml). */
const MICROS_KEYS = new Set([
  'strategy.early_threshold',
  'strategy.mid_threshold',
  'strategy.late_threshold',
  'strategy.min_confidence',
  'strategy.capture_floor',
  'sizing.mvp_size',
  'sizing.max_position_per_market',
  'sizing.max_total_exposure',
  'sizing.skewed_size_factor',
  'inventory.skewed_ratio',
  'inventory.exposed_ratio',
  'inventory.crisis_ratio',
  'inventory.min_imbalance_shares',
  'inventory.crisis_unhedged_cost',
  'risk.daily_loss_limit',
  'leg_risk.max_unhedged_exposure',
  'leg_risk.max_chase_loss',
  'backtest.fail_probability',
  'backtest.anomaly_extreme_margin',
  'backtest.anomaly_flash_book_move',
]);

export function describeSettings(config: BotConfig): Record<string, string> {
  const out: Record<string, string> = {};
  const c = config as unknown as Record<string, Record<string, unknown>>;
  for (const section of SECTIONS) {
    for (const [key, value] of Object.entries(c[section] ?? {})) {
      const name = `${section}.${key}`;
      out[name] = MICROS_KEYS.has(name) && typeof value === 'number' ? formatMicros(value) : String(value);
    }
  }
  return out;
}

export function settingsHash(config: BotConfig): string {
  return createHash('sha256')
    .update(JSON.stringify(describeSettings(config)))
    .digest('hex')
    .slice(0, 10);
}
