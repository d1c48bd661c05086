/**
 * The built CLI (`node packages/import/bin/poly-import.js`, compiled with `tsc -b packages/import` if stale) against
 * the simulator's REST services: help, bad input refused before any request, and the resume
 * guarantee: an import killed with SIGKILL mid-run and started again ends with exactly the rows
 * of an uninterrupted import into another data directory, and a further run adds nothing.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportSummary } from '../src/summary.js';
import { startSim, type SimHarness } from './helpers/sim.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = join(ROOT, 'packages/import/bin/poly-import.js');
const DUMP = fileURLToPath(new URL('./helpers/dump-store.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'poly-import-cli-'));
let sim: SimHarness;

/** The newest modification time of the files under `path`. */
function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newest(join(path, name))), 0);
}

beforeAll(async () => {
  // Build the CLI when its output is missing or older than its sources (`npm test` has built it already).
  const cliJs = join(ROOT, 'packages/import/dist/cli.js');
  if (!existsSync(cliJs) || statSync(cliJs).mtimeMs < newest(join(ROOT, 'packages/import/src'))) {
    const build = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-b', 'packages/import'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(build.status, build.stdout + build.stderr).toBe(0);
  }
  sim = await startSim({ seed: 33, nowMs: Date.UTC(2026, 10, 20) });
  // Generous client-side limits: these tests are about resuming, not pacing.
  writeFileSync(
    join(dir, 'import.toml'),
    `[import]\nconcurrency = 2\ntrades_page_limit = 40\nflush_interval_ms = 50\nretry_base_ms = 20\n[import.rate_limits]\n${['gamma', 'gamma_events', 'gamma_markets', 'clob', 'clob_prices_history', 'data', 'data_trades'].map((k) => `${k} = 100000`).join('\n')}\n`,
  );
}, 120_000);
afterAll(async () => {
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  summary: ImportSummary | undefined;
}

/** Run the CLI; `killWhen` sees each stderr line and returns true to send `signal` (default SIGKILL) to the process. */
function cli(args: string[], killWhen?: (line: string) => boolean, signal: NodeJS.Signals = 'SIGKILL'): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: { ...process.env, ...sim.env, POLY_LOG_FORMAT: 'json' } });
    let stdout = '';
    let stderr = '';
    let pending = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      pending += d.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      if (killWhen && lines.some(killWhen)) child.kill(signal);
    });
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, summary: summaryOf(stderr) }));
  });
}

function summaryOf(stderr: string): ImportSummary | undefined {
  for (const line of stderr.split('\n')) {
    if (line.includes('"import finished"')) return (JSON.parse(line) as { summary: ImportSummary }).summary;
  }
  return undefined;
}

