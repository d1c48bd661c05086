import { afterAll, beforeAll, describe, expect } from 'vitest';
import { openStore, storageCredentials, type Store } from '../src/index.js';
import { storageContract } from './storage-suite.js';

const url = process.env.CLICKHOUSE_URL;
if (!url) {
  console.log(
    '[skipped] storage tests against a ClickHouse server: CLICKHOUSE_URL is not set. Set it (e.g. CLICKHOUSE_URL=http://localhost:8123) to run the same contract against a server.',
  );
}

describe.skipIf(!url)('ClickHouse server store', () => {
  let store: Store;
  const database = `poly_test_${process.pid}_${Date.now()}`;

  beforeAll(async () => {
    store = await openStore({ clickhouseUrl: url, database, ...storageCredentials() });
    await store.migrate();
    expect(store.kind).toBe('server');
  });
  afterAll(async () => {
    if (!store) return;
    await store.command(`DROP DATABASE IF EXISTS ${database}`);
    await store.close();
  });

  storageContract(() => store);
});
