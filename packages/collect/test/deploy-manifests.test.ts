/**
 * The deployment (Dockerfile, .dockerignore, deploy/) is checked here, as CI can check it without a
 * cluster or a Docker engine: every manifest is a valid Kubernetes object of a known kind, and the
 * pieces agree with each other and with poly-collect. The ConfigMap's collect.toml loads with the
 * collector's own loader; the probes, Service and scrape annotations use its health port; both pods
 * run as non-root with limits; the memory limit holds the configured buffers; the grace period
 * covers the flush; the image leaves out chDB and runs as non-root. The image's health check runs
 * against real HTTP servers. Each rule also has a test showing it catches the mistake it is for.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEPLOY_DIR, describeManifest, readManifests, unreferencedManifests, validateManifest, type Manifest } from '../../../scripts/validate-manifests.mjs';
import { loadCollectConfig, type CollectConfig } from '../src/config.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const HEALTHCHECK = join(DEPLOY_DIR, 'docker/healthcheck.mjs');
const tmp = mkdtempSync(join(tmpdir(), 'poly-deploy-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/**
 * Heap bytes per buffered row of the four busy tables (orderbook_snapshots with 98-level books,
 * orderbook_deltas, raw_frames of such books, spot_prices) and the JSON of the largest spilled at
 * shutdown (held about three times while written), as measured by
 * deploy/tools/measure-buffer-memory.mjs with the real capture code on the real captures.
 */
const BUSY_TABLES_BYTES_PER_ROW = 10_700 + 3_450 + 4_150 + 1_100;
const SPILL_BYTES_PER_ROW = 3 * 4_600;
/** A collector with nothing buffered (code, books, sockets), and the share of the heap we plan to fill. */
const BASELINE_MIB = 150;
const HEAP_FILL = 0.85;
/** Grace period beyond shutdown_timeout_s: closing sockets (<= 1 s each) and writing spill files. */
const SHUTDOWN_MARGIN_S = 30;

// ---------------------------------------------------------------- reading the deployment

type Obj = Record<string, any>;
const manifests = readManifests();
const docs = manifests.map((m) => m.doc as Obj);
const find = (kind: string, name: string): Obj => {
  const doc = docs.find((d) => d?.kind === kind && d?.metadata?.name === name);
  if (!doc) throw new Error(`deploy/ has no ${kind} ${name}`);
  return doc;
};
const deployment = find('Deployment', 'poly-collect');
const configMap = find('ConfigMap', 'poly-collect-config');
const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const dockerignore = readFileSync(join(ROOT, '.dockerignore'), 'utf8');

interface Instruction {
  op: string;
  args: string;
}
interface Stage {
  from: string;
  name: string;
  instructions: Instruction[];
}

/** Dockerfile stages, with continuation lines joined, comments dropped and ARG defaults applied to FROM. */
function dockerStages(text: string): Stage[] {
  const lines = text.replace(/\\\n/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  const args = new Map<string, string>();
  const stages: Stage[] = [];
  for (const line of lines) {
    const [op = '', ...rest] = line.split(/\s+/);
    const instruction = { op: op.toUpperCase(), args: rest.join(' ') };
    if (instruction.op === 'ARG' && stages.length === 0) {
      const [name = '', value = ''] = instruction.args.split('=');
      args.set(name, value);
    } else if (instruction.op === 'FROM') {
      const [image = '', , name = ''] = instruction.args.split(/\s+/);
      stages.push({ from: image.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a, b) => args.get(a ?? b) ?? ''), name, instructions: [] });
    } else stages.at(-1)?.instructions.push(instruction);
  }
  return stages;
}

/** What poly-collect resolves in the container: the ConfigMap's file plus the image's and the pod's environment. */
function effectiveConfig(toml: string, dep: Obj, dockerText: string): CollectConfig {
  const file = join(tmp, `collect-${Math.random().toString(36).slice(2)}.toml`);
  writeFileSync(file, toml);
  const env: Record<string, string> = {};
  for (const i of dockerStages(dockerText).at(-1)?.instructions ?? []) {
    if (i.op === 'ENV') for (const [, k, v] of i.args.matchAll(/(\w+)=(\S+)/g)) env[k as string] = v as string;
  }
  for (const e of container(dep).env ?? []) if (typeof e.value === 'string') env[e.name] = e.value;
  return loadCollectConfig({ file, fileRequired: true, env });
}

