/**
 * The rules the deployment (Dockerfile, .dockerignore, deploy/) must follow, for
 * deploy-manifests.test.ts. Each rule takes the parsed pieces and returns its problems, one
 * sentence each (empty = fine), so the tests can show both that the real files pass and that a
 * broken copy is caught.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { loadCollectConfig, type CollectConfig } from '../src/config.js';

export const ROOT = new URL('../../../', import.meta.url).pathname;

/**
 * Heap bytes per buffered row of the four busy tables (orderbook_snapshots with 98-level books,
 * orderbook_deltas, raw_frames of such books, spot_prices) and the JSON of the largest spilled at
 * shutdown (held about three times while written), as measured by
 * deploy/tools/measure-buffer-memory.mjs with the real capture code on the real captures.
 */
export const BUSY_TABLES_BYTES_PER_ROW = 10_700 + 3_450 + 4_150 + 1_100;
export const SPILL_BYTES_PER_ROW = 3 * 4_600;
/** A collector with nothing buffered (code, books, sockets; ~100 MB resident measured), and the share of the heap we plan to fill. */
export const BASELINE_MIB = 150;
export const HEAP_FILL = 0.85;
/** Grace period beyond shutdown_timeout_s: closing sockets (reading a backlog: at most 10 s) and writing spill files. */
export const SHUTDOWN_MARGIN_S = 30;

/** A manifest or part of one: free-form YAML. */
export type Obj = Record<string, any>;

const scratch = mkdtempSync(join(tmpdir(), 'poly-deploy-'));
export const removeScratch = (): void => rmSync(scratch, { recursive: true, force: true });

function writeScratch(text: string): string {
  const file = join(scratch, `f-${Math.random().toString(36).slice(2)}`);
  writeFileSync(file, text);
  return file;
}

// ---------------------------------------------------------------- Dockerfile

export interface Instruction {
  op: string;
  args: string;
}
export interface Stage {
  from: string;
  name: string;
  instructions: Instruction[];
}

/** Dockerfile stages, with continuation lines joined, comments dropped and ARG defaults applied to FROM. */
export function dockerStages(text: string): Stage[] {
  const lines = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
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

const argsOf = (stage: Stage, op: string): string[] => stage.instructions.filter((i) => i.op === op).map((i) => i.args);

/** The runtime stage's last value of `op` (WORKDIR, USER...). */
export function runtimeSetting(dockerfile: string, op: string): string | undefined {
  const runtime = dockerStages(dockerfile).at(-1);
  return runtime ? argsOf(runtime, op).at(-1) : undefined;
}

export function dockerfileProblems(text: string, ignore: string): string[] {
  const stages = dockerStages(text);
  const runtime = stages.at(-1);
  if (!runtime || stages.length < 2) return ['not a multi-stage build'];
  const problems: string[] = [];
  for (const s of stages)
    if (!/^node:20(\.|-|$)/.test(s.from)) problems.push(`stage ${s.name || '?'} is not built FROM node:20 (${s.from})`);
  const installs = argsOf(runtime, 'RUN').filter((r) => /\bnpm (ci|install|i)\b/.test(r));
  if (installs.length !== 1 || !/\bnpm ci\b/.test(installs[0] ?? ''))
    problems.push('the runtime stage must install with exactly one `npm ci`');
  for (const flag of ['--omit=dev', '--omit=optional', '--ignore-scripts'])
    if (!installs[0]?.includes(flag)) problems.push(`the runtime \`npm ci\` lacks ${flag}`);
  const user = argsOf(runtime, 'USER').at(-1) ?? '';
  if (!/^[1-9]\d*(:\d+)?$/.test(user)) problems.push(`the runtime USER must be a non-zero numeric uid (got "${user}")`);
  if (argsOf(runtime, 'ENTRYPOINT').at(-1) !== '["node", "packages/collect/bin/poly-collect.js"]')
    problems.push('ENTRYPOINT is not ["node", "packages/collect/bin/poly-collect.js"]');
  if (!argsOf(runtime, 'HEALTHCHECK').some((h) => h.includes('healthcheck.mjs'))) problems.push('no HEALTHCHECK running healthcheck.mjs');
  const workspaces: string[] = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).workspaces;
  for (const s of stages)
    for (const w of workspaces)
      if (!argsOf(s, 'COPY').some((c) => c.startsWith(`${w}/package.json `)))
        problems.push(`stage ${s.name} does not copy ${w}/package.json (npm ci needs every workspace)`);
  for (const pkg of packagesCollectNeeds())
    if (!argsOf(runtime, 'COPY').some((c) => c.startsWith('--from=') && c.includes(`${pkg}/dist `)))
      problems.push(`the runtime stage does not copy ${pkg}/dist`);
  for (const s of stages) {
    for (const copy of argsOf(s, 'COPY').filter((a) => !a.startsWith('--'))) {
      for (const src of copy.split(/\s+/).slice(0, -1))
        if (!existsSync(join(ROOT, src)) || dockerIgnored(src, ignore)) problems.push(`COPY ${src}: not in the build context`);
    }
  }
  return problems;
}

