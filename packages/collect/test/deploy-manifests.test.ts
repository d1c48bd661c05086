/**
 * The poly-collect image (Dockerfile, .dockerignore, deploy/docker/), checked as CI can check it
 * without a Docker engine (rules in deploy-rules.ts): two node:20 stages, a runtime stage without
 * dev or optional dependencies (no chDB), a numeric non-root user, the entrypoint and health check.
 * The image's health check runs against real HTTP servers. Each rule also gets a broken copy to catch.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { loadCollectConfig } from '../src/config.js';
import { dockerfileProblems, dockerIgnored, packagesCollectNeeds, ROOT, runtimeSetting } from './deploy-rules.js';

const DEPLOY_DIR = join(ROOT, 'deploy');
const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const dockerignore = readFileSync(join(ROOT, '.dockerignore'), 'utf8');

describe('the poly-collect image (Dockerfile)', () => {
  it('builds in two node:20 stages; the runtime installs production deps without optional ones (no chDB) and runs as a numeric non-root user, with the health check and entrypoint', () => {
    expect(dockerfileProblems(dockerfile, dockerignore)).toEqual([]);
    expect(packagesCollectNeeds().sort()).toEqual(['packages/collect', 'packages/common']);
  });

  it('runs from /app, where the config is', () => {
    expect(runtimeSetting(dockerfile, 'WORKDIR')).toBe('/app');
  });

  it('has a built-in config that poly-collect loads, with the health port on', () => {
    const builtIn = loadCollectConfig({ file: join(DEPLOY_DIR, 'docker/collect.toml'), fileRequired: true, env: {} });
    expect(builtIn.collector.health_port).toBeGreaterThan(0);
    expect(builtIn.collector.spill_dir).toBe('/app/spill');
    expect(dockerfile).toMatch(/mkdir -p \/app\/spill && chown 1000:1000 \/app\/spill/);
  });

  it('keeps local installs, builds and secrets out of the build context', () => {
    for (const path of ['node_modules', 'packages/common/node_modules/x', 'packages/collect/dist', 'packages/collect/test/x.ts', '.env', '.git', 'deploy/kustomization.yaml']) {
      expect(dockerIgnored(path, dockerignore), path).toBe(true);
    }
    for (const path of ['package.json', 'packages/collect/src/cli.ts', 'deploy/docker/healthcheck.mjs', 'deploy/docker/collect.toml']) expect(dockerIgnored(path, dockerignore), path).toBe(false);
  });

  it('catches each mistake the rules are for', () => {
    expect(dockerfileProblems(dockerfile.replace('--omit=dev --omit=optional', '--omit=dev'), dockerignore)).toEqual(['the runtime `npm ci` lacks --omit=optional']);
    expect(dockerfileProblems(dockerfile.replace('USER 1000:1000', 'USER node'), dockerignore)).toEqual(['the runtime USER must be a non-zero numeric uid (got "node")']);
    expect(dockerfileProblems(dockerfile.replace('ARG NODE_IMAGE=node:20.20-bookworm-slim', 'ARG NODE_IMAGE=node:22-slim'), dockerignore)).toHaveLength(2);
    expect(dockerfileProblems(dockerfile.replace(/^COPY --from=build \/src\/packages\/common\/dist.*$/m, ''), dockerignore)).toEqual(['the runtime stage does not copy packages/common/dist']);
    expect(dockerfileProblems(dockerfile.replace(/^COPY packages\/bot\/package.json.*$/gm, ''), dockerignore)).toHaveLength(2);
    expect(dockerfileProblems(dockerfile, `${dockerignore}\ndeploy/docker/healthcheck.mjs\n`)).toEqual(['COPY deploy/docker/healthcheck.mjs: not in the build context']);
  });
});

describe('healthcheck.mjs against a real /healthz', () => {
  const script = join(DEPLOY_DIR, 'docker/healthcheck.mjs');
  const servers: Server[] = [];
  afterAll(() => servers.forEach((s) => (s.closeAllConnections(), s.close())));

  /** A /healthz answering `status` with a report whose feeds and store are as given; `hang` never answers. */
  async function healthz(status: number, opts: { feeds?: string; storeError?: string; hang?: boolean } = {}): Promise<number> {
    const report = { status: status === 200 ? 'ok' : 'degraded', clob: { state: opts.feeds ?? 'open' }, binance: { state: opts.feeds ?? 'open' }, buffers: { orderbook_deltas: { lastError: opts.storeError ?? null } } };
    const server = createServer((req, res) => {
      if (opts.hang) return;
      res.writeHead(req.url === '/healthz' ? status : 404, { 'content-type': 'application/json' }).end(JSON.stringify(report));
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as { port: number }).port;
  }

  function run(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<{ code: number; out: string }> {
    return new Promise((resolve) => {
      execFile(process.execPath, [script, ...args], { cwd: options.cwd ?? ROOT, env: { PATH: process.env.PATH ?? '', ...options.env } }, (err, stdout) => {
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out: stdout.trim() });
      });
    });
  }

  it('healthy on 200, in both modes', async () => {
    const port = await healthz(200);
    expect(await run(['--port', String(port)])).toEqual({ code: 0, out: `poly-collect healthy: collecting (port ${port})` });
    expect((await run(['--live', '--port', String(port)])).code).toBe(0);
  });

  it('while ClickHouse is down: not ready, but alive (no restart)', async () => {
    const port = await healthz(503, { storeError: 'connect ECONNREFUSED' });
    expect(await run(['--port', String(port)])).toMatchObject({ code: 1, out: expect.stringMatching(/store failing \(orderbook_deltas\)/) });
    expect(await run(['--live', '--port', String(port)])).toMatchObject({ code: 0, out: expect.stringMatching(/alive, waiting for the store/) });
  });

  it('feeds down with a working store: not alive', async () => {
    const port = await healthz(503, { feeds: 'backoff' });
    expect(await run(['--live', '--port', String(port)])).toMatchObject({ code: 1, out: expect.stringMatching(/degraded: clob backoff, binance backoff, store ok/) });
  });

  it('no answer (nothing listening, or a hung process): unhealthy in both modes', async () => {
    const closed = await healthz(200);
    const server = servers.pop();
    await new Promise((resolve) => server?.close(resolve));
    expect((await run(['--live', '--port', String(closed)])).code).toBe(1);
    const hung = await healthz(200, { hang: true });
    expect(await run(['--live', '--port', String(hung), '--timeout-ms', '200'])).toMatchObject({ code: 1, out: expect.stringMatching(/no answer from \/healthz/) });
  });

  it('finds the port as poly-collect does: config/collect.toml in the working directory, then POLY_COLLECT_HEALTH_PORT', async () => {
    const port = await healthz(200);
    const dir = mkdtempSync(join(tmpdir(), 'poly-healthcheck-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    mkdirSync(join(dir, 'config'));
    const write = (text: string) => writeFileSync(join(dir, 'config/collect.toml'), text);
    write(`[collector]\nhealth_port = ${port}\n`);
    expect((await run([], { cwd: dir })).out).toBe(`poly-collect healthy: collecting (port ${port})`);
    write('[collector]\nhealth_port = 1\n');
    expect((await run([], { cwd: dir, env: { POLY_COLLECT_HEALTH_PORT: String(port) } })).code).toBe(0);
    write('[collector]\nhealth_port = 0\n');
    expect(await run([], { cwd: dir })).toMatchObject({ code: 1, out: expect.stringMatching(/health endpoint is off/) });
    write('[collector]\nhealth_prot = 9464\n');
    expect(await run([], { cwd: dir })).toMatchObject({ code: 1, out: expect.stringMatching(/cannot read the configuration: .*unknown key collector.health_prot/) });
  });
});
