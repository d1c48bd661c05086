/**
 * Layered configuration: schema defaults < TOML file < environment < command-line flags.
 *
 * Validation reports every problem at once, each naming the key and where its value came from
 * (file, env var or flag). Unknown keys are errors (a typo must not silently fall back to a
 * default). Secrets are never read from files: a secret-looking key in a file is an error that
 * names the environment variable to use instead. The same holds for a password inside a URL, in a
 * file or on the command line (where every user of the machine can read it).
 */
import { existsSync, readFileSync } from 'node:fs';
import { parse as parseToml } from 'smol-toml';
import type { z } from 'zod';
import { ConfigError } from '@polymarket-arb/domain';
import { clickhouseUrlSecretProblem } from '../storage/server-url.js';

export interface LoadConfigOptions {
  /** Path of the TOML file; when `fileRequired` is false a missing file means "defaults only". */
  file?: string | undefined;
  fileRequired?: boolean;
  /** Environment variable -> dotted key, e.g. { CLICKHOUSE_URL: 'storage.clickhouse_url' }. */
  envMap?: Readonly<Record<string, string>>;
  env?: NodeJS.ProcessEnv;
  /** Dotted key -> value from command-line flags (undefined values are ignored). */
  flags?: Readonly<Record<string, unknown>>;
  /** Flag name per dotted key, for messages ({ 'storage.data_dir': '--data-dir' }). */
  flagNames?: Readonly<Record<string, string>>;
}

const SECRET_KEY_RE = /(password|secret|passphrase|private_?key|api_?key)/i;

export function loadConfig<S extends z.ZodType>(schema: S, options: LoadConfigOptions = {}): z.output<S> {
  const problems: string[] = [];
  const origin = new Map<string, string>();
  let data: Record<string, unknown> = {};

  if (options.file !== undefined) {
    if (existsSync(options.file)) {
      data = readTomlFile(options.file, problems);
      for (const key of leafKeys(data)) origin.set(key, options.file);
      for (const key of leafKeys(data)) {
        if (SECRET_KEY_RE.test(key))
          problems.push(`${key}: secrets are not read from config files; set it in the environment instead (see README, "Secrets").`);
      }
      problems.push(
        ...urlSecretProblems(
          (key) => getPath(data, key),
          'file',
          () => `in ${options.file}`,
        ),
      );
    } else if (options.fileRequired) {
      problems.push(
        `config file ${options.file} does not exist; pass an existing file with --config, or omit --config to use the defaults.`,
      );
    }
  }

  const env = options.env ?? process.env;
  for (const [name, key] of Object.entries(options.envMap ?? {})) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    setPath(data, key, value);
    origin.set(key, `env ${name}`);
  }
  for (const [key, value] of Object.entries(options.flags ?? {})) {
    if (value === undefined) continue;
    setPath(data, key, value);
    origin.set(key, `flag ${options.flagNames?.[key] ?? key}`);
  }
  problems.push(
    ...urlSecretProblems(
      (key) => options.flags?.[key],
      'flag',
      (key) => `from flag ${options.flagNames?.[key] ?? key}`,
    ),
  );

  const result = schema.safeParse(data);
  if (!result.success) {
    for (const issue of result.error.issues) problems.push(describeIssue(issue, origin));
  }
  if (problems.length > 0) throw new ConfigError(problems, options.file);
  return (result as { data: z.output<S> }).data;
}

/** URL keys that may carry a credential, and the check that refuses one outside the environment. */
const URL_SECRET_CHECKS: Readonly<Record<string, (value: string, from: 'file' | 'flag') => string | undefined>> = {
  'storage.clickhouse_url': clickhouseUrlSecretProblem,
};

function urlSecretProblems(valueOf: (key: string) => unknown, from: 'file' | 'flag', where: (key: string) => string): string[] {
  const problems: string[] = [];
  for (const [key, check] of Object.entries(URL_SECRET_CHECKS)) {
    const value = valueOf(key);
    const problem = typeof value === 'string' ? check(value, from) : undefined;
    if (problem !== undefined) problems.push(`${key}: ${problem} (${where(key)})`);
  }
  return problems;
}

function readTomlFile(file: string, problems: string[]): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    problems.push(`cannot read ${file}: ${(err as Error).message}`);
    return {};
  }
  try {
    return parseToml(text) as Record<string, unknown>;
  } catch (err) {
    const e = err as { line?: number; column?: number; message: string };
    const where = e.line ? ` at line ${e.line}, column ${e.column ?? '?'}` : '';
    problems.push(`${file} is not valid TOML${where}: ${e.message.split('\n')[0]}`);
    return {};
  }
}

type Issue = z.core.$ZodIssue;

function describeIssue(issue: Issue, origin: Map<string, string>): string {
  const path = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => (path ? `${path}.${k}` : k));
    const from = keys.map((k) => origin.get(k) ?? originOfPrefix(k, origin)).find((o) => o !== undefined);
    return `unknown key${keys.length > 1 ? 's' : ''} ${keys.join(', ')}${from ? ` (in ${from})` : ''}: remove ${keys.length > 1 ? 'them' : 'it'} or check the spelling against the README.`;
  }
  const from = origin.get(path) ?? originOfPrefix(path, origin);
  const message = issue.message.replace(/^Invalid input: /, '');
  return `${path || '(top level)'}: ${message}${from ? ` (from ${from})` : ''}`;
}

function originOfPrefix(path: string, origin: Map<string, string>): string | undefined {
  for (const [key, source] of origin) if (key.startsWith(`${path}.`) || path.startsWith(`${key}.`)) return source;
  return undefined;
}

function leafKeys(obj: Record<string, unknown>, prefix = ''): string[] {
  const keys: string[] = [];
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date))
      keys.push(...leafKeys(v as Record<string, unknown>, key));
    else keys.push(key);
  }
  return keys;
}

function getPath(obj: Record<string, unknown>, dotted: string): unknown {
  let node: unknown = obj;
  for (const part of dotted.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

function setPath(obj: Record<string, unknown>, dotted: string, value: unknown): void {
  const parts = dotted.split('.');
  let node = obj;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1] as string] = value;
}
