/**
 * The control surface tests and demos drive the simulator with: the `SimControl` methods of the
 * library API, and the same operations over HTTP under `/_control/`:
 *   GET  /_control/stats[?sent=1]        connection statistics (sent frames only with sent=1)
 *   GET  /_control/truth                 injected arbitrage episodes (JSON array)
 *   GET  /_control/book?token_id=ID      a token's live book (CLOB REST shape)
 *   GET  /_control/markets               the markets with a live book
 *   POST /_control/drop                  drop every WebSocket connection now
 *   POST /_control/stall?seconds=D       WebSocket clients receive nothing for D s
 *   POST /_control/delay?ms=MS&seconds=D stream frames made in the next D s reach clients MS ms late
 *   POST /_control/faults                apply a fault SPEC now (body: the SPEC, or {"spec":"..."})
 *   POST /_control/frame-faults          set frame-fault rates ({"malformed":0.1,...})
 *   POST /_control/rest-fault?status=503&seconds=10[&retry_after=5][&path_prefix=/clob]
 *   POST /_control/rest-slow?delay_ms=500&seconds=10
 *   POST /_control/rest-drop[?path_prefix=/gamma]
 *   POST /_control/binance-shutdown      serverShutdown to every Binance connection
 *   POST /_control/clear                 clear every fault
 * Parameters come from the query string or a JSON object body. Answers are JSON.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PolyError } from '@polymarket-arb/domain';
import type { FrameFaultRates } from './faults.js';
import type { TruthEpisode } from './market/episodes.js';
import type { FailStatus } from './rest/index.js';
import type { ConnectionStats } from './ws/stats.js';

export interface SimStats {
  readonly startedAtMs: number;
  /** Frames the live model produced, by kind (whether or not anyone received them). */
  readonly produced: Readonly<Record<string, number>>;
  /** Binance trades produced. */
  readonly binanceTrades: number;
  readonly market: readonly ConnectionStats[];
  readonly binance: readonly ConnectionStats[];
}

export interface MarketInfo {
  readonly asset: string;
  readonly slug: string;
  readonly conditionId: string;
  readonly upTokenId: string;
  readonly downTokenId: string;
  readonly windowStart: number;
  readonly windowEnd: number;
  readonly state: 'listed' | 'live' | 'ended' | 'resolved';
  readonly tickSize: string;
}

export interface SimControl {
  /** Drop every WebSocket connection (market and Binance) now; returns how many. */
  dropConnections(): number;
  /** WebSocket clients receive nothing (not even PONG or pings) for `seconds`. */
  stall(seconds: number): void;
  /** Stream frames (market and Binance) made in the next `seconds` reach clients `ms` late, in order. */
  delay(ms: number, seconds: number): void;
  /** Apply a fault SPEC, its times counted from now. */
  applyFaults(spec: string): void;
  /** Set some frame-fault rates (fractions of market frames). */
  setFrameFaults(rates: Partial<FrameFaultRates>): void;
  /** REST answers `status` for `seconds` (with Retry-After), under `pathPrefix` (default all). */
  restFail(status: FailStatus, seconds: number, retryAfterSec?: number, pathPrefix?: string): void;
  /** REST responses are delayed `delayMs` for `seconds`. */
  restSlow(delayMs: number, seconds: number): void;
  /** The next REST response (under `pathPrefix`) is cut mid-body. */
  restDropNext(pathPrefix?: string): void;
  /** `serverShutdown` to every Binance connection, which is then closed; returns how many. */
  binanceShutdown(): number;
  /** Clear every fault (rates, stall, REST faults, pending timed faults). */
  clearFaults(): void;
  stats(): SimStats;
  truth(): readonly TruthEpisode[];
  book(tokenId: string): Record<string, unknown> | undefined;
  markets(): readonly MarketInfo[];
}

class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type Params = Record<string, unknown>;

function num(p: Params, key: string, required = true): number | undefined {
  const raw = p[key];
  if (raw === undefined || raw === '') {
    if (required) throw new ControlError(400, `Missing parameter ${key}: add ?${key}=<number>.`);
    return undefined;
  }
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0)
    throw new ControlError(400, `Parameter ${key}=${JSON.stringify(raw)} is not a non-negative number.`);
  return value;
}

