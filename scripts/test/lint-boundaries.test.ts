/**
 * The architecture's boundaries are lint rules (eslint.config.js) that fail `.ci/run`. Each case lints
 * a few lines as if they were a file at the given path of the real tree, and checks that the rule
 * fires (or, for what is allowed, that nothing does).
 */
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const eslint = new ESLint({ cwd: ROOT });

async function rulesFired(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}${path}` });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('package boundaries, as lint rules', () => {
  it('the domain imports nothing: no package, no Node module', async () => {
    expect(
      await rulesFired('packages/domain/src/money/new.ts', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n"),
    ).toContain('no-restricted-imports');
    expect(await rulesFired('packages/domain/src/money/new.ts', "import { z } from 'zod';\nexport const s = z;\n")).toContain(
      'no-restricted-imports',
    );
    expect(
      await rulesFired('packages/domain/src/money/new.ts', "import { parseMicros } from './micros.js';\nexport const p = parseMicros;\n"),
    ).toEqual([]);
  });

  it('the bot core imports the domain and its own files only', async () => {
    expect(
      await rulesFired(
        'packages/bot/src/core/new.ts',
        "import { PaperVenue } from '../executor/paper.js';\nexport const v = PaperVenue;\n",
      ),
    ).toContain('no-restricted-imports');
    expect(
      await rulesFired(
        'packages/bot/src/core/new.ts',
        "import { openStore } from '@polymarket-arb/common';\nexport const o = openStore;\n",
      ),
    ).toContain('no-restricted-imports');
    expect(
      await rulesFired(
        'packages/bot/src/core/new.ts',
        "import { parseMicros } from '@polymarket-arb/domain';\nexport const p = parseMicros;\n",
      ),
    ).toEqual([]);
  });

  it('the venue layer holds no storage', async () => {
    expect(
      await rulesFired('packages/venue/src/new.ts', "import { createClient } from '@clickhouse/client';\nexport const c = createClient;\n"),
    ).toContain('no-restricted-imports');
  });

  it('a package imports only the packages it declares, by name, never by path', async () => {
    // collect is only a devDependency of bot (a test runs its CLI): the bot's code may not use it.
    expect(
      await rulesFired('packages/bot/src/new.ts', "import { Collector } from '@polymarket-arb/collect';\nexport const c = Collector;\n"),
    ).toContain('import-x/no-extraneous-dependencies');
    expect(
      await rulesFired('packages/bot/src/new.ts', "import { openStore } from '../../common/src/index.js';\nexport const o = openStore;\n"),
    ).toContain('import-x/no-relative-packages');
    expect(
      await rulesFired(
        'packages/bot/src/new.ts',
        "import { openStore } from '@polymarket-arb/common/src/index.js';\nexport const o = openStore;\n",
      ),
    ).toContain('no-restricted-imports');
  });

  it('no import cycles', async () => {
    // engine.ts imports arb.ts: an arb.ts that imported the engine back would close a cycle.
    const arbWithCycle = "import { Engine } from './engine.js';\nexport const e = Engine;\n";
    expect(await rulesFired('packages/bot/src/core/arb.ts', arbWithCycle)).toContain('import-x/no-cycle');
  });
});
