/** Shared test helpers: fixtures, a market window for a fixture's tokens, a quiet logger, a logger that keeps its lines. */
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { CRYPTO_FEES_2026, ManualClock, type MarketWindow } from '@polymarket-arb/domain';
import { createLogger, silentLogger, type Logger } from '@polymarket-arb/common';

export function fixtureText(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
}

export function fixtureJson<T = unknown>(name: string): T {
  return JSON.parse(fixtureText(name)) as T;
}

/** A window whose Up/Down tokens are the given ids (for captures of markets we have no Gamma object of). */
export function windowFor(yesTokenId: string, noTokenId: string, conditionId = '0x' + '0'.repeat(64)): MarketWindow {
  return {
    eventId: '904351',
    slug: 'btc-updown-15m-1790658000',
    asset: 'BTC',
    conditionId,
    marketId: '3763487',
    question: 'Bitcoin Up or Down - test',
    yesTokenId,
    noTokenId,
    windowStart: 1_790_658_000_000,
    windowEnd: 1_790_658_900_000,
    tickSize: 1_000,
    minOrderSize: 5_000_000,
    feeSchedule: CRYPTO_FEES_2026,
    negRisk: false,
    resolutionSource: 'https://data.chain.link/streams/btc-usd-twap-60s-streams',
  };
}

export const quiet = silentLogger();
export const clock = (): ManualClock => new ManualClock(1_790_658_700_000);

/** A JSON logger whose entries the test can read. */
export function capturingLogger(): { logger: Logger; entries: () => Record<string, unknown>[] } {
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(chunk.toString()), done()) });
  const logger = createLogger({ name: 'test', destination: sink, format: 'json', level: 'debug' });
  return {
    logger,
    entries: () =>
      lines
        .join('')
        .split('\n')
        .filter((l) => l.length > 0)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}
