/**
 * poly-bot configuration (spec 3.1): every strategy, sizing, risk, toxic-flow, leg-risk, paper
 * and observability parameter, layered defaults < config/bot.toml < POLY_BOT_* env < flags through
 * common's `loadConfig` (every problem reported at once, unknown keys rejected, secret-looking keys
 * in the file rejected). Money and fractions are exact decimal strings parsed to Micros; trading
 * credentials come from the environment only (`readSecrets`) and never enter the config object.
 */
import { ConfigError } from '@polymarket-arb/domain';
import { BASE_ENV_MAP, baseConfigSchema, boolField, intField, loadConfig, type LoadConfigOptions } from '@polymarket-arb/common';
import { inspect } from 'node:util';
import { z } from 'zod';
import { backtestSchema } from './backtest/run/settings.js';
import { parseSeverity } from './core/codes.js';
import { microsField } from './config-fields.js';
import { simulatedVenueFields } from './executor/simulated/settings.js';

const severityField = z
  .string()
  .refine((s) => parseSeverity(s) >= 0, 'expected one of none, low, medium, high, critical')
  .transform(parseSeverity);

const strategySchema = z
  .object({
    trading_enabled: boolField().default(true),
    variant: z.enum(['auto', 'taker', 'maker']).default('auto'),
    early_threshold: microsField('0', '0.5').default(25_000),
    mid_threshold: microsField('0', '0.5').default(15_000),
    late_threshold: microsField('0', '0.5').default(5_000),
    early_phase_secs: intField(0, 3600).default(600),
    late_phase_secs: intField(0, 3600).default(300),
    min_time_remaining_secs: intField(0, 3600).default(30),
    maker_improve_ticks: intField(0, 50).default(1),
    maker_max_rest_ms: intField(100, 900_000).default(15_000),
    min_confidence: microsField('0', '1').default(200_000),
    capture_floor: microsField('0', '1').default(0),
    market_cooldown_ms: intField(0, 900_000).default(2_000),
    stale_book_ms: intField(1, 3_600_000).default(5_000),
    depth_levels: intField(1, 100).default(5),
  })
  .strict();

const sizingSchema = z
  .object({
    mvp_size: microsField('0', '1000000').default(10_000_000),
    max_position_per_market: microsField('0', '10000000').default(100_000_000),
    max_total_exposure: microsField('0', '100000000').default(500_000_000),
    skewed_size_factor: microsField('0', '1').default(500_000),
  })
  .strict();

const inventorySchema = z
  .object({
    skewed_ratio: microsField('0', '1').default(100_000),
    exposed_ratio: microsField('0', '1').default(300_000),
    crisis_ratio: microsField('0', '1').default(600_000),
    min_imbalance_shares: microsField('0', '1000000').default(5_000_000),
    crisis_unhedged_cost: microsField('0', '100000000').default(50_000_000),
  })
  .strict();

const riskSchema = z
  .object({
    daily_loss_limit: microsField('0', '100000000').default(50_000_000),
    block_toxic_severity: severityField.default(3),
    block_inventory_state: z.enum(['skewed', 'exposed', 'crisis']).default('exposed'),
  })
  .strict();

const breakerSchema = z
  .object({
    max_consecutive_failures: intField(1, 1000).default(3),
    cooldown_ms: intField(0, 86_400_000).default(60_000),
  })
  .strict();

const toxicSchema = z
  .object({
    window: intField(2, 10_000).default(50),
    min_samples: intField(1, 10_000).default(10),
    size_multiplier: intField(1, 100_000).default(50),
    sudden_ms: intField(1, 60_000).default(500),
    spot_window_ms: intField(1, 600_000).default(2_000),
    spot_move_bps: intField(1, 10_000).default(15),
    book_lag_ms: intField(0, 600_000).default(500),
  })
  .strict();

const legRiskSchema = z
  .object({
    leg_timeout_ms: intField(0, 600_000).default(2_000),
    max_unhedged_exposure: microsField('0', '100000000').default(20_000_000),
    time_pressure_secs: intField(0, 3600).default(120),
    chase_step_ticks: intField(1, 100).default(1),
    max_chase_loss: microsField('0', '1').default(20_000),
    emergency_slippage_ticks: intField(0, 100).default(3),
  })
  .strict();

/** Paper mode's simulated venue: the backtest's fill model on live books (executor/simulated). */
const paperSchema = z
  .object({
    ...simulatedVenueFields,
    fill_probability: microsField('0', '1').default(950_000),
  })
  .strict();

const observabilitySchema = z
  .object({
    capture_decisions: boolField().default(true),
    ring_size: intField(16, 1 << 24)
      .refine((n) => (n & (n - 1)) === 0, 'must be a power of two such as 65536')
      .default(65_536),
    batch_size: intField(1, 100_000).default(1_000),
    flush_interval_ms: intField(1, 600_000).default(1_000),
    drain_interval_ms: intField(1, 60_000).default(50),
  })
  .strict();