const container = (workload: Obj): Obj => workload.spec.template.spec.containers[0];
const collectToml = (cm: Obj): string => cm.data['collect.toml'];

/** A container port by number or by name. */
function portNumber(c: Obj, port: unknown): number | undefined {
  if (typeof port === 'number') return port;
  return c.ports?.find((p: Obj) => p.name === port)?.containerPort;
}

/** Kubernetes quantities: "250m" CPU, "3Gi" memory, "2" cores. */
function quantity(q: string | number): number {
  const m = /^(\d+(?:\.\d+)?)(m|Ki|Mi|Gi|Ti|k|M|G)?$/.exec(String(q));
  if (!m) throw new Error(`not a quantity: ${q}`);
  const unit = { m: 1e-3, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, k: 1e3, M: 1e6, G: 1e9 }[m[2] ?? ''] ?? 1;
  return Number(m[1]) * unit;
}

// ---------------------------------------------------------------- the rules (each returns its problems)

function probeProblems(dep: Obj, config: CollectConfig): string[] {
  const c = container(dep);
  const port = config.collector.health_port;
  const problems: string[] = [];
  if (port === 0) problems.push('health_port is 0: /healthz is off');
  if (portNumber(c, 'metrics') !== port) problems.push(`container port "metrics" is ${portNumber(c, 'metrics')}, health_port is ${port}`);
  for (const name of ['startupProbe', 'readinessProbe'] as const) {
    const get = c[name]?.httpGet;
    if (get?.path !== '/healthz' || portNumber(c, get?.port) !== port) problems.push(`${name} is not GET /healthz on port ${port}`);
  }
  const live = c.livenessProbe;
  const cmd: string[] = live?.exec?.command ?? [];
  const viaScript = cmd.some((a) => a.endsWith('healthcheck.mjs')) && cmd.includes('--live') && cmd[cmd.indexOf('--port') + 1] === String(port);
  const viaHttp = live?.httpGet?.path === '/healthz' && portNumber(c, live.httpGet.port) === port;
  if (!viaScript && !viaHttp) problems.push(`livenessProbe does not check /healthz on port ${port} (healthcheck.mjs --live --port ${port})`);
  const timeoutMs = Number(cmd[cmd.indexOf('--timeout-ms') + 1] ?? 5000);
  if (viaScript && timeoutMs >= (live.timeoutSeconds ?? 1) * 1000) problems.push('the liveness command waits longer than the probe timeout');
  const notes = dep.spec.template.metadata.annotations ?? {};
  if (notes['prometheus.io/scrape'] !== 'true' || notes['prometheus.io/port'] !== String(port) || notes['prometheus.io/path'] !== '/metrics') {
    problems.push(`Prometheus annotations do not point at /metrics on port ${port}`);
  }
  return problems;
}

function serviceProblems(service: Obj, dep: Obj, config: CollectConfig): string[] {
  const selector = service.spec.selector ?? {};
  const labels = dep.spec.template.metadata.labels ?? {};
  const problems = Object.entries(selector).filter(([k, v]) => labels[k] !== v).map(([k]) => `Service selector ${k} does not match the pod`);
  const port = service.spec.ports?.find((p: Obj) => p.name === 'metrics');
  if (!port || portNumber(container(dep), port.targetPort) !== config.collector.health_port) problems.push('Service port "metrics" does not reach the health port');
  return problems;
}

