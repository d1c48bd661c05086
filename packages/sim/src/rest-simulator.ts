/**
 * The simulator's REST half alone (Gamma, CLOB, Data API), for testing HTTP clients: a real
 * node:http server at 127.0.0.1:0 with a manual clock, the request log, and a hook run before each
 * request so tests can script faults ("the 5th Data API request gets a 429"). Every request moves
 * the simulator's clock by 1 ms, so a fault period of N ms lasts about N requests; past markets are
 * unaffected. No WebSocket, no live market: `startSimulator` is the whole exchange.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ManualClock } from '@polymarket-arb/domain';
import { Catalog } from './catalog.js';
import { createRestHandler, RestFaults, type RestLimits } from './rest/index.js';

export interface RestSimulator {
  readonly base: string;
  readonly endpoints: { gammaUrl: string; clobUrl: string; dataApiUrl: string };
  readonly env: Record<string, string>;
  readonly clock: ManualClock;
  readonly catalog: Catalog;
  readonly faults: RestFaults;
  /** Path and query of every request, in arrival order. */
  readonly requests: string[];
  /** Called before each request is handled, with its path and the count so far of requests under the same service. */
  beforeRequest: ((path: string, countInService: number) => void) | undefined;
  count(prefix: string): number;
  /** The next `n` requests under `pathPrefix` get `status` (with Retry-After when given). */
  failNext(n: number, status: 429 | 500 | 503, pathPrefix: string, retryAfterSec?: number): void;
  close(): Promise<void>;
}

export async function startRestSimulator(options: { seed: number; nowMs: number; limits?: Partial<RestLimits> }): Promise<RestSimulator> {
  const clock = new ManualClock(options.nowMs);
  const catalog = new Catalog({ seed: options.seed });
  const faults = new RestFaults(clock);
  const handle = createRestHandler({
    catalog,
    books: { bookSummary: () => undefined },
    clock,
    faults,
    ...(options.limits ? { limits: options.limits } : {}),
  });
  const requests: string[] = [];
  const perService = new Map<string, number>();
  const harness = { beforeRequest: undefined } as { beforeRequest: RestSimulator['beforeRequest'] };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(`${url.pathname}${url.search}`);
    const service = url.pathname.split('/')[1] ?? '';
    perService.set(service, (perService.get(service) ?? 0) + 1);
    harness.beforeRequest?.(url.pathname, perService.get(service) ?? 0);
    clock.advanceMs(1);
    if (!handle(req, res, url)) res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const endpoints = { gammaUrl: `${base}/gamma`, clobUrl: `${base}/clob`, dataApiUrl: `${base}/data-api` };
  return Object.assign(harness, {
    base,
    endpoints,
    env: { POLY_GAMMA_URL: endpoints.gammaUrl, POLY_CLOB_URL: endpoints.clobUrl, POLY_DATA_API_URL: endpoints.dataApiUrl },
    clock,
    catalog,
    faults,
    requests,
    count: (prefix: string) => requests.filter((r) => r.startsWith(prefix)).length,
    // Each request moves the clock 1 ms before the handler looks: a period of n + 1 ms covers n requests.
    failNext: (n: number, status: 429 | 500 | 503, pathPrefix: string, retryAfterSec?: number) =>
      faults.failWith(status, n + 1, retryAfterSec, pathPrefix),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  });
}
