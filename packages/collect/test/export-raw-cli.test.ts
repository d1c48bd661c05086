/**
 * `poly-collect export-raw` as a user runs it (built CLI, a recording made by poly-collect against
 * poly-sim): --out is checked before the store is opened (a directory, a missing or unwritable
 * folder: one sentence, exit 2), and a data directory with no recording is said to be one; the file is written through a temporary sibling and renamed at the
 * end, so an existing file is replaced only by a complete export and an empty range leaves it as it
 * was, saying so.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '@polymarket-arb/sim';
import { startCli } from './cli-harness.js';

describe('poly-collect export-raw --out', () => {
  const dir = mkdtempSync(join(tmpdir(), 'poly-export-cli-'));
  const data = join(dir, 'data');
  const outDir = join(dir, 'out');
  const recordedFrom = new Date(Date.now() - 60_000).toISOString().slice(0, 19);
  const recordedTo = new Date(Date.now() + 3_600_000).toISOString().slice(0, 19);
  const exportRaw = (out: string, range: [string, string], dataDir = data) =>
    startCli(['export-raw', '--data-dir', dataDir, '--start', range[0], '--end', range[1], '--out', out], {});

  beforeAll(async () => {
    const sim = await startSimulator({ seed: 17, assets: 'BTC', rate: 100, binanceRate: 5 });
    try {
      const run = startCli(['--assets', 'BTC', '--data-dir', data, '--duration', '3'], { ...sim.urls });
      expect(await run.code, run.stderr().slice(-2000)).toBe(0);
    } finally {
      await sim.close();
    }
    mkdirSync(outDir);
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('an empty range leaves an existing file untouched, and says so', async () => {
    const out = join(outDir, 'kept.ndjson');
    writeFileSync(out, 'an earlier export\n');
    const run = exportRaw(out, ['2020-01-01', '2020-01-02']);
    expect(await run.code).toBe(1);
    expect(readFileSync(out, 'utf8')).toBe('an earlier export\n');
    expect(
      await run.logLine(
        'no raw frames in that range (was poly-collect running, with keep_raw_frames on?); the existing file was left untouched',
      ),
    ).toMatchObject({ out });
    expect(readdirSync(outDir)).toEqual(['kept.ndjson']);
  }, 30_000);

  it('a complete export replaces an existing file in one step, leaving no temporary file', async () => {
    const out = join(outDir, 'replaced.ndjson');
    writeFileSync(out, 'an earlier export\n');
    const run = exportRaw(out, [recordedFrom, recordedTo]);
    expect(await run.code, run.stderr()).toBe(0);
    const line = await run.logLine('exported; replay with poly-sim --replay');
    expect(line).toMatchObject({ replaced: true });
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(line.frames as number);
    expect(JSON.parse(lines[0] as string)).toHaveProperty('frame');
    expect(readdirSync(outDir).filter((f) => f.startsWith('.'))).toEqual([]);
  }, 30_000);

  it('refuses, before opening the store, a directory, a missing folder and a folder it cannot write; and a store with no recording', async () => {
    const untouched = join(dir, 'never-created');
    const cases: [string, RegExp][] = [
      [outDir, /--out .*\/out: it is a directory, not a file\. Give a file path, e\.g\. .*\/out\/rec\.ndjson\./],
      [
        join(dir, 'nowhere', 'rec.ndjson'),
        /--out .*\/nowhere\/rec\.ndjson: the directory .*\/nowhere does not exist\. Create it first, or choose a --out in an existing directory\./,
      ],
      // Not writable even for root (permission checks pass for root: creating the file is the test).
      [
        '/sys/rec.ndjson',
        /--out \/sys\/rec\.ndjson: (cannot create files in \/sys \(E[A-Z]+\)|the directory \/sys is not writable)\. Choose a --out path in (a directory you can write to|a writable directory)/,
      ],
    ];
    for (const [out, message] of cases) {
      const run = exportRaw(out, [recordedFrom, recordedTo], untouched);
      expect(await run.code, out).toBe(2);
      expect(run.stderr()).toMatch(message);
      expect(run.stderr()).not.toMatch(/unexpected error|\n\s+at /);
      expect(existsSync(untouched), 'the store was opened before --out was checked').toBe(false);
    }
    // A good --out, but nothing recorded there: said so, nothing created (neither store nor file).
    const run = exportRaw(join(outDir, 'from-nowhere.ndjson'), [recordedFrom, recordedTo], untouched);
    expect(await run.code).toBe(2);
    expect(run.stderr()).toContain(
      `There is no recording to export at ${untouched}: the directory does not exist. Record there first with poly-collect`,
    );
    expect(existsSync(untouched)).toBe(false);
    expect(readdirSync(outDir).filter((f) => f.includes('from-nowhere'))).toEqual([]);
  }, 60_000);
});
