/**
 * The settings the core reads, as plain interfaces: each section is the one its module declares
 * (strategy, sizing, inventory, risk, circuit breaker, toxic flow, leg risk). The bot's validated
 * configuration (config.ts, zod) satisfies this shape; the core never sees how it was loaded.
 */
import type { Micros } from '@polymarket-arb/domain';
import type { StrategySettings } from './arb.js';
import type { BreakerSettings } from './circuit-breaker.js';
import type { InventoryThresholds } from './inventory.js';
import type { LegRiskSettings } from './leg-risk.js';
import type { SizingLimits } from './sizing.js';
import type { ToxicSettings } from './toxic.js';

/** The strategy keys the engine loop reads besides those of detection (`StrategySettings`). */
export interface EngineStrategySettings extends StrategySettings {
  readonly trading_enabled: boolean;
  readonly min_time_remaining_secs: number;
  readonly maker_max_rest_ms: number;
  /** Micros of 1. */
  readonly min_confidence: Micros;
  /** Best gross margin at or below which an evaluation leaves no decision (the first filter). */
  readonly capture_floor: Micros;
  readonly market_cooldown_ms: number;
  readonly depth_levels: number;
}

export interface RiskSettings {
  readonly daily_loss_limit: Micros;
  /** A `Severity` code: toxic flow at or above it refuses a trade. */
  readonly block_toxic_severity: number;
  readonly block_inventory_state: 'skewed' | 'exposed' | 'crisis';
}

export interface EngineSettings {
  readonly strategy: EngineStrategySettings;
  readonly sizing: SizingLimits;
  readonly inventory: InventoryThresholds;
  readonly risk: RiskSettings;
  readonly circuit_breaker: BreakerSettings;
  readonly toxic: ToxicSettings;
  readonly leg_risk: LegRiskSettings;
}
