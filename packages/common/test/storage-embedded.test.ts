import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS, openStore, type Store } from '../src/index.js';
import { storageContract } from './storage-suite.js';

describe('embedded store (chDB)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'poly-store-'));
  let store: Store;

  beforeAll(async () => {
    store = await openStore({ dataDir: join(dir, 'data') });
    expect(await store.migrate()).toEqual(MIGRATIONS.map((m) => m.version));
  });
  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('describes itself as the embedded engine in the data directory', () => {
    expect(store.kind).toBe('embedded');
    expect(store.description).toBe(`embedded chDB at ${join(dir, 'data')}`);
  });

  storageContract(() => store);

  it('keeps the data across close and reopen of the same directory', async () => {
    const before = await store.queryRows<{ n: string }>('SELECT count() AS n FROM orderbook_deltas');
    await store.close();
    store = await openStore({ dataDir: join(dir, 'data') });
    expect(await store.migrate()).toEqual([]);
    expect(await store.queryRows('SELECT count() AS n FROM orderbook_deltas')).toEqual(before);
  });
});
