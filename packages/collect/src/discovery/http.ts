/**
 * A small JSON GET with a timeout and a few retries (network errors, 429 and 5xx, honouring
 * `Retry-After`). For the collector's occasional discovery calls; the importer has its own
 * rate-limited client.
 */
import { PolyError } from '@polymarket-arb/domain';
import { sleep, type Logger } from '@polymarket-arb/common';

export class HttpError extends PolyError {
  constructor(readonly status: number, url: string, body: string) {
    super('E_HTTP', `GET ${url} answered ${status}: ${body.slice(0, 200)}`);
  }
}

export interface FetchJsonOptions {
  signal?: AbortSignal;
  logger?: Logger;
  retries?: number;
  timeoutMs?: number;
}

export async function fetchJson(url: string, options: FetchJsonOptions = {}): Promise<unknown> {
  const retries = options.retries ?? 3;
  let lastError: unknown;
  for (let attempt = 0; attempt <= retries; attempt++) {
    if (options.signal?.aborted) throw new PolyError('E_ABORTED', `GET ${url} cancelled`);
    let waitMs = 250 * 2 ** attempt;
    try {
      const signal = options.signal ? AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs ?? 10_000)]) : AbortSignal.timeout(options.timeoutMs ?? 10_000);
      const response = await fetch(url, { signal, headers: { accept: 'application/json' } });
      const body = await response.text();
      if (response.ok) return JSON.parse(body) as unknown;
      lastError = new HttpError(response.status, url, body);
      if (response.status !== 429 && response.status < 500) throw lastError;
      const retryAfter = Number(response.headers.get('retry-after'));
      if (Number.isFinite(retryAfter) && retryAfter > 0) waitMs = Math.min(retryAfter * 1000, 60_000);
    } catch (err) {
      if (err instanceof HttpError && err.status !== 429 && err.status < 500) throw err;
      lastError = err;
    }
    if (attempt < retries) {
      options.logger?.debug({ url, attempt: attempt + 1, waitMs, err: String((lastError as Error)?.message ?? lastError) }, 'request failed; retrying');
      await sleep(waitMs, options.signal);
    }
  }
  throw lastError instanceof Error ? lastError : new PolyError('E_HTTP', `GET ${url} failed`);
}
