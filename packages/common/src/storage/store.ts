/**
 * One storage interface, two backends:
 *  - a real ClickHouse server over HTTP (`--clickhouse-url` / `CLICKHOUSE_URL`), for deployment;
 *  - embedded chDB (the ClickHouse engine in-process) in a local directory, the zero-set-up default.
 * Both go through the official `@clickhouse/client`; the SQL, schema and engine are the same.
 */
import { existsSync, mkdirSync, realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { createClient, type ClickHouseClient, type ClickHouseSettings } from '@clickhouse/client';
import { chTimeMs, describeError } from '@polymarket-arb/domain';
import type { Logger } from '../log.js';
import { redactUrl } from '../url-secrets.js';
import { serverConnection, type ServerConnection } from './server-url.js';
import { CREATE_MIGRATIONS_TABLE, MIGRATIONS, MIGRATIONS_TABLE, type Migration } from './schema.js';
import {
  DatabaseNameError,
  DataDirError,
  DataDirLockedError,
  EmbeddedEngineMissingError,
  MigrationError,
  StoreOpenError,
  StoreUnreachableError,
  StoreUrlError,
} from '../errors.js';

export interface StoreOptions {
  /** ClickHouse HTTP(S) URL; when absent the embedded engine is used. */
  clickhouseUrl?: string | undefined;
  /** Directory of the embedded engine's data (default ./data). */
  dataDir?: string | undefined;
  /** Database on a server (created if missing). The embedded engine always uses `default`. */
  database?: string | undefined;
  /** Server credentials come from the environment only (CLICKHOUSE_USER / CLICKHOUSE_PASSWORD). */
  username?: string | undefined;
  password?: string | undefined;
  /** Request timeout for a server, ms. */
  requestTimeoutMs?: number | undefined;
  /** Where the ClickHouse client's own messages go (as structured lines); silent when absent. */
  logger?: Logger | undefined;
}

export type StoreKind = 'server' | 'embedded';

/**
 * Where a store's data lives, without credentials: the same for every process that writes to the
 * same place, whatever user, password or path spelling it was given (rows kept aside for a store,
 * such as spill files, name it so they are only ever loaded into that store).
 */
export type StoreDestination =
  | { readonly kind: 'embedded'; /** Absolute, symlinks resolved. */ readonly dataDir: string }
  | {
      readonly kind: 'server';
      /** Scheme, host, port and path: no user, password or query. */ readonly url: string;
      readonly database: string;
    };

export interface InsertOptions {
  /**
   * Identifies this exact batch: inserting it again with the same token is a no-op on tables with
   * `non_replicated_deduplication_window` (the capture tables), so a retry after an acknowledged
   * insert whose acknowledgement was lost cannot store it twice.
   */
  deduplicationToken?: string;
}

/** Read-side settings: decimals come back as exact strings, never floats. */
export const EXACT_READ_SETTINGS: ClickHouseSettings = {
  output_format_json_quote_decimals: 1,
  output_format_json_quote_64bit_integers: 1,
};

export interface Store {
  readonly kind: StoreKind;
  /** Where the data lives, for logs ("embedded chDB at /abs/data", "ClickHouse server http://h:8123, database x"). */
  readonly description: string;
  readonly database: string;
  readonly destination: StoreDestination;
  /** The underlying official client, for streaming queries. */
  readonly client: ClickHouseClient;
  /** Insert rows as JSONEachRow (decimals as strings, times as DateTime64 text). */
  insert(table: string, rows: readonly object[], options?: InsertOptions): Promise<void>;
  /** Run a query and return every row (decimals as exact strings). */
  queryRows<T = Record<string, unknown>>(sql: string, params?: Record<string, unknown>): Promise<T[]>;
  /** Run a statement that returns nothing (DDL, ALTER, OPTIMIZE). */
  command(sql: string, params?: Record<string, unknown>): Promise<void>;
  /** Apply every migration not yet applied. Idempotent. Returns the versions it applied now. */
  migrate(migrations?: readonly Migration[]): Promise<number[]>;
  /** True when the backend answers a trivial query. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

const DATABASE_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Open the store the options name: a server when a URL is given, otherwise the embedded engine. */
export async function openStore(options: StoreOptions): Promise<Store> {
  const url = options.clickhouseUrl?.trim();
  if (url) return openServerStore(url, options);
  return openEmbeddedStore(resolve(options.dataDir ?? './data'));
}

async function openServerStore(url: string, options: StoreOptions): Promise<Store> {
  const database = options.database ?? 'polymarket_arb';
  if (!DATABASE_NAME_RE.test(database)) {
    throw new DatabaseNameError(`Database name ${JSON.stringify(database)} is not a plain identifier.`, {
      hint: 'Use letters, digits and underscores, e.g. polymarket_arb.',
    });
  }
  const server = serverConnection(url, options);
  const common = {
    ...server.credentials,
    request_timeout: options.requestTimeoutMs ?? 30_000,
    application: 'polymarket-arb',
    // The client would otherwise print multi-line text into our JSON log stream.
    log: { LoggerClass: clientLoggerClass(options.logger) },
  };
  const description = `ClickHouse server ${server.origin}, database ${database}`;
  const bootstrap = createServerClient(server, common);
  try {
    await bootstrap.command({ query: `CREATE DATABASE IF NOT EXISTS ${database}` });
  } catch (err) {
    await bootstrap.close().catch(() => undefined);
    throw new StoreUnreachableError(`Cannot reach ${description}: ${redactUrl(describeError(err))}.`, {
      hint: 'Check that the server is running and the URL, CLICKHOUSE_USER and CLICKHOUSE_PASSWORD are right, or drop --clickhouse-url (and CLICKHOUSE_URL) to use the embedded store.',
      cause: err,
    });
  }
  await bootstrap.close();
  const client = createServerClient(server, { ...common, database });
  // The URL is checked to carry no path, so its origin is the whole destination, without credentials.
  return makeStore(description, { kind: 'server', url: server.origin, database }, database, client);
}

type ClientConfig = Parameters<typeof createClient>[0] & object;

const SERVER_URL_HINT =
  'Give only the server, e.g. http://localhost:8123; the database comes from storage.database (CLICKHOUSE_DATABASE) and the credentials from CLICKHOUSE_USER and CLICKHOUSE_PASSWORD.';

/** The client, with its own checks (unknown URL parameters, bad values) turned into a sentence. */
function createServerClient(server: ServerConnection, config: Omit<ClientConfig, 'url'>): ClickHouseClient {
  try {
    return createClient({ ...config, url: server.url });
  } catch (err) {
    throw new StoreUrlError(`The ClickHouse URL for ${server.origin} is not accepted: ${redactUrl(describeError(err))}.`, {
      hint: SERVER_URL_HINT,
      cause: err,
    });
  }
}

async function openEmbeddedStore(dataDir: string): Promise<Store> {
  let createChdbConnection: (opts: { path: string }) => unknown;
  try {
    ({ createChdbConnection } = (await import('chdb/connection')) as { createChdbConnection: (opts: { path: string }) => unknown });
  } catch (err) {
    throw new EmbeddedEngineMissingError(
      'No ClickHouse URL was given and the embedded engine (the optional npm package "chdb") is not installed.',
      {
        hint: 'Install it with `npm install chdb` in the repository root, or use a ClickHouse server with --clickhouse-url URL (or CLICKHOUSE_URL).',
        cause: err,
      },
    );
  }
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (err) {
    throw new DataDirError(`Cannot create the data directory ${dataDir}: ${describeError(err)}.`, {
      hint: 'Choose a writable directory with --data-dir DIR (or POLY_DATA_DIR).',
      cause: err,
    });
  }
  const wasInitialised = existsSync(resolve(dataDir, 'status'));
  let connection: unknown;
  try {
    connection = createChdbConnection({ path: dataDir });
  } catch (err) {
    if (wasInitialised) {
      throw new DataDirLockedError(
        `The embedded data directory ${dataDir} is in use by another process (the embedded engine allows one process per directory).`,
        {
          hint: 'Stop the other process, or run both against a ClickHouse server with --clickhouse-url URL (or CLICKHOUSE_URL), or give this one its own --data-dir.',
          cause: err,
        },
      );
    }
    throw new StoreOpenError(`Cannot open the embedded store at ${dataDir}: ${describeError(err)}.`, {
      hint: 'Check that the directory is writable and not used by another process, or use --clickhouse-url URL.',
      cause: err,
    });
  }
  const client = createClient({ connection } as unknown as Parameters<typeof createClient>[0]);
  return makeStore(`embedded chDB at ${dataDir}`, { kind: 'embedded', dataDir: realpathSync(dataDir) }, 'default', client);
}

function makeStore(description: string, destination: StoreDestination, database: string, client: ClickHouseClient): Store {
  let closed = false;
  const store: Store = {
    kind: destination.kind,
    description,
    database,
    destination,
    client,
    async insert(table, rows, options) {
      if (rows.length === 0) return;
      // Always stated, '' when there is none: chDB applies per-request settings to its session, where
      // they persist, so a token left over from one insert would silently deduplicate the next ones.
      await client.insert({
        table,
        values: rows as object[],
        format: 'JSONEachRow',
        clickhouse_settings: { insert_deduplication_token: options?.deduplicationToken ?? '' },
      });
    },
    async queryRows<T>(sql: string, params?: Record<string, unknown>): Promise<T[]> {
      const result = await client.query({
        query: sql,
        format: 'JSONEachRow',
        clickhouse_settings: EXACT_READ_SETTINGS,
        ...(params ? { query_params: params } : {}),
      });
      return (await result.json()) as T[];
    },
    async command(sql, params) {
      await client.command({ query: sql, ...(params ? { query_params: params } : {}) });
    },
    async migrate(migrations = MIGRATIONS) {
      return runMigrations(store, migrations);
    },
    async ping() {
      try {
        const rows = await store.queryRows<{ ok: number }>('SELECT 1 AS ok');
        return rows.length === 1;
      } catch {
        return false;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await client.close();
    },
  };
  return store;
}

async function runMigrations(store: Store, migrations: readonly Migration[]): Promise<number[]> {
  await store.command(CREATE_MIGRATIONS_TABLE);
  const done = new Set(
    (await store.queryRows<{ version: number }>(`SELECT DISTINCT version FROM ${MIGRATIONS_TABLE}`)).map((r) => Number(r.version)),
  );
  const applied: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (done.has(migration.version)) continue;
    for (const statement of migration.statements) {
      try {
        await store.command(statement);
      } catch (err) {
        throw new MigrationError(
          `Migration ${migration.version} (${migration.name}) failed on ${store.description}: ${describeError(err)}.`,
          { cause: err },
        );
      }
    }
    await store.insert(MIGRATIONS_TABLE, [{ version: migration.version, name: migration.name, applied_at: chTimeMs(Date.now()) }]);
    applied.push(migration.version);
  }
  return applied;
}

/** True when both name the same place. */
export function sameDestination(a: StoreDestination, b: StoreDestination): boolean {
  return a.kind === 'embedded'
    ? b.kind === 'embedded' && a.dataDir === b.dataDir
    : b.kind === 'server' && a.url === b.url && a.database === b.database;
}

/** For people: "embedded chDB at /abs/data", "ClickHouse server http://h:8123, database x". */
export function describeDestination(d: StoreDestination): string {
  return d.kind === 'embedded' ? `embedded chDB at ${d.dataDir}` : `ClickHouse server ${d.url}, database ${d.database}`;
}

/** The official client's logger interface, routed into our structured log (or nowhere). */
function clientLoggerClass(logger: Logger | undefined) {
  type Params = { module: string; message: string; args?: Record<string, unknown>; err?: Error };
  const write = (level: 'debug' | 'warn', p: Params) =>
    logger?.[level](
      { component: 'clickhouse-client', module: p.module, ...(p.args ?? {}), ...(p.err ? { err: p.err.message } : {}) },
      p.message,
    );
  return class {
    trace(p: Params): void {
      write('debug', p);
    }
    debug(p: Params): void {
      write('debug', p);
    }
    info(p: Params): void {
      write('debug', p);
    }
    warn(p: Params): void {
      write('warn', p);
    }
    error(p: Params & { err: Error }): void {
      write('warn', p);
    }
  };
}
