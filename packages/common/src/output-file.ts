/**
 * An output file written safely: checked before any work starts (a directory, a missing or
 * unwritable folder is a UsageError naming the flag), written to a temporary file beside it, and
 * renamed over the target only when complete. Until `commit()` an existing file stays as it was;
 * `discard()` (nothing to write, or a failure) leaves it untouched.
 */
import { closeSync, createWriteStream, existsSync, openSync, renameSync, statSync, unlinkSync, type WriteStream } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from './errors.js';

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

  /** Check `path` (given with `flag`) and create its temporary sibling now: what cannot be written fails here. */
  static open(path: string, flag: string): OutputFile {
    const target = resolve(path);
    if (existsSync(target) && statSync(target).isDirectory()) {
      throw new UsageError('E_OUTPUT', `${flag} ${path} is a directory.`, { hint: `Give a file path, e.g. ${flag} ${join(path, 'out.ndjson')}.` });
    }
    const dir = dirname(target);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      throw new UsageError('E_OUTPUT', `${flag} ${path}: the directory ${dir} does not exist.`, { hint: `Create it (mkdir -p ${dir}) or choose another path.` });
    }
    const tempPath = join(dir, `.${basename(target)}.${process.pid}.tmp`);
    try {
      return new OutputFile(target, tempPath, openSync(tempPath, 'w'));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'error';
      throw new UsageError('E_OUTPUT', `${flag} ${path}: cannot create files in ${dir} (${code}).`, { hint: 'Choose a directory you can write to.' });
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
    if (existsSync(this.tempPath)) unlinkSync(this.tempPath);
  }
}
