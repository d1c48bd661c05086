import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError } from '@polymarket-arb/domain';
import { BASE_ENV_MAP, baseConfigSchema, COMMON_FLAG_NAMES, createLogger, DEFAULT_ENDPOINTS, intField, loadConfig } from '../src/index.js';

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
    const problems = problemsOf(() =>
      loadConfig(baseConfigSchema, { file: fixture('bad.toml'), envMap: BASE_ENV_MAP, env: { POLY_GAMMA_URL: 'not a url' } }),
    );
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
    expect(problemsOf(() => loadConfig(baseConfigSchema, { file: '/nope/collect.toml', fileRequired: true }))[0]).toMatch(
      /\/nope\/collect\.toml does not exist/,
    );
    expect(loadConfig(baseConfigSchema, { file: '/nope/collect.toml', fileRequired: false, env: {} }).storage.data_dir).toBe('./data');
  });

  it('coerces numbers and booleans that arrive as strings from the environment, with range errors', () => {
    const schema = z.object({ a: z.object({ n: intField(1, 10) }).strict() }).strict();
    expect(loadConfig(schema, { envMap: { N: 'a.n' }, env: { N: '7' } }).a.n).toBe(7);
    expect(problemsOf(() => loadConfig(schema, { envMap: { N: 'a.n' }, env: { N: '70' } }))[0]).toBe(
      'a.n: must be at most 10 (from env N)',
    );
    expect(problemsOf(() => loadConfig(schema, { envMap: { N: 'a.n' }, env: { N: 'seven' } }))[0]).toMatch(
      /^a\.n: .*number.*\(from env N\)$/,
    );
  });
});

describe('the ClickHouse URL', () => {
  const fromEnv = (url: string) => loadConfig(baseConfigSchema, { envMap: BASE_ENV_MAP, env: { CLICKHOUSE_URL: url } });
  const flags = (url: string) => ({ flags: { 'storage.clickhouse_url': url }, flagNames: COMMON_FLAG_NAMES, env: {} });

  it('names the problem, where the value came from and the fix, for a value that is no URL', () => {
    expect(problemsOf(() => fromEnv('garbage'))).toEqual([
      'storage.clickhouse_url: not a URL (it does not start with http:// or https://); give the ClickHouse HTTP interface, e.g. http://localhost:8123, or leave it unset to use the embedded store (from env CLICKHOUSE_URL)',
    ]);
    // Without a scheme `localhost:8123` parses as a URL of scheme "localhost:": it must still read as "no scheme".
    expect(problemsOf(() => fromEnv('localhost:8123'))[0]).toMatch(/not a URL \(it does not start with http:\/\/ or https:\/\/\)/);
  });

  it('refuses the native protocol, a path (the client would take it as the database) and parameters the client rejects', () => {
    expect(problemsOf(() => fromEnv('tcp://ch:9000'))[0]).toMatch(
      /^storage\.clickhouse_url: uses tcp:\/\/ but ClickHouse is reached over HTTP; .*http:\/\/localhost:8123 \(not the native port 9000\) \(from env CLICKHOUSE_URL\)$/,
    );
    expect(problemsOf(() => fromEnv('http://ch:8123/analytics'))[0]).toMatch(
      /has a path after the host; the database is set with storage\.database .*e\.g\. http:\/\/ch:8123 \(from env CLICKHOUSE_URL\)$/,
    );
    expect(problemsOf(() => loadConfig(baseConfigSchema, flags('http://ch:8123/?colour=blue')))[0]).toMatch(
      /not accepted by the ClickHouse client \(Unknown URL parameters: colour\); .*\(from flag --clickhouse-url\)$/,
    );
  });

  it('refuses a password inside the URL in a config file, pointing to CLICKHOUSE_PASSWORD, without repeating it', () => {
    const userinfo = problemsOf(() => loadConfig(baseConfigSchema, { file: fixture('url-password.toml'), env: {} }));
    expect(userinfo).toHaveLength(1);
    expect(userinfo[0]).toMatch(
      /^storage\.clickhouse_url: the URL carries a secret \(user:password@\) and secrets are not read from config files; use http:\/\/alice@ch\.internal:8123 and set the password in the environment variable CLICKHOUSE_PASSWORD \(in .*url-password\.toml\)$/,
    );
    const param = problemsOf(() => loadConfig(baseConfigSchema, { file: fixture('url-password-param.toml'), env: {} }));
    expect(param[0]).toMatch(
      /carries a secret \(password=\) .* use http:\/\/ch\.internal:8123 and set the password in the environment variable CLICKHOUSE_PASSWORD/,
    );
    expect([...userinfo, ...param].join('\n')).not.toMatch(/file-pw/);
  });

  it('refuses a password in --clickhouse-url (a command line is visible to every user of the machine)', () => {
    for (const url of ['http://bob:flag-pw-1@ch:8123', 'http://ch:8123?password=flag-pw-1']) {
      const problems = problemsOf(() => loadConfig(baseConfigSchema, flags(url)));
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(
        /a command line can be read by every user of the machine \(ps, shell history\); use http:\/\/(bob@)?ch:8123 and set the password in the environment variable CLICKHOUSE_PASSWORD \(from flag --clickhouse-url\)$/,
      );
      expect(problems[0]).not.toContain('flag-pw-1');
    }
  });

  it('accepts a user name alone anywhere, and a password from the environment, where secrets belong', () => {
    expect(loadConfig(baseConfigSchema, { file: fixture('url-user-only.toml'), env: {} }).storage.clickhouse_url).toBe(
      'http://alice@ch.internal:8123',
    );
    expect(fromEnv('http://alice:env-pw@ch:8123').storage.clickhouse_url).toBe('http://alice:env-pw@ch:8123');
    expect(fromEnv('http://ch:8123?password=env-pw').storage.clickhouse_url).toBe('http://ch:8123?password=env-pw');
  });
});

describe('logging', () => {
  it('writes JSON lines with the data object and never the secrets', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(chunk.toString()), done()) });
    const log = createLogger({ name: 'test', destination: sink, format: 'json' });
    log.info(
      { market: 'btc-updown-15m-1787414400', auth: { apiKey: 'k-123', secret: 's-456', passphrase: 'p-789' }, password: 'hunter2' },
      'connected',
    );
    const text = lines.join('');
    const entry = JSON.parse(text) as Record<string, unknown>;
    expect(entry).toMatchObject({ level: 30, name: 'test', msg: 'connected', market: 'btc-updown-15m-1787414400' });
    for (const secret of ['k-123', 's-456', 'p-789', 'hunter2']) expect(text).not.toContain(secret);
    expect(text).toContain('[redacted]');
  });

  it('scrubs a password or token inside a URL from every line, whatever key or message carries it', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(chunk.toString()), done()) });
    const log = createLogger({ name: 'test', destination: sink, format: 'json' });
    log.warn(
      { target: 'http://alice:log-pw-1@ch:8123', nested: { href: 'https://ch:8443/?access_token=log-tok-2&ch_x=1' } },
      'cannot reach http://alice:log-pw-3@ch:8123?password=log-pw-4',
    );
    const text = lines.join('');
    for (const secret of ['log-pw-1', 'log-tok-2', 'log-pw-3', 'log-pw-4']) expect(text).not.toContain(secret);
    const entry = JSON.parse(text) as { target: string; nested: { href: string }; msg: string };
    expect(entry.target).toBe('http://alice:***@ch:8123');
    expect(entry.nested.href).toBe('https://ch:8443/?access_token=***&ch_x=1');
    expect(entry.msg).toBe('cannot reach http://alice:***@ch:8123?password=***');
  });
});
