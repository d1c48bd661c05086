/**
 * Which run ended without a graceful stop, on a store several collectors share (each with its own
 * assets), and what closes it: the real embedded engine with rows as the collector writes them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chTimeMicros, chTimeMs, type CryptoAsset } from '@polymarket-arb/domain';
import { marketWindowRow, openStore, type Store } from '@polymarket-arb/common';
import { assetsOfRunDetail, findUncleanStop, runDetail, uncleanStopRows } from '../src/run-record.js';
import { windowFor } from './helpers.js';

const NOW = Date.now() * 1000;
const MIN = 60_000_000;

function runEvent(kind: 'start' | 'stop', atMicros: number, detail: string): object {
  return { timestamp: chTimeMicros(atMicros), kind, source: 'clob', conn_id: 0, token_id: '', detail };
}

function spotRow(asset: CryptoAsset, receivedMicros: number): object {
  const ms = Math.floor(receivedMicros / 1000) - 50;
  return {
    timestamp: chTimeMs(ms),
    asset,
    price: '1.00000000',
    quantity: '1.00000000',
    symbol: `${asset}USDT`,
    trade_id: receivedMicros,
    event_time: chTimeMs(ms),
    buyer_is_maker: false,
    received_at: chTimeMicros(receivedMicros),
  };
}

describe('runs that ended without a graceful stop', () => {
  const dir = mkdtempSync(join(tmpdir(), 'poly-runs-'));
  let store: Store;
  beforeAll(async () => {
    store = await openStore({ dataDir: join(dir, 'data') });
    await store.migrate();
  });
  beforeEach(async () => {
    for (const t of ['collector_events', 'spot_prices', 'orderbook_deltas', 'market_windows']) await store.command(`TRUNCATE TABLE ${t}`);
  });
  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('name their collector by its assets, in any order', () => {
    expect(runDetail(['SOL', 'BTC'])).toBe('assets BTC,SOL');
    expect(runDetail(['ETH'], 'graceful shutdown')).toBe('assets ETH; graceful shutdown');
    expect(assetsOfRunDetail('assets BTC,SOL; unclean stop: x')).toEqual(['BTC', 'SOL']);
    expect(assetsOfRunDetail('assets ETH')).toEqual(['ETH']);
    expect(assetsOfRunDetail('graceful shutdown')).toBeUndefined();
  });

  it("are told apart per collector: another collector's start is not a crash, and the last row is the dead run's own", async () => {
    await store.insert('collector_events', [
      runEvent('start', NOW - 120 * MIN, runDetail(['BTC'])),
      runEvent('start', NOW - 90 * MIN, runDetail(['ETH'])), // ETH's collector: started, never stopped
      runEvent('stop', NOW - 60 * MIN, runDetail(['BTC'], 'graceful shutdown')),
      runEvent('start', NOW - 30 * MIN, runDetail(['SOL'])), // SOL's collector: running now
    ]);
    // BTC rows later than ETH's last: they must not count as ETH's.
    await store.insert('spot_prices', [spotRow('ETH', NOW - 80 * MIN), spotRow('ETH', NOW - 70 * MIN), spotRow('BTC', NOW - 65 * MIN)]);
    expect(await findUncleanStop(store, ['BTC'], NOW)).toBeUndefined();
    expect(await findUncleanStop(store, ['ETH'], NOW)).toEqual({
      runStartMicros: NOW - 90 * MIN,
      assets: ['ETH'],
      lastRowMicros: NOW - 70 * MIN,
    });
    // A collector given more assets still sees the dead run of one of them (and closes that run's assets).
    expect((await findUncleanStop(store, ['ETH', 'XRP'], NOW))?.assets).toEqual(['ETH']);
  });

  it('find the last row far back (growing slices), and none when the dead run stored nothing', async () => {
    await store.insert('collector_events', [runEvent('start', NOW - 3 * 24 * 60 * MIN, runDetail(['SOL']))]);
    expect(await findUncleanStop(store, ['SOL'], NOW)).toEqual({
      runStartMicros: NOW - 3 * 24 * 60 * MIN,
      assets: ['SOL'],
      lastRowMicros: undefined,
    });
    await store.insert('spot_prices', [spotRow('SOL', NOW - 2 * 24 * 60 * MIN), spotRow('SOL', NOW - 3 * 24 * 60 * MIN - MIN)]); // the second is before the start
    expect((await findUncleanStop(store, ['SOL'], NOW))?.lastRowMicros).toBe(NOW - 2 * 24 * 60 * MIN);
  });

  it('count a stop written before runs named their assets for every collector', async () => {
    await store.insert('collector_events', [
      runEvent('start', NOW - 20 * MIN, 'assets BTC,ETH'),
      runEvent('stop', NOW - 10 * MIN, 'graceful shutdown'),
    ]);
    expect(await findUncleanStop(store, ['BTC'], NOW)).toBeUndefined();
  });

  it('are closed by a stop just after the last row and a gap per feed followed then, up to the new start', async () => {
    const last = NOW - 5 * MIN;
    const live = {
      ...windowFor('111', '222'),
      eventId: 'e-live',
      asset: 'ETH' as const,
      windowStart: Math.floor(last / 1000) - 300_000,
      windowEnd: Math.floor(last / 1000) + 600_000,
    };
    const over = {
      ...windowFor('333', '444'),
      eventId: 'e-over',
      asset: 'ETH' as const,
      windowStart: Math.floor(last / 1000) - 7_200_000,
      windowEnd: Math.floor(last / 1000) - 3_600_000,
    };
    const otherAsset = {
      ...windowFor('555', '666'),
      eventId: 'e-btc',
      asset: 'BTC' as const,
      windowStart: live.windowStart,
      windowEnd: live.windowEnd,
    };
    await store.insert(
      'market_windows',
      [live, over, otherAsset].map((w) => marketWindowRow(w, w.windowStart - 60_000, w.windowStart - 60_000)),
    );
    const { events, gaps } = await uncleanStopRows(
      store,
      { runStartMicros: NOW - 30 * MIN, assets: ['ETH'], lastRowMicros: last },
      NOW,
      600,
    );
    expect(events).toEqual([
      expect.objectContaining({
        kind: 'stop',
        timestamp: chTimeMicros(last + 1),
        detail: expect.stringMatching(/^assets ETH; unclean stop: /),
      }),
    ]);
    const span = { started_at: chTimeMicros(last + 1), ended_at: chTimeMicros(NOW), reason: 'unclean_stop' };
    expect(gaps).toEqual([
      expect.objectContaining({ source: 'clob', token_id: '111', event_id: 'e-live', asset: 'ETH', ...span }),
      expect.objectContaining({ source: 'clob', token_id: '222', event_id: 'e-live', asset: 'ETH', ...span }),
      expect.objectContaining({ source: 'binance', token_id: 'ETHUSDT', event_id: '', asset: 'ETH', ...span }),
    ]);
  });
});