/** Both pods meet the "restricted" Pod Security Standard (enforced on the namespace). */
function securityProblems(workload: Obj): string[] {
  const pod = workload.spec.template.spec;
  const problems: string[] = [];
  for (const c of pod.containers) {
    const sc = { ...pod.securityContext, ...c.securityContext };
    if (sc.runAsNonRoot !== true) problems.push(`${c.name}: runAsNonRoot is not true`);
    if (sc.runAsUser === 0) problems.push(`${c.name}: runs as uid 0`);
    if (sc.allowPrivilegeEscalation !== false) problems.push(`${c.name}: allowPrivilegeEscalation is not false`);
    if (!c.securityContext?.capabilities?.drop?.includes('ALL')) problems.push(`${c.name}: capabilities are not dropped`);
    if (sc.seccompProfile?.type !== 'RuntimeDefault') problems.push(`${c.name}: no RuntimeDefault seccomp profile`);
  }
  return problems;
}

function resourceProblems(workload: Obj): string[] {
  const problems: string[] = [];
  for (const c of workload.spec.template.spec.containers) {
    for (const r of ['cpu', 'memory']) {
      const request = c.resources?.requests?.[r];
      const limit = c.resources?.limits?.[r];
      if (request === undefined || limit === undefined) problems.push(`${c.name}: ${r} request and limit are required`);
      else if (quantity(request) > quantity(limit)) problems.push(`${c.name}: ${r} request exceeds its limit`);
    }
  }
  return problems;
}

/** The buffers max_buffered_rows allows (plus the spill at shutdown) fit the V8 heap, which fits the limit. */
function memoryProblems(dep: Obj, config: CollectConfig): string[] {
  const c = container(dep);
  const heapMiB = Number(/--max-old-space-size=(\d+)/.exec(c.env?.find((e: Obj) => e.name === 'NODE_OPTIONS')?.value ?? '')?.[1]);
  const limitMiB = quantity(c.resources?.limits?.memory ?? '0') / 2 ** 20;
  if (!heapMiB) return ['NODE_OPTIONS sets no --max-old-space-size: V8 would size its heap without regard to the buffers'];
  const problems: string[] = [];
  if (heapMiB + 512 > limitMiB) problems.push(`heap ${heapMiB} MiB leaves less than 512 MiB of the ${limitMiB} MiB limit for everything else`);
  const rows = config.collector.writer.max_buffered_rows;
  const needMiB = BASELINE_MIB + (rows * (BUSY_TABLES_BYTES_PER_ROW + SPILL_BYTES_PER_ROW)) / 2 ** 20;
  if (needMiB > heapMiB * HEAP_FILL) problems.push(`max_buffered_rows ${rows} needs ~${Math.round(needMiB)} MiB of heap, more than ${HEAP_FILL * 100}% of ${heapMiB} MiB`);
  return problems;
}

function writablePathProblems(dep: Obj, config: CollectConfig, workdir: string): string[] {
  const c = container(dep);
  const pod = dep.spec.template.spec;
  const mountOf = (path: string) => c.volumeMounts?.find((m: Obj) => path === m.mountPath || path.startsWith(`${m.mountPath}/`));
  const problems: string[] = [];
  if (c.securityContext?.readOnlyRootFilesystem !== true) problems.push('the root filesystem is writable');
  const spill = posix.resolve(workdir, config.collector.spill_dir);
  const mount = mountOf(spill);
  const volume = pod.volumes?.find((v: Obj) => v.name === mount?.name);
  if (!mount || mount.readOnly || !(volume?.emptyDir || volume?.persistentVolumeClaim)) problems.push(`spill_dir ${spill} is not on a writable volume`);
  const configMount = c.volumeMounts?.find((m: Obj) => m.mountPath === posix.join(workdir, 'config'));
  const configVolume = pod.volumes?.find((v: Obj) => v.name === configMount?.name);
  if (configVolume?.configMap?.name !== configMap.metadata.name) problems.push(`the ConfigMap is not mounted at ${workdir}/config, where poly-collect looks for collect.toml`);
  return problems;
}

