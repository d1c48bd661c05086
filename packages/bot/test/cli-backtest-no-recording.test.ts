/**
 * A backtest pointed at a place with no recording (a missing directory, an empty one, a store
 * poly-collect never wrote to, a store with nothing in the range) says so in a sentence naming
 * the place and what to do: exit 2, no stack trace, and nothing created where nothing was.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '@polymarket-arb/common';
import { afterAll, describe, expect, it } from 'vitest';
import { expectRefusal, runBot } from './live-harness.js';

const BACKTEST = ['--mode', 'backtest', '--assets', 'BTC', '--start', '2026-01-01', '--end', '2026-01-02'];

describe('poly-bot --mode backtest where nothing was recorded', () => {
  const dir = mkdtempSync(join(tmpdir(), 'poly-bt-none-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a missing data directory: a sentence naming it, and the directory is not created', async () => {
    const missing = join(dir, 'missing');
    const exit = await runBot([...BACKTEST, '--data-dir', missing], {}, dir);
    expectRefusal(
      exit,
      new RegExp(`There is no recording to replay at ${missing}: the directory does not exist\\. Record there first with poly-collect`),
    );
    expect(existsSync(missing)).toBe(false);
  });

  it('an empty directory: a sentence, and nothing is written into it', async () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    const exit = await runBot([...BACKTEST, '--data-dir', empty], {}, dir);
    expectRefusal(exit, new RegExp(`There is no recording to replay at ${empty}: the directory holds no embedded store\\.`));
    expect(readdirSync(empty)).toEqual([]);
  });

  it('a file given as the data directory: a sentence', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'not a store');
    expectRefusal(
      await runBot([...BACKTEST, '--data-dir', file], {}, dir),
      /There is no recording to replay at .*a-file: it is not a directory\./,
    );
  });

  it('a store without the recording tables: a sentence naming the store and the tables', async () => {
    const bare = join(dir, 'bare');
    const store = await openStore({ dataDir: bare });
    await store.command('CREATE TABLE unrelated (x UInt8) ENGINE = MergeTree ORDER BY x');
    await store.close();
    const exit = await runBot([...BACKTEST, '--data-dir', bare], {}, dir);
    expectRefusal(
      exit,
      new RegExp(
        `There is no recording to replay in embedded chDB at ${bare}: it has no market_windows, orderbook_snapshots, orderbook_deltas, spot_prices tables, so poly-collect never wrote to it\\.`,
      ),
    );
  });

  it('a store with no data in the range: a sentence naming the range and what the store holds', async () => {
    const migrated = join(dir, 'migrated');
    const store = await openStore({ dataDir: migrated });
    await store.migrate();
    await store.close();
    const exit = await runBot([...BACKTEST, '--data-dir', migrated], {}, dir);
    expectRefusal(
      exit,
      /Nothing to replay for BTC from 2026-01-01T00:00:00Z to 2026-01-03T00:00:00Z: .* The store \(embedded chDB at .*migrated\) holds no order books at all\. Record data first with poly-collect/,
    );
  });
});
