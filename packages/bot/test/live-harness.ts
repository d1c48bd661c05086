/**
 * Harness for the live-mode tests: the simulator, a recording HTTP proxy in front of its REST
 * services (so a test can assert that no order endpoint was ever called), and the built poly-bot
 * CLI as a child process.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, request, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { openStore, type Store } from '@polymarket-arb/common';
import { startSimulator, type Simulator, type SimulatorOptions } from '@polymarket-arb/sim';
import { expect } from 'vitest';

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
    const upstream = request(
      { host: t.hostname, port: t.port, method: req.method, path: `${t.pathname}${req.url ?? ''}`, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
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

export interface BotExit {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run the built CLI to completion (in `cwd`, default this process's working directory). */
export function runBot(args: string[], env: Record<string, string> = {}, cwd?: string): Promise<BotExit> {
  const child = spawn(process.execPath, [BOT_CLI, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(cwd === undefined ? {} : { cwd }),
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/**
 * Expect the CLI to have refused its input the way every user error is refused: exit status 2,
 * one `poly-bot: ...` sentence matching `sentence`, and no stack trace.
 */
export function expectRefusal(exit: BotExit, sentence: RegExp): void {
  expect(exit.stderr, exit.stderr).toMatch(sentence);
  expect(exit.stderr).toMatch(/^poly-bot: /);
  expect(exit.stderr).not.toMatch(/unexpected error|\n\s+at /);
  expect(exit.code, exit.stderr).toBe(2);
}

export function eventIdOf(sim: Simulator, slug: string): string {
  const market = sim.catalog.marketBySlug(slug);
  if (!market) throw new Error(`unknown slug ${slug}`);
  return market.eventId;
}

export interface LiveRun {
  readonly dir: string;
  readonly sim: Simulator;
  readonly gamma: RecordingProxy;
  readonly clob: RecordingProxy;
  readonly result: BotExit;
  /** The bot's store, opened after it exited. */
  readonly store: Store;
  close(): Promise<void>;
}

/**
 * One live-mode run: the simulator starting 2 minutes into a window (the whole run then sits in
 * one time phase with time to trade), recording proxies in front of its REST services, and the
 * built CLI in `mode` for `seconds`.
 */
export async function liveRun(
  mode: 'shadow' | 'paper',
  seconds: number,
  simOptions: SimulatorOptions,
  extraArgs: (dir: string) => string[] = () => [],
  extraEnv: Record<string, string> = {},
): Promise<LiveRun> {
  const dir = mkdtempSync(join(tmpdir(), `poly-${mode}-`));
  const windowStart = Math.floor(Date.now() / 900_000) * 900_000;
  const sim = await startSimulator({ startTimeMs: windowStart + 120_000, ...simOptions });
  const gamma = await recordingProxy(sim.urls.POLY_GAMMA_URL);
  const clob = await recordingProxy(sim.urls.POLY_CLOB_URL);
  const result = await runBot(
    [
      '--mode',
      mode,
      '--assets',
      'BTC,ETH',
      '--data-dir',
      join(dir, 'data'),
      '--duration',
      String(seconds),
      '--log-format',
      'json',
      ...extraArgs(dir),
    ],
    {
      ...sim.urls,
      POLY_GAMMA_URL: gamma.url,
      POLY_CLOB_URL: clob.url,
      ...extraEnv,
    },
  );
  const store = await openStore({ dataDir: join(dir, 'data') });
  return {
    dir,
    sim,
    gamma,
    clob,
    result,
    store,
    async close() {
      await store.close();
      await gamma.close();
      await clob.close();
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
