/** The progress line and the summary text: widths, ETA, rates, and what a reader needs to see. */
import { describe, expect, it } from 'vitest';
import { etaMs, formatDuration, renderProgressLine, rowRate } from '../src/progress.js';
import { newCounters } from '../src/stats.js';
import { formatSummary, type ImportSummary } from '../src/summary.js';

describe('progress line', () => {
  const snapshot = { phase: 'prices', done: 96, total: 384, rows: 12_345, requests: 101, retries: 3, elapsedMs: 4000 };

  it('shows a bar, items, rows, rate, ETA, requests and retries', () => {
    const line = renderProgressLine(snapshot, 160);
    expect(line).toBe('prices  [########......................] 96/384 items  12,345 rows  3,086 rows/s  ETA 0:12  req 101  retries 3');
  });

  it('fits narrow terminals by dropping the bar, then cutting', () => {
    const medium = renderProgressLine(snapshot, 100);
    expect(medium).toMatch(/^prices {2}\[#####\.{14}\] 96\/384 items/);
    expect(medium.length).toBeLessThan(100);
    expect(renderProgressLine(snapshot, 80)).toMatch(/^prices {2}96\/384 items/);
    expect(renderProgressLine(snapshot, 40).length).toBeLessThan(40);
  });

  it('has no ETA before the first item and formats durations', () => {
    expect(renderProgressLine({ ...snapshot, done: 0 }, 160)).toContain('ETA -');
    expect(etaMs(1, 3, 1000)).toBe(2000);
    expect(rowRate(5000, 2000)).toBe(2500);
    expect([0, 7_000, 725_000, 3_723_000].map(formatDuration)).toEqual(['0:00', '0:07', '12:05', '1:02:03']);
  });
});

describe('summary', () => {
  const summary: ImportSummary = {
    kind: 'trades',
    startSec: Date.UTC(2026, 0, 1) / 1000,
    endSec: Date.UTC(2026, 0, 3) / 1000,
    interrupted: false,
    durationMs: 12_500,
    markets: { found: 192, closed: 190, open: 2, missing: 0, fromStore: 96 },
    missingExamples: [],
    pieces: newCounters(),
    items: { ...newCounters(), total: 192, completed: 189, alreadyDone: 0, open: 2, failed: 1 },
    rowsWritten: { market_windows: 96, trade_history: 43_210 },
    checkpointsWritten: 300,
    http: { requests: 420, retries: 7, rateLimited: 2, serverErrors: 3, networkErrors: 2, retryAfterWaitMs: 2000, failed: 1 },
    throttledMs: 2500,
    storeRetries: 0,
    roundedValues: 0,
    emptyItems: 0,
    rangeSplits: 0,
    switchedToV2: ['btc-updown-15m-1767225600'],
    capped: [],
    skipped: [{ item: 'trades btc-updown-15m-1767226500', reason: 'HTTP 500 from http://x/trades: Internal Server Error' }],
    problems: [],
  };

  it('names the outcome, counts and what was skipped and why', () => {
    const text = formatSummary(summary);
    expect(text).toMatch(/^poly-import trades 2026-01-01 00:00 \.\. 2026-01-03 00:00 UTC: INCOMPLETE \(run the same command again/);
    expect(text).toContain('markets   192 (190 closed, 2 open, 96 known from an earlier run)');
    expect(text).toContain('189 imported, 0 already done, 0 resumed, 2 still live, 0 capped, 1 skipped');
    expect(text).toContain('rows      96 market_windows, 43,210 trade_history; 300 checkpoints');
    expect(text).toContain('requests  420, retries 7 (429: 2, 5xx: 3, network: 2)');
    expect(text).toContain('duration  12.5 s (3,464 rows/s)');
    expect(text).toContain('continued on /v2/trades (e.g. btc-updown-15m-1767225600)');
    expect(text).toContain('skipped trades btc-updown-15m-1767226500: HTTP 500');
  });

  it('says an interrupted import resumes', () => {
    expect(formatSummary({ ...summary, interrupted: true })).toMatch(/INTERRUPTED \(run the same command again to resume\)/);
  });
});
