/**
 * The rules the deployment (Dockerfile, .dockerignore, deploy/) must follow, for
 * deploy-manifests.test.ts. Each rule takes the parsed pieces and returns its problems, one
 * sentence each (empty = fine), so the tests can show both that the real files pass and that a
 * broken copy is caught.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = new URL('../../../', import.meta.url).pathname;

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
  for (const s of stages) if (!/^node:20(\.|-|$)/.test(s.from)) problems.push(`stage ${s.name || '?'} is not built FROM node:20 (${s.from})`);
  const installs = argsOf(runtime, 'RUN').filter((r) => /\bnpm (ci|install|i)\b/.test(r));
  if (installs.length !== 1 || !/\bnpm ci\b/.test(installs[0] ?? '')) problems.push('the runtime stage must install with exactly one `npm ci`');
  for (const flag of ['--omit=dev', '--omit=optional', '--ignore-scripts']) if (!installs[0]?.includes(flag)) problems.push(`the runtime \`npm ci\` lacks ${flag}`);
  const user = argsOf(runtime, 'USER').at(-1) ?? '';
  if (!/^[1-9]\d*(:\d+)?$/.test(user)) problems.push(`the runtime USER must be a non-zero numeric uid (got "${user}")`);
  if (argsOf(runtime, 'ENTRYPOINT').at(-1) !== '["node", "packages/collect/bin/poly-collect.js"]') problems.push('ENTRYPOINT is not ["node", "packages/collect/bin/poly-collect.js"]');
  if (!argsOf(runtime, 'HEALTHCHECK').some((h) => h.includes('healthcheck.mjs'))) problems.push('no HEALTHCHECK running healthcheck.mjs');
  const workspaces: string[] = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).workspaces;
  for (const s of stages) for (const w of workspaces) if (!argsOf(s, 'COPY').some((c) => c.startsWith(`${w}/package.json `))) problems.push(`stage ${s.name} does not copy ${w}/package.json (npm ci needs every workspace)`);
  for (const pkg of packagesCollectNeeds()) if (!argsOf(runtime, 'COPY').some((c) => c.startsWith('--from=') && c.includes(`${pkg}/dist `))) problems.push(`the runtime stage does not copy ${pkg}/dist`);
  for (const s of stages) {
    for (const copy of argsOf(s, 'COPY').filter((a) => !a.startsWith('--'))) {
      for (const src of copy.split(/\s+/).slice(0, -1)) if (!existsSync(join(ROOT, src)) || dockerIgnored(src, ignore)) problems.push(`COPY ${src}: not in the build context`);
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
