/**
 * The paper state (simulated positions) lives with the data it was traded against and says whose
 * it is: by default inside the embedded data directory, recording the store and the assets; a run
 * on another store or with other assets refuses it (exit 2, a sentence with the fix) instead of
 * loading another run's positions; a moved store keeps its state; a state left in the working
 * directory by an earlier version is no longer picked up silently. Built CLI against poly-sim.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSimulator, type Simulator } from '@polymarket-arb/sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultStateFile } from '../src/modes/paper-state.js';
import { expectRefusal, runBot } from './live-harness.js';

const STATE = 'poly-bot-paper-state.json';
const NO_OWNER_FIXTURE = fileURLToPath(new URL('./fixtures/paper-state-btc-no-owner.json', import.meta.url));

type Owner = { store: string; storeUuid: string; assets: string[] };
const ownerOf = (file: string): Owner => (JSON.parse(readFileSync(file, 'utf8')) as { owner: Owner }).owner;

describe('paper state: beside the data, and refused by another store or other assets', () => {
  const work = mkdtempSync(join(tmpdir(), 'poly-paper-state-'));
  const [d1, d2, d3, d4, moved] = ['d1', 'd2', 'd3', 'd4', 'd1-moved'].map((d) => join(work, d)) as [
    string,
    string,
    string,
    string,
    string,
  ];
  let sim: Simulator;
  const paper = (...args: string[]) =>
    runBot(['--mode', 'paper', '--duration', '3', '--log-format', 'json', ...args], { ...sim.urls }, work);

  beforeAll(async () => {
    const windowStart = Math.floor(Date.now() / 900_000) * 900_000;
    sim = await startSimulator({ seed: 5, assets: 'BTC,ETH', rate: 20, startTimeMs: windowStart + 120_000 });
  });

  afterAll(async () => {
    await sim?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('defaults to a file inside the data directory that records its store and assets, not to the working directory', async () => {
    const exit = await paper('--assets', 'BTC', '--data-dir', d1);
    expect(exit.code, exit.stderr.slice(-2000)).toBe(0);
    expect(existsSync(join(work, STATE)), 'state in the working directory').toBe(false);
    const owner = ownerOf(join(d1, STATE));
    expect(owner.store).toBe(`embedded chDB at ${d1}`);
    expect(owner.storeUuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(owner.assets).toEqual(['BTC']);
  }, 30_000);

  it('a run on another data directory starts from its own state', async () => {
    const exit = await paper('--assets', 'ETH', '--data-dir', d2);
    expect(exit.code, exit.stderr.slice(-2000)).toBe(0);
    expect(exit.stderr).not.toContain('restored inventory');
    expect(ownerOf(join(d2, STATE)).assets).toEqual(['ETH']);
  }, 30_000);

  it('a state given to a run on another store is refused', async () => {
    const exit = await paper('--assets', 'BTC', '--data-dir', d2, '--state-file', join(d1, STATE));
    expectRefusal(
      exit,
      new RegExp(
        `The paper state ${join(d1, STATE)} belongs to another store \\(embedded chDB at ${d1}\\); this run uses embedded chDB at ${d2}\\. Give this run its own --state-file`,
      ),
    );
  }, 30_000);

  it('a state of other assets is refused', async () => {
    const exit = await paper('--assets', 'ETH', '--data-dir', d1);
    expectRefusal(
      exit,
      /The paper state .*d1\/poly-bot-paper-state\.json belongs to a run trading BTC; this run trades ETH, so it would carry positions and P&L of markets it does not follow\. Run with --assets including BTC, or give this run its own --state-file\./,
    );
  }, 30_000);

  it('an older state without an owner is refused by a run that does not trade its positions', async () => {
    const old = join(work, 'old-state.json');
    copyFileSync(NO_OWNER_FIXTURE, old);
    const exit = await paper('--assets', 'ETH', '--data-dir', d3, '--state-file', old);
    expectRefusal(exit, /The paper state .*old-state\.json holds positions in BTC; this run trades ETH/);
    expect(existsSync(d3), 'the store was opened').toBe(false);
  }, 30_000);

  it('the same store, moved, keeps its state', async () => {
    renameSync(d1, moved);
    const exit = await paper('--assets', 'BTC,ETH', '--data-dir', moved);
    expect(exit.code, exit.stderr.slice(-2000)).toBe(0);
    expect(exit.stderr).toContain('restored inventory and open paper orders');
    expect(ownerOf(join(moved, STATE))).toMatchObject({ store: `embedded chDB at ${moved}`, assets: ['BTC', 'ETH'] });
  }, 30_000);

  it('a state left in the working directory by an earlier version is not read by default; the run says where it is', async () => {
    copyFileSync(NO_OWNER_FIXTURE, join(work, STATE));
    const exit = await paper('--assets', 'BTC', '--data-dir', d4);
    expect(exit.code, exit.stderr.slice(-2000)).toBe(0);
    expect(exit.stderr).not.toContain('restored inventory');
    expect(exit.stderr).toContain(`a paper state saved by an earlier version is at ${join(work, STATE)}; it is no longer read by default`);
    expect(readFileSync(join(work, STATE), 'utf8')).toBe(readFileSync(NO_OWNER_FIXTURE, 'utf8'));
  }, 30_000);
});

describe('the default state file', () => {
  it('embedded: inside the data directory; server: named after the server and database, without credentials', () => {
    expect(defaultStateFile({ data_dir: 'some/data', database: 'polymarket_arb' })).toBe(join(resolve('some/data'), STATE));
    const server = defaultStateFile({
      clickhouse_url: 'https://bot:secret@ch.example.com:8443/proxy',
      data_dir: './data',
      database: 'polymarket_arb',
    });
    expect(server).toBe(resolve('poly-bot-paper-state-ch.example.com-8443-polymarket_arb.json'));
    expect(defaultStateFile({ clickhouse_url: 'http://localhost', data_dir: './data', database: 'other' })).toBe(
      resolve('poly-bot-paper-state-localhost-80-other.json'),
    );
  });
});
