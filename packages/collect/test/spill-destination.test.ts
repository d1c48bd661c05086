/**
 * Spill files belong to the store they were meant for, not to the directory they sit in. Real
 * processes: a server-mode collector whose server refuses inserts spills at SIGTERM; a collector
 * started in the same directory on another (embedded) store leaves the files alone and says whose
 * they are; one started against that server loads them, every row once, and deletes them. No
 * credential reaches a spill file or the log.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chTimeMs } from '@polymarket-arb/domain';
import { openStore } from '@polymarket-arb/common';
import { startSimulator, type Simulator } from '@polymarket-arb/sim';
import { manifestPathOf, type SpillManifest } from '../src/spill.js';
import { exitOf, SHORT_WAITS_CONFIG, spawnCollector, waitFor } from './cli-harness.js';
import { startFakeClickHouse, type FakeClickHouse } from './fake-clickhouse.js';

const PASSWORD = 'hunter2-spill-test-secret';

describe('poly-collect spill files and the store they were meant for', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'poly-spill-dest-'));
  const spillDir = join(workDir, 'spill');
  let sim: Simulator | undefined;
  let server: FakeClickHouse | undefined;
  afterAll(async () => {
    await sim?.close();
    await server?.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('are loaded only into that store', async () => {
    sim = await startSimulator({ seed: 51, assets: 'BTC', rate: 50, binanceRate: 5 });
    const fake = await startFakeClickHouse();
    server = fake;
    const env = { ...sim.urls, CLICKHOUSE_USER: 'collector', CLICKHOUSE_PASSWORD: PASSWORD };
    const common = ['--assets', 'BTC', '--config', SHORT_WAITS_CONFIG];

    // 1. A server-mode collector whose server takes the schema but refuses every row: it spills at SIGTERM.
    fake.accepts = (table) => table === 'schema_migrations';
    const spiller = spawnCollector([...common, '--clickhouse-url', fake.url.replace('//', '//collector@')], { cwd: workDir, env });
    await waitFor(
      'refused inserts of run events, raw frames and spot trades',
      () => ['collector_events', 'raw_frames', 'spot_prices'].every((t) => fake.refusedTables.has(t)),
      60_000,
    );
    spiller.child.kill('SIGTERM');
    expect(await exitOf(spiller), spiller.log().slice(-2000)).toBe(0);
    const stoppedAtMs = Date.now();
    const spilled = readdirSync(spillDir).filter((f) => f.endsWith('.ndjson'));
    expect(spilled.map((f) => f.split('-')[0])).toEqual(expect.arrayContaining(['collector_events', 'raw_frames', 'spot_prices']));
    const serverDestination = { kind: 'server', url: fake.url, database: 'polymarket_arb' };
    const linesOf = new Map<string, string[]>();
    for (const f of spilled) {
      const manifest = JSON.parse(readFileSync(manifestPathOf(join(spillDir, f)), 'utf8')) as SpillManifest;
      expect(manifest.destination).toEqual(serverDestination);
      linesOf.set(
        f,
        readFileSync(join(spillDir, f), 'utf8')
          .split('\n')
          .filter((l) => l.length > 0),
      );
      expect(manifest.rows).toBe(linesOf.get(f)?.length);
    }
    for (const f of readdirSync(spillDir)) expect(readFileSync(join(spillDir, f), 'utf8')).not.toContain(PASSWORD);
    const before = Object.fromEntries(readdirSync(spillDir).map((f) => [f, readFileSync(join(spillDir, f), 'utf8')]));

    // 2. Another store (embedded) in the same working directory: the files stay as they are, named once in its log.
    const otherDir = join(workDir, 'other-data');
    const other = spawnCollector([...common, '--data-dir', otherDir, '--duration', '2'], { cwd: workDir, env: { ...sim.urls } });
    expect(await exitOf(other), other.log().slice(-2000)).toBe(0);
    expect(Object.fromEntries(readdirSync(spillDir).map((f) => [f, readFileSync(join(spillDir, f), 'utf8')]))).toEqual(before);
    const notes = other.entries().filter((e) => String(e.msg).includes('spill file'));
    expect(notes, other.log().slice(-2000)).toHaveLength(1);
    const note = notes[0] as { msg: string; files: { file: string }[] };
    expect(note.msg).toContain(
      `${spilled.length} spill files in ${spillDir} hold rows for ClickHouse server ${fake.url}, database polymarket_arb, not for this store (embedded chDB at ${otherDir})`,
    );
    expect(note.msg).toContain(
      `start poly-collect against that store with the same spill directory (--clickhouse-url ${fake.url} and CLICKHOUSE_DATABASE=polymarket_arb)`,
    );
    expect(note.files.map((f) => f.file).sort()).toEqual(spilled.map((f) => join(spillDir, f)).sort());
    const store = await openStore({ dataDir: otherDir });
    try {
      // Everything in the other store was received by the second collector, none of it spilled by the first.
      for (const [table, time] of [
        ['raw_frames', 'received_at'],
        ['spot_prices', 'received_at'],
        ['collector_events', 'timestamp'],
      ]) {
        const rows = await store.queryRows<{ n: string }>(`SELECT count() AS n FROM ${table} WHERE ${time} < {t:DateTime64(3, 'UTC')}`, {
          t: chTimeMs(stoppedAtMs),
        });
        expect(rows[0]?.n, table).toBe('0');
      }
    } finally {
      await store.close();
    }

    // 3. The server again, now taking rows (same server, spelled without the user and with a slash):
    //    the files are loaded into it, each row once, and deleted.
    fake.accepts = () => true;
    const loader = spawnCollector([...common, '--clickhouse-url', `${fake.url}/`, '--duration', '1'], { cwd: workDir, env });
    expect(await exitOf(loader), loader.log().slice(-2000)).toBe(0);
    expect(readdirSync(spillDir)).toEqual([]);
    for (const [f, lines] of linesOf) {
      const table = f.split('-')[0] as string;
      const loaded = fake.inserts
        .filter((i) => i.table === table && i.params.insert_deduplication_token?.startsWith(`spill:${f}:`))
        .flatMap((i) => i.rows);
      expect(loaded, f).toEqual(lines);
    }
    for (const p of [spiller, other, loader]) expect(p.log()).not.toContain(PASSWORD);
  }, 180_000);
});
