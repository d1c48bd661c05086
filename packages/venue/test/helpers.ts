/** Shared test helpers: fixtures, a logger that discards everything, rate limits no test reaches. */
import { readFileSync } from 'node:fs';
import type { Logger } from '../src/logger.js';
import { PUBLISHED_LIMITS, type LimitKey } from '../src/http/rate-limits.js';

export function fixtureText(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
}

export function fixtureJson<T = unknown>(name: string): T {
  return JSON.parse(fixtureText(name)) as T;
}

export const quiet: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => quiet,
};

/** Limits far above anything a test sends, so tests measure behaviour, not the limiter's pace. */
export const UNTHROTTLED = Object.fromEntries(Object.keys(PUBLISHED_LIMITS).map((key) => [key, 1e6])) as Record<LimitKey, number>;
