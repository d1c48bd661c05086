/** poly-collect's own failures, one class each (see @polymarket-arb/domain's errors.ts for the scheme). */
import { UsageError } from '@polymarket-arb/domain';

/** The health port is taken by another program. */
export class HealthPortInUseError extends UsageError {
  readonly code = 'E_HEALTH_PORT';
}

/** The health server's bind address is not one of this machine's (or not an address). */
export class HealthBindError extends UsageError {
  readonly code = 'E_HEALTH_BIND';
}
