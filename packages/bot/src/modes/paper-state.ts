/**
 * Where paper mode keeps its state (simulated positions, P&L, working orders) and whose it is.
 *
 * By default the state lives with the data it was traded against: inside the embedded data
 * directory (it moves and is deleted with the data, and the engine's one-process-per-directory
 * lock makes it this run's alone), or, with a ClickHouse server, in a file in the working
 * directory named after the server and database. The file records the store and the assets it
 * belongs to, and a run on another store or with other assets refuses it rather than mixing
 * another run's positions into its own.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describeError, type CryptoAsset } from '@polymarket-arb/domain';
import { checkOutputFile, type Logger, type StorageConfig, type Store } from '@polymarket-arb/common';
import { parseSavedState, type SavedState, type StateOwner } from './saved-state.js';
import { PaperStateFileError, PaperStateOwnerError } from '../errors.js';

export const STATE_FILE_NAME = 'poly-bot-paper-state.json';

const NO_UUID = '00000000-0000-0000-0000-000000000000';

/** `host-port` of a ClickHouse URL (no credentials); undefined when it does not parse (the store then refuses it). */
function serverSlug(url: string): string | undefined {
  try {
    const u = new URL(url);
    return `${u.hostname}-${u.port || (u.protocol === 'https:' ? '443' : '80')}`;
  } catch {
    return undefined;
  }
}

/** The state file used when --state-file is not given. */
export function defaultStateFile(storage: StorageConfig): string {
  if (!storage.clickhouse_url) return join(resolve(storage.data_dir), STATE_FILE_NAME);
  const place = `${serverSlug(storage.clickhouse_url) ?? 'clickhouse'}-${storage.database}`;
  return resolve(`poly-bot-paper-state-${place.replace(/[^A-Za-z0-9._-]+/g, '_')}.json`);
}

/** The store as a state file records it: its description (no credentials) and its database UUID. */
export async function stateOwner(store: Store, assets: readonly CryptoAsset[]): Promise<StateOwner> {
  const rows = await store.queryRows<{ uuid: string }>(
    'SELECT toString(uuid) AS uuid FROM system.databases WHERE name = currentDatabase()',
  );
  const uuid = rows[0]?.uuid ?? '';
  return { store: store.description, storeUuid: uuid === NO_UUID ? '' : uuid, assets: [...assets] };
}

export interface PaperStateFile {
  readonly file: string;
  /** The state found there, checked against the run's assets (undefined: start flat). */
  readonly saved: SavedState | undefined;
}

/**
 * Before the store is opened: the state file's path (writable at the end), what is in it (valid,
 * and of this run's assets), and a word about a state left where earlier versions kept it.
 */
export function readPaperState(
  explicitFile: string | undefined,
  storage: StorageConfig,
  assets: readonly CryptoAsset[],
  logger: Logger,
): PaperStateFile {
  const file = explicitFile ?? defaultStateFile(storage);
  // The default's directory is the data directory, which opening the store creates.
  checkOutputFile('--state-file', file, { createDirectory: explicitFile === undefined, exampleName: 'poly-bot-paper-state.json' });
  if (explicitFile === undefined) warnAboutOldDefault(file, logger);
  if (!existsSync(file)) return { file, saved: undefined };
  const saved = parseSavedState(readStateText(file), `paper state ${file}`);
  requireSameAssets(saved, assets, file);
  return { file, saved };
}

function readStateText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new PaperStateFileError(`The paper state ${file} cannot be read: ${describeError(err)}.`, {
      hint: 'Make it readable, or give another --state-file.',
    });
  }
}

/** Earlier versions kept the state in the working directory whatever the store: say where it is now. */
function warnAboutOldDefault(file: string, logger: Logger): void {
  const old = resolve(STATE_FILE_NAME);
  if (old === file || !existsSync(old)) return;
  logger.warn(
    { oldStateFile: old, stateFile: file },
    `a paper state saved by an earlier version is at ${old}; it is no longer read by default (the state now lives at ${file}). To continue from it, start once with --state-file ${old}.`,
  );
}

/** The assets a saved state is about: those it records, or (older files) those of its positions. */
function stateAssets(saved: SavedState): CryptoAsset[] {
  return saved.owner?.assets ?? [...new Set(saved.markets.map((m) => m.window.asset))];
}

function requireSameAssets(saved: SavedState, assets: readonly CryptoAsset[], file: string): void {
  const theirs = stateAssets(saved);
  const missing = theirs.filter((a) => !assets.includes(a));
  if (missing.length === 0) return;
  const what = saved.owner === undefined ? `holds positions in ${missing.join(',')}` : `belongs to a run trading ${theirs.join(',')}`;
  throw new PaperStateOwnerError(
    `The paper state ${file} ${what}; this run trades ${assets.join(',')}, so it would carry positions and P&L of markets it does not follow.`,
    {
      hint: `Run with --assets including ${missing.join(',')}, or give this run its own --state-file.`,
    },
  );
}

/** After the store is opened: refuse a state saved against another store. Same UUID or same place is the same store. */
export function requireSameStore(saved: SavedState | undefined, owner: StateOwner, file: string, logger: Logger): void {
  if (saved === undefined) return;
  const recorded = saved.owner;
  if (recorded === undefined) {
    logger.warn(
      { stateFile: file, store: owner.store },
      "the paper state does not say which store it belongs to (saved by an earlier version); it is taken as this store's and will say so from the next save",
    );
    return;
  }
  const sameUuid = recorded.storeUuid !== '' && recorded.storeUuid === owner.storeUuid;
  if (sameUuid || recorded.store === owner.store) return;
  throw new PaperStateOwnerError(`The paper state ${file} belongs to another store (${recorded.store}); this run uses ${owner.store}.`, {
    hint: "Give this run its own --state-file (or leave it out: the default lives beside each store's data), or run against that store to continue its positions.",
  });
}
