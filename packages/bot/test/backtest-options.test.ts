/**
 * Backtest flags: dates (UTC, a date alone as --end includes that day), speed, and sweep specs,
 * each bad value refused with one sentence naming the flag and the fix, before any data is read.
 */
import { UsageError } from '@polymarket-arb/domain';
import { describe, expect, it } from 'vitest';
import { parseBacktestFlags, parseSpeed } from '../src/backtest/cli/options.js';
import { parseSweeps, sweepCombinations } from '../src/backtest/sweep/spec.js';
import { testConfig } from './helpers.js';
import { runBot } from './live-harness.js';

function error(fn: () => unknown): UsageError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return err as UsageError;
  }
  throw new Error('expected a UsageError');
}

describe('backtest flags', () => {
  it('reads the range in UTC; a date alone as --end includes that whole day', () => {
    const p = parseBacktestFlags({ start: '2026-01-01', end: '2026-01-07', speed: '100', report: 'out/' });
    expect([p.startMs, p.endMs, p.speed, p.reportDir]).toEqual([Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 8), 100, 'out/']);
    const q = parseBacktestFlags({ start: '2026-01-01T10:00', end: '2026-01-01T10:30:15Z' });
    expect([q.startMs, q.endMs, q.speed, q.sweeps]).toEqual([Date.UTC(2026, 0, 1, 10), Date.UTC(2026, 0, 1, 10, 30, 15), 'max', []]);
  });

  it('refuses missing, malformed and impossible dates, and an end not after the start', () => {
    expect(error(() => parseBacktestFlags({ end: '2026-01-07' })).message).toMatch(
      /Backtest mode needs --start\. Give the UTC range to replay, e\.g\. --start 2026-01-01 --end 2026-01-07/,
    );
    expect(error(() => parseBacktestFlags({})).message).toMatch(/needs --start and --end/);
    expect(error(() => parseBacktestFlags({ start: '01/02/2026', end: '2026-01-07' })).message).toMatch(
      /--start "01\/02\/2026" is not a date\. Use YYYY-MM-DD/,
    );
    expect(error(() => parseBacktestFlags({ start: '2026-02-30', end: '2026-03-07' })).message).toMatch(
      /--start "2026-02-30" is not a real calendar date/,
    );
    expect(error(() => parseBacktestFlags({ start: '2026-01-07', end: '2026-01-01' })).message).toMatch(
      /--end 2026-01-01 is not after --start 2026-01-07\. Give an end after the start/,
    );
    expect(error(() => parseBacktestFlags({ start: '2026-01-07T10:00', end: '2026-01-07T10:00' })).code).toBe('E_RANGE');
  });

  it('speed is any positive multiple of real time, or max', () => {
    expect([
      parseSpeed('1'),
      parseSpeed('7'),
      parseSpeed('100'),
      parseSpeed('2.5'),
      parseSpeed('0.5'),
      parseSpeed('max'),
      parseSpeed(undefined),
    ]).toEqual([1, 7, 100, 2.5, 0.5, 'max', 'max']);
    for (const bad of ['0', '-1', 'fast', '', 'Infinity'])
      expect(error(() => parseSpeed(bad)).message).toMatch(
        /--speed .* is not a speed\. Use a positive multiple of real time, e\.g\. 1 \(real time\), 7 \(seven times faster\) or 0\.5 \(half speed\), or max/,
      );
  });
});

describe('poly-bot --help', () => {
  it('says --speed takes any positive multiple of real time, or max', async () => {
    const help = await runBot(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout.replace(/\s+/g, ' ')).toContain(
      '--speed <x> backtest: replay pace, any positive multiple of real time (1 = real time, 7 = seven times faster, 0.5 = half speed), or max (as fast as possible); paced replay starts at the first recorded event',
    );
  });
});

