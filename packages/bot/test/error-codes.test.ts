/**
 * Every failure is its own class with a stable code (issue: errors the live executor can act on):
 * across all packages, each concrete error class has a code of the form E_..., no two classes share
 * one, the only classes without a code are the abstract families, and the README's error table
 * lists exactly these codes with the right exit status and retry/fatal classification.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as common from '@polymarket-arb/common';
import * as collect from '@polymarket-arb/collect';
import * as domain from '@polymarket-arb/domain';
import * as importer from '@polymarket-arb/import';
import * as sim from '@polymarket-arb/sim';
import * as venue from '@polymarket-arb/venue';
import * as bot from '../src/index.js';

const PACKAGES = { domain, common, venue, sim, collect, import: importer, bot };
const FAMILIES = ['DecimalError', 'StoreError', 'UsageError'];

interface ErrorClass {
  readonly name: string;
  readonly code: string | undefined;
  readonly usage: boolean;
  readonly retryable: boolean;
  readonly fatal: boolean;
}

/** An instance of any error class, whatever its constructor takes (a message, a list, a status). */
function sample(C: new (...args: never[]) => domain.PolyError): domain.PolyError {
  for (const args of [['message'], [[]], [503, 'http://x', 'body'], ['http://x', new Error('cause')]]) {
    try {
      return new (C as unknown as new (...a: unknown[]) => domain.PolyError)(...args);
    } catch {
      // another constructor shape
    }
  }
  throw new Error(`cannot construct ${C.name}`);
}

function errorClasses(): ErrorClass[] {
  const seen = new Map<unknown, ErrorClass>();
  for (const exports of Object.values(PACKAGES)) {
    for (const value of Object.values(exports)) {
      if (typeof value !== 'function' || !(value.prototype instanceof domain.PolyError) || seen.has(value)) continue;
      const e = sample(value as new (...args: never[]) => domain.PolyError);
      seen.set(value, { name: value.name, code: e.code, usage: e instanceof domain.UsageError, retryable: e.retryable, fatal: e.fatal });
    }
  }
  return [...seen.values()];
}

/** The README's error table: `| \`E_X\` | Class | exit | retry/fatal | meaning |`. */
function readmeRows(): Map<string, { name: string; exit: string; reaction: string }> {
  const text = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  const rows = new Map<string, { name: string; exit: string; reaction: string }>();
  for (const m of text.matchAll(/^\| `(E_[A-Z0-9_]+)` \| `(\w+)` \| (\d) \| ([^|]+) \|/gm))
    rows.set(m[1] as string, { name: m[2] as string, exit: m[3] as string, reaction: (m[4] as string).trim() });
  return rows;
}

describe('error classes', () => {
  const classes = errorClasses();

  it('each concrete class has its own stable code; only the abstract families have none', () => {
    expect(
      classes
        .filter((c) => c.code === undefined)
        .map((c) => c.name)
        .sort(),
    ).toEqual(FAMILIES);
    const concrete = classes.filter((c) => c.code !== undefined);
    expect(concrete.length).toBeGreaterThan(40);
    for (const c of concrete) expect(c.code, c.name).toMatch(/^E_[A-Z0-9_]+$/);
    const byCode = new Map<string, string[]>();
    for (const c of concrete) byCode.set(c.code as string, [...(byCode.get(c.code as string) ?? []), c.name]);
    expect([...byCode].filter(([, names]) => names.length > 1)).toEqual([]);
  });

  it('classifies what is worth retrying and what must stop', () => {
    const of = (name: string) => classes.find((c) => c.name === name);
    expect(of('NetworkError')?.retryable).toBe(true);
    expect(of('StoreUnreachableError')?.retryable).toBe(true);
    expect(of('InvalidFlagError')).toMatchObject({ usage: true, retryable: false, fatal: false });
    expect(new venue.HttpStatusError(429, 'u', '').retryable).toBe(true);
    expect(new venue.HttpStatusError(503, 'u', '').retryable).toBe(true);
    expect(new venue.HttpStatusError(400, 'u', '')).toMatchObject({ retryable: false, fatal: false });
    expect(new venue.HttpStatusError(401, 'u', '')).toMatchObject({ retryable: false, fatal: true });
    expect(new venue.HttpStatusError(403, 'u', '').fatal).toBe(true);
  });

  it('the README lists every code with its class, exit status and reaction, and nothing else', () => {
    const rows = readmeRows();
    const concrete = classes.filter((c) => c.code !== undefined);
    expect([...rows.keys()].sort()).toEqual(concrete.map((c) => c.code as string).sort());
    for (const c of concrete) {
      const row = rows.get(c.code as string);
      const reaction = c.fatal ? 'stop' : c.retryable ? 'retry' : 'fix and rerun';
      expect({ code: c.code, name: row?.name, exit: row?.exit, reaction: row?.reaction }).toEqual({
        code: c.code,
        name: c.name,
        exit: c.usage ? '2' : '1',
        reaction: c.name === 'HttpStatusError' ? 'retry on 429, 5xx; stop on 401, 403' : reaction,
      });
    }
  });
});
