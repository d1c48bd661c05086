/**
 * Text as Gamma writes it: market questions in US Eastern time ("Bitcoin Up or Down - May 10,
 * 2:30PM-2:45PM ET", DST handled by the ICU time-zone database) and the timestamp styles its JSON
 * mixes (whole-second ISO, microsecond ISO with trailing zeros trimmed, Postgres text).
 */
import type { CryptoAsset } from '@polymarket-arb/domain';

/** Display names used in questions and descriptions. */
export const ASSET_NAMES: Readonly<Record<CryptoAsset, string>> = {
  BTC: 'Bitcoin',
  ETH: 'Ethereum',
  SOL: 'Solana',
  XRP: 'XRP',
};

const EASTERN = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York',
  month: 'long',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  hour12: true,
});

function easternParts(ms: number): { date: string; time: string } {
  const parts: Record<string, string> = {};
  for (const part of EASTERN.formatToParts(new Date(ms))) parts[part.type] = part.value;
  return { date: `${parts.month} ${parts.day}`, time: `${parts.hour}:${parts.minute}${parts.dayPeriod}` };
}

/** "Bitcoin Up or Down - May 10, 2:30PM-2:45PM ET" for the window [startSec, endSec). */
export function questionText(asset: CryptoAsset, startSec: number, endSec: number): string {
  const start = easternParts(startSec * 1000);
  const end = easternParts(endSec * 1000);
  return `${ASSET_NAMES[asset]} Up or Down - ${start.date}, ${start.time}-${end.time} ET`;
}

/** "2026-08-22T16:00:00Z": whole seconds, as in `eventStartTime` and `endDate`. */
export function isoSeconds(ms: number): string {
  return `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)}Z`;
}

/**
 * "2026-08-21T16:08:38.248161Z" from unix microseconds, as in `startDate`/`createdAt`. Gamma trims
 * trailing zeros of the fraction ("...09.49037Z") and drops it when it is zero.
 */
export function isoMicros(micros: number): string {
  const seconds = Math.floor(micros / 1_000_000);
  const fraction = String(micros - seconds * 1_000_000)
    .padStart(6, '0')
    .replace(/0+$/, '');
  return `${isoSeconds(seconds * 1000).slice(0, 19)}${fraction ? `.${fraction}` : ''}Z`;
}

/** "2026-07-24": the date part, as in `endDateIso`. */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** "2026-07-24 00:00:16+00": Postgres text, as in `closedTime`. */
export function postgresSeconds(ms: number): string {
  return `${isoSeconds(ms).slice(0, 19).replace('T', ' ')}+00`;
}
