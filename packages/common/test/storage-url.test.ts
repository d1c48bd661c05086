import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, StoreError } from '@polymarket-arb/domain';
import { createLogger, openStore } from '../src/index.js';

/** A stand-in for a ClickHouse server's HTTP interface: answers every statement with 200, remembers what it was sent. */
async function fakeClickHouse(): Promise<{ server: Server; url: string; requests: { url: string; headers: IncomingHttpHeaders }[] }> {
  const requests: { url: string; headers: IncomingHttpHeaders }[] = [];
  const server = createServer((req, res) => {
    requests.push({ url: req.url ?? '', headers: req.headers });
    req.resume();
    req.on('end', () => res.writeHead(200, { 'Content-Type': 'text/plain' }).end(''));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

/** host:port where nothing listens (connection refused at once). */
async function closedAddress(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `127.0.0.1:${port}`;
}

function capturedLogger() {
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(chunk.toString()), done()) });
  return { logger: createLogger({ name: 'test', destination: sink, format: 'json', level: 'debug' }), text: () => lines.join('') };
}

const basicAuth = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('a password inside the server URL (from the environment)', () => {
  let ch: Awaited<ReturnType<typeof fakeClickHouse>>;
  beforeAll(async () => {
    ch = await fakeClickHouse();
  });
  afterAll(() => ch.server.close());

  it('travels only as a credential: not in the URL the client requests, the description, or any log line', async () => {
    for (const [url, user] of [
      [`http://alice:url-pw-1@${ch.url}`, 'alice'],
      [`http://${ch.url}/?password=url-pw-1`, 'default'],
    ] as const) {
      ch.requests.length = 0;
      const { logger, text } = capturedLogger();
      const store = await openStore({ clickhouseUrl: url, database: 'db1', logger });
      await store.command('SELECT 1');
      await store.close();
      expect(store.description).toBe(`ClickHouse server http://${ch.url}, database db1`);
      expect(ch.requests.length).toBeGreaterThan(0);
      for (const request of ch.requests) {
        expect(request.headers.authorization).toBe(basicAuth(user, 'url-pw-1'));
        expect(request.url).not.toContain('url-pw-1');
      }
      expect(text()).not.toContain('url-pw-1');
    }
  });

  it('agrees with CLICKHOUSE_PASSWORD or is refused with a sentence: two different passwords are a mistake', async () => {
    const store = await openStore({ clickhouseUrl: `http://alice:same-pw@${ch.url}`, password: 'same-pw' });
    await store.close();
    const refused = await openStore({ clickhouseUrl: `http://alice:url-pw-2@${ch.url}`, password: 'env-pw-2' }).catch(
      (err: unknown) => err,
    );
    expect(refused).toBeInstanceOf(ConfigError);
    expect((refused as ConfigError).problems).toEqual([
      'the ClickHouse URL (CLICKHOUSE_URL) carries a password and CLICKHOUSE_PASSWORD is set to a different one; keep only one of them (CLICKHOUSE_PASSWORD is the usual place).',
    ]);
    expect((refused as Error).message).not.toMatch(/url-pw-2|env-pw-2/);
  });

  it('never appears in the error when the server cannot be reached', async () => {
    const address = await closedAddress();
    const err = await openStore({ clickhouseUrl: `http://alice:url-pw-3@${address}` }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).code).toBe('E_STORE_CONNECT');
    expect((err as Error).message).toMatch(new RegExp(`^Cannot reach ClickHouse server http://${address}, database polymarket_arb: `));
    expect((err as Error).message).not.toContain('url-pw-3');
  });
});

// These run the built CLI (npm run build first), as a user would.
describe('poly-collect with a bad or secret-bearing ClickHouse URL', () => {
  const cli = fileURLToPath(new URL('../../collect/bin/poly-collect.js', import.meta.url));
  const passwordFile = fileURLToPath(new URL('./fixtures/config/url-password.toml', import.meta.url));
  const cwd = mkdtempSync(join(tmpdir(), 'poly-url-'));
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));

  function run(args: string[], env: Record<string, string> = {}) {
    const result = spawnSync(process.execPath, [cli, '--assets', 'BTC', '--duration', '1', '--log-format', 'json', ...args], {
      cwd,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', ...env },
      timeout: 30_000,
    });
    return { status: result.status, out: `${result.stdout}${result.stderr}`, stderr: result.stderr };
  }
  const noStack = (text: string) => expect(text).not.toMatch(/^\s+at /m);

  it('CLICKHOUSE_URL=garbage: exit 2 and one sentence with the source and the fix', () => {
    const r = run([], { CLICKHOUSE_URL: 'garbage' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      'storage.clickhouse_url: not a URL (it does not start with http:// or https://); give the ClickHouse HTTP interface, e.g. http://localhost:8123, or leave it unset to use the embedded store (from env CLICKHOUSE_URL)',
    );
    noStack(r.out);
  });

  it('a password in --clickhouse-url or in the config file: exit 2, pointed to CLICKHOUSE_PASSWORD, the password printed nowhere', () => {
    const flag = run(['--clickhouse-url', 'http://127.0.0.1:8123/?password=cli-pw-1']);
    expect(flag.status).toBe(2);
    expect(flag.stderr).toMatch(
      /storage\.clickhouse_url: the URL carries a secret \(password=\) and a command line can be read by every user of the machine \(ps, shell history\); use http:\/\/127\.0\.0\.1:8123 and set the password in the environment variable CLICKHOUSE_PASSWORD \(from flag --clickhouse-url\)/,
    );
    expect(flag.out).not.toContain('cli-pw-1');
    noStack(flag.out);
    const file = run(['--config', passwordFile]);
    expect(file.status).toBe(2);
    expect(file.stderr).toMatch(
      /secrets are not read from config files; use http:\/\/alice@ch\.internal:8123 and set the password in the environment variable CLICKHOUSE_PASSWORD/,
    );
    expect(file.out).not.toContain('file-pw-123');
    noStack(file.out);
  });

  it('a password in CLICKHOUSE_URL is used, and printed nowhere when the server is down', async () => {
    const address = await closedAddress();
    for (const url of [`http://${address}/?password=cli-pw-2`, `http://bob:cli-pw-2@${address}`]) {
      const r = run([], { CLICKHOUSE_URL: url });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`poly-collect: Cannot reach ClickHouse server http://${address}, database polymarket_arb: `);
      expect(r.out).not.toContain('cli-pw-2');
      noStack(r.out);
    }
  });
});
