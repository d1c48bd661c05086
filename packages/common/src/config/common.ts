/**
 * The configuration sections every program shares: storage, network endpoints and logging,
 * with their environment variables. Each CLI composes these with its own section.
 */
import { z } from 'zod';
import { LOG_LEVELS } from '../log.js';
import { clickhouseUrlProblem } from '../storage/server-url.js';

/** Production endpoints: a user with internet needs no extra flags. */
export const DEFAULT_ENDPOINTS = Object.freeze({
  gamma_url: 'https://gamma-api.polymarket.com',
  clob_url: 'https://clob.polymarket.com',
  /** Base URL: clients append /ws/market and /ws/user. */
  clob_ws_url: 'wss://ws-subscriptions-clob.polymarket.com',
  data_api_url: 'https://data-api.polymarket.com',
  binance_ws_url: 'wss://data-stream.binance.vision',
});

/** A whole number, also accepted as a string of digits (environment variables are strings). */
export function intField(min: number, max: number): z.ZodType<number> {
  return z.preprocess(
    (v) => (typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : v),
    z.number().int(`expected a whole number`).min(min, `must be at least ${min}`).max(max, `must be at most ${max}`),
  ) as z.ZodType<number>;
}

/** A decimal number kept as its exact string (money and thresholds never become floats). */
export function decimalField(): z.ZodType<string> {
  return z.preprocess(
    (v) => (typeof v === 'number' && Number.isFinite(v) ? String(v) : v),
    z.string().regex(/^-?\d+(\.\d+)?$/, 'expected a decimal number such as 0.015'),
  ) as z.ZodType<string>;
}

/** true/false, also "true"/"false"/"1"/"0"/"yes"/"no" from the environment. */
export function boolField(): z.ZodType<boolean> {
  return z.preprocess((v) => {
    if (typeof v !== 'string') return v;
    const s = v.trim().toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(s)) return true;
    if (['false', '0', 'no', 'off'].includes(s)) return false;
    return v;
  }, z.boolean('expected true or false')) as z.ZodType<boolean>;
}

/** A URL whose scheme is one of `schemes`, with any trailing slash removed. */
export function urlField(schemes: readonly string[]): z.ZodType<string> {
  return z
    .string()
    .refine(
      (v) => {
        try {
          return schemes.includes(new URL(v).protocol.replace(/:$/, ''));
        } catch {
          return false;
        }
      },
      `expected a ${schemes.join(' or ')} URL`,
    )
    .transform((v) => v.replace(/\/+$/, '')) as unknown as z.ZodType<string>;
}

/** A ClickHouse HTTP URL, or empty for the embedded engine; trailing slashes removed. */
function clickhouseUrlField(): z.ZodType<string> {
  return z
    .string('expected a URL such as http://localhost:8123')
    .superRefine((value, ctx) => {
      const problem = clickhouseUrlProblem(value);
      if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
    })
    .transform((v) => v.trim().replace(/\/+$/, '')) as unknown as z.ZodType<string>;
}

export const storageSchema = z
  .object({
    /** ClickHouse HTTP URL; empty = embedded chDB. */
    clickhouse_url: clickhouseUrlField().optional(),
    /** Data directory of the embedded engine. */
    data_dir: z.string().min(1).default('./data'),
    /** Database on a ClickHouse server. */
    database: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected a plain identifier such as polymarket_arb')
      .default('polymarket_arb'),
  })
  .strict();

export const endpointsSchema = z
  .object({
    gamma_url: urlField(['http', 'https']).default(DEFAULT_ENDPOINTS.gamma_url),
    clob_url: urlField(['http', 'https']).default(DEFAULT_ENDPOINTS.clob_url),
    clob_ws_url: urlField(['ws', 'wss']).default(DEFAULT_ENDPOINTS.clob_ws_url),
    data_api_url: urlField(['http', 'https']).default(DEFAULT_ENDPOINTS.data_api_url),
    binance_ws_url: urlField(['ws', 'wss']).default(DEFAULT_ENDPOINTS.binance_ws_url),
  })
  .strict();

export const logSchema = z
  .object({
    level: z.enum(LOG_LEVELS as [string, ...string[]]).default('info'),
    /** auto = human-readable on a terminal, JSON lines otherwise. */
    format: z.enum(['auto', 'json', 'pretty']).default('auto'),
  })
  .strict();

/** The shared sections; a program adds its own with `.extend({...})`. */
export const baseConfigSchema = z
  .object({
    storage: storageSchema.prefault({}),
    endpoints: endpointsSchema.prefault({}),
    log: logSchema.prefault({}),
  })
  .strict();

export type StorageConfig = z.output<typeof storageSchema>;
export type EndpointsConfig = z.output<typeof endpointsSchema>;
export type LogConfig = z.output<typeof logSchema>;
export type BaseConfig = z.output<typeof baseConfigSchema>;

/** Environment variables of the shared sections. */
export const BASE_ENV_MAP: Readonly<Record<string, string>> = Object.freeze({
  CLICKHOUSE_URL: 'storage.clickhouse_url',
  CLICKHOUSE_DATABASE: 'storage.database',
  POLY_DATA_DIR: 'storage.data_dir',
  POLY_GAMMA_URL: 'endpoints.gamma_url',
  POLY_CLOB_URL: 'endpoints.clob_url',
  POLY_CLOB_WS_URL: 'endpoints.clob_ws_url',
  POLY_DATA_API_URL: 'endpoints.data_api_url',
  BINANCE_WS_URL: 'endpoints.binance_ws_url',
  POLY_LOG_LEVEL: 'log.level',
  POLY_LOG_FORMAT: 'log.format',
});

/** Server credentials: environment only, never in a file, flag or log. */
export function storageCredentials(env: NodeJS.ProcessEnv = process.env): { username?: string; password?: string } {
  const creds: { username?: string; password?: string } = {};
  if (env.CLICKHOUSE_USER) creds.username = env.CLICKHOUSE_USER;
  if (env.CLICKHOUSE_PASSWORD) creds.password = env.CLICKHOUSE_PASSWORD;
  return creds;
}
