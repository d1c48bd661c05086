/**
 * Files the bot writes at the end of a run (the paper state, the backtest report). Their paths
 * are checked before the run starts: a session that runs for hours and then cannot save its
 * state, or a backtest that dies writing its report, loses the work. Writes go through a
 * temporary file renamed into place, so a crash never leaves a torn file.
 */
import { accessSync, constants, existsSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from '@polymarket-arb/common';

/** A path given by `flag` (e.g. "--state-file"), for messages. */
interface Output {
  readonly flag: string;
  readonly path: string;
}

function refuse(o: Output, problem: string, hint: string): never {
  throw new UsageError('E_OUTPUT_PATH', `${o.flag} ${o.path}: ${problem}.`, { hint });
}

function isDirectory(path: string): boolean {
  return statSync(path).isDirectory();
}

function requireWritableDirectory(o: Output, dir: string): void {
  if (!isDirectory(dir)) refuse(o, `${dir} is not a directory`, `Choose a ${o.flag} path inside a directory.`);
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch {
    refuse(o, `the directory ${dir} is not writable`, `Choose a ${o.flag} path in a writable directory, or make ${dir} writable.`);
  }
}

/** The closest existing directory at or above `dir` (what `mkdir -p` would create it in). */
function nearestExisting(dir: string): string {
  let d = resolve(dir);
  while (!existsSync(d) && dirname(d) !== d) d = dirname(d);
  return d;
}

/**
 * A file that will be written: not a directory, and its directory must exist and be writable
 * (`createDirectory`: may instead be created, inside a writable existing directory).
 */
export function checkOutputFile(flag: string, file: string, createDirectory = false): void {
  const o = { flag, path: file };
  if (existsSync(file) && isDirectory(file)) refuse(o, 'it is a directory, not a file', `Give a file path, e.g. ${join(file, 'poly-bot-paper-state.json')}.`);
  const dir = dirname(resolve(file));
  if (!existsSync(dir) && !createDirectory) refuse(o, `the directory ${dir} does not exist`, `Create it first, or choose a ${flag} in an existing directory.`);
  requireWritableDirectory(o, nearestExisting(dir));
}

/** A directory that `files` will be written into; created when missing. None of `files` may be a directory. */
export function checkOutputDirectory(flag: string, dir: string, files: readonly string[]): void {
  const o = { flag, path: dir };
  if (existsSync(dir) && !isDirectory(dir)) refuse(o, `it is a file; it must be a directory to write ${files.join(' and ')} into`, `Give a directory (it is created if missing), e.g. ${flag} ${join(dirname(dir), 'report')}/.`);
  requireWritableDirectory(o, nearestExisting(dir));
  for (const name of files) {
    const target = join(dir, name);
    if (existsSync(target) && isDirectory(target)) refuse(o, `${target} is a directory, so ${name} cannot be written there`, `Remove it, or give another ${flag} directory.`);
  }
}

/** Write `text` to `file` through a temporary file in the same directory, renamed into place. */
export function writeFileAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
