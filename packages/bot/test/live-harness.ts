/**
 * Harness for the live-mode tests: the simulator, a recording HTTP proxy in front of its REST
 * services (so a test can assert that no order endpoint was ever called), and the built poly-bot
 * CLI as a child process.
 */
import { spawn } from 'node:child_process';
import { createServer, request, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { Simulator } from '@polymarket-arb/sim';

export const BOT_CLI = fileURLToPath(new URL('../bin/poly-bot.js', import.meta.url));

export interface RecordingProxy {
  readonly url: string;
  readonly requests: { method: string; path: string }[];
  close(): Promise<void>;
}

/** Forward every request to `target`, recording method and path. */
export async function recordingProxy(target: string): Promise<RecordingProxy> {
  const t = new URL(target);
  const requests: { method: string; path: string }[] = [];
  const server: Server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', path: req.url ?? '' });
    const upstream = request({ host: t.hostname, port: t.port, method: req.method, path: `${t.pathname}${req.url ?? ''}`, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise((r) => server.close(() => r())) };
}

/** Every request that would place, change or cancel an order, or touch private endpoints. */
export function orderRequests(requests: readonly { method: string; path: string }[]): { method: string; path: string }[] {
  return requests.filter((r) => r.method !== 'GET' || /\/(order|orders|cancel|heartbeats?|auth|balance-allowance)/.test(r.path));
}

export function runBot(args: string[], env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [BOT_CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
}

export function eventIdOf(sim: Simulator, slug: string): string {
  const market = sim.catalog.marketBySlug(slug);
  if (!market) throw new Error(`unknown slug ${slug}`);
  return market.eventId;
}