function rolloutProblems(dep: Obj, config: CollectConfig): string[] {
  const problems: string[] = [];
  if (dep.spec.replicas !== 1) problems.push('more than one collector would record every row twice');
  if (dep.spec.strategy?.type !== 'Recreate') problems.push('a rolling update runs two collectors at once');
  const grace = dep.spec.template.spec.terminationGracePeriodSeconds ?? 30;
  const need = config.collector.writer.shutdown_timeout_s + SHUTDOWN_MARGIN_S;
  if (grace < need) problems.push(`terminationGracePeriodSeconds ${grace} < shutdown_timeout_s + ${SHUTDOWN_MARGIN_S} = ${need}: the flush would be killed`);
  return problems;
}

/** Server mode: the URL from the environment (reaching a Service when it names one), credentials from the Secret. */
function storageProblems(dep: Obj, toml: string, config: CollectConfig, all: Obj[]): string[] {
  const problems: string[] = [];
  if (loadCollectConfig({ file: writeTemp(toml), env: {} }).storage.clickhouse_url) problems.push('the ConfigMap sets storage.clickhouse_url: it comes from CLICKHOUSE_URL');
  const url = config.storage.clickhouse_url;
  if (!url) return [...problems, 'no CLICKHOUSE_URL: the image has no embedded engine'];
  const { hostname, port } = new URL(url);
  const service = all.find((d) => d?.kind === 'Service' && d.metadata.name === hostname.split('.')[0]);
  if (service && !service.spec.ports.some((p: Obj) => String(p.port) === (port || '80'))) problems.push(`Service ${hostname} has no port ${port}`);
  const secret = all.find((d) => d?.kind === 'Secret');
  for (const name of ['CLICKHOUSE_USER', 'CLICKHOUSE_PASSWORD']) {
    const ref = container(dep).env?.find((e: Obj) => e.name === name)?.valueFrom?.secretKeyRef;
    if (!ref) problems.push(`${name} does not come from a Secret`);
    else if (ref.name !== secret?.metadata.name || !(ref.key in (secret?.stringData ?? secret?.data ?? {}))) problems.push(`${name} refers to ${ref.name}/${ref.key}, which the Secret template does not define`);
  }
  return problems;
}

function dockerfileProblems(text: string, ignore: string): string[] {
  const stages = dockerStages(text);
  const runtime = stages.at(-1);
  if (!runtime || stages.length < 2) return ['not a multi-stage build'];
  const problems: string[] = [];
  const all = (s: Stage, op: string) => s.instructions.filter((i) => i.op === op).map((i) => i.args);
  for (const s of stages) if (!/^node:20(\.|-|$)/.test(s.from)) problems.push(`stage ${s.name || '?'} is not built FROM node:20 (${s.from})`);
  const installs = all(runtime, 'RUN').filter((r) => /\bnpm (ci|install|i)\b/.test(r));
  if (installs.length !== 1 || !/\bnpm ci\b/.test(installs[0] ?? '')) problems.push('the runtime stage must install with exactly one `npm ci`');
  for (const flag of ['--omit=dev', '--omit=optional', '--ignore-scripts']) if (!installs[0]?.includes(flag)) problems.push(`the runtime \`npm ci\` lacks ${flag}`);
  const user = all(runtime, 'USER').at(-1) ?? '';
  if (!/^[1-9]\d*(:\d+)?$/.test(user)) problems.push(`the runtime USER must be a non-zero numeric uid (got "${user}")`);
  if (all(runtime, 'ENTRYPOINT').at(-1) !== '["node", "packages/collect/bin/poly-collect.js"]') problems.push('ENTRYPOINT is not ["node", "packages/collect/bin/poly-collect.js"]');
  if (!all(runtime, 'HEALTHCHECK').some((h) => h.includes('healthcheck.mjs'))) problems.push('no HEALTHCHECK running healthcheck.mjs');
  const workspaces: string[] = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).workspaces;
  for (const s of stages) for (const w of workspaces) if (!all(s, 'COPY').some((c) => c.startsWith(`${w}/package.json `))) problems.push(`stage ${s.name} does not copy ${w}/package.json (npm ci needs every workspace)`);
  for (const pkg of packagesCollectNeeds()) if (!all(runtime, 'COPY').some((c) => c.startsWith(`--from=`) && c.includes(`${pkg}/dist `))) problems.push(`the runtime stage does not copy ${pkg}/dist`);
  for (const s of stages) for (const c of all(s, 'COPY').filter((a) => !a.startsWith('--'))) {
    const sources = c.split(/\s+/).slice(0, -1);
    for (const src of sources) if (!existsSync(join(ROOT, src)) || dockerIgnored(src, ignore)) problems.push(`COPY ${src}: not in the build context`);
  }
  return problems;
}

