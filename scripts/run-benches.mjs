#!/usr/bin/env node
// `npm run bench`: runs every benchmark (packages/*/bench/*.mjs) one after another and prints their
// figures. Benchmarks print ratios against a baseline measured in the same run; timings on a shared
// 2-core machine are noisy, so compare ratios rather than absolute numbers.
//   npm run bench              # all
//   npm run bench -- collect   # only files whose path contains "collect"
import { spawnSync } from 'node:child_process';
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const filter = process.argv[2] ?? '';
// Modules the benchmarks import or spawn, not benchmarks themselves (and bot's own run-all).
const HELPERS = new Set(['lib.mjs', 'common-setup.mjs', 'baseline.mjs', 'run-all.mjs', 'sim-server.mjs']);
const root = new URL('..', import.meta.url).pathname;
const files = [];
for (const pkg of readdirSync(join(root, 'packages'))) {
  const dir = join(root, 'packages', pkg, 'bench');
  if (!existsSync(dir)) continue;
  for (const f of readdirSync(dir).sort())
    if (f.endsWith('.mjs') && !HELPERS.has(f) && join(dir, f).includes(filter)) files.push(join(dir, f));
}
let failed = 0;
for (const file of files) {
  console.log(`\n=== ${file.slice(root.length)} ===`);
  const r = spawnSync(process.execPath, ['--expose-gc', file], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
console.log(`\n${files.length - failed} benchmarks ran, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
