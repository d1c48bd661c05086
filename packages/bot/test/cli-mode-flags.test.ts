/**
 * Flags that belong to another mode (`paper --start`, `shadow --sweep`, `backtest --duration`, ...)
 * are refused by the built CLI with a sentence naming the flag and its mode(s), before any work:
 * the data directory is never created. Defaults (`--speed max`) are not "given".
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectRefusal, runBot } from './live-harness.js';

const RANGE = ['--start', '2026-01-01', '--end', '2026-01-02'];
/** A live run that would end by itself if the flag were ignored. */
const SHORT = ['--duration', '2'];

describe('poly-bot refuses flags that belong to another mode', () => {
  const dir = mkdtempSync(join(tmpdir(), 'poly-mode-flags-'));
  const data = join(dir, 'data');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const cases: [args: string[], sentence: RegExp][] = [
    [
      ['--mode', 'paper', ...SHORT, '--start', '2026-01-01'],
      /--start belongs to --mode backtest, not to --mode paper\. Remove it, or run the mode it belongs to\./,
    ],
    [['--mode', 'shadow', ...SHORT, '--sweep', 'min_margin=0.01,0.02'], /--sweep belongs to --mode backtest, not to --mode shadow\./],
    [['--mode', 'backtest', ...RANGE, '--duration', '60'], /--duration belongs to --mode shadow or --mode paper, not to --mode backtest\./],
    [['--mode', 'shadow', ...SHORT, '--state-file', join(dir, 's.json')], /--state-file belongs to --mode paper, not to --mode shadow\./],
    [
      ['--mode', 'backtest', ...RANGE, '--state-file', join(dir, 's.json')],
      /--state-file belongs to --mode paper, not to --mode backtest\./,
    ],
    [['--mode', 'paper', ...SHORT, '--report', join(dir, 'out')], /--report belongs to --mode backtest, not to --mode paper\./],
    [['--mode', 'paper', ...SHORT, '--speed', 'max'], /--speed belongs to --mode backtest, not to --mode paper\./],
    [
      ['--mode', 'paper', '--end', '2026-01-02', '--duration', '5', '--report', 'out'],
      /^poly-bot: --end belongs to --mode backtest, not to --mode paper\. --report belongs to --mode backtest, not to --mode paper\. Remove them, or run the mode they belong to\.\n$/,
    ],
  ];

  for (const [args, sentence] of cases) {
    it(`${args.join(' ')}: exit 2 with a sentence, nothing started`, async () => {
      const exit = await runBot([...args, '--data-dir', data], {}, dir);
      expectRefusal(exit, sentence);
      expect(existsSync(data), 'the store was opened').toBe(false);
    });
  }
});
