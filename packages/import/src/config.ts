/**
 * poly-import configuration: the shared sections (storage, endpoints, log) plus `[import]`:
 *
 *   [import]
 *   assets = ["BTC", "ETH", "SOL"]   # default assets when --assets and --tokens are absent
 *   concurrency = 8                 # requests in flight
 *   trades_api = "auto"             # auto | v1 | v2
 *   rate_limit_percent = 80         # share of Polymarket's published limits the client uses
 *   [import.rate_limits]            # explicit requests per 10 s (override the percentage)
 *   data_trades = 160
 *
 * Every key also has a default; see the README's poly-import section for the full list.
 */
import { z } from 'zod';
import { CRYPTO_ASSETS } from '@polymarket-arb/domain';
import { BASE_ENV_MAP, baseConfigSchema, intField, loadConfig } from '@polymarket-arb/common';
import { clientLimits, type LimitKey, PUBLISHED_LIMITS } from '@polymarket-arb/venue';
import { TRADES_APIS, type TradesApi } from './request.js';
import { DEFAULT_SETTINGS, type ImportSettings } from './settings.js';

const rateLimitsSchema = z
  .object(
    Object.fromEntries(Object.keys(PUBLISHED_LIMITS).map((key) => [key, intField(1, 1_000_000).optional()])) as Record<
      LimitKey,
      z.ZodOptional<z.ZodType<number>>
    >,
  )
  .strict();

export const importSectionSchema = z
  .object({
    assets: z.array(z.enum(CRYPTO_ASSETS)).min(1, 'name at least one asset').default(['BTC', 'ETH', 'SOL']),
    concurrency: intField(1, 64).default(DEFAULT_SETTINGS.concurrency),
    trades_api: z.enum(TRADES_APIS as [TradesApi, ...TradesApi[]]).default('auto'),
    trades_page_limit: intField(1, 10_000).default(DEFAULT_SETTINGS.trades.pageLimit),
    trades_v1_max_offset: intField(0, 1_000_000).default(DEFAULT_SETTINGS.trades.v1MaxOffset),
    gamma_batch: intField(1, 500).default(DEFAULT_SETTINGS.gammaBatch),
    prices_max_range_days: intField(1, 365).default(DEFAULT_SETTINGS.pricesMaxRangeSec / 86_400),
    max_retries: intField(0, 100).default(DEFAULT_SETTINGS.retry.maxRetries),
    retry_base_ms: intField(1, 600_000).default(DEFAULT_SETTINGS.retry.baseMs),
    retry_max_ms: intField(1, 3_600_000).default(DEFAULT_SETTINGS.retry.maxMs),
    retry_after_max_s: intField(1, 3600).default(DEFAULT_SETTINGS.retry.retryAfterMaxMs / 1000),
    request_timeout_ms: intField(100, 600_000).default(DEFAULT_SETTINGS.retry.timeoutMs),
    rate_limit_percent: intField(1, 100).default(80),
    rate_limits: rateLimitsSchema.prefault({}),
    batch_rows: intField(100, 1_000_000).default(DEFAULT_SETTINGS.committer.batchRows),
    flush_interval_ms: intField(10, 60_000).default(DEFAULT_SETTINGS.committer.flushIntervalMs),
    progress_interval_s: intField(1, 3600).default(10),
  })
  .strict();

export const importConfigSchema = baseConfigSchema.extend({ import: importSectionSchema.prefault({}) }).strict();

export type ImportConfig = z.output<typeof importConfigSchema>;
export type ImportSection = z.output<typeof importSectionSchema>;

export const IMPORT_ENV_MAP: Readonly<Record<string, string>> = Object.freeze({
  ...BASE_ENV_MAP,
  POLY_IMPORT_CONCURRENCY: 'import.concurrency',
  POLY_IMPORT_RATE_LIMIT_PERCENT: 'import.rate_limit_percent',
  POLY_IMPORT_TRADES_API: 'import.trades_api',
});

export function loadImportConfig(options: {
  file?: string | undefined;
  fileRequired?: boolean;
  env?: NodeJS.ProcessEnv;
  flags?: Record<string, unknown>;
  flagNames?: Record<string, string>;
}): ImportConfig {
  return loadConfig(importConfigSchema, { ...options, envMap: IMPORT_ENV_MAP });
}

/** The importer's settings from the `[import]` section. */
export function settingsOf(section: ImportSection): ImportSettings {
  const overrides = Object.fromEntries(Object.entries(section.rate_limits).filter(([, v]) => v !== undefined)) as Partial<
    Record<LimitKey, number>
  >;
  return {
    concurrency: section.concurrency,
    gammaBatch: section.gamma_batch,
    pricesMaxRangeSec: section.prices_max_range_days * 86_400,
    trades: { pageLimit: section.trades_page_limit, v1MaxOffset: section.trades_v1_max_offset },
    retry: {
      maxRetries: section.max_retries,
      baseMs: section.retry_base_ms,
      maxMs: section.retry_max_ms,
      retryAfterMaxMs: section.retry_after_max_s * 1000,
      timeoutMs: section.request_timeout_ms,
    },
    rateLimits: clientLimits(section.rate_limit_percent, overrides),
    committer: { ...DEFAULT_SETTINGS.committer, batchRows: section.batch_rows, flushIntervalMs: section.flush_interval_ms },
  };
}
