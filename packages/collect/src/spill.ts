/**
 * Nothing lost at shutdown: rows a writer could not store before its deadline (the store was
 * down) are written to NDJSON files in the spill directory, one per table, and loaded into the
 * store at the next start (then deleted). The files are plain JSONEachRow, so they can also be
 * loaded by hand: `clickhouse-client --query "INSERT INTO <table> FORMAT JSONEachRow" < file`.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeError, type Logger, type Store } from '@polymarket-arb/common';

const SPILL_RE = /^(?<table>[a-z_]+)-(?<stamp>\d+)-(?<pid>\d+)\.ndjson$/;

export function spillRows(dir: string, table: string, rows: readonly object[], logger: Logger): void {
  if (rows.length === 0) return;
  try {
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${table}-${Date.now()}-${process.pid}.ndjson`);
    writeFileSync(`${file}.tmp`, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    renameSync(`${file}.tmp`, file);
    logger.error({ table, rows: rows.length, file }, 'store unavailable at shutdown: rows saved to a spill file, loaded automatically at the next start');
  } catch (err) {
    logger.fatal({ table, rows: rows.length, err: describeError(err) }, 'store unavailable and the spill file could not be written: rows lost');
  }
}

/** Load every spill file into the store; a file that fails stays for the next start. */
export async function loadSpills(dir: string, store: Store, logger: Logger): Promise<number> {
  if (!existsSync(dir)) return 0;
  let loaded = 0;
  for (const name of readdirSync(dir).sort()) {
    const table = SPILL_RE.exec(name)?.groups?.table;
    if (!table) continue;
    const file = join(dir, name);
    try {
      const rows = readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l) as object);
      for (let i = 0; i < rows.length; i += 10_000) await store.insert(table, rows.slice(i, i + 10_000));
      renameSync(file, `${file}.loaded`);
      loaded += rows.length;
      logger.info({ table, rows: rows.length, file }, 'loaded rows spilled by an earlier run');
    } catch (err) {
      logger.error({ file, err: describeError(err) }, 'could not load a spill file; it is kept for the next start');
    }
  }
  return loaded;
}
