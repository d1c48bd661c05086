/**
 * The store a backtest replays (or export-raw exports) must already hold a recording. Opening the
 * embedded engine on a directory creates it (and a store inside it), and querying a store
 * poly-collect never wrote to fails with ClickHouse's "Unknown table expression identifier": so
 * the directory is checked before anything is opened, and the store's tables right after, each
 * with a sentence naming the place and what to do.
 */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Logger } from '../log.js';
import type { StorageConfig } from '../config/common.js';
import { openConfiguredStore } from './open.js';
import type { Store } from './store.js';
import { NoRecordingError } from '../errors.js';

/** What a program reads from a recording: the tables it cannot do without, and the verb for messages. */
export interface RecordingUse {
  readonly action: string;
  readonly tables: readonly string[];
}

/** A backtest: the tables its coverage check counts. */
export const REPLAY_RECORDING: RecordingUse = {
  action: 'replay',
  tables: ['market_windows', 'orderbook_snapshots', 'orderbook_deltas', 'spot_prices'],
};

const RECORD_FIRST =
  'Record there first with poly-collect (the same --data-dir or --clickhouse-url), or point --data-dir (or POLY_DATA_DIR) or --clickhouse-url at the store poly-collect wrote to.';

/** Open the configured store for reading a recording; refuses, creating nothing, when there is none. */
export async function openRecording(storage: StorageConfig, logger?: Logger, use: RecordingUse = REPLAY_RECORDING): Promise<Store> {
  if (!storage.clickhouse_url) requireEmbeddedStoreDir(resolve(storage.data_dir), use);
  const store = await openConfiguredStore(storage, process.env, logger);
  try {
    await requireRecordingTables(store, use);
    return store;
  } catch (err) {
    await store.close();
    throw err;
  }
}

/** An embedded store is a directory with the engine's `metadata` directory in it. */
function requireEmbeddedStoreDir(dir: string, use: RecordingUse): void {
  const problem = !existsSync(dir)
    ? 'the directory does not exist'
    : !statSync(dir).isDirectory()
      ? 'it is not a directory'
      : !existsSync(join(dir, 'metadata'))
        ? 'the directory holds no embedded store'
        : undefined;
  if (problem !== undefined)
    throw new NoRecordingError(`There is no recording to ${use.action} at ${dir}: ${problem}.`, { hint: RECORD_FIRST });
}

/** Throw when the store lacks a table every recording has (nothing was ever recorded into it). */
export async function requireRecordingTables(store: Store, use: RecordingUse = REPLAY_RECORDING): Promise<void> {
  const rows = await store.queryRows<{ name: string }>(
    'SELECT name FROM system.tables WHERE database = currentDatabase() AND name IN {names:Array(String)}',
    { names: [...use.tables] },
  );
  const present = new Set(rows.map((r) => r.name));
  const missing = use.tables.filter((t) => !present.has(t));
  if (missing.length > 0) {
    throw new NoRecordingError(
      `There is no recording to ${use.action} in ${store.description}: it has no ${missing.join(', ')} table${missing.length === 1 ? '' : 's'}, so poly-collect never wrote to it.`,
      { hint: RECORD_FIRST },
    );
  }
}