/** @polymarket-arb packages poly-collect needs at run time (itself included). */
function packagesCollectNeeds(): string[] {
  const seen = new Set<string>();
  const visit = (dir: string) => {
    if (seen.has(dir)) return;
    seen.add(dir);
    const deps = Object.keys(JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')).dependencies ?? {});
    for (const d of deps.filter((d) => d.startsWith('@polymarket-arb/'))) visit(`packages/${d.slice('@polymarket-arb/'.length)}`);
  };
  visit('packages/collect');
  return [...seen];
}

/** .dockerignore semantics for the patterns used here: `**`, `*`, `?`, `!`, and a match on a parent folder. */
function dockerIgnored(path: string, ignore: string): boolean {
  let ignored = false;
  const prefixes = path.split('/').map((_, i, parts) => parts.slice(0, i + 1).join('/'));
  for (const line of ignore.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'))) {
    const negate = line.startsWith('!');
    const re = globToRegExp(line.replace(/^!/, '').replace(/^\/|\/$/g, ''));
    if (prefixes.some((p) => re.test(p))) ignored = !negate;
  }
  return ignored;
}

function globToRegExp(pattern: string): RegExp {
  const parts = pattern.split('/');
  const source = parts
    .map((part, i) => {
      const last = i === parts.length - 1;
      if (part === '**') return last ? '.*' : '(?:[^/]+/)*';
      return part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]') + (last ? '' : '/');
    })
    .join('');
  return new RegExp(`^${source}$`);
}

function writeTemp(text: string): string {
  const file = join(tmp, `f-${Math.random().toString(36).slice(2)}`);
  writeFileSync(file, text);
  return file;
}

// ---------------------------------------------------------------- tests

const config = effectiveConfig(collectToml(configMap), deployment, dockerfile);
const workdir = dockerStages(dockerfile).at(-1)?.instructions.filter((i) => i.op === 'WORKDIR').at(-1)?.args ?? '/';

describe('every manifest under deploy/ is a valid Kubernetes object', () => {
  it('finds the manifests', () => {
    expect(manifests.map(describeManifest).length).toBeGreaterThanOrEqual(8);
    expect(docs.map((d) => d?.kind)).toEqual(expect.arrayContaining(['Namespace', 'ConfigMap', 'Secret', 'Deployment', 'Service', 'StatefulSet', 'Kustomization']));
  });

  it.each(manifests.map((m) => [describeManifest(m), m] as const))('%s', (_, m) => {
    expect(validateManifest(m)).toBeUndefined();
  });

  it('reaches every manifest from deploy/kustomization.yaml except the Secret template', () => {
    expect(unreferencedManifests()).toEqual([]);
    const root = manifests.find((m) => m.file === 'kustomization.yaml')?.doc as Obj;
    expect(root.namespace).toBe(find('Namespace', 'polymarket-arb').metadata.name);
    expect(root.resources).not.toContain('secret-template.yaml');
  });

  it('rejects what kubernetes-models rejects, unknown kinds and broken YAML', () => {
    const m = (doc: unknown): Manifest => ({ file: 'x.yaml', path: join(tmp, 'x.yaml'), index: 0, doc, errors: [] });
    const bad = structuredClone(deployment);
    bad.spec.replicas = 'one';
    expect(validateManifest(m(bad))).toMatch(/replicas must be integer/);
    expect(validateManifest(m({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'x' } }))).toMatch(/unknown kind networking.k8s.io\/v1\/Ingress/);
    expect(validateManifest({ ...m(undefined), errors: ['Flow sequence ...'] })).toMatch(/not valid YAML/);
  });
});