function dump(dataDir: string): { raw: Record<string, number>; [table: string]: unknown } {
  const run = spawnSync(process.execPath, [DUMP, dataDir], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as { raw: Record<string, number> };
}

describe('poly-import CLI', () => {
  it('documents every flag on --help', async () => {
    const prices = await cli(['prices', '--help']);
    expect(prices.code).toBe(0);
    for (const flag of [
      '--start',
      '--end',
      '--assets',
      '--tokens',
      '--fidelity',
      '--concurrency',
      '--config',
      '--clickhouse-url',
      '--data-dir',
      '--log-level',
      '--log-format',
    ])
      expect(prices.stdout).toContain(flag);
    expect(prices.stdout).toMatch(/Resume:/);
    expect(prices.stdout).toMatch(/Rate limits:/);
    const trades = await cli(['trades', '--help']);
    expect(trades.stdout).toContain('--trades-api');
    expect(trades.stdout).toMatch(/offset cap/);
  });

  it.each([
    [['prices', '--start', '2026-1-01'], /--start "2026-1-01" is not a date/],
    [['prices', '--start', '2026-01-07', '--end', '2026-01-01'], /--end 2026-01-01 is not after --start 2026-01-07/],
    [['trades', '--start', '2026-01-01', '--end', '2099-01-01'], /--end 2099-01-01 is in the future/],
    [['prices', '--start', '2026-01-01', '--end', '2026-01-02', '--assets', 'BTC,DOGE'], /Unknown asset "DOGE"/],
    [['prices', '--start', '2026-01-01', '--end', '2026-01-02', '--fidelity', '0'], /--fidelity "0" is out of range/],
    [
      ['prices', '--start', '2026-01-01', '--end', '2026-01-02', '--tokens', '1', '--assets', 'BTC'],
      /--assets and --tokens cannot be combined/,
    ],
    [
      ['trades', '--start', '2026-01-01', '--end', '2026-01-02', '--concurrency', '0'],
      /import\.concurrency: must be at least 1 \(from flag --concurrency\)/,
    ],
  ])('refuses %j with one sentence, before any request or store', async (args, message) => {
    const before = sim.requests.length;
    const dataDir = join(dir, 'never');
    const run = await cli([...args, '--data-dir', dataDir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(
      run.stderr
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('poly-import:')),
    ).toHaveLength(1);
    expect(sim.requests.length).toBe(before);
    expect(existsSync(dataDir)).toBe(false);
  });

  it.each([
    ['trades', ['trades', '--start', '2026-11-17', '--end', '2026-11-18', '--assets', 'ETH'], '/data-api/'],
    ['prices', ['prices', '--start', '2026-11-17', '--end', '2026-11-18', '--assets', 'SOL', '--fidelity', '15'], '/clob/'],
  ])(
    '%s: killed with SIGKILL mid-run and restarted, ends with exactly the rows of an uninterrupted import; a further run adds nothing',
    async (_kind, args, dataPath) => {
      const common = [...args, '--config', join(dir, 'import.toml')];
      const cleanDir = join(dir, `clean-${_kind}`);
      const killedDir = join(dir, `killed-${_kind}`);

      let at = sim.count(dataPath);
      const clean = await cli([...common, '--data-dir', cleanDir]);
      expect(clean.code, clean.stderr).toBe(0);
      expect(clean.summary).toMatchObject({ interrupted: false, skipped: [] });
      const fullRequests = sim.count(dataPath) - at;

      // Slow responses so the kill lands mid-run, after a few batches were committed.
      sim.faults.slow(15, 1e12);
      let commits = 0;
      const killed = await cli(
        [...common, '--data-dir', killedDir, '--log-level', 'debug'],
        (line) => line.includes('"committed"') && ++commits === 4,
      );
      sim.faults.clear();
      expect(killed.signal).toBe('SIGKILL');
      expect(killed.summary).toBeUndefined();

      at = sim.count(dataPath);
      const resumed = await cli([...common, '--data-dir', killedDir]);
      expect(resumed.code, resumed.stderr).toBe(0);
      const summary = resumed.summary!;
      expect(summary).toMatchObject({ interrupted: false, skipped: [] });
      expect(summary.items.alreadyDone + summary.items.resumed).toBeGreaterThan(0); // the killed run's work was kept
      expect(sim.count(dataPath) - at).toBeLessThan(fullRequests);

      const a = dump(cleanDir);
      const b = dump(killedDir);
      for (const table of ['trade_history', 'price_history', 'market_windows', 'checkpoints']) expect(b[table], table).toEqual(a[table]);
      expect((a[_kind === 'trades' ? 'trade_history' : 'price_history'] as unknown[]).length).toBeGreaterThan(1000);

      at = sim.requests.length;
      const again = await cli([...common, '--data-dir', killedDir]);
      expect(again.code).toBe(0);
      expect(again.summary).toMatchObject({ http: { requests: 0 }, items: { completed: 0 } });
      expect(sim.requests.length).toBe(at);
      expect(dump(killedDir).raw).toEqual(b.raw);
    },
    180_000,
  );

  it('on SIGTERM stops requesting, writes what it fetched with its checkpoints, exits 0 with a summary; the next run finishes', async () => {
    writeFileSync(
      join(dir, 'progress.toml'),
      `${readFileSync(join(dir, 'import.toml'), 'utf8').replace('[import]\n', '[import]\nprogress_interval_s = 1\n')}`,
    );
    const args = [
      'trades',
      '--start',
      '2026-11-15',
      '--end',
      '2026-11-16',
      '--assets',
      'XRP',
      '--config',
      join(dir, 'progress.toml'),
      '--data-dir',
      join(dir, 'sigterm'),
    ];
    sim.faults.slow(15, 1e12);
    // Not on a terminal, progress is a log line every progress_interval_s: stop at the first one.
    const stopped = await cli(args, (line) => line.includes('"msg":"progress"'), 'SIGTERM');
    sim.faults.clear();
    expect(stopped.signal).toBeNull();
    expect(stopped.code).toBe(0);
    expect(stopped.stderr).toMatch(/SIGTERM received, shutting down/);
    const progress = JSON.parse(stopped.stderr.split('\n').find((l) => l.includes('"msg":"progress"'))!) as Record<string, unknown>;
    expect(progress).toMatchObject({ phase: 'trades', total: 96 });
    expect(progress.rows).toEqual(expect.any(Number));
    expect(stopped.stdout).toMatch(
      /^poly-import trades 2026-11-15 00:00 \.\. 2026-11-16 00:00 UTC: INTERRUPTED \(run the same command again to resume\)/,
    );
    const first = stopped.summary!;
    expect(first).toMatchObject({ interrupted: true, skipped: [] });
    expect(first.checkpointsWritten).toBeGreaterThan(0);
    expect(first.rowsWritten.trade_history).toBeGreaterThan(0);

    const finished = await cli(args);
    expect(finished.code).toBe(0);
    expect(finished.summary).toMatchObject({ interrupted: false, skipped: [] });
    expect(finished.summary!.items.alreadyDone + finished.summary!.items.resumed).toBeGreaterThan(0);
    const rows = dump(join(dir, 'sigterm'));
    const truth = Array.from(
      { length: 96 },
      (_, i) => sim.catalog.trades(sim.catalog.market('XRP', Date.UTC(2026, 10, 15) / 1000 + i * 900)).length,
    ).reduce((a, b) => a + b, 0);
    expect((rows.trade_history as unknown[]).length).toBe(truth);
  }, 120_000);
});
