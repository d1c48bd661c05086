/** poly-sim's own failures, one class each (see @polymarket-arb/domain's errors.ts for the scheme). */
import { UsageError } from '@polymarket-arb/domain';

/** A `--faults` SPEC that does not parse. */
export class FaultSpecError extends UsageError {
  readonly code = 'E_FAULT_SPEC';
}

/** The `--truth` file cannot be written. */
export class TruthFileError extends UsageError {
  readonly code = 'E_TRUTH_FILE';
}

/** A simulator option with a value it cannot use. */
export class SimOptionError extends UsageError {
  readonly code = 'E_OPTION';
}

/** A `--replay` file that cannot be read or holds no frame. */
export class ReplayFileError extends UsageError {
  readonly code = 'E_REPLAY';
}

/** The `--port` is taken by another program. */
export class PortInUseError extends UsageError {
  readonly code = 'E_PORT';
}
