/**
 * The store a backtest replays must already hold a recording. Opening the embedded engine on a
 * directory creates it (and a store inside it), and querying a store poly-collect never wrote to
 * fails with ClickHouse's "Unknown table expression identifier": so the directory is checked before
 * anything is opened, and the store's tables right after, each with a sentence naming the place
 * and what to do.
 */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openConfiguredStore, UsageError, type Logger, type StorageConfig, type Store } from '@polymarket-arb/common';

/** The tables a recording cannot be without (the ones the coverage check counts). */
const RECORDING_TABLES = ['market_windows', 'orderbook_snapshots', 'orderbook_deltas', 'spot_prices'] as const;

const RECORD_FIRST = 'Record there first with poly-collect (the same --data-dir or --clickhouse-url), or point --data-dir (or POLY_DATA_DIR) or --clickhouse-url at the store poly-collect wrote to.';

/** Open the configured store for reading a recording; refuses, creating nothing, when there is none. */
export async function openRecording(storage: StorageConfig, logger?: Logger): Promise<Store> {
  if (!storage.clickhouse_url) requireEmbeddedStoreDir(resolve(storage.data_dir));
  const store = await openConfiguredStore(storage, process.env, logger);
  try {
    await requireRecordingTables(store);
    return store;
  } catch (err) {
    await store.close();
    throw err;
  }
}

/** An embedded store is a directory with the engine's `metadata` directory in it. */
function requireEmbeddedStoreDir(dir: string): void {
  const problem = !existsSync(dir) ? 'the directory does not exist' : !statSync(dir).isDirectory() ? 'it is not a directory' : !existsSync(join(dir, 'metadata')) ? 'the directory holds no embedded store' : undefined;
  if (problem !== undefined) throw new UsageError('E_NO_RECORDING', `There is no recording to replay at ${dir}: ${problem}.`, { hint: RECORD_FIRST });
}

/** Throw when the store lacks a table every recording has (nothing was ever recorded into it). */
export async function requireRecordingTables(store: Store): Promise<void> {
  const rows = await store.queryRows<{ name: string }>('SELECT name FROM system.tables WHERE database = currentDatabase() AND name IN {names:Array(String)}', { names: [...RECORDING_TABLES] });
  const present = new Set(rows.map((r) => r.name));
  const missing = RECORDING_TABLES.filter((t) => !present.has(t));
  if (missing.length > 0) {
    throw new UsageError('E_NO_RECORDING', `There is no recording to replay in ${store.description}: it has no ${missing.join(', ')} table${missing.length === 1 ? '' : 's'}, so poly-collect never wrote to it.`, { hint: RECORD_FIRST });
  }
}
