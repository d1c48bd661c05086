/**
 * The logging the venue layer needs, as an interface (pino's Logger, which every program passes,
 * satisfies it): data object first, message second; child loggers carry context. The venue package
 * stays free of the logging library and of everything else in @polymarket-arb/common.
 */
export interface Logger {
  debug(data: object, message: string): void;
  info(data: object, message: string): void;
  warn(data: object, message: string): void;
  error(data: object, message: string): void;
  child(bindings: Record<string, unknown>): Logger;
}
