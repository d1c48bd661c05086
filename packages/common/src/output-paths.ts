/**
 * Files a program writes at the end of its work (the bot's paper state and backtest report,
 * poly-collect's export-raw). Their paths are checked before the work starts: a session that runs
 * for hours and then cannot save its state, or a backtest that dies writing its report, loses the
 * work. Writes go through a temporary file in the same directory renamed into place, so a crash
 * never leaves a torn file and an existing file is replaced only by a complete one.
 */
import {
  accessSync,
  closeSync,
  constants,
  createWriteStream,
  existsSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  type WriteStream,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { OutputPathError } from './errors.js';

/** A path given by `flag` (e.g. "--state-file"), for messages. */
interface Output {
  readonly flag: string;
  readonly path: string;
}

function refuse(o: Output, problem: string, hint: string): never {
  throw new OutputPathError(`${o.flag} ${o.path}: ${problem}.`, { hint });
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

export interface OutputFileCheck {
  /** The directory may be missing: it will be created (inside a writable existing directory). */
  createDirectory?: boolean;
  /** A file name for the example in the hint when the path is a directory. */
  exampleName?: string;
}

/**
 * A file that will be written: not a directory, and its directory must exist and be writable
 * (`createDirectory`: may instead be created, inside a writable existing directory).
 */
export function checkOutputFile(
  flag: string,
  file: string,
  { createDirectory = false, exampleName = 'out.json' }: OutputFileCheck = {},
): void {
  const o = { flag, path: file };
  if (existsSync(file) && isDirectory(file))
    refuse(o, 'it is a directory, not a file', `Give a file path, e.g. ${join(file, exampleName)}.`);
  const dir = dirname(resolve(file));
  if (!existsSync(dir) && !createDirectory)
    refuse(o, `the directory ${dir} does not exist`, `Create it first, or choose a ${flag} in an existing directory.`);
  requireWritableDirectory(o, nearestExisting(dir));
}

/** A directory that `files` will be written into; created when missing. None of `files` may be a directory. */
export function checkOutputDirectory(flag: string, dir: string, files: readonly string[]): void {
  const o = { flag, path: dir };
  if (existsSync(dir) && !isDirectory(dir))
    refuse(
      o,
      `it is a file; it must be a directory to write ${files.join(' and ')} into`,
      `Give a directory (it is created if missing), e.g. ${flag} ${join(dirname(dir), 'report')}/.`,
    );
  requireWritableDirectory(o, nearestExisting(dir));
  for (const name of files) {
    const target = join(dir, name);
    if (existsSync(target) && isDirectory(target))
      refuse(o, `${target} is a directory, so ${name} cannot be written there`, `Remove it, or give another ${flag} directory.`);
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

/**
 * A file written as a stream through a temporary file beside it: `open` checks the path and creates
 * the temporary file before any work (what cannot be written fails there); `commit()` renames it
 * over the target in one step; `discard()` (nothing to write, or a failure) leaves the target as it
 * was.
 */
export class OutputFile {
  /** A stream owns (and closes) the descriptor. */
  private streamed = false;
  private done = false;

  private constructor(
    /** The target, as an absolute path. */
    readonly path: string,
    /** The temporary file being written; renamed to `path` by `commit()`. */
    readonly tempPath: string,
    private readonly fd: number,
  ) {}

  static open(flag: string, path: string, exampleName?: string): OutputFile {
    checkOutputFile(flag, path, exampleName === undefined ? {} : { exampleName });
    const target = resolve(path);
    const dir = dirname(target);
    const tempPath = join(dir, `.${basename(target)}.${process.pid}.tmp`);
    try {
      return new OutputFile(target, tempPath, openSync(tempPath, 'w'));
    } catch (err) {
      // Permission checks pass for root; creating the file is the real test.
      refuse(
        { flag, path },
        `cannot create files in ${dir} (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
        `Choose a ${flag} path in a directory you can write to.`,
      );
    }
  }

  /** A stream writing the temporary file; end it and wait for 'close' before `commit()`. */
  createStream(): WriteStream {
    this.streamed = true;
    return createWriteStream(this.tempPath, { fd: this.fd });
  }

  /** Whether `commit()` will replace a file that exists now. */
  replacesExisting(): boolean {
    return existsSync(this.path);
  }

  /** The temporary file is complete (and closed): move it over the target in one step. */
  commit(): void {
    if (this.done) return;
    this.done = true;
    if (!this.streamed) closeSync(this.fd);
    renameSync(this.tempPath, this.path);
  }

  /** Forget what was written; the target stays as it was. */
  discard(): void {
    if (this.done) return;
    this.done = true;
    if (!this.streamed) closeSync(this.fd);
    rmSync(this.tempPath, { force: true });
  }
}
