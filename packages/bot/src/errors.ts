/** poly-bot's own failures, one class each (see @polymarket-arb/domain's errors.ts for the scheme). */
import { PolyError, UsageError } from '@polymarket-arb/domain';

/** No `--mode` given. */
export class NoModeError extends UsageError {
  readonly code = 'E_MODE';
}

/** `--mode live` in a build without the live executor. */
export class LiveModeUnavailableError extends UsageError {
  readonly code = 'E_MODE_LIVE';
}

/** A flag that belongs to another mode (`--start` in paper mode, `--duration` in a backtest). */
export class FlagOfOtherModeError extends UsageError {
  readonly code = 'E_FLAG_MODE';
}

/** A `--sweep` spec that does not parse, names an unknown key or gives an empty range. */
export class SweepSpecError extends UsageError {
  readonly code = 'E_SWEEP';
}

/** The store holds nothing to replay in the range asked for. */
export class NoDataInRangeError extends UsageError {
  readonly code = 'E_NO_DATA';
}

/** A paper state file that belongs to another store or other assets. */
export class PaperStateOwnerError extends UsageError {
  readonly code = 'E_STATE_OWNER';
}

/** A paper state file that cannot be read as one (not JSON, another format, another version). */
export class PaperStateFileError extends UsageError {
  readonly code = 'E_STATE_FILE';
}

/** The paper state could not be saved at shutdown (it is logged in full instead). */
export class PaperStateWriteError extends PolyError {
  readonly code = 'E_STATE_WRITE';
}

/** A sweep worker thread failed. */
export class SweepWorkerError extends PolyError {
  readonly code = 'E_SWEEP_WORKER';
}

/** The rows of an earlier run with the same id could not be replaced before a rerun. */
export class RerunReplaceError extends PolyError {
  readonly code = 'E_RERUN_REPLACE';
}
