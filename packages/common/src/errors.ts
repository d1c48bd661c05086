/**
 * The failures of the shared adapters (storage, output files) and of the flags every CLI shares,
 * one class each (see @polymarket-arb/domain's errors.ts for the scheme).
 */
import { StoreError, UsageError } from '@polymarket-arb/domain';

/** A command-line flag with a value that is not one (a number, a list, a choice). */
export class InvalidFlagError extends UsageError {
  readonly code = 'E_FLAG';
}

/** A time range whose end is not after its start. */
export class DateRangeError extends UsageError {
  readonly code = 'E_RANGE';
}

/** A `--speed` that is neither a positive multiple of real time nor `max`. */
export class InvalidSpeedError extends UsageError {
  readonly code = 'E_SPEED';
}

/** An output path that cannot be written (a directory, a missing or read-only folder). */
export class OutputPathError extends UsageError {
  readonly code = 'E_OUTPUT_PATH';
}

/** A data directory or store that holds no recording (nothing to replay or export). */
export class NoRecordingError extends UsageError {
  readonly code = 'E_NO_RECORDING';
}

/** A ClickHouse URL the client does not accept. */
export class StoreUrlError extends StoreError {
  readonly code = 'E_STORE_URL';
}

/** The ClickHouse server did not answer (down, unreachable, refused the credentials). */
export class StoreUnreachableError extends StoreError {
  readonly code = 'E_STORE_CONNECT';
  override get retryable(): boolean {
    return true;
  }
}

/** A database name that is not a plain identifier. */
export class DatabaseNameError extends StoreError {
  readonly code = 'E_STORE_DATABASE';
}

/** The embedded engine's data directory cannot be created or used. */
export class DataDirError extends StoreError {
  readonly code = 'E_STORE_DIR';
}

/** Another process has the embedded engine's data directory open. */
export class DataDirLockedError extends StoreError {
  readonly code = 'E_STORE_LOCKED';
}

/** A schema migration failed. */
export class MigrationError extends StoreError {
  readonly code = 'E_STORE_MIGRATE';
}

/** No server URL and no embedded engine (the optional chdb package) installed. */
export class EmbeddedEngineMissingError extends StoreError {
  readonly code = 'E_STORE_NO_CHDB';
}

/** The embedded engine failed to open for another reason. */
export class StoreOpenError extends StoreError {
  readonly code = 'E_STORE_OPEN';
}
