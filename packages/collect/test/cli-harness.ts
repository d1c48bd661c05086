/**
 * Test harness for the real poly-collect process (bin/poly-collect.js, which runs the built dist:
 * `npm run build` first): spawn it, keep its log, wait for its exit; poll for a condition.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { networkInterfaces } from 'node:os';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../bin/poly-collect.js', import.meta.url));
/** JSON logs and short waits (see the file). */
export const SHORT_WAITS_CONFIG = fileURLToPath(new URL('./fixtures/collect-short-waits.toml', import.meta.url));

export interface CollectorProcess {
  readonly child: ChildProcess;
  /** Everything it logged so far (stderr). */
  log(): string;
  /** Its log lines that are JSON objects. */
  entries(): Record<string, unknown>[];
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
}

export function spawnCollector(
  args: readonly string[],
  options: { cwd?: string; env?: Readonly<Record<string, string>> } = {},
): CollectorProcess {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    exited,
    log: () => stderr,
    entries: () =>
      stderr
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

/** Exit code, or 'still running' after `timeoutMs`. */
export function exitOf(p: CollectorProcess, timeoutMs = 60_000): Promise<number | null | 'still running'> {
  return Promise.race([p.exited, new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), timeoutMs).unref())]);
}

/** Poll until `check` holds (errors count as "not yet"); throws with `what` after `timeoutMs`. */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (
      await Promise.resolve()
        .then(check)
        .catch(() => false)
    )
      return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A TCP port nothing listens on now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

/** The first JSON log entry whose msg is `msg`; rejects if the process exits before logging it. */
export function logEntry(p: CollectorProcess, msg: string): Promise<Record<string, unknown>> {
  const found = () => p.entries().find((e) => e.msg === msg);
  const exited = p.exited.then(
    () => found() ?? Promise.reject(new Error(`poly-collect exited before logging "${msg}":\n${p.log().slice(-2000)}`)),
  );
  return Promise.race([waitFor(`log "${msg}"`, () => found() !== undefined).then(() => found() as Record<string, unknown>), exited]);
}

export interface CliRun {
  readonly code: Promise<number | null>;
  stderr(): string;
  logLine(msg: string): Promise<Record<string, unknown>>;
  stop(): void;
}

/** `spawnCollector` with JSON logs (flag put last, so a subcommand stays first), env added to ours. */
export function startCli(args: readonly string[], env: Readonly<Record<string, string>>): CliRun {
  const p = spawnCollector([...args, '--log-format', 'json'], { env });
  return { code: p.exited, stderr: p.log, logLine: (msg) => logEntry(p, msg), stop: () => p.child.kill('SIGTERM') };
}

/** A TCP server holding `port` on `host` (0: a free one). */
export function listening(port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

/** This machine's first IPv4 address other than loopback (undefined when it has none). */
export function outsideAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((a) => a !== undefined && a.family === 'IPv4' && !a.internal)?.address;
}
