/**
 * Test harness for the REST services: a real node:http server on 127.0.0.1:0 serving only
 * `createRestHandler`, a manual clock, and a LiveBookView backed by a Map the test fills.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ManualClock } from '@polymarket-arb/domain';
import { Catalog } from '../src/catalog.js';
import { createRestHandler, RestFaults, type LiveBookView, type RestLimits } from '../src/rest/index.js';

export interface RestHarness {
  readonly base: string;
  readonly clock: ManualClock;
  readonly catalog: Catalog;
  readonly faults: RestFaults;
  /** Live books by token id, as the live half would expose them. */
  readonly books: Map<string, Record<string, unknown>>;
  /** How many requests the handler declined (returned false for). */
  declined: number;
  get(path: string): Promise<{ status: number; headers: Headers; text: string; json: unknown }>;
  close(): Promise<void>;
}

export async function startRest(options: { seed?: number; nowMs: number; limits?: Partial<RestLimits> }): Promise<RestHarness> {
  const clock = new ManualClock(options.nowMs);
  const catalog = new Catalog({ seed: options.seed ?? 1 });
  const faults = new RestFaults(clock);
  const books = new Map<string, Record<string, unknown>>();
  const view: LiveBookView = { bookSummary: (tokenId) => books.get(tokenId) };
  const handle = createRestHandler({ catalog, books: view, clock, faults, ...(options.limits ? { limits: options.limits } : {}) });
  const harness = { declined: 0 } as { declined: number };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!handle(req, res, url)) {
      harness.declined++;
      res.writeHead(418).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(harness, {
    base,
    clock,
    catalog,
    faults,
    books,
    async get(path: string) {
      const response = await fetch(`${base}${path}`);
      const text = await response.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: response.status, headers: response.headers, text, json };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  });
}

/** The JSON type of a value as a conformance test compares it. */
export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
