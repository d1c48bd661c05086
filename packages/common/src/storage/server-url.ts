/**
 * The ClickHouse server URL: what makes it unusable (as a sentence with the fix, never repeating
 * the value, which may hold a password), and how it is split into the address the client connects
 * to and the credentials. Only scheme://host:port is ever printed.
 */
import { createClient } from '@clickhouse/client';
import { ConfigError, describeError } from '@polymarket-arb/domain';
import { redactUrl, secretsInUrl, urlWithoutSecrets } from '../url-secrets.js';
import { StoreUrlError } from '../errors.js';

const CLICKHOUSE_URL_EXAMPLE = 'http://localhost:8123';

/**
 * What is wrong with a ClickHouse URL, as a sentence with the fix, or undefined when it is usable.
 * The sentence never repeats the value: it may hold a password.
 */
export function clickhouseUrlProblem(value: string): string | undefined {
  if (value.trim() === '') return undefined;
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(value.trim())) {
    return `not a URL (it does not start with http:// or https://); give the ClickHouse HTTP interface, e.g. ${CLICKHOUSE_URL_EXAMPLE}, or leave it unset to use the embedded store`;
  }
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return `not a valid URL; give the ClickHouse HTTP interface as http://host:port, e.g. ${CLICKHOUSE_URL_EXAMPLE}`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `uses ${url.protocol}// but ClickHouse is reached over HTTP; use http:// or https:// and the HTTP port, e.g. ${CLICKHOUSE_URL_EXAMPLE} (not the native port 9000)`;
  }
  const server = `${url.protocol}//${url.host}`;
  if (url.pathname !== '/' && url.pathname !== '') {
    // The client would silently take the path as the database name.
    return `has a path after the host; the database is set with storage.database (env CLICKHOUSE_DATABASE), so give only the server, e.g. ${server}`;
  }
  const refused = clientUrlProblem(url);
  if (refused !== undefined)
    return `not accepted by the ClickHouse client (${refused}); correct or remove that query parameter, or give only the server, e.g. ${server}`;
  return undefined;
}

/**
 * Why a ClickHouse URL from a config file or a command-line flag is refused, or undefined.
 * Secrets come from the environment only: a file gets copied and committed, and a command line
 * can be read by every user of the machine (ps, /proc, shell history).
 */
export function clickhouseUrlSecretProblem(value: string, from: 'file' | 'flag'): string | undefined {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return undefined; // not a URL: the schema says so
  }
  const secrets = secretsInUrl(url);
  if (secrets.length === 0) return undefined;
  const what = secrets.map((s) => s.label).join(' and ');
  const where =
    from === 'file'
      ? 'secrets are not read from config files'
      : 'a command line can be read by every user of the machine (ps, shell history)';
  const clean = urlWithoutSecrets(url).href.replace(/\/+$/, '');
  const fix = secrets.some((s) => s.isPassword)
    ? `use ${clean} and set the password in the environment variable CLICKHOUSE_PASSWORD`
    : `give the whole URL in the environment variable CLICKHOUSE_URL instead, or use ${clean} with CLICKHOUSE_USER and CLICKHOUSE_PASSWORD`;
  return `the URL carries a secret (${what}) and ${where}; ${fix}`;
}

export interface ServerConnection {
  /** The URL handed to the client: no password, no password parameter. */
  url: URL;
  /** scheme://host:port, the only part of the URL that is ever printed. */
  origin: string;
  credentials: { username?: string; password?: string };
}

/**
 * Split a server URL into what the client connects to and the credentials, so that a password
 * given inside the URL (allowed from the environment) travels only as a credential, never as part
 * of a URL that could be printed. The client does not accept ?password=, so it is taken out here.
 */
export function serverConnection(raw: string, given: { username?: string | undefined; password?: string | undefined }): ServerConnection {
  const problem = clickhouseUrlProblem(raw);
  if (problem !== undefined) throw new StoreUrlError(`ClickHouse URL: ${problem}.`);
  const parsed = new URL(raw.trim());
  const fromUrl = {
    username: parsed.username ? decoded(parsed.username) : undefined,
    password: parsed.password ? decoded(parsed.password) : (parsed.searchParams.get('password') ?? undefined),
  };
  const username = oneCredential('user name', fromUrl.username, 'CLICKHOUSE_USER', given.username);
  const password = oneCredential('password', fromUrl.password, 'CLICKHOUSE_PASSWORD', given.password);
  const url = clientUrl(parsed);
  const credentials: { username?: string; password?: string } = {};
  if (username !== undefined) credentials.username = username;
  if (password !== undefined) credentials.password = password;
  return { url, origin: `${parsed.protocol}//${parsed.host}`, credentials };
}

/** What the client is given: no user:password@ (sent as credentials), no ?password= (the client does not know it). */
function clientUrl(url: URL): URL {
  const clean = new URL(url.href);
  clean.username = '';
  clean.password = '';
  clean.searchParams.delete('password');
  return clean;
}

/** user:password@ are percent-encoded in a URL; a malformed escape is taken literally. */
function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The credential given in the URL or by its own variable; both, and different, is a mistake to report. */
function oneCredential(what: string, inUrl: string | undefined, variable: string, given: string | undefined): string | undefined {
  if (inUrl !== undefined && given !== undefined && inUrl !== given) {
    throw new ConfigError([
      `the ClickHouse URL (CLICKHOUSE_URL) carries a ${what} and ${variable} is set to a different one; keep only one of them (${variable} is the usual place).`,
    ]);
  }
  return given ?? inUrl;
}

/**
 * Why the ClickHouse client would refuse a server URL (an unknown query parameter, a bad value),
 * or undefined. Asks the client itself, so configuration is checked before any work starts; no
 * connection is made.
 */
function clientUrlProblem(url: URL): string | undefined {
  try {
    void createClient({ url: clientUrl(url), log: { LoggerClass: SilentClientLogger } }).close();
    return undefined;
  } catch (err) {
    return redactUrl(describeError(err));
  }
}

/** The client's logger interface, discarding everything (a URL check must print nothing). */
class SilentClientLogger {
  trace(): void {}
  debug(): void {}
  info(): void {}
  warn(): void {}
  error(): void {}
}
