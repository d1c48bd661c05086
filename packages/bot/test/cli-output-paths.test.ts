/**
 * Output paths are checked before any work: a paper session whose --state-file cannot be written
 * and a backtest whose --report is not a usable directory are refused at once (exit 2, a sentence
 * naming the flag, the path and the fix, no stack trace) with nothing run or written; a good
 * --report directory is created and gets its files whole (written through a temporary file).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '@polymarket-arb/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSynthetic } from '../src/backtest/replay/synthetic.js';
import { expectRefusal, runBot } from './live-harness.js';

const dir = mkdtempSync(join(tmpdir(), 'poly-outputs-'));
const recording = join(dir, 'recording');
const BACKTEST = [
  '--mode',
  'backtest',
  '--assets',
  'BTC',
  '--start',
  '2026-04-30T23:59',
  '--end',
  '2026-05-01T00:17',
  '--data-dir',
  recording,
  '--log-format',
  'json',
];

async function decisionRows(): Promise<number> {
  const store = await openStore({ dataDir: recording });
  try {
    return Number((await store.queryRows<{ n: string }>('SELECT count() AS n FROM decisions'))[0]?.n);
  } finally {
    await store.close();
  }
}

beforeAll(async () => {
  const store = await openStore({ dataDir: recording });
  await writeSynthetic(store, { startMs: Date.UTC(2026, 4, 1), windows: 1, assets: ['BTC'], framesPerSecond: 5, seed: 3 });
  await store.close();
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('paper --state-file is checked before the session', () => {
  const paperData = join(dir, 'paper-data');
  // --duration 2: without the check the session would run, then fail to save.
  const paper = (stateFile: string) =>
    runBot(['--mode', 'paper', '--assets', 'BTC', '--duration', '2', '--data-dir', paperData, '--state-file', stateFile], {}, dir);

  it('in a directory that does not exist', async () => {
    const file = join(dir, 'nodir', 's.json');
    expectRefusal(
      await paper(file),
      new RegExp(
        `--state-file ${file}: the directory ${join(dir, 'nodir')} does not exist\\. Create it first, or choose a --state-file in an existing directory\\.`,
      ),
    );
    expect(existsSync(paperData), 'the session started').toBe(false);
    expect(existsSync(join(dir, 'nodir'))).toBe(false);
  });

  it('that is a directory', async () => {
    const sub = join(dir, 'a-directory');
    mkdirSync(sub);
    expectRefusal(
      await paper(sub),
      /--state-file .*a-directory: it is a directory, not a file\. Give a file path, e\.g\. .*a-directory\/poly-bot-paper-state\.json\./,
    );
    expect(existsSync(paperData)).toBe(false);
  });

  it('under a path that is a file', async () => {
    writeFileSync(join(dir, 'plain-file'), 'x');
    expectRefusal(await paper(join(dir, 'plain-file', 's.json')), /--state-file .*plain-file\/s\.json: .*plain-file is not a directory\./);
    expect(existsSync(paperData)).toBe(false);
  });
});

describe('backtest --report is checked before the replay', () => {
  it('an existing file: refused at once, the file untouched, no decision written', async () => {
    const file = join(dir, 'afile');
    writeFileSync(file, 'keep me');
    const exit = await runBot([...BACKTEST, '--report', file], {}, dir);
    expectRefusal(
      exit,
      new RegExp(
        `--report ${file}: it is a file; it must be a directory to write report\\.json and report\\.html into\\. Give a directory \\(it is created if missing\\)`,
      ),
    );
    expect(exit.stderr).not.toContain('backtest: data found');
    expect(readFileSync(file, 'utf8')).toBe('keep me');
    expect(await decisionRows()).toBe(0);
  });

  it('inside a file: refused at once', async () => {
    writeFileSync(join(dir, 'bfile'), 'x');
    expectRefusal(
      await runBot([...BACKTEST, '--report', join(dir, 'bfile', 'out')], {}, dir),
      /--report .*bfile\/out: .*bfile is not a directory\./,
    );
    expect(await decisionRows()).toBe(0);
  });

  it('report.json already there as a directory: refused at once', async () => {
    const out = join(dir, 'taken');
    mkdirSync(join(out, 'report.json'), { recursive: true });
    expectRefusal(
      await runBot([...BACKTEST, '--report', out], {}, dir),
      /--report .*taken: .*taken\/report\.json is a directory, so report\.json cannot be written there\./,
    );
  });

  it('a new nested directory: created, both files written whole, no temporary file left', async () => {
    const out = join(dir, 'reports', 'nested');
    const exit = await runBot([...BACKTEST, '--report', out], {}, dir);
    expect(exit.code, exit.stderr.slice(-2000)).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['report.html', 'report.json']);
    expect(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'))).toHaveProperty('summary');
  }, 60_000);
});
