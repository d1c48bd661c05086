/**
 * Typed errors with a stable `code` and a sentence for the user that names the problem and the fix.
 * Every failure a user can cause (bad config, flags, input) is one of these, never a bare `Error`.
 */
export class PolyError extends Error {
  /** Stable machine-readable code, e.g. `E_DECIMAL_SYNTAX`. */
  readonly code: string;
  /** What to do about it, in plain words (already part of `message`). */
  readonly hint: string | undefined;

  constructor(code: string, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(options.hint ? `${message} ${options.hint}` : message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = options.hint;
  }
}

/** A decimal string that cannot be represented exactly at the requested scale or range. */
export class DecimalError extends PolyError {}

/** Configuration (file, env or flags) failed validation; `problems` lists every one of them. */
export class ConfigError extends PolyError {
  readonly problems: readonly string[];
  /** `source`: the config file, when there is one (each problem names its own origin anyway). */
  constructor(problems: readonly string[], source?: string) {
    const list = problems.map((p) => `  - ${p}`).join('\n');
    super('E_CONFIG', `Invalid configuration${source ? ` (${source})` : ''}, ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${list}`);
    this.problems = problems;
  }
}

/** The storage backend could not be opened or used. */
export class StoreError extends PolyError {}

/** Bad command-line usage (flags, dates, assets). */
export class UsageError extends PolyError {}

/** Render any thrown value as one line for the user (message plus cause chain, no stack). */
export function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  let text = err.message;
  let cause: unknown = err.cause;
  for (let depth = 0; cause instanceof Error && depth < 3; depth++) {
    if (!text.includes(cause.message)) text += ` (cause: ${cause.message})`;
    cause = cause.cause;
  }
  return text;
}