describe('poly-collect in Kubernetes', () => {
  it("loads the ConfigMap's collect.toml with poly-collect's own loader: server mode, health port on", () => {
    expect(config.collector.health_port).toBe(9464);
    expect(config.storage.clickhouse_url).toBe('http://clickhouse:8123');
    expect(config.log.format).toBe('json');
  });

  it('probes /healthz on the configured health port; Service and scrape annotations use it too', () => {
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
    expect(writablePathProblems(deployment, config, workdir)).toEqual([]);
  });

  it('runs one collector, replaced by Recreate, with a grace period that covers the flush', () => {
    expect(rolloutProblems(deployment, config)).toEqual([]);
  });

  it('takes the ClickHouse URL from the environment and the credentials from the Secret, whose template holds no password', () => {
    expect(storageProblems(deployment, collectToml(configMap), config, docs)).toEqual([]);
    const secret = find('Secret', 'clickhouse-credentials');
    expect(secret.stringData.CLICKHOUSE_PASSWORD).toMatch(/^REPLACE_/);
  });

  it('catches each mistake the rules are for', () => {
    const mutate = (f: (d: Obj) => void) => {
      const d = structuredClone(deployment);
      f(d);
      return d;
    };
    expect(probeProblems(mutate((d) => (container(d).readinessProbe.httpGet.port = 8080)), config)).toContain('readinessProbe is not GET /healthz on port 9464');
    expect(probeProblems(mutate((d) => (container(d).livenessProbe.exec.command = ['node', 'healthcheck.mjs', '--port', '9464'])), config)).toHaveLength(1);
    expect(probeProblems(deployment, effectiveConfig(collectToml(configMap).replace('health_port = 9464', 'health_port = 9000'), deployment, dockerfile)).length).toBeGreaterThanOrEqual(4);
    expect(securityProblems(mutate((d) => (container(d).securityContext.runAsNonRoot = false)))).toContain('poly-collect: runAsNonRoot is not true');
    expect(securityProblems(mutate((d) => (container(d).securityContext.runAsUser = 0)))).toContain('poly-collect: runs as uid 0');
    expect(resourceProblems(mutate((d) => delete container(d).resources.limits.memory))).toEqual(['poly-collect: memory request and limit are required']);
    const big = effectiveConfig(collectToml(configMap).replace(/max_buffered_rows = \d+/, 'max_buffered_rows = 2000000'), deployment, dockerfile);
    expect(memoryProblems(deployment, big)[0]).toMatch(/max_buffered_rows 2000000 needs/);
    expect(memoryProblems(mutate((d) => (container(d).resources.limits.memory = '2Gi')), config)[0]).toMatch(/leaves less than 512 MiB/);
    expect(writablePathProblems(mutate((d) => (container(d).volumeMounts = container(d).volumeMounts.filter((m: Obj) => m.name !== 'spill'))), config, workdir)).toEqual(['spill_dir /app/spill is not on a writable volume']);
    expect(rolloutProblems(mutate((d) => (d.spec.template.spec.terminationGracePeriodSeconds = 30)), config)[0]).toMatch(/the flush would be killed/);
    expect(storageProblems(mutate((d) => (container(d).env = [{ name: 'CLICKHOUSE_PASSWORD', value: 'hunter2' }])), collectToml(configMap), config, docs)).toContain('CLICKHOUSE_PASSWORD does not come from a Secret');
  });
});

