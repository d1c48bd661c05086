/**
 * The deployment (Dockerfile, .dockerignore, deploy/), checked as CI can check it without a cluster
 * or a Docker engine: every manifest is a valid Kubernetes object of a known kind, and the pieces
 * agree with each other and with poly-collect (rules in deploy-rules.ts). The ConfigMap's
 * collect.toml loads with the collector's own loader; probes, Service and scrape annotations use
 * its health port; both pods run as non-root with limits; the memory limit holds the configured
 * buffers; the grace period covers the flush; the image leaves out chDB and runs as non-root. The
 * image's health check runs against real HTTP servers (finding the port in a config file uses the
 * built collector, as in the image: `npm test` builds first). Each rule also gets a broken copy to catch.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
// The validator is a repository script (scripts/), run by hand and by this test; it belongs to no package.
/* eslint-disable import-x/no-relative-packages */
import {
  DEPLOY_DIR,
  describeManifest,
  readManifests,
  unreferencedManifests,
  validateManifest,
  type Manifest,
} from '../../../scripts/validate-manifests.mjs';
/* eslint-enable import-x/no-relative-packages */
import { loadCollectConfig } from '../src/config.js';
import {
  container,
  dockerfileProblems,
  dockerIgnored,
  effectiveConfig,
  isLoopback,
  memoryProblems,
  packagesCollectNeeds,
  probeProblems,
  removeScratch,
  resourceProblems,
  ROOT,
  rolloutProblems,
  runtimeSetting,
  securityProblems,
  serviceProblems,
  storageProblems,
  writablePathProblems,
  type Obj,
} from './deploy-rules.js';

afterAll(removeScratch);

const manifests = readManifests();
const docs = manifests.map((m) => m.doc as Obj);
function find(kind: string, name: string): Obj {
  const doc = docs.find((d) => d?.kind === kind && d?.metadata?.name === name);
  if (!doc) throw new Error(`deploy/ has no ${kind} ${name}`);
  return doc;
}
const deployment = find('Deployment', 'poly-collect');
const configMap = find('ConfigMap', 'poly-collect-config');
const toml: string = configMap.data['collect.toml'];
const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const dockerignore = readFileSync(join(ROOT, '.dockerignore'), 'utf8');
const config = effectiveConfig(toml, deployment, dockerfile);
const workdir = runtimeSetting(dockerfile, 'WORKDIR') ?? '/';

function mutated(f: (d: Obj) => void): Obj {
  const copy = structuredClone(deployment);
  f(copy);
  return copy;
}

describe('every manifest under deploy/ is a valid Kubernetes object', () => {
  it('finds the manifests', () => {
    expect(docs.map((d) => d?.kind)).toEqual(
      expect.arrayContaining(['Namespace', 'ConfigMap', 'Secret', 'Deployment', 'Service', 'StatefulSet', 'Kustomization']),
    );
  });

  it.each(manifests.map((m) => [describeManifest(m), m] as const))('%s', (_, m) => {
    expect(validateManifest(m)).toBeUndefined();
  });

  it('reaches every manifest from deploy/kustomization.yaml, except the Secret template', () => {
    expect(unreferencedManifests()).toEqual([]);
    const root = manifests.find((m) => m.file === 'kustomization.yaml')?.doc as Obj;
    expect(root.namespace).toBe(find('Namespace', 'polymarket-arb').metadata.name);
    expect(root.resources).not.toContain('credentials-template.yaml');
  });

  it('rejects what the Kubernetes schema rejects, unknown kinds and broken YAML', () => {
    const m = (doc: unknown): Manifest => ({ file: 'x.yaml', path: join(DEPLOY_DIR, 'x.yaml'), index: 0, doc, errors: [] });
    expect(validateManifest(m(mutated((d) => (d.spec.replicas = 'one'))))).toMatch(/replicas must be integer/);
    expect(validateManifest(m(mutated((d) => delete container(d).name)))).toMatch(/containers\/0 must have required property name/);
    expect(validateManifest(m({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'x' } }))).toMatch(
      /unknown kind networking.k8s.io\/v1\/Ingress/,
    );
    expect(validateManifest({ ...m(undefined), errors: ['Flow sequence ...'] })).toMatch(/not valid YAML/);
  });
});

