/**
 * Typed errors: one class per failure, each with a stable `code`, a sentence for the user that
 * names the problem and the fix, and how a caller should react:
 *  - `retryable`: the same operation may succeed if tried again (a timeout, 429, a 5xx, a store
 *    that is briefly down); retry with backoff, with the same request;
 *  - `fatal`: going on would be unsafe (credentials refused, the account closed): stop trading, trip
 *    the kill switch;
 *  - neither: the input is wrong or the situation is final; report it and do not repeat it.
 * The abstract families below say who is at fault (`UsageError`: the user's flags, config or files,
 * exit status 2); the concrete classes live beside the code that throws them, each package in its
 * own `errors.ts`, so a `catch` can tell every failure apart by class or by `code`.
 */

export interface PolyErrorOptions {
  /** What to do about it, in plain words (appended to the message). */
  readonly hint?: string | undefined;
  readonly cause?: unknown;
}

export abstract class PolyError extends Error {
  /** Stable machine-readable code, e.g. `E_DECIMAL_SYNTAX`: the same for every instance of a class. */
  abstract readonly code: string;
  /** What to do about it, in plain words (already part of `message`). */
  readonly hint: string | undefined;

  constructor(message: string, options: PolyErrorOptions = {}) {
    super(options.hint ? `${message} ${options.hint}` : message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.hint = options.hint;
  }

  /** Trying the same operation again may succeed. */
  get retryable(): boolean {
    return false;
  }

  /** Going on would be unsafe: stop (for a trading bot, trip the kill switch). */
  get fatal(): boolean {
    return false;
  }
}

/** Bad command-line usage, configuration or input files: the user can fix it; exit status 2. */
export abstract class UsageError extends PolyError {}

/** A decimal string that cannot be represented exactly at the requested scale or range. */
export abstract class DecimalError extends PolyError {}

/** The storage backend could not be opened or used. */
export abstract class StoreError extends PolyError {}

/** Not a decimal number ("1e5", "", "0x10", "1.2.3"). */
export class DecimalSyntaxError extends DecimalError {
  readonly code = 'E_DECIMAL_SYNTAX';
}

/** More decimals than the scale holds, with no rounding mode named. */
export class DecimalPrecisionError extends DecimalError {
  readonly code = 'E_DECIMAL_PRECISION';
}

/** Outside the range the representation holds (e.g. beyond the safe-integer micros). */
export class DecimalRangeError extends DecimalError {
  readonly code = 'E_DECIMAL_RANGE';
}

/** A fee asked for with an impossible price or size. */
export class FeeInputError extends DecimalError {
  readonly code = 'E_FEE_INPUT';
}

/** A market's `feeSchedule` that cannot be read. */
export class FeeScheduleError extends DecimalError {
  readonly code = 'E_FEE_SCHEDULE';
}

/** A date or time a user gave that is not one. */
export class InvalidDateError extends UsageError {
  readonly code = 'E_DATE';
}

/** An asset name outside the supported list. */
export class UnknownAssetError extends UsageError {
  readonly code = 'E_ASSET';
}

/** Configuration (file, env or flags) failed validation; `problems` lists every one of them. */
export class ConfigError extends UsageError {
  readonly code = 'E_CONFIG';
  readonly problems: readonly string[];
  /** `source`: the config file, when there is one (each problem names its own origin anyway). */
  constructor(problems: readonly string[], source?: string) {
    const list = problems.map((p) => `  - ${p}`).join('\n');
    super(`Invalid configuration${source ? ` (${source})` : ''}, ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${list}`);
    this.problems = problems;
  }
}

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
