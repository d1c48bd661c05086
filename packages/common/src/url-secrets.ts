/**
 * Credentials that can hide inside a URL (user:password@host, ?password=..., ?access_token=...):
 * finding them, taking them out, and scrubbing them from any text before it is printed or logged.
 * Secrets belong in the environment only; these helpers keep them out of files, command lines,
 * logs, tables and error messages.
 */

/** Query parameters whose value is a credential (`access_token` is the ClickHouse client's JWT). */
const SECRET_PARAM_RE = /^(password|passwd|pwd|access_token|token|secret|api_?key|http_header_authorization)$/i;

/** A credential found in a URL, described without its value. */
export interface UrlSecret {
  /** `userinfo` for user:password@, `param` for a query parameter. */
  kind: 'userinfo' | 'param';
  /** The query parameter's name (for `param`). */
  name?: string;
  /** How a user sees it: "user:password@" or "password=". */
  label: string;
  /** True when the secret is a password (it belongs in CLICKHOUSE_PASSWORD), false for a token. */
  isPassword: boolean;
}

export function isSecretUrlParam(name: string): boolean {
  return SECRET_PARAM_RE.test(name);
}

/** Every credential `url` carries. A user name alone is not a secret. */
export function secretsInUrl(url: URL): UrlSecret[] {
  const found: UrlSecret[] = [];
  if (url.password !== '') found.push({ kind: 'userinfo', label: 'user:password@', isPassword: true });
  for (const name of new Set(url.searchParams.keys())) {
    if (isSecretUrlParam(name)) found.push({ kind: 'param', name, label: `${name}=`, isPassword: /^(password|passwd|pwd)$/i.test(name) });
  }
  return found;
}

/** `url` without its password (user:password@) and secret query parameters; the user name stays. */
export function urlWithoutSecrets(url: URL): URL {
  const clean = new URL(url.href);
  clean.password = '';
  for (const secret of secretsInUrl(url)) if (secret.name !== undefined) clean.searchParams.delete(secret.name);
  return clean;
}

// `//user:pw@` up to the last @ before the path (a raw @ in the password must not leak its tail).
const USERINFO_PASSWORD_RE = /(\/\/[^\s:/?#@]*):[^\s/?#]*@/g;
const SECRET_QUERY_RE = /([?&](?:password|passwd|pwd|access_token|token|secret|api_?key|http_header_authorization)=)[^&#\s"']*/gi;

/**
 * `text` with every URL password and secret query value replaced by `***`. Works on any text (a
 * message, a stack, a URL that does not parse), so it can guard everything that is printed.
 */
export function redactUrl(text: string): string {
  if (!text.includes('@') && !text.includes('=')) return text;
  return text.replace(USERINFO_PASSWORD_RE, '$1:***@').replace(SECRET_QUERY_RE, '$1***');
}
