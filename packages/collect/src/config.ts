/**
 * poly-collect configuration: the shared sections plus `[collector]` (see config/collect.toml for
 * every key with its default and meaning).
 */
import { isIP } from 'node:net';
import { z } from 'zod';
import { CRYPTO_ASSETS } from '@polymarket-arb/domain';
import { BASE_ENV_MAP, baseConfigSchema, boolField, intField, loadConfig } from '@polymarket-arb/common';

const writerSchema = z
  .object({
    batch_rows: intField(100, 100_000).default(1000),
    flush_interval_ms: intField(10, 60_000).default(1000),
    max_buffered_rows: intField(1000, 50_000_000).default(2_000_000),
    shutdown_timeout_s: intField(1, 600).default(10),
    max_retry_delay_ms: intField(100, 600_000).default(5000),
  })
  .strict();

const reconnectSchema = z
  .object({
    initial_backoff_ms: intField(10, 60_000).default(250),
    max_backoff_ms: intField(100, 600_000).default(30_000),
  })
  .strict();

export const collectorSchema = z
  .object({
    assets: z.array(z.enum(CRYPTO_ASSETS)).min(1, 'name at least one asset').default(['BTC', 'ETH', 'SOL']),
    snapshot_interval_ms: intField(10, 60_000).default(100),
    rediscover_interval_s: intField(5, 3600).default(300),
    discovery_lead_s: intField(1, 600).default(20),
    windows_ahead: intField(1, 96).default(2),
    unsubscribe_after_end_s: intField(0, 86_400).default(600),
    stall_timeout_s: intField(1, 3600).default(30),
    resync_after_ms: intField(100, 600_000).default(2000),
    keep_raw_frames: boolField().default(true),
    health_port: intField(0, 65_535).default(0),
    // Loopback by default: /healthz and /metrics are for this machine unless the deployment opens them.
    health_bind: z
      .string()
      .refine(
        (v) => isIP(v) !== 0 || v === 'localhost',
        'expected an IP address such as 127.0.0.1 (this machine only) or 0.0.0.0 (every interface)',
      )
      .default('127.0.0.1'),
    lag_threshold_ms: intField(100, 600_000).default(2000),
    health_log_interval_s: intField(1, 3600).default(30),
    spill_dir: z.string().min(1).default('./spill'),
    writer: writerSchema.prefault({}),
    reconnect: reconnectSchema.prefault({}),
  })
  .strict();

export const collectConfigSchema = baseConfigSchema.extend({ collector: collectorSchema.prefault({}) }).strict();

export type CollectConfig = z.output<typeof collectConfigSchema>;
export type CollectorSettings = z.output<typeof collectorSchema>;

export const COLLECT_ENV_MAP: Readonly<Record<string, string>> = Object.freeze({
  ...BASE_ENV_MAP,
  POLY_COLLECT_HEALTH_PORT: 'collector.health_port',
  POLY_COLLECT_HEALTH_BIND: 'collector.health_bind',
  POLY_COLLECT_LAG_THRESHOLD_MS: 'collector.lag_threshold_ms',
  POLY_COLLECT_SPILL_DIR: 'collector.spill_dir',
});

export function loadCollectConfig(options: {
  file?: string | undefined;
  fileRequired?: boolean;
  env?: NodeJS.ProcessEnv;
  flags?: Record<string, unknown>;
  flagNames?: Readonly<Record<string, string>>;
}): CollectConfig {
  return loadConfig(collectConfigSchema, { ...options, envMap: COLLECT_ENV_MAP });
}