/** The whole poly-bot file: common sections plus the bot's own. */
export const botConfigSchema = baseConfigSchema.extend({
  strategy: strategySchema.prefault({}),
  sizing: sizingSchema.prefault({}),
  inventory: inventorySchema.prefault({}),
  risk: riskSchema.prefault({}),
  circuit_breaker: breakerSchema.prefault({}),
  toxic: toxicSchema.prefault({}),
  leg_risk: legRiskSchema.prefault({}),
  paper: paperSchema.prefault({}),
  observability: observabilitySchema.prefault({}),
  backtest: backtestSchema.prefault({}),
});

export type BotConfig = z.output<typeof botConfigSchema>;

/** Operational keys that may be overridden from the environment (plus common's BASE_ENV_MAP). */
export const BOT_ENV_MAP: Readonly<Record<string, string>> = Object.freeze({
  ...BASE_ENV_MAP,
  POLY_BOT_TRADING_ENABLED: 'strategy.trading_enabled',
  POLY_BOT_VARIANT: 'strategy.variant',
  POLY_BOT_MVP_SIZE: 'sizing.mvp_size',
  POLY_BOT_MAX_TOTAL_EXPOSURE: 'sizing.max_total_exposure',
  POLY_BOT_DAILY_LOSS_LIMIT: 'risk.daily_loss_limit',
  POLY_BOT_PAPER_LATENCY_MS: 'paper.latency_ms',
  POLY_BOT_PAPER_FILL_PROBABILITY: 'paper.fill_probability',
  POLY_BOT_PAPER_SEED: 'paper.seed',
  POLY_BOT_CAPTURE_DECISIONS: 'observability.capture_decisions',
});

/**
 * Load and validate the bot configuration. Throws one `ConfigError` listing every problem: schema
 * problems first (all of them), then, for a file that parses, every cross-field inconsistency.
 */
export function loadBotConfig(options: LoadConfigOptions = {}): BotConfig {
  const cfg = loadConfig(botConfigSchema, { envMap: BOT_ENV_MAP, ...options });
  const problems = crossFieldProblems(cfg);
  if (problems.length > 0) throw new ConfigError(problems, options.file ?? 'defaults');
  return cfg;
}

/** Relations between keys that a per-key schema cannot express. */
export function crossFieldProblems(cfg: BotConfig): string[] {
  const p: string[] = [];
  const s = cfg.strategy;
  if (s.late_phase_secs >= s.early_phase_secs)
    p.push(
      `strategy.late_phase_secs (${s.late_phase_secs}) must be below strategy.early_phase_secs (${s.early_phase_secs}): phases are early > mid > late in time remaining.`,
    );
  if (s.min_time_remaining_secs > s.late_phase_secs)
    p.push(
      `strategy.min_time_remaining_secs (${s.min_time_remaining_secs}) must not exceed strategy.late_phase_secs (${s.late_phase_secs}), or the late phase never trades.`,
    );
  const inv = cfg.inventory;
  if (!(inv.skewed_ratio <= inv.exposed_ratio && inv.exposed_ratio <= inv.crisis_ratio))
    p.push('inventory ratios must satisfy skewed_ratio <= exposed_ratio <= crisis_ratio.');
  const z = cfg.sizing;
  if (z.mvp_size > z.max_position_per_market) p.push('sizing.mvp_size must not exceed sizing.max_position_per_market.');
  if (z.mvp_size % 10_000 !== 0) p.push('sizing.mvp_size must have at most 2 decimals (Polymarket sizes are in 0.01 shares).');
  if (cfg.toxic.min_samples > cfg.toxic.window) p.push('toxic.min_samples must not exceed toxic.window.');
  return p;
}

/** Trading credentials: environment only, never in a file, log or saved state. */
export class BotSecrets {
  readonly #values: Readonly<Record<string, string | undefined>>;
  constructor(values: Readonly<Record<string, string | undefined>>) {
    this.#values = Object.freeze({ ...values });
  }
  get privateKey(): string | undefined {
    return this.#values.POLY_PRIVATE_KEY;
  }
  get apiKey(): string | undefined {
    return this.#values.POLY_API_KEY;
  }
  get apiSecret(): string | undefined {
    return this.#values.POLY_API_SECRET;
  }
  get apiPassphrase(): string | undefined {
    return this.#values.POLY_API_PASSPHRASE;
  }
  /** True when every credential live trading needs is present. */
  get complete(): boolean {
    return SECRET_ENV_VARS.every((name) => (this.#values[name] ?? '') !== '');
  }
  /** Names of the missing variables, for a clear error in live mode. */
  missing(): string[] {
    return SECRET_ENV_VARS.filter((name) => (this.#values[name] ?? '') === '');
  }
  toJSON(): string {
    return '[redacted]';
  }
  toString(): string {
    return '[redacted]';
  }
  [inspect.custom](): string {
    return 'BotSecrets [redacted]';
  }
}

export const SECRET_ENV_VARS = ['POLY_PRIVATE_KEY', 'POLY_API_KEY', 'POLY_API_SECRET', 'POLY_API_PASSPHRASE'] as const;

export function readSecrets(env: NodeJS.ProcessEnv = process.env): BotSecrets {
  const values: Record<string, string | undefined> = {};
  for (const name of SECRET_ENV_VARS) values[name] = env[name];
  return new BotSecrets(values);
}
