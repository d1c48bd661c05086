/**
 * Nothing lost at shutdown: rows a writer could not store before its deadline (the store was
 * down) are written to NDJSON files in the spill directory, one per table, and loaded into the
 * store at the next start (then deleted). The files are plain JSONEachRow, so they can also be
 * loaded by hand: `clickhouse-client --query "INSERT INTO <table> FORMAT JSONEachRow" < file`.
 */
import { closeSync, createReadStream, existsSync, mkdirSync, openSync, readdirSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { describeError, type Logger, type Store } from '@polymarket-arb/common';

const SPILL_RE = /^(?<table>[a-z_]+)-(?<stamp>\d+)-(?<pid>\d+)\.ndjson$/;

export function spillRows(dir: string, table: string, rows: readonly object[], logger: Logger): void {
  if (rows.length === 0) return;
  try {
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${table}-${Date.now()}-${process.pid}.ndjson`);
    // Row by row in chunks: one string for every row could pass V8's string size limit.
    const fd = openSync(`${file}.tmp`, 'w');
    try {
      for (let i = 0; i < rows.length; i += 1000) writeSync(fd, rows.slice(i, i + 1000).map((r) => `${JSON.stringify(r)}\n`).join(''));
    } finally {
      closeSync(fd);
    }
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
      let rows = 0;
      let batch: object[] = [];
      for await (const line of createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity })) {
        if (line.length === 0) continue;
        batch.push(JSON.parse(line) as object);
        if (batch.length === 10_000) {
          await store.insert(table, batch);
          rows += batch.length;
          batch = [];
        }
      }
      await store.insert(table, batch);
      rows += batch.length;
      unlinkSync(file);
      loaded += rows;
      logger.info({ table, rows, file }, 'loaded rows spilled by an earlier run');
    } catch (err) {
      logger.error({ file, err: describeError(err) }, 'could not load a spill file; it is kept for the next start');
    }
  }
  return loaded;
}