describe('poly-collect in Kubernetes', () => {
  it("loads the ConfigMap's collect.toml with poly-collect's own loader: server mode, health port on, on every interface", () => {
    expect(config.collector.health_port).toBe(9464);
    expect(config.collector.health_bind).toBe('0.0.0.0');
    expect(config.storage.clickhouse_url).toBe('http://clickhouse:8123');
    expect(config.log.format).toBe('json');
  });

  it('probes /healthz on the configured health port; the Service and the scrape annotations use it too', () => {
    expect(probeProblems(deployment, config)).toEqual([]);
    expect(serviceProblems(find('Service', 'poly-collect'), deployment, config)).toEqual([]);
  });

  it('runs both pods as non-root under the restricted Pod Security Standard', () => {
    expect(securityProblems(deployment)).toEqual([]);
    expect(securityProblems(find('StatefulSet', 'clickhouse'))).toEqual([]);
    expect(find('Namespace', 'polymarket-arb').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  it('sets CPU and memory requests and limits on every container', () => {
    expect(resourceProblems(deployment)).toEqual([]);
    expect(resourceProblems(find('StatefulSet', 'clickhouse'))).toEqual([]);
  });

  it('sizes the heap and the memory limit for max_buffered_rows', () => {
    expect(memoryProblems(deployment, config)).toEqual([]);
  });

  it('writes only to volumes (spill dir on an emptyDir) and mounts the config where poly-collect reads it', () => {
    expect(writablePathProblems(deployment, config, workdir, configMap.metadata.name)).toEqual([]);
  });

  it('runs one collector, replaced by Recreate, with a grace period that covers the flush', () => {
    expect(rolloutProblems(deployment, config)).toEqual([]);
  });

  it('takes the ClickHouse URL from the environment and the credentials from the Secret, whose template holds no password', () => {
    expect(storageProblems(deployment, toml, config, docs)).toEqual([]);
    expect(find('Secret', 'clickhouse-credentials').stringData.CLICKHOUSE_PASSWORD).toMatch(/^REPLACE_/);
  });

  it('catches each mistake the rules are for', () => {
    const withConfig = (from: string | RegExp, to: string) => effectiveConfig(toml.replace(from, to), deployment, dockerfile);
    expect(
      probeProblems(
        mutated((d) => (container(d).readinessProbe.httpGet.port = 8080)),
        config,
      ),
    ).toEqual(['readinessProbe is not GET /healthz on port 9464']);
    expect(
      probeProblems(
        mutated((d) => (container(d).livenessProbe.exec.command = ['node', 'healthcheck.mjs', '--port', '9464'])),
        config,
      ),
    ).toHaveLength(1);
    expect(probeProblems(deployment, withConfig('health_port = 9464', 'health_port = 9000'))).toHaveLength(5);
    expect(probeProblems(deployment, withConfig(/^\s*health_bind = .*$/m, ''))).toEqual([
      'health_bind is 127.0.0.1: probes and scrapes reach the pod on its own IP, so set health_bind = "0.0.0.0"',
    ]);
    expect(probeProblems(deployment, withConfig('health_bind = "0.0.0.0"', 'health_bind = "::1"'))).toHaveLength(1);
    expect(
      serviceProblems(find('Service', 'poly-collect'), deployment, withConfig('health_port = 9464', 'health_port = 9000')),
    ).toHaveLength(1);
    expect(securityProblems(mutated((d) => (container(d).securityContext.runAsNonRoot = false)))).toEqual([
      'poly-collect: runAsNonRoot is not true',
    ]);
    expect(securityProblems(mutated((d) => (container(d).securityContext.runAsUser = 0)))).toEqual(['poly-collect: runs as uid 0']);
    expect(resourceProblems(mutated((d) => delete container(d).resources.limits.memory))).toEqual([
      'poly-collect: memory request and limit are required',
    ]);
    expect(memoryProblems(deployment, withConfig(/max_buffered_rows = \d+/, 'max_buffered_rows = 2000000'))[0]).toMatch(
      /max_buffered_rows 2000000 needs/,
    );
    expect(
      memoryProblems(
        mutated((d) => (container(d).resources.limits.memory = '2Gi')),
        config,
      )[0],
    ).toMatch(/leaves less than 512 MiB/);
    const noSpillMount = mutated((d) => (container(d).volumeMounts = container(d).volumeMounts.filter((m: Obj) => m.name !== 'spill')));
    expect(writablePathProblems(noSpillMount, config, workdir, configMap.metadata.name)).toEqual([
      'spill_dir /app/spill is not on a writable volume',
    ]);
    expect(
      rolloutProblems(
        mutated((d) => (d.spec.template.spec.terminationGracePeriodSeconds = 30)),
        config,
      )[0],
    ).toMatch(/the flush would be killed/);
    expect(
      storageProblems(
        mutated((d) => (container(d).env = [{ name: 'CLICKHOUSE_PASSWORD', value: 'hunter2' }])),
        toml,
        config,
        docs,
      ),
    ).toContain('CLICKHOUSE_PASSWORD does not come from a Secret');
  });
});

describe('the poly-collect image (Dockerfile)', () => {
  it('builds in two node:20 stages; the runtime installs production deps without optional ones (no chDB) and runs as a numeric non-root user, with the health check and entrypoint', () => {
    expect(dockerfileProblems(dockerfile, dockerignore)).toEqual([]);
    expect(packagesCollectNeeds().sort()).toEqual(['packages/collect', 'packages/common', 'packages/domain', 'packages/venue']);
  });

  it('runs as the uid the pod asks for, from the working directory the ConfigMap is mounted in', () => {
    expect(Number(runtimeSetting(dockerfile, 'USER')?.split(':')[0])).toBe(deployment.spec.template.spec.securityContext.runAsUser);
    expect(workdir).toBe('/app');
  });

  it('has a built-in config that poly-collect loads, with the health port on, on every interface (docker run -p)', () => {
    const builtIn = loadCollectConfig({ file: join(DEPLOY_DIR, 'docker/collect.toml'), fileRequired: true, env: {} });
    expect(builtIn.collector.health_port).toBeGreaterThan(0);
    expect(isLoopback(builtIn.collector.health_bind)).toBe(false);
    expect(builtIn.collector.spill_dir).toBe('/app/spill');
    expect(dockerfile).toMatch(/mkdir -p \/app\/spill && chown 1000:1000 \/app\/spill/);
  });

  it('keeps local installs, builds and secrets out of the build context', () => {
    for (const path of [
      'node_modules',
      'packages/common/node_modules/x',
      'packages/collect/dist',
      'packages/collect/test/x.ts',
      '.env',
      '.git',
      'deploy/collect/deployment.yaml',
    ]) {
      expect(dockerIgnored(path, dockerignore), path).toBe(true);
    }
    for (const path of ['package.json', 'packages/collect/src/cli.ts', 'deploy/docker/healthcheck.mjs', 'deploy/docker/collect.toml'])
      expect(dockerIgnored(path, dockerignore), path).toBe(false);
  });

  it('catches each mistake the rules are for', () => {
    expect(dockerfileProblems(dockerfile.replace('--omit=dev --omit=optional', '--omit=dev'), dockerignore)).toEqual([
      'the runtime `npm ci` lacks --omit=optional',
    ]);
    expect(dockerfileProblems(dockerfile.replace('USER 1000:1000', 'USER node'), dockerignore)).toEqual([
      'the runtime USER must be a non-zero numeric uid (got "node")',
    ]);
    expect(
      dockerfileProblems(dockerfile.replace('ARG NODE_IMAGE=node:20.20-bookworm-slim', 'ARG NODE_IMAGE=node:22-slim'), dockerignore),
    ).toHaveLength(2);
    expect(dockerfileProblems(dockerfile.replace(/^COPY --from=build \/src\/packages\/common\/dist.*$/m, ''), dockerignore)).toEqual([
      'the runtime stage does not copy packages/common/dist',
    ]);
    expect(dockerfileProblems(dockerfile.replace(/^COPY packages\/bot\/package.json.*$/gm, ''), dockerignore)).toHaveLength(2);
    expect(dockerfileProblems(dockerfile, `${dockerignore}\ndeploy/docker/healthcheck.mjs\n`)).toEqual([
      'COPY deploy/docker/healthcheck.mjs: not in the build context',
    ]);
  });
});

describe('healthcheck.mjs against a real /healthz', () => {
  const script = join(DEPLOY_DIR, 'docker/healthcheck.mjs');
  const servers: Server[] = [];
  afterAll(() => servers.forEach((s) => (s.closeAllConnections(), s.close())));

  /** A /healthz answering `status` with a report whose feeds and store are as given; `hang` never answers. */
  async function healthz(
    status: number,
    opts: {
      feeds?: string;
      storeError?: string;
      hang?: boolean;
      host?: string;
      starting?: boolean;
      degradedBy?: string[];
      clobLagMs?: number;
    } = {},
  ): Promise<number> {
    const clob = { state: opts.feeds ?? 'open', ...(opts.clobLagMs === undefined ? {} : { lagMs: opts.clobLagMs, behind: true }) };
    const report = opts.starting
      ? { status: 'starting' }
      : {
          status: status === 200 ? 'ok' : 'degraded',
          degradedBy: opts.degradedBy,
          clob,
          binance: { state: opts.feeds ?? 'open' },
          buffers: { orderbook_deltas: { lastError: opts.storeError ?? null } },
        };
    const server = createServer((req, res) => {
      if (opts.hang) return;
      res.writeHead(req.url === '/healthz' ? status : 404, { 'content-type': 'application/json' }).end(JSON.stringify(report));
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, opts.host ?? '127.0.0.1', resolve));
    return (server.address() as { port: number }).port;
  }

  function run(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<{ code: number; out: string }> {
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        [script, ...args],
        { cwd: options.cwd ?? ROOT, env: { PATH: process.env.PATH ?? '', ...options.env } },
        (err, stdout) => {
          resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out: stdout.trim() });
        },
      );
    });
  }

  it('healthy on 200, in both modes', async () => {
    const port = await healthz(200);
    expect(await run(['--port', String(port)])).toEqual({ code: 0, out: `poly-collect healthy: collecting (port ${port})` });
    expect((await run(['--live', '--port', String(port)])).code).toBe(0);
  });

  it('while ClickHouse is down: not ready, but alive (no restart)', async () => {
    const port = await healthz(503, { storeError: 'connect ECONNREFUSED' });
    expect(await run(['--port', String(port)])).toMatchObject({
      code: 1,
      out: expect.stringMatching(/store failing \(orderbook_deltas\)/),
    });
    expect(await run(['--live', '--port', String(port)])).toMatchObject({
      code: 0,
      out: expect.stringMatching(/alive, waiting for the store/),
    });
  });

  it('feeds down with a working store: not alive', async () => {
    const port = await healthz(503, { feeds: 'backoff' });
    expect(await run(['--live', '--port', String(port)])).toMatchObject({
      code: 1,
      out: expect.stringMatching(/degraded: clob backoff, binance backoff, store ok/),
    });
    const stale = await healthz(503, { degradedBy: ['clob_stale', 'clob_lag'], clobLagMs: 4000 });
    expect((await run(['--live', '--port', String(stale)])).code).toBe(1);
  });

  it('reading behind the feed: not ready, but alive (catching up; a restart would drop the backlog)', async () => {
    const port = await healthz(503, { degradedBy: ['clob_lag'], clobLagMs: 3200 });
    expect(await run(['--port', String(port)])).toEqual({
      code: 1,
      out: 'poly-collect unhealthy: degraded: clob open, binance open, store ok, behind the feed (clob lag 3.2 s)',
    });
    expect(await run(['--live', '--port', String(port)])).toMatchObject({
      code: 0,
      out: expect.stringMatching(/alive, catching up with the feed/),
    });
  });

  it('while the collector starts (store, migrations, discovery): not ready, but alive', async () => {
    const port = await healthz(503, { starting: true });
    expect(await run(['--port', String(port)])).toEqual({
      code: 1,
      out: 'poly-collect unhealthy: starting (store, migrations, market discovery)',
    });
    expect((await run(['--live', '--port', String(port)])).code).toBe(0);
  });

  it('no answer (nothing listening, or a hung process): unhealthy in both modes', async () => {
    const closed = await healthz(200);
    const server = servers.pop();
    await new Promise((resolve) => server?.close(resolve));
    expect((await run(['--live', '--port', String(closed)])).code).toBe(1);
    const hung = await healthz(200, { hang: true });
    expect(await run(['--live', '--port', String(hung), '--timeout-ms', '200'])).toMatchObject({
      code: 1,
      out: expect.stringMatching(/no answer from \/healthz/),
    });
  });

  it('finds the port and address as poly-collect does: config/collect.toml in the working directory, then POLY_COLLECT_HEALTH_PORT and POLY_COLLECT_HEALTH_BIND', async () => {
    const port = await healthz(200);
    const dir = mkdtempSync(join(tmpdir(), 'poly-healthcheck-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    mkdirSync(join(dir, 'config'));
    const write = (text: string) => writeFileSync(join(dir, 'config/collect.toml'), text);
    write(`[collector]\nhealth_port = ${port}\n`);
    expect((await run([], { cwd: dir })).out).toBe(`poly-collect healthy: collecting (port ${port})`);
    write('[collector]\nhealth_port = 1\n');
    expect((await run([], { cwd: dir, env: { POLY_COLLECT_HEALTH_PORT: String(port) } })).code).toBe(0);
    const onOneAddress = await healthz(200, { host: '127.0.0.2' });
    write(`[collector]\nhealth_port = ${onOneAddress}\nhealth_bind = "127.0.0.2"\n`);
    expect((await run([], { cwd: dir })).code).toBe(0);
    expect((await run([], { cwd: dir, env: { POLY_COLLECT_HEALTH_BIND: '0.0.0.0' } })).code).toBe(1);
    write('[collector]\nhealth_port = 0\n');
    expect(await run([], { cwd: dir })).toMatchObject({ code: 1, out: expect.stringMatching(/health endpoint is off/) });
    write('[collector]\nhealth_prot = 9464\n');
    expect(await run([], { cwd: dir })).toMatchObject({
      code: 1,
      out: expect.stringMatching(/cannot read the configuration: .*unknown key collector.health_prot/),
    });
  });
});
