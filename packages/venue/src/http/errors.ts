/**
 * Why a request failed, as typed errors: an HTTP status (retryable or not), a network failure
 * (refused, reset, cut mid-body, timed out), or a body that is not the JSON the API documents.
 */
import { PolyError } from '@polymarket-arb/domain';

/** The server answered with a status other than 2xx. */
export class HttpStatusError extends PolyError {
  constructor(
    readonly status: number,
    readonly url: string,
    readonly body: string,
  ) {
    super('E_HTTP_STATUS', `HTTP ${status} from ${url}${body ? `: ${body.slice(0, 200)}` : ''}`);
  }

  /** 429 and 5xx are worth retrying; other 4xx mean the request itself is wrong. */
  get retryable(): boolean {
    return this.status === 429 || this.status >= 500;
  }
}

/** No complete response: connection refused or reset, body cut short, or timeout. */
export class NetworkError extends PolyError {
  constructor(readonly url: string, cause: unknown) {
    super('E_HTTP_NETWORK', `Network error on ${url}: ${describeCause(cause)}`, { cause });
  }
}

/** A 2xx response whose body is not JSON (a truncated body is the usual cause). */
export class BodyError extends PolyError {
  constructor(readonly url: string, detail: string) {
    super('E_HTTP_BODY', `Unreadable response from ${url}: ${detail}`);
  }
}

/** A response that is JSON but not in the documented shape. Not retried: it would not change. */
export class WireFormatError extends PolyError {
  constructor(message: string) {
    super('E_WIRE_FORMAT', message);
  }
}

function describeCause(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const inner = cause.cause instanceof Error ? ` (${cause.cause.message})` : '';
  return `${cause.message}${inner}`;
}