describe('the poly-collect image (Dockerfile)', () => {
  it('builds in two node:20 stages; the runtime installs production deps without optional ones (no chDB), runs as a numeric non-root user, with the health check and entrypoint', () => {
    expect(dockerfileProblems(dockerfile, dockerignore)).toEqual([]);
    expect(packagesCollectNeeds().sort()).toEqual(['packages/collect', 'packages/common']);
  });

  it('runs as the uid the pod asks for, from the working directory the ConfigMap is mounted in', () => {
    const runtime = dockerStages(dockerfile).at(-1);
    const user = runtime?.instructions.filter((i) => i.op === 'USER').at(-1)?.args.split(':')[0];
    expect(Number(user)).toBe(deployment.spec.template.spec.securityContext.runAsUser);
    expect(workdir).toBe('/app');
  });

  it("has a built-in config that poly-collect loads, with the health port on", () => {
    const builtIn = loadCollectConfig({ file: join(DEPLOY_DIR, 'docker/collect.toml'), fileRequired: true, env: {} });
    expect(builtIn.collector.health_port).toBeGreaterThan(0);
    expect(builtIn.collector.spill_dir).toBe('/app/spill');
    expect(dockerfile).toMatch(/mkdir -p \/app\/spill && chown 1000:1000 \/app\/spill/);
  });

  it('keeps local installs, builds and secrets out of the build context', () => {
    for (const path of ['node_modules', 'packages/common/node_modules', 'packages/collect/dist', '.env', '.git', 'deploy/collect/deployment.yaml']) expect(dockerIgnored(path, dockerignore), path).toBe(true);
    for (const path of ['package.json', 'packages/collect/src/cli.ts', 'deploy/docker/healthcheck.mjs']) expect(dockerIgnored(path, dockerignore), path).toBe(false);
  });

  it('catches each mistake the rules are for', () => {
    const withOptional = dockerfile.replace('--omit=dev --omit=optional', '--omit=dev');
    expect(dockerfileProblems(withOptional, dockerignore)).toEqual(['the runtime `npm ci` lacks --omit=optional']);
    expect(dockerfileProblems(dockerfile.replace('USER 1000:1000', 'USER node'), dockerignore)).toEqual(['the runtime USER must be a non-zero numeric uid (got "node")']);
    expect(dockerfileProblems(dockerfile.replace('ARG NODE_IMAGE=node:20.20-bookworm-slim', 'ARG NODE_IMAGE=node:22-slim'), dockerignore)).toHaveLength(2);
    expect(dockerfileProblems(dockerfile.replace(/^COPY --from=build \/src\/packages\/common\/dist.*$/m, ''), dockerignore)).toEqual(['the runtime stage does not copy packages/common/dist']);
    expect(dockerfileProblems(dockerfile, `${dockerignore}\ndeploy/docker/healthcheck.mjs\n`)).toEqual(['COPY deploy/docker/healthcheck.mjs: not in the build context']);
  });
});

describe('healthcheck.mjs against a real /healthz', () => {
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
      execFile(process.execPath, [HEALTHCHECK, ...args], { cwd: options.cwd ?? tmp, env: { PATH: process.env.PATH ?? '', ...options.env } }, (err, stdout) => {
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
    const ready = await run(['--port', String(port)]);
    expect(ready.code).toBe(1);
    expect(ready.out).toMatch(/store failing \(orderbook_deltas\)/);
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
    const cwd = join(tmp, 'image');
    mkdirSync(join(cwd, 'config'), { recursive: true });
    writeFileSync(join(cwd, 'config/collect.toml'), `[collector]\nhealth_port = ${port}\n`);
    expect((await run([], { cwd })).out).toBe(`poly-collect healthy: collecting (port ${port})`);
    writeFileSync(join(cwd, 'config/collect.toml'), '[collector]\nhealth_port = 1\n');
    expect((await run([], { cwd, env: { POLY_COLLECT_HEALTH_PORT: String(port) } })).code).toBe(0);
    writeFileSync(join(cwd, 'config/collect.toml'), '[collector]\nhealth_port = 0\n');
    expect(await run([], { cwd })).toMatchObject({ code: 1, out: expect.stringMatching(/health endpoint is off/) });
    writeFileSync(join(cwd, 'config/collect.toml'), '[collector]\nhealth_prot = 9464\n');
    expect(await run([], { cwd })).toMatchObject({ code: 1, out: expect.stringMatching(/cannot read the configuration: .*health_prot/) });
  });
});
