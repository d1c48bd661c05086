/**
 * The core is pure by construction: importing it (the built `dist/core/index.js`, every core module)
 * in a fresh Node process loads the domain package and the core's own files, and nothing else: no
 * package from node_modules, no Node built-in, no other folder of the bot. Module loader hooks
 * (`module.register`) append every URL Node resolves to a file, synchronously, before the module
 * is loaded; the test reads that file after the import.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const BOT_DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const DOMAIN_DIST = fileURLToPath(new URL('../../domain/dist/', import.meta.url));

/** Hooks module (runs on the loader thread): record each resolved URL, then resolve as usual. */
const HOOKS = `
import { appendFileSync } from 'node:fs';
let out;
export function initialize(data) { out = data.out; }
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(out, result.url + '\\n');
  return result;
}`;

/** Every URL resolved while `entry` is imported in a fresh process. */
function urlsLoadedBy(entry: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'poly-core-isolation-'));
  const out = join(dir, 'loaded.txt');
  try {
    const main = `
import { register } from 'node:module';
import { writeFileSync } from 'node:fs';
writeFileSync(${JSON.stringify(out)}, '');
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(HOOKS)}), { data: { out: ${JSON.stringify(out)} } });
await import(${JSON.stringify(pathToFileURL(entry).href)});`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', main], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    return readFileSync(out, 'utf8').split('\n').filter(Boolean);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Where a loaded URL lives: 'core', 'domain', or what it is otherwise. */
function origin(url: string): string {
  if (!url.startsWith('file:')) return url;
  const path = fileURLToPath(url);
  if (path.includes('/node_modules/')) return `package ${path}`;
  if (path.startsWith(join(BOT_DIST, 'core/'))) return 'core';
  if (path.startsWith(DOMAIN_DIST)) return 'domain';
  if (path.startsWith(BOT_DIST)) return `bot folder ${path.slice(BOT_DIST.length)}`;
  return `file ${path}`;
}

describe('the core is pure', () => {
  it('importing every core module loads the domain and the core only', () => {
    const loaded = urlsLoadedBy(join(BOT_DIST, 'core/index.js'));
    expect(loaded.filter((u) => origin(u) === 'core').length).toBeGreaterThan(20);
    expect(loaded.some((u) => origin(u) === 'domain')).toBe(true);
    expect(loaded.filter((u) => origin(u) !== 'core' && origin(u) !== 'domain').map(origin)).toEqual([]);
  });

  it('the engine module alone loads no more than that', () => {
    const loaded = urlsLoadedBy(join(BOT_DIST, 'core/engine.js'));
    expect(loaded.map(origin).filter((o) => o !== 'core' && o !== 'domain')).toEqual([]);
  });
});
