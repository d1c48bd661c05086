import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BASE_ENV_MAP, baseConfigSchema, ConfigError, createLogger, DEFAULT_ENDPOINTS, intField, loadConfig } from '../src/index.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/config/${name}`, import.meta.url));

function problemsOf(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('layered configuration', () => {
  it('defaults to the production endpoints and the embedded store', () => {
    const cfg = loadConfig(baseConfigSchema, { env: {} });
    expect(cfg.endpoints).toEqual(DEFAULT_ENDPOINTS);
    expect(cfg.storage).toEqual({ data_dir: './data', database: 'polymarket_arb' });
    expect(cfg.log).toEqual({ level: 'info', format: 'auto' });
  });

  it('layers file < env < flags, and trims trailing slashes from URLs', () => {
    const cfg = loadConfig(baseConfigSchema, {
      file: fixture('good.toml'),
      envMap: BASE_ENV_MAP,
      env: { POLY_DATA_DIR: '/env/dir', CLICKHOUSE_URL: 'http://ch:8123', POLY_CLOB_WS_URL: 'ws://127.0.0.1:9999/clob-ws' },
      flags: { 'storage.data_dir': '/flag/dir', 'log.level': undefined },
    });
    expect(cfg.storage.data_dir).toBe('/flag/dir');
    expect(cfg.storage.clickhouse_url).toBe('http://ch:8123');
    expect(cfg.endpoints.gamma_url).toBe('http://127.0.0.1:9999/gamma');
    expect(cfg.endpoints.clob_ws_url).toBe('ws://127.0.0.1:9999/clob-ws');
    expect(cfg.log.level).toBe('debug');
  });

  it('reports every problem at once, naming the key and where it came from', () => {
    const problems = problemsOf(() => loadConfig(baseConfigSchema, { file: fixture('bad.toml'), envMap: BASE_ENV_MAP, env: { POLY_GAMMA_URL: 'not a url' } }));
    const text = problems.join('\n');
    expect(problems.length).toBeGreaterThanOrEqual(5);
    expect(text).toMatch(/unknown key storage\.data_dri \(in .*bad\.toml\)/);
    expect(text).toMatch(/storage\.database: .*string.*\(from .*bad\.toml\)/);
    expect(text).toMatch(/endpoints\.clob_ws_url: expected a ws or wss URL/);
    expect(text).toMatch(/endpoints\.gamma_url: expected a http or https URL \(from env POLY_GAMMA_URL\)/);
    expect(text).toMatch(/log\.level: .*\(from .*bad\.toml\)/);
    expect(text).toMatch(/log\.password: secrets are not read from config files/);
  });

  it('points at the line of a TOML syntax error', () => {
    const problems = problemsOf(() => loadConfig(baseConfigSchema, { file: fixture('broken.toml') }));
    expect(problems[0]).toMatch(/broken\.toml is not valid TOML at line 1/);
  });

  it('says so when an explicitly named file does not exist, and accepts a missing default file', () => {
    expect(problemsOf(() => loadConfig(baseConfigSchema, { file: '/nope/collect.toml', fileRequired: true }))[0]).toMatch(/\/nope\/collect\.toml does not exist/);
    expect(loadConfig(baseConfigSchema, { file: '/nope/collect.toml', fileRequired: false, env: {} }).storage.data_dir).toBe('./data');
  });

  it('coerces numbers and booleans that arrive as strings from the environment, with range errors', () => {
    const schema = z.object({ a: z.object({ n: intField(1, 10) }).strict() }).strict();
    expect(loadConfig(schema, { envMap: { N: 'a.n' }, env: { N: '7' } }).a.n).toBe(7);
    expect(problemsOf(() => loadConfig(schema, { envMap: { N: 'a.n' }, env: { N: '70' } }))[0]).toBe('a.n: must be at most 10 (from env N)');
    expect(problemsOf(() => loadConfig(schema, { envMap: { N: 'a.n' }, env: { N: 'seven' } }))[0]).toMatch(/^a\.n: .*number.*\(from env N\)$/);
  });
});

describe('logging', () => {
  it('writes JSON lines with the data object and never the secrets', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(chunk.toString()), done()) });
    const log = createLogger({ name: 'test', destination: sink, format: 'json' });
    log.info({ market: 'btc-updown-15m-1787414400', auth: { apiKey: 'k-123', secret: 's-456', passphrase: 'p-789' }, password: 'hunter2' }, 'connected');
    const text = lines.join('');
    const entry = JSON.parse(text) as Record<string, unknown>;
    expect(entry).toMatchObject({ level: 30, name: 'test', msg: 'connected', market: 'btc-updown-15m-1787414400' });
    for (const secret of ['k-123', 's-456', 'p-789', 'hunter2']) expect(text).not.toContain(secret);
    expect(text).toContain('[redacted]');
  });
});