/** @polymarket-arb packages poly-collect needs at run time (itself included), as package folders. */
export function packagesCollectNeeds(): string[] {
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
export function dockerIgnored(path: string, ignore: string): boolean {
  let ignored = false;
  const prefixes = path.split('/').map((_, i, parts) => parts.slice(0, i + 1).join('/'));
  for (const line of ignore
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))) {
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
      return (
        part
          .replace(/[.+^${}()|[\]\\]/g, '\\$&')
          .replace(/\*/g, '[^/]*')
          .replace(/\?/g, '[^/]') + (last ? '' : '/')
      );
    })
    .join('');
  return new RegExp(`^${source}$`);
}

// ---------------------------------------------------------------- Kubernetes

export const container = (workload: Obj): Obj => workload.spec.template.spec.containers[0];

/** What poly-collect resolves in the container: the ConfigMap's file plus the image's and the pod's environment. */
export function effectiveConfig(toml: string, deployment: Obj, dockerfile: string): CollectConfig {
  const env: Record<string, string> = {};
  for (const i of dockerStages(dockerfile).at(-1)?.instructions ?? []) {
    if (i.op === 'ENV') for (const [, k, v] of i.args.matchAll(/(\w+)=(\S+)/g)) env[k as string] = v as string;
  }
  for (const e of container(deployment).env ?? []) if (typeof e.value === 'string') env[e.name] = e.value;
  return loadCollectConfig({ file: writeScratch(toml), fileRequired: true, env });
}

/** A container port by number or by name. */
export function portNumber(c: Obj, port: unknown): number | undefined {
  if (typeof port === 'number') return port;
  return c.ports?.find((p: Obj) => p.name === port)?.containerPort;
}

/** Kubernetes quantities: "250m" CPU, "3Gi" memory, "2" cores. */
export function quantity(q: string | number): number {
  const m = /^(\d+(?:\.\d+)?)(m|Ki|Mi|Gi|Ti|k|M|G)?$/.exec(String(q));
  if (!m) throw new Error(`not a quantity: ${q}`);
  const unit = { m: 1e-3, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, k: 1e3, M: 1e6, G: 1e9 }[m[2] ?? ''] ?? 1;
  return Number(m[1]) * unit;
}

export function probeProblems(dep: Obj, config: CollectConfig): string[] {
  const c = container(dep);
  const port = config.collector.health_port;
  const problems: string[] = [];
  if (port === 0) problems.push('health_port is 0: /healthz is off');
  if (isLoopback(config.collector.health_bind))
    problems.push(
      `health_bind is ${config.collector.health_bind}: probes and scrapes reach the pod on its own IP, so set health_bind = "0.0.0.0"`,
    );
  if (portNumber(c, 'metrics') !== port) problems.push(`container port "metrics" is ${portNumber(c, 'metrics')}, health_port is ${port}`);
  for (const name of ['startupProbe', 'readinessProbe'] as const) {
    const get = c[name]?.httpGet;
    if (get?.path !== '/healthz' || portNumber(c, get?.port) !== port) problems.push(`${name} is not GET /healthz on port ${port}`);
  }
  const live = c.livenessProbe;
  const cmd: string[] = live?.exec?.command ?? [];
  const viaScript =
    cmd.some((a) => a.endsWith('healthcheck.mjs')) && cmd.includes('--live') && cmd[cmd.indexOf('--port') + 1] === String(port);
  const viaHttp = live?.httpGet?.path === '/healthz' && portNumber(c, live.httpGet.port) === port;
  if (!viaScript && !viaHttp)
    problems.push(`livenessProbe does not check /healthz on port ${port} (healthcheck.mjs --live --port ${port})`);
  const timeoutMs = Number(cmd[cmd.indexOf('--timeout-ms') + 1] ?? 5000);
  if (viaScript && timeoutMs >= (live.timeoutSeconds ?? 1) * 1000)
    problems.push('the liveness command waits longer than the probe timeout');
  const notes = dep.spec.template.metadata.annotations ?? {};
  if (
    notes['prometheus.io/scrape'] !== 'true' ||
    notes['prometheus.io/port'] !== String(port) ||
    notes['prometheus.io/path'] !== '/metrics'
  ) {
    problems.push(`Prometheus annotations do not point at /metrics on port ${port}`);
  }
  return problems;
}

/** An address only this machine (this pod) can reach. */
export function isLoopback(address: string): boolean {
  return address === 'localhost' || address === '::1' || address.startsWith('127.');
}

export function serviceProblems(service: Obj, dep: Obj, config: CollectConfig): string[] {
  const labels = dep.spec.template.metadata.labels ?? {};
  const problems = Object.entries(service.spec.selector ?? {})
    .filter(([k, v]) => labels[k] !== v)
    .map(([k]) => `Service selector ${k} does not match the pod`);
  const port = service.spec.ports?.find((p: Obj) => p.name === 'metrics');
  if (!port || portNumber(container(dep), port.targetPort) !== config.collector.health_port)
    problems.push('Service port "metrics" does not reach the health port');
  return problems;
}

