/** Shared test settings: the importer's defaults with no client-side throttling and fast retries. */
import { clientLimits } from '@polymarket-arb/venue';
import { DEFAULT_SETTINGS, type ImportSettings } from '../../src/settings.js';

/** Limits far above anything a test sends, so tests measure behaviour, not the limiter's pace. */
export const UNTHROTTLED = clientLimits(100, {
  gamma: 1e6,
  gamma_events: 1e6,
  gamma_markets: 1e6,
  clob: 1e6,
  clob_prices_history: 1e6,
  data: 1e6,
  data_trades: 1e6,
});

export function testSettings(overrides: Partial<ImportSettings> = {}): ImportSettings {
  return {
    ...DEFAULT_SETTINGS,
    rateLimits: UNTHROTTLED,
    retry: { ...DEFAULT_SETTINGS.retry, baseMs: 20, maxMs: 200 },
    committer: { ...DEFAULT_SETTINGS.committer, flushIntervalMs: 50 },
    ...overrides,
  };
}
