/** Open the store a program's configuration names, with credentials from the environment. */
import { storageCredentials, type StorageConfig } from '../config/common.js';
import type { Logger } from '../log.js';
import { openStore, type Store } from './store.js';

export async function openConfiguredStore(storage: StorageConfig, env: NodeJS.ProcessEnv = process.env, logger?: Logger): Promise<Store> {
  return openStore({
    logger,
    clickhouseUrl: storage.clickhouse_url || undefined,
    dataDir: storage.data_dir,
    database: storage.database,
    ...storageCredentials(env),
  });
}
