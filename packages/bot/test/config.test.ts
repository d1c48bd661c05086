import { inspect } from 'node:util';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '@polymarket-arb/domain';
import { describe, expect, it } from 'vitest';
import { Severity } from '../src/core/codes.js';
import { loadBotConfig, readSecrets } from '../src/config.js';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

const repoConfig = fileURLToPath(new URL('../../../config/bot.toml', import.meta.url));

function problemsOf(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('bot configuration', () => {
  it('has the spec defaults, parsed exactly into micros', () => {
    const cfg = loadBotConfig({ env: {} });
    expect(cfg.strategy).toMatchObject({
      early_threshold: 25_000,
      mid_threshold: 15_000,
      late_threshold: 5_000,
      min_time_remaining_secs: 30,
      variant: 'auto',
    });
    expect(cfg.sizing).toMatchObject({ mvp_size: 10_000_000, max_position_per_market: 100_000_000, max_total_exposure: 500_000_000 });
    expect(cfg.circuit_breaker).toEqual({ max_consecutive_failures: 3, cooldown_ms: 60_000 });
    expect(cfg.toxic).toMatchObject({ size_multiplier: 50, sudden_ms: 500 });
    expect(cfg.risk.block_toxic_severity).toBe(Severity.HIGH);
    expect(cfg.observability).toMatchObject({ capture_decisions: true, ring_size: 65_536, batch_size: 1_000 });
  });

  it('config/bot.toml documents exactly the defaults', () => {
    const defaults = loadBotConfig({ env: {} });
    const file = loadBotConfig({ file: repoConfig, fileRequired: true, env: {} });
    const { storage: ds, ...dRest } = defaults;
    const { storage: fs, ...fRest } = file;
    expect(fRest).toEqual(dRest);
    expect({ ...fs, clickhouse_url: undefined }).toEqual({ ...ds, clickhouse_url: undefined });
  });

  it('takes POLY_BOT_* environment overrides above the file', () => {
    const cfg = loadBotConfig({
      file: repoConfig,
      env: {
        POLY_BOT_MVP_SIZE: '25.5',
        POLY_BOT_TRADING_ENABLED: 'false',
        POLY_BOT_PAPER_SEED: '7',
        POLY_BOT_PAPER_FILL_PROBABILITY: '0.5',
        POLY_DATA_DIR: '/tmp/x',
      },
    });
    expect(cfg.sizing.mvp_size).toBe(25_500_000);
    expect(cfg.strategy.trading_enabled).toBe(false);
    expect(cfg.paper).toMatchObject({ seed: 7, fill_probability: 500_000 });
    expect(cfg.storage.data_dir).toBe('/tmp/x');
  });

  it('reports every problem of a file at once, naming key and origin', () => {
    const problems = problemsOf(() => loadBotConfig({ file: fixture('config/bad.toml'), env: { POLY_BOT_PAPER_LATENCY_MS: 'soon' } }));
    const text = problems.join('\n');
    expect(problems.length).toBeGreaterThanOrEqual(7);
    expect(text).toMatch(/unknown key strategy\.early_threshhold/);
    expect(text).toMatch(/strategy\.mid_threshold: "0\.0150001" has more than 6 decimal places/);
    expect(text).toMatch(/strategy\.variant: .*(auto|taker|maker)/);
    expect(text).toMatch(/risk\.block_toxic_severity: expected one of none, low, medium, high, critical/);
    expect(text).toMatch(/observability\.ring_size: must be a power of two/);
    expect(text).toMatch(/paper\.api_key: secrets are not read from config files/);
    expect(text).toMatch(/paper\.latency_ms: .*\(from env POLY_BOT_PAPER_LATENCY_MS\)/);
  });

  it('reports every cross-field inconsistency of a parseable file', () => {
    const problems = problemsOf(() => loadBotConfig({ file: fixture('config/inconsistent.toml'), env: {} }));
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/late_phase_secs \(300\) must be below strategy\.early_phase_secs \(200\)/);
    expect(problems.join('\n')).toMatch(/min_time_remaining_secs \(400\) must not exceed/);
    expect(problems.join('\n')).toMatch(/skewed_ratio <= exposed_ratio/);
    expect(problems.join('\n')).toMatch(/mvp_size must have at most 2 decimals/);
  });

  it('reads trading secrets from the environment only and never prints them', () => {
    const secrets = readSecrets({ POLY_PRIVATE_KEY: '0xdeadbeef', POLY_API_KEY: 'key-1', POLY_API_SECRET: 'sec-2' });
    expect(secrets.privateKey).toBe('0xdeadbeef');
    expect(secrets.complete).toBe(false);
    expect(secrets.missing()).toEqual(['POLY_API_PASSPHRASE']);
    const shown = `${JSON.stringify({ secrets })} ${inspect(secrets)} ${String(secrets)} ${inspect({ nested: secrets }, { depth: 5 })}`;
    for (const value of ['0xdeadbeef', 'key-1', 'sec-2']) expect(shown).not.toContain(value);
    expect(Object.keys(secrets)).toEqual([]);
    const cfg = loadBotConfig({ env: { POLY_PRIVATE_KEY: '0xdeadbeef' } });
    expect(JSON.stringify(cfg)).not.toContain('deadbeef');
  });
});
