/**
 * Structured logging (pino): data object first, message second; child loggers carry context.
 * Logs go to stderr so that stdout stays free for a program's own output (poly-sim's KEY=VALUE
 * lines, reports). Human-readable when stderr is a terminal, one JSON object per line otherwise.
 * Secrets are redacted by key wherever they appear in a logged object, and a password or token
 * inside a URL is scrubbed from every finished line, whatever key or message carried it.
 */
import { pino, type Logger as PinoLogger } from 'pino';
import pretty from 'pino-pretty';
import { redactUrl } from './url-secrets.js';

export type Logger = PinoLogger;
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
export type LogFormat = 'auto' | 'json' | 'pretty';

export const LOG_LEVELS: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

/** Keys whose values never reach a log, at any depth we log. */
export const REDACTED_KEYS = [
  'password',
  'secret',
  'passphrase',
  'privateKey',
  'private_key',
  'apiKey',
  'api_key',
  'apiSecret',
  'api_secret',
  'authorization',
  'POLY_SIGNATURE',
  'POLY_API_KEY',
  'POLY_PASSPHRASE',
];

function redactPaths(): string[] {
  const paths: string[] = [];
  for (const key of REDACTED_KEYS) paths.push(key, `*.${key}`, `*.*.${key}`);
  return paths;
}

export interface LoggerOptions {
  name: string;
  level?: LogLevel;
  format?: LogFormat;
  /** Where to write (default: stderr). */
  destination?: NodeJS.WritableStream;
}

export function createLogger(options: LoggerOptions): Logger {
  const destination = options.destination ?? process.stderr;
  const isTty = (destination as { isTTY?: boolean }).isTTY === true;
  const usePretty = options.format === 'pretty' || ((options.format ?? 'auto') === 'auto' && isTty);
  const base = {
    name: options.name,
    level: options.level ?? 'info',
    redact: { paths: redactPaths(), censor: '[redacted]' },
    base: { pid: process.pid },
    hooks: { streamWrite: redactUrl },
  };
  if (usePretty) {
    const stream = pretty({
      destination: destination as NodeJS.WritableStream & { fd?: number },
      colorize: isTty,
      translateTime: 'SYS:HH:MM:ss.l',
      ignore: 'pid,hostname',
      sync: true,
    });
    return pino(base, stream);
  }
  if (destination === process.stderr || destination === process.stdout) {
    return pino(base, pino.destination({ dest: destination === process.stderr ? 2 : 1, sync: true }));
  }
  return pino(base, destination);
}

/** A logger that discards everything (tests, library use). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
