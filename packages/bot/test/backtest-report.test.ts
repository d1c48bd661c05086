/**
 * The report: `poly-bot --mode backtest` through `backtestCommand` prints the terminal summary and
 * writes report.json (the same data the call returns) and a self-contained report.html, which
 * headless Chromium (Debian's `chromium`) renders with all four plots drawn.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, silentLogger, type Store } from '@polymarket-arb/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backtestCommand, runBacktestCommand } from '../src/backtest/cli/command.js';
import type { BacktestReport } from '../src/backtest/report/model.js';
import { writeSynthetic } from '../src/backtest/replay/synthetic.js';
import { backtestConfig } from './backtest-helpers.js';

const START = Date.UTC(2026, 4, 1);

function findChromium(): string | undefined {
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    if (r.status === 0 && r.stdout.trim() !== '') return r.stdout.trim();
  }
  return undefined;
}

const chromium = findChromium();
if (chromium === undefined)
  console.log(
    '[skipped] report rendering in headless Chromium: no chromium on PATH. Install it with `apt-get install -y chromium` (Debian) to run it.',
  );

describe('backtest report', () => {
  const dir = mkdtempSync(join(tmpdir(), 'poly-report-'));
  const out = join(dir, 'out');
  let store: Store;
  let report: BacktestReport;
  let printed = '';

  beforeAll(async () => {
    store = await openStore({ dataDir: join(dir, 'data') });
    await writeSynthetic(store, { startMs: START, windows: 3, assets: ['BTC', 'ETH'], framesPerSecond: 10, seed: 11 });
    const result = await runBacktestCommand({
      config: backtestConfig('0.02', { backtest: { fail_probability: 200_000 } }),
      assets: ['BTC', 'ETH'],
      logger: silentLogger(),
      signal: new AbortController().signal,
      flags: { start: '2026-04-30T23:59', end: '2026-05-01T00:47', speed: 'max', report: out },
      store,
      print: (t) => (printed += t),
    });
    report = result.report;
  }, 120_000);

  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the terminal summary and writes report.json with exactly the returned report', () => {
    expect(printed).toMatch(/net P&L +-?\d+(\.\d+)? pUSD after \d+(\.\d+)? fees/);
    expect(printed).toMatch(/opportunities +\d+ seen, \d+ taken/);
    expect(printed).toContain(join(out, 'report.html'));
    expect(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(report)));
    const s = report.summary;
    expect(s.windowsTraded).toBeGreaterThan(2);
    expect(s.failedTrades).toBeGreaterThan(0);
    expect(report.windows.every((w) => w.settlement === 'wire')).toBe(true);
    expect(report.equity.length).toBeGreaterThan(100);
    expect(report.margins.bins.some((b) => b.taken > 0)).toBe(true);
    expect(report.counterfactuals.rows).toBeGreaterThan(0);
  });

  it('the page is self-contained: no external script, style, image or font', () => {
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).not.toMatch(/<(script|img|link|iframe)[^>]+(src|href)=/i);
    expect(html).not.toMatch(/url\(|@import|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    for (const id of ['equity-curve', 'window-pnl', 'margin-distribution', 'exposure']) expect(html).toContain(`<svg id="${id}"`);
  });

  it.skipIf(chromium === undefined)('renders in headless Chromium with every plot drawn', () => {
    const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', `--user-data-dir=${join(dir, 'chrome')}`];
    const url = `file://${join(out, 'report.html')}`;
    const dom = execFileSync(chromium as string, [...flags, '--dump-dom', url], {
      encoding: 'utf8',
      timeout: 60_000,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    expect(dom).toContain('data-charts="4"');
    const charts = [...dom.matchAll(/<svg id="([a-z-]+)"[^>]*data-rendered="(\d+)x(\d+):(\d+)"/g)].map((m) => ({
      id: m[1],
      w: Number(m[2]),
      h: Number(m[3]),
      marks: Number(m[4]),
    }));
    expect(charts.map((c) => c.id)).toEqual(['equity-curve', 'window-pnl', 'margin-distribution', 'exposure']);
    for (const c of charts) {
      expect(c.w, c.id).toBeGreaterThan(500);
      expect(c.h, c.id).toBeGreaterThan(150);
      expect(c.marks, c.id).toBeGreaterThan(0);
    }
    const png = join(dir, 'report.png');
    execFileSync(chromium as string, [...flags, '--window-size=1100,2200', `--screenshot=${png}`, url], {
      timeout: 60_000,
      stdio: 'ignore',
    });
    expect(existsSync(png) && statSync(png).size).toBeGreaterThan(20_000);
  });

  it('backtestCommand returns exit code 0 and refuses bad flags before touching the store', async () => {
    const base = {
      config: backtestConfig(),
      assets: ['BTC'] as const,
      logger: silentLogger(),
      signal: new AbortController().signal,
      store,
      print: () => {},
    };
    await expect(backtestCommand({ ...base, flags: { start: '2026-05-01', end: '2026-05-01T00:20', report: undefined } })).resolves.toBe(0);
    await expect(backtestCommand({ ...base, flags: { start: '2026-05-01', end: '2026-04-01' } })).rejects.toThrow(
      /--end 2026-04-01 is not after --start 2026-05-01/,
    );
    await expect(backtestCommand({ ...base, flags: { start: '2026-05-01', end: '2026-05-02', speed: 'warp' } })).rejects.toThrow(
      /--speed "warp" is not a speed/,
    );
    await expect(backtestCommand({ ...base, flags: { start: '2026-05-01', end: '2026-05-02', sweep: ['nope=1,2'] } })).rejects.toThrow(
      /unknown key "nope"/,
    );
    await expect(backtestCommand({ ...base, flags: { start: '2027-01-01', end: '2027-01-02' } })).rejects.toThrow(
      /Nothing to replay for BTC from 2027-01-01T00:00:00Z to 2027-01-03T00:00:00Z/,
    );
  });
});