function str(p: Params, key: string): string | undefined {
  const raw = p[key];
  return typeof raw === 'string' && raw !== '' ? raw : undefined;
}

async function readParams(req: IncomingMessage, url: URL): Promise<{ params: Params; body: string }> {
  const params: Params = Object.fromEntries(url.searchParams);
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks).toString('utf8');
  if (body.trim().startsWith('{')) {
    try {
      Object.assign(params, JSON.parse(body) as Params);
    } catch {
      throw new ControlError(400, 'The request body is not valid JSON.');
    }
  }
  return { params, body };
}

function reply(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

const STATUSES: readonly number[] = [429, 500, 503];

async function route(control: SimControl, method: string, name: string, req: IncomingMessage, url: URL): Promise<unknown> {
  const get = method === 'GET';
  if (get && name === 'stats') {
    const stats = control.stats();
    if (url.searchParams.get('sent') === '1') return stats;
    const strip = (list: readonly ConnectionStats[]): ConnectionStats[] => list.map((s) => ({ ...s, sent: undefined }));
    return { ...stats, market: strip(stats.market), binance: strip(stats.binance) };
  }
  if (get && name === 'truth') return control.truth();
  if (get && name === 'markets') return control.markets();
  if (get && name === 'book') {
    const id = url.searchParams.get('token_id');
    if (!id) throw new ControlError(400, 'Missing parameter token_id: add ?token_id=<token id>.');
    const book = control.book(id);
    if (!book) throw new ControlError(404, `No live book for token ${id}.`);
    return book;
  }
  if (method !== 'POST') throw new ControlError(get ? 404 : 405, `No control operation ${method} /_control/${name}.`);
  const { params: p, body } = await readParams(req, url);
  switch (name) {
    case 'drop':
      return { dropped: control.dropConnections() };
    case 'stall':
      control.stall(num(p, 'seconds') as number);
      return { ok: true };
    case 'delay':
      control.delay(num(p, 'ms') as number, num(p, 'seconds') as number);
      return { ok: true };
    case 'faults': {
      const spec = str(p, 'spec') ?? (body.trim().startsWith('{') ? '' : body.trim());
      if (spec === '') throw new ControlError(400, 'No fault SPEC: send it as the body or as {"spec":"..."}.');
      control.applyFaults(spec);
      return { ok: true };
    }
    case 'frame-faults': {
      const rates: Partial<FrameFaultRates> = {};
      for (const key of ['malformed', 'unknownEvents', 'legacyPriceChange', 'emptyNumbers', 'duplicates', 'outOfOrder'] as const) {
        const v = num(p, key, false);
        if (v !== undefined) rates[key] = v;
      }
      control.setFrameFaults(rates);
      return { ok: true };
    }
    case 'rest-fault': {
      const status = num(p, 'status') as number;
      if (!STATUSES.includes(status))
        throw new ControlError(400, `status=${status} is not one the simulator injects: use 429, 500 or 503.`);
      control.restFail(status as FailStatus, num(p, 'seconds') as number, num(p, 'retry_after', false), str(p, 'path_prefix'));
      return { ok: true };
    }
    case 'rest-slow':
      control.restSlow(num(p, 'delay_ms') as number, num(p, 'seconds') as number);
      return { ok: true };
    case 'rest-drop':
      control.restDropNext(str(p, 'path_prefix'));
      return { ok: true };
    case 'binance-shutdown':
      return { closed: control.binanceShutdown() };
    case 'clear':
      control.clearFaults();
      return { ok: true };
    default:
      throw new ControlError(404, `No control operation POST /_control/${name}.`);
  }
}

/** The `/_control/*` HTTP handler; returns false for other paths. */
export function createControlHandler(control: SimControl): (req: IncomingMessage, res: ServerResponse, url: URL) => boolean {
  return (req, res, url) => {
    if (!url.pathname.startsWith('/_control/')) return false;
    const name = url.pathname.slice('/_control/'.length);
    route(control, req.method ?? 'GET', name, req, url).then(
      (value) => reply(res, 200, value),
      (err: unknown) => {
        if (err instanceof ControlError) return reply(res, err.status, { error: err.message });
        if (err instanceof PolyError) return reply(res, 400, { error: err.message });
        reply(res, 500, { error: `Internal error: ${err instanceof Error ? err.message : String(err)}` });
      },
    );
    return true;
  };
}