describe('sweep specs', () => {
  it('expands exact decimal ranges and lists; min_margin sets the three phase thresholds', () => {
    const [axis] = parseSweeps(['min_margin=0.01:0.03:0.005']);
    expect(axis?.values).toEqual(['0.01', '0.015', '0.02', '0.025', '0.03']);
    expect(axis?.keys).toEqual(['strategy.early_threshold', 'strategy.mid_threshold', 'strategy.late_threshold']);
    const axes = parseSweeps(['min_margin=0.01,0.02', 'mvp_size=10:20:10', 'backtest.latency_ms=0,200']);
    const combos = sweepCombinations(testConfig(), axes);
    expect(combos).toHaveLength(8);
    expect(combos[0]?.label).toBe('min_margin=0.01 mvp_size=10 backtest.latency_ms=0');
    expect(combos[7]?.label).toBe('min_margin=0.02 mvp_size=20 backtest.latency_ms=200');
    const last = combos[7]?.config;
    expect([last?.strategy.early_threshold, last?.strategy.late_threshold, last?.sizing.mvp_size, last?.backtest.latency_ms]).toEqual([
      20_000, 20_000, 20_000_000, 200,
    ]);
    expect(combos[0]?.config.strategy.mid_threshold).toBe(10_000);
    expect(parseSweeps(['strategy.variant=taker,maker'])[0]?.values).toEqual(['taker', 'maker']);
  });

  it('refuses unknown or ambiguous keys, bad ranges, values the key does not accept, and too many combinations', () => {
    expect(error(() => parseSweeps(['min_margn=0.01:0.02:0.01'])).message).toMatch(
      /--sweep "min_margn=0\.01:0\.02:0\.01": unknown key "min_margn"\. Use section\.key from config\/bot\.toml/,
    );
    expect(error(() => parseSweeps(['seed=1,2'])).message).toMatch(
      /the key seed exists in several sections \(paper, backtest\)\. Name it with its section, e\.g\. paper\.seed/,
    );
    expect(error(() => parseSweeps(['min_margin=0.03:0.01:0.01'])).message).toMatch(/the range ends \(0\.01\) before it starts \(0\.03\)/);
    expect(error(() => parseSweeps(['min_margin=0.01:0.03:0'])).message).toMatch(/the step must be positive/);
    expect(error(() => parseSweeps(['min_margin=0.01:0.03'])).message).toMatch(/a range needs exactly three parts, from:to:step/);
    expect(error(() => parseSweeps(['min_margin=a:b:c'])).message).toMatch(/is not three decimals/);
    expect(error(() => parseSweeps(['min_margin=0.01:0.9:0.1'])).message).toMatch(
      /value "0\.51" for strategy\.early_threshold: must lie between 0 and 0\.5/,
    );
    expect(error(() => parseSweeps(['backtest.latency_ms=0.5,1'])).message).toMatch(
      /value "0\.5" for backtest\.latency_ms: expected a whole number/,
    );
    expect(error(() => parseSweeps(['strategy.variant=fast'])).message).toMatch(/value "fast" for strategy\.variant/);
    expect(error(() => parseSweeps(['min_margin=0.001:1:0.0001'])).message).toMatch(/the range has 9991 values, more than 1000/);
    expect(error(() => parseSweeps(['min_margin=0.01,0.02', 'strategy.late_threshold=0.01'])).message).toMatch(
      /strategy\.late_threshold is swept twice/,
    );
    expect(error(() => parseSweeps(['mvp_size=1:100:1', 'backtest.latency_ms=0:100:1'])).message).toMatch(
      /The sweeps make 10100 combinations, more than 4096/,
    );
    expect(error(() => parseSweeps(['latency_ms'])).message).toMatch(/expected key=from:to:step or key=a,b,c/);
  });

  it('a combination that contradicts the rest of the configuration is refused', () => {
    const axes = parseSweeps(['strategy.late_phase_secs=200:800:600']);
    expect(error(() => sweepCombinations(testConfig(), axes)).message).toMatch(
      /The sweep combination strategy\.late_phase_secs=800 is not a valid configuration: strategy\.late_phase_secs \(800\) must be below strategy\.early_phase_secs \(600\)/,
    );
  });
});
