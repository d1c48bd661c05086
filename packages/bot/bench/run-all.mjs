/** Run every poly-bot bench (backtest.mjs included) in its own process, one after the other (after `npx tsc -b packages/bot`). */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

for (const name of ['arb-detection', 'circuit-breaker', 'decision-capture', 'variants', 'backtest']) {
  const r = spawnSync(process.execPath, [fileURLToPath(new URL(`./${name}.mjs`, import.meta.url))], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
