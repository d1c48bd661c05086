/** poly-import's own failures, one class each (see @polymarket-arb/domain's errors.ts for the scheme). */
import { describeError, PolyError, UsageError } from '@polymarket-arb/domain';

/** `--fidelity` outside 1..1440 minutes. */
export class FidelityError extends UsageError {
  readonly code = 'E_FIDELITY';
}

/** An `--end` later than now: the history does not exist yet. */
export class RangeInFutureError extends UsageError {
  readonly code = 'E_RANGE_FUTURE';
}

/** An `--end` that is not after `--start`. */
export class RangeOrderError extends UsageError {
  readonly code = 'E_RANGE_ORDER';
}

/** The store refused a flush after every retry: the import cannot go on. */
export class CommitError extends PolyError {
  readonly code = 'E_IMPORT_STORE';
  constructor(cause: unknown) {
    super(`Could not write to the store: ${describeError(cause)}.`, {
      hint: 'Nothing past the last checkpoint was lost: fix the store and run the same command again to resume.',
      cause,
    });
  }
}