/** Every container meets the "restricted" Pod Security Standard (enforced on the namespace). */
export function securityProblems(workload: Obj): string[] {
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

export function resourceProblems(workload: Obj): string[] {
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
export function memoryProblems(dep: Obj, config: CollectConfig): string[] {
  const c = container(dep);
  const heapMiB = Number(/--max-old-space-size=(\d+)/.exec(c.env?.find((e: Obj) => e.name === 'NODE_OPTIONS')?.value ?? '')?.[1]);
  const limitMiB = quantity(c.resources?.limits?.memory ?? '0') / 2 ** 20;
  if (!heapMiB) return ['NODE_OPTIONS sets no --max-old-space-size: V8 would size its heap without regard to the buffers'];
  const problems: string[] = [];
  if (heapMiB + 512 > limitMiB)
    problems.push(`heap ${heapMiB} MiB leaves less than 512 MiB of the ${limitMiB} MiB limit for everything else`);
  const rows = config.collector.writer.max_buffered_rows;
  const needMiB = BASELINE_MIB + (rows * (BUSY_TABLES_BYTES_PER_ROW + SPILL_BYTES_PER_ROW)) / 2 ** 20;
  if (needMiB > heapMiB * HEAP_FILL)
    problems.push(`max_buffered_rows ${rows} needs ~${Math.round(needMiB)} MiB of heap, more than ${HEAP_FILL * 100}% of ${heapMiB} MiB`);
  return problems;
}

/** Read-only root filesystem; the spill dir on a writable volume; the ConfigMap where poly-collect reads collect.toml. */
export function writablePathProblems(dep: Obj, config: CollectConfig, workdir: string, configMapName: string): string[] {
  const c = container(dep);
  const pod = dep.spec.template.spec;
  const volumeOf = (mount: Obj | undefined) => pod.volumes?.find((v: Obj) => v.name === mount?.name);
  const problems: string[] = [];
  if (c.securityContext?.readOnlyRootFilesystem !== true) problems.push('the root filesystem is writable');
  const spill = posix.resolve(workdir, config.collector.spill_dir);
  const mount = c.volumeMounts?.find((m: Obj) => spill === m.mountPath || spill.startsWith(`${m.mountPath}/`));
  if (!mount || mount.readOnly || !(volumeOf(mount)?.emptyDir || volumeOf(mount)?.persistentVolumeClaim))
    problems.push(`spill_dir ${spill} is not on a writable volume`);
  const configMount = c.volumeMounts?.find((m: Obj) => m.mountPath === posix.join(workdir, 'config'));
  if (volumeOf(configMount)?.configMap?.name !== configMapName)
    problems.push(`the ConfigMap is not mounted at ${workdir}/config, where poly-collect looks for collect.toml`);
  return problems;
}

export function rolloutProblems(dep: Obj, config: CollectConfig): string[] {
  const problems: string[] = [];
  if (dep.spec.replicas !== 1) problems.push('more than one collector would record every row twice');
  if (dep.spec.strategy?.type !== 'Recreate') problems.push('a rolling update runs two collectors at once');
  const grace = dep.spec.template.spec.terminationGracePeriodSeconds ?? 30;
  const need = config.collector.writer.shutdown_timeout_s + SHUTDOWN_MARGIN_S;
  if (grace < need)
    problems.push(
      `terminationGracePeriodSeconds ${grace} < shutdown_timeout_s + ${SHUTDOWN_MARGIN_S} = ${need}: the flush would be killed`,
    );
  return problems;
}

/** Server mode: the URL from the environment (reaching a Service when it names one), credentials from the Secret. */
export function storageProblems(dep: Obj, toml: string, config: CollectConfig, all: Obj[]): string[] {
  const problems: string[] = [];
  if (loadCollectConfig({ file: writeScratch(toml), env: {} }).storage.clickhouse_url)
    problems.push('the ConfigMap sets storage.clickhouse_url: it comes from CLICKHOUSE_URL');
  const url = config.storage.clickhouse_url;
  if (!url) return [...problems, 'no CLICKHOUSE_URL: the image has no embedded engine'];
  const { hostname, port } = new URL(url);
  const service = all.find((d) => d?.kind === 'Service' && d.metadata.name === hostname.split('.')[0]);
  if (service && !service.spec.ports.some((p: Obj) => String(p.port) === (port || '80')))
    problems.push(`Service ${hostname} has no port ${port}`);
  const secret = all.find((d) => d?.kind === 'Secret');
  for (const name of ['CLICKHOUSE_USER', 'CLICKHOUSE_PASSWORD']) {
    const ref = container(dep).env?.find((e: Obj) => e.name === name)?.valueFrom?.secretKeyRef;
    if (!ref) problems.push(`${name} does not come from a Secret`);
    else if (ref.name !== secret?.metadata.name || !(ref.key in (secret?.stringData ?? secret?.data ?? {})))
      problems.push(`${name} refers to ${ref.name}/${ref.key}, which the Secret template does not define`);
  }
  return problems;
}
