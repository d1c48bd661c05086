/**
 * Nothing lost at shutdown, nothing loaded twice, nothing loaded into the wrong store.
 *
 * Rows a writer could not store before its deadline (the store was down) are written to an NDJSON
 * file in the spill directory, one per table, with a manifest beside it (`<file>.meta.json`) that
 * names the store the rows were meant for (its destination, without credentials) and how far
 * loading has got. At the next start a collector loads only the files of its own store; files of
 * another store are left in place and named in the log, with how to load them.
 *
 * Loading resumes exactly where it stopped: after every batch the store acknowledged, the manifest
 * records the rows and bytes loaded (written to a temporary file, fsynced, renamed), and the next
 * attempt starts at that byte. A crash between the store's acknowledgement and that write would
 * send the batch again; each batch carries a deduplication token (file and byte range), which the
 * capture tables' deduplication window (schema migration 6) turns into a no-op. That window holds a
 * table's last 10,000 inserts: a batch resent after more inserts than that from other writers of
 * the same server (hours of them) would be stored twice.
 *
 * The data files are plain JSONEachRow, so they can also be loaded by hand:
 * `clickhouse-client --query "INSERT INTO <table> FORMAT JSONEachRow" < file`.
 */
import {
  closeSync,
  createReadStream,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { describeError } from '@polymarket-arb/domain';
import { describeDestination, sameDestination, type Logger, type Store, type StoreDestination } from '@polymarket-arb/common';

const SPILL_RE = /^(?<table>[a-z_]+)-(?<stamp>\d+)-(?<pid>\d+)\.ndjson$/;
/** Rows per insert when loading (and the unit of progress). */
export const SPILL_BATCH_ROWS = 10_000;

/** What a spill file's `<file>.meta.json` says about it. */
export interface SpillManifest {
  table: string;
  /** Rows in the file. */
  rows: number;
  /** The store the rows were meant for. */
  destination: StoreDestination;
  /** Rows already in that store, and the byte of the file where the rest begins. */
  loaded_rows: number;
  loaded_bytes: number;
}

export function manifestPathOf(file: string): string {
  return `${file}.meta.json`;
}

export function spillRows(dir: string, destination: StoreDestination, table: string, rows: readonly object[], logger: Logger): void {
  if (rows.length === 0) return;
  try {
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${table}-${Date.now()}-${process.pid}.ndjson`);
    // The manifest first: a data file never exists without the name of its store.
    writeManifest(file, { table, rows: rows.length, destination, loaded_rows: 0, loaded_bytes: 0 });
    // Row by row in chunks: one string for every row could pass V8's string size limit.
    const fd = openSync(`${file}.tmp`, 'w');
    try {
      for (let i = 0; i < rows.length; i += 1000)
        writeSync(
          fd,
          rows
            .slice(i, i + 1000)
            .map((r) => `${JSON.stringify(r)}\n`)
            .join(''),
        );
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(`${file}.tmp`, file);
    syncDirectory(dir);
    logger.error(
      { table, rows: rows.length, file, destination: describeDestination(destination) },
      'store unavailable at shutdown: rows saved to a spill file, loaded automatically at the next start of a collector using the same store',
    );
  } catch (err) {
    logger.fatal(
      { table, rows: rows.length, err: describeError(err) },
      'store unavailable and the spill file could not be written: rows lost',
    );
  }
}

/**
 * Load the spill files meant for `store` (resuming any a previous start left half loaded); a file
 * that fails stays for the next start. Files of other stores, or of none known, are left alone and
 * logged once. Returns the rows loaded now.
 */
export async function loadSpills(dir: string, store: Store, logger: Logger): Promise<number> {
  if (!existsSync(dir)) return 0;
  let loaded = 0;
  const foreign = new Map<string, { destination: StoreDestination; files: SpillManifest[]; names: string[] }>();
  const unknown: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const table = SPILL_RE.exec(name)?.groups?.table;
    if (!table) continue;
    const file = join(dir, name);
    const manifest = readManifest(file);
    if (manifest === undefined) {
      unknown.push(resolve(file));
      continue;
    }
    if (!sameDestination(manifest.destination, store.destination)) {
      const key = describeDestination(manifest.destination);
      const group = foreign.get(key) ?? { destination: manifest.destination, files: [], names: [] };
      group.files.push(manifest);
      group.names.push(resolve(file));
      foreign.set(key, group);
      continue;
    }
    try {
      loaded += await loadFile(file, table, manifest, store, logger);
    } catch (err) {
      logger.error(
        { file, err: describeError(err) },
        'could not load a spill file; it is kept and loading resumes at the next start where it stopped',
      );
    }
  }
  for (const group of foreign.values()) logForeignSpills(dir, group.destination, group.names, group.files, store, logger);
  if (unknown.length > 0) {
    logger.warn(
      { files: unknown },
      `${count(unknown.length, 'spill file')} in ${resolve(dir)} ${unknown.length === 1 ? 'does' : 'do'} not say which store ${unknown.length === 1 ? 'it belongs' : 'they belong'} to (written by an earlier poly-collect, or the .meta.json beside it is missing or damaged), so ${unknown.length === 1 ? 'it is' : 'they are'} left in place: ` +
        'load each by hand into the store it was meant for, with clickhouse-client --query "INSERT INTO <table> FORMAT JSONEachRow" < <file> for a server or clickhouse local --path <data dir> --query "INSERT INTO <table> FORMAT JSONEachRow" < <file> for an embedded data directory (no collector running on it), then delete it.',
    );
  }
  return loaded;
}

/** Insert a file's rows from where loading last stopped, recording progress after every batch. */
async function loadFile(file: string, table: string, manifest: SpillManifest, store: Store, logger: Logger): Promise<number> {
  const resumedAt = manifest.loaded_rows;
  let progress = manifest;
  let batch: object[] = [];
  let batchStart = manifest.loaded_bytes;
  let batchEnd = batchStart;
  const insertBatch = async (): Promise<void> => {
    await store.insert(table, batch, { deduplicationToken: `spill:${basename(file)}:${batchStart}-${batchEnd}` });
    progress = { ...progress, loaded_rows: progress.loaded_rows + batch.length, loaded_bytes: batchEnd };
    writeManifest(file, progress);
    batch = [];
    batchStart = batchEnd;
  };
  for await (const line of linesFrom(file, manifest.loaded_bytes)) {
    if (line.text.trim().length > 0) batch.push(parseRow(line.text, batchEnd));
    batchEnd = line.end;
    if (batch.length === SPILL_BATCH_ROWS) await insertBatch();
  }
  if (batch.length > 0) await insertBatch();
  // The data file first: a manifest left alone by a crash here is harmless, a data file without
  // its manifest would be reported as of unknown destination.
  unlinkSync(file);
  unlinkSync(manifestPathOf(file));
  const rows = progress.loaded_rows - resumedAt;
  logger.info(
    { table, rows, file, ...(resumedAt > 0 ? { alreadyLoaded: resumedAt } : {}) },
    resumedAt > 0 ? 'loaded the rest of a spill file an earlier start had partly loaded' : 'loaded rows spilled by an earlier run',
  );
  return rows;
}

function logForeignSpills(
  dir: string,
  destination: StoreDestination,
  names: string[],
  files: SpillManifest[],
  store: Store,
  logger: Logger,
): void {
  const partly = files.some((f) => f.loaded_rows > 0);
  const howToStart =
    destination.kind === 'embedded'
      ? `--data-dir ${destination.dataDir}`
      : `--clickhouse-url ${destination.url} and CLICKHOUSE_DATABASE=${destination.database}`;
  const byHand =
    destination.kind === 'embedded'
      ? `clickhouse local --path ${destination.dataDir} --query "INSERT INTO <table> FORMAT JSONEachRow" < <file> (no collector running on it)`
      : `clickhouse-client --host ${new URL(destination.url).hostname} --database ${destination.database} --query "INSERT INTO <table> FORMAT JSONEachRow" < <file>`;
  logger.warn(
    {
      destination: describeDestination(destination),
      files: names.map((file, i) => ({ file, rows: files[i]?.rows, loadedRows: files[i]?.loaded_rows })),
    },
    `${count(names.length, 'spill file')} in ${resolve(dir)} ${names.length === 1 ? 'holds' : 'hold'} rows for ${describeDestination(destination)}, not for this store (${describeDestination(store.destination)}), so ${names.length === 1 ? 'it is' : 'they are'} left in place: ` +
      `to load ${names.length === 1 ? 'it' : 'them'}, start poly-collect against that store with the same spill directory (${howToStart}), or load ${names.length === 1 ? 'it' : 'each'} by hand with ${byHand} and delete it with its .meta.json` +
      (partly
        ? ' (a file partly loaded already: send only its bytes from loaded_bytes + 1 on, e.g. tail -c +<loaded_bytes + 1> <file> | ...).'
        : '.'),
  );
}

/** The lines of a file from a byte offset, each with the offset just past its end (exact, whatever the line endings). */
async function* linesFrom(file: string, start: number): AsyncGenerator<{ text: string; end: number }> {
  let carry: Buffer = Buffer.alloc(0);
  let carryAt = start;
  for await (const chunk of createReadStream(file, { start })) {
    const buf = carry.length === 0 ? (chunk as Buffer) : Buffer.concat([carry, chunk as Buffer]);
    let from = 0;
    for (let nl = buf.indexOf(10); nl >= 0; nl = buf.indexOf(10, from)) {
      yield { text: buf.toString('utf8', from, nl), end: carryAt + nl + 1 };
      from = nl + 1;
    }
    carry = buf.subarray(from);
    carryAt += from;
  }
  if (carry.length > 0) yield { text: carry.toString('utf8'), end: carryAt + carry.length };
}

function parseRow(text: string, atByte: number): object {
  try {
    return JSON.parse(text) as object;
  } catch (err) {
    throw new Error(`the line at byte ${atByte} is not JSON (${describeError(err)})`, { cause: err });
  }
}

function readManifest(file: string): SpillManifest | undefined {
  try {
    const m = JSON.parse(readFileSync(manifestPathOf(file), 'utf8')) as Partial<SpillManifest>;
    const d = m.destination as Partial<Record<string, unknown>> | undefined;
    const destinationOk =
      d?.kind === 'embedded'
        ? typeof d.dataDir === 'string'
        : d?.kind === 'server' && typeof d.url === 'string' && typeof d.database === 'string';
    const numbersOk = [m.rows, m.loaded_rows, m.loaded_bytes].every((n) => Number.isSafeInteger(n) && (n as number) >= 0);
    return destinationOk && numbersOk && typeof m.table === 'string' ? (m as SpillManifest) : undefined;
  } catch {
    return undefined;
  }
}

/** Replace a file's manifest atomically and durably: a crash leaves the old one or the new one. */
function writeManifest(file: string, manifest: SpillManifest): void {
  const path = manifestPathOf(file);
  const fd = openSync(`${path}.tmp`, 'w');
  try {
    writeSync(fd, `${JSON.stringify(manifest, null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(`${path}.tmp`, path);
  syncDirectory(dirname(path));
}

/** Make a rename durable. Not every platform can fsync a directory; the rename itself is atomic. */
function syncDirectory(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // best effort
  }
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
