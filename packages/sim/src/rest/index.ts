/**
 * The REST half of poly-sim: one request handler serving Gamma (`/gamma`), CLOB REST market data
 * (`/clob`) and the Data API (`/data-api`) on the simulator's single HTTP server. The server
 * (src/server.ts) offers every request to `handle(req, res, url)`; it returns false for paths
 * outside these prefixes. Faults (RestFaults) are applied here: a delay, a status instead of the
 * answer, or a response cut in the middle of its body.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimMarket } from '../catalog.js';
import { clobRoute } from './clob.js';
import type { RestContext } from './context.js';
import { dataApiRoute } from './data-api.js';
import { FAULT_MESSAGES, type FaultPlan } from './faults.js';
import { gammaRoute } from './gamma.js';
import { errorReply, HttpError, readBody, type Reply } from './http.js';
import { DEFAULT_REST_LIMITS, type RestDeps } from './types.js';

export { RestFaults, FAULT_MESSAGES, type FailStatus, type FaultPlan } from './faults.js';
export { DEFAULT_REST_LIMITS, type LiveBookView, type RestDeps, type RestLimits } from './types.js';

export type RestHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => boolean;

type Route = (ctx: RestContext, method: string, path: string, url: URL, body: () => Promise<string>) => Reply | Promise<Reply>;

const SERVICES: readonly { prefix: string; route: Route }[] = [
  { prefix: '/gamma', route: gammaRoute },
  { prefix: '/clob', route: clobRoute },
  { prefix: '/data-api', route: dataApiRoute },
];

const MAX_BODY_BYTES = 1_000_000;

export function createRestHandler(deps: RestDeps): RestHandler {
  const ctx = createContext(deps);
  return (req, res, url) => {
    const path = url.pathname;
    // '/clob-ws' must not be taken for '/clob': a prefix matches only up to a '/' or the end.
    const service = SERVICES.find((s) => path === s.prefix || path.startsWith(`${s.prefix}/`));
    if (!service) return false;
    const plan = deps.faults.plan(path);
    void serve(ctx, service, req, res, url, plan);
    return true;
  };
}

async function serve(
  ctx: RestContext,
  service: (typeof SERVICES)[number],
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  plan: FaultPlan,
): Promise<void> {
  if (plan.delayMs > 0) await delay(plan.delayMs, res);
  if (res.destroyed) return; // the client gave up while we were slow
  let reply: Reply;
  if (plan.fail) {
    const { status, retryAfterSec } = plan.fail;
    const extra = retryAfterSec === undefined ? {} : { retry_after_seconds: retryAfterSec };
    reply = errorReply(
      status,
      FAULT_MESSAGES[status],
      extra,
      retryAfterSec === undefined ? undefined : { 'retry-after': String(retryAfterSec) },
    );
  } else {
    reply = await answer(ctx, service, req, url);
  }
  if (!res.destroyed) write(res, reply, plan.cut);
}

async function answer(ctx: RestContext, service: (typeof SERVICES)[number], req: IncomingMessage, url: URL): Promise<Reply> {
  const path = url.pathname.slice(service.prefix.length) || '/';
  try {
    return await service.route(ctx, req.method ?? 'GET', path, url, () => readBody(req, MAX_BODY_BYTES));
  } catch (err) {
    if (err instanceof HttpError) return errorReply(err.status, err.message);
    return errorReply(500, `Internal error: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Wait `ms`, or less if the connection closes first (a slow fault must not outlive its client). */
function delay(ms: number, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      res.off('close', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    res.on('close', done);
  });
}

function write(res: ServerResponse, reply: Reply, cut: boolean): void {
  const body = Buffer.from(reply.body, 'utf8');
  res.writeHead(reply.status, { 'content-type': 'application/json', 'content-length': String(body.length), ...reply.headers });
  if (!cut) {
    res.end(body);
    return;
  }
  // Promise the whole body, send half of it, then drop the connection: the client sees a
  // truncated body and a socket error, as when a proxy or the network dies mid-response.
  res.write(body.subarray(0, Math.max(1, Math.floor(body.length / 2))), () => res.destroy());
}

function createContext(deps: RestDeps): RestContext {
  const limits = { ...DEFAULT_REST_LIMITS, ...deps.limits };
  const { catalog, clock } = deps;
  let indexedFrom = Number.POSITIVE_INFINITY;
  let indexedTo = Number.NEGATIVE_INFINITY;
  /** Index the windows from `lookback` ago to a day ahead that are not indexed yet. */
  const indexRecent = (): void => {
    const nowSec = Math.floor(clock.nowMs() / 1000);
    const from = nowSec - limits.indexLookbackSec;
    const to = nowSec + 86_400 + 3_600;
    if (from >= indexedFrom && to <= indexedTo) return;
    if (indexedFrom > indexedTo) catalog.indexWindows(from, to);
    else {
      if (from < indexedFrom) catalog.indexWindows(from, indexedFrom);
      if (to > indexedTo) catalog.indexWindows(indexedTo, to);
    }
    indexedFrom = Math.min(indexedFrom, from);
    indexedTo = Math.max(indexedTo, to);
  };
  const withIndex = <T>(lookup: () => T | undefined): T | undefined => {
    const hit = lookup();
    if (hit !== undefined) return hit;
    indexRecent();
    return lookup();
  };
  return {
    catalog,
    books: deps.books,
    clock,
    limits,
    findToken: (tokenId) => withIndex(() => catalog.lookupToken(tokenId)),
    findCondition: (conditionId): SimMarket | undefined => withIndex(() => catalog.lookupCondition(conditionId)),
  };
}
