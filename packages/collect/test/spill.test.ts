import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chTimeMicros, chTimeMs, openStore, silentLogger } from '@polymarket-arb/common';
import { loadSpills, spillRows } from '../src/spill.js';

describe('spill files: rows the store could not take at shutdown', () => {
  const dir = mkdtempSync(join(tmpdir(), 'poly-spill-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('are written as NDJSON and loaded (then deleted) at the next start', async () => {
    const spillDir = join(dir, 'spill');
    const rows = Array.from({ length: 25_000 }, (_, i) => ({ timestamp: chTimeMs(1_790_000_000_000 + i), asset: 'BTC', price: '64997.81', quantity: '0.001', symbol: 'BTCUSDT', trade_id: i, event_time: chTimeMs(1_790_000_000_000 + i), buyer_is_maker: false, received_at: chTimeMicros(1_790_000_000_000_000 + i) }));
    spillRows(spillDir, 'spot_prices', rows, silentLogger());
    expect(readdirSync(spillDir)).toHaveLength(1);
    const store = await openStore({ dataDir: join(dir, 'data') });
    try {
      await store.migrate();
      expect(await loadSpills(spillDir, store, silentLogger())).toBe(25_000);
      expect(await store.queryRows('SELECT count() AS n, toString(sum(trade_id)) AS s FROM spot_prices')).toEqual([{ n: '25000', s: String((24_999 * 25_000) / 2) }]);
      expect(readdirSync(spillDir)).toEqual([]);
      expect(await loadSpills(join(dir, 'nothing-here'), store, silentLogger())).toBe(0);
      expect(existsSync(join(dir, 'nothing-here'))).toBe(false);
    } finally {
      await store.close();
    }
  });
});
