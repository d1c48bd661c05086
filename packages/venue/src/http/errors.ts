/**
 * Why a request failed, as typed errors: an HTTP status (retryable or not), a network failure
 * (refused, reset, cut mid-body, timed out), or a body that is not the JSON the API documents.
 */
import { PolyError } from '@polymarket-arb/domain';

/** The server answered with a status other than 2xx. */
export class HttpStatusError extends PolyError {
  readonly code = 'E_HTTP_STATUS';
  constructor(
    readonly status: number,
    readonly url: string,
    readonly body: string,
  ) {
    super(`HTTP ${status} from ${url}${body ? `: ${body.slice(0, 200)}` : ''}`);
  }

  /** 429 and 5xx are worth retrying; other 4xx mean the request itself is wrong. */
  override get retryable(): boolean {
    return this.status === 429 || this.status >= 500;
  }

  /** 401 and 403: the credentials are refused or the account is closed; retrying or going on is pointless. */
  override get fatal(): boolean {
    return this.status === 401 || this.status === 403;
  }
}

/** No complete response: connection refused or reset, body cut short, or timeout. */
export class NetworkError extends PolyError {
  readonly code = 'E_HTTP_NETWORK';
  constructor(
    readonly url: string,
    cause: unknown,
  ) {
    super(`Network error on ${url}: ${describeCause(cause)}`, { cause });
  }

  override get retryable(): boolean {
    return true;
  }
}

/** A 2xx response whose body is not JSON (a truncated body is the usual cause). */
export class BodyError extends PolyError {
  readonly code = 'E_HTTP_BODY';
  constructor(
    readonly url: string,
    detail: string,
  ) {
    super(`Unreadable response from ${url}: ${detail}`);
  }

  /** A cut body usually reads whole on the next try. */
  override get retryable(): boolean {
    return true;
  }
}

/** A response that is JSON but not in the documented shape. Not retried: it would not change. */
export class WireFormatError extends PolyError {
  readonly code = 'E_WIRE_FORMAT';
}

function describeCause(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const inner = cause.cause instanceof Error ? ` (${cause.cause.message})` : '';
  return `${cause.message}${inner}`;
}
