/**
 * The one HTTP client of every program (importer, discovery, the bot's resolution lookups): GET a
 * JSON document through the rate limiters, retrying 429s, 5xx and network failures (refused, reset,
 * a body cut mid-way, a timeout) with exponential backoff and jitter, or after exactly what
 * `Retry-After` asks. Other 4xx are not retried: the request itself is wrong. Abort (SIGINT) stops
 * waiting and sending at once. The transport (`fetch`), clock, sleep and randomness are injected so
 * the retry schedule is tested without waiting.
 */
import { describeError, type PolyError, type Clock } from '@polymarket-arb/domain';
import type { Logger } from '../logger.js';
import { backoffMs, retryAfterMs } from './backoff.js';
import { BodyError, HttpStatusError, NetworkError } from './errors.js';
import { AbortedError, type Sleep } from './limiter.js';
import { clientLimits, RateLimits, type Route } from './rate-limits.js';

export interface RetryPolicy {
  /** Retries after the first attempt before giving up. */
  readonly maxRetries: number;
  /** First backoff delay, ms (doubles per retry). */
  readonly baseMs: number;
  readonly maxMs: number;
  /** Longest `Retry-After` obeyed as asked; longer requests wait this long, then retry. */
  readonly retryAfterMaxMs: number;
  /** Per-attempt timeout, ms (headers and body). */
  readonly timeoutMs: number;
}

/**
 * The feeds' occasional calls (market discovery, the exchange clock, resolutions): a few quick
 * retries, so a collector or bot never waits minutes on one answer; the next run asks again.
 */
export const QUICK_RETRY_POLICY: RetryPolicy = Object.freeze({
  maxRetries: 3,
  baseMs: 250,
  maxMs: 4_000,
  retryAfterMaxMs: 60_000,
  timeoutMs: 10_000,
});

/** Per-request exceptions to the client's policy. */
export interface RequestOptions {
  /** Fewer (or more) retries for this request, e.g. 1 for a call whose answer is optional. */
  readonly maxRetries?: number;
}

export interface HttpStats {
  requests: number;
  retries: number;
  /** 429 answers. */
  rateLimited: number;
  /** 5xx answers. */
  serverErrors: number;
  /** Refused, reset, cut mid-body, timed out, or a 2xx body that was not JSON. */
  networkErrors: number;
  /** Time spent obeying Retry-After, ms. */
  retryAfterWaitMs: number;
  /** Requests abandoned after the last retry, or not retryable. */
  failed: number;
}

export interface HttpClientDeps {
  readonly limits: RateLimits;
  readonly policy: RetryPolicy;
  readonly clock: Clock;
  readonly sleep: Sleep;
  readonly random: () => number;
  readonly fetch?: typeof fetch | undefined;
  readonly logger?: Logger | undefined;
}

/** A failed attempt: its typed error says whether it is worth retrying (`error.retryable`). */
type Outcome = { ok: true; value: unknown } | { ok: false; error: PolyError; waitMs: number | undefined };

function failed(error: PolyError, waitMs?: number): Outcome {
  return { ok: false, error, waitMs };
}

export class HttpClient {
  readonly stats: HttpStats = {
    requests: 0,
    retries: 0,
    rateLimited: 0,
    serverErrors: 0,
    networkErrors: 0,
    retryAfterWaitMs: 0,
    failed: 0,
  };
  private readonly fetch: typeof fetch;

  constructor(private readonly deps: HttpClientDeps) {
    this.fetch = deps.fetch ?? globalThis.fetch;
  }

  /** GET `url` and parse its JSON body, retrying as the policy allows. Throws AbortedError on abort. */
  async getJson(route: Route, url: string, signal: AbortSignal, options: RequestOptions = {}): Promise<unknown> {
    const { policy, limits } = this.deps;
    const maxRetries = options.maxRetries ?? policy.maxRetries;
    for (let attempt = 0; ; attempt++) {
      for (const limiter of limits.for(route)) await limiter.acquire(signal);
      if (signal.aborted) throw new AbortedError();
      this.stats.requests++;
      const outcome = await this.attempt(url, signal);
      if (outcome.ok) return outcome.value;
      if (signal.aborted) throw new AbortedError();
      if (!outcome.error.retryable || attempt >= maxRetries) {
        this.stats.failed++;
        throw outcome.error;
      }
      const wait = this.retryDelay(route, attempt, outcome.waitMs);
      this.stats.retries++;
      this.deps.logger?.debug({ url, attempt: attempt + 1, waitMs: wait, err: describeError(outcome.error) }, 'request failed; retrying');
      await this.deps.sleep(wait, signal);
    }
  }

  /** Backoff, or the server's Retry-After (which also pauses the route for every caller). */
  private retryDelay(route: Route, attempt: number, serverWaitMs: number | undefined): number {
    const { policy, clock, random, limits } = this.deps;
    if (serverWaitMs === undefined) return backoffMs(attempt, policy.baseMs, policy.maxMs, random);
    const wait = Math.min(serverWaitMs, policy.retryAfterMaxMs);
    this.stats.retryAfterWaitMs += wait;
    for (const limiter of limits.for(route)) limiter.pauseUntil(clock.nowMs() + wait);
    return wait;
  }

  private async attempt(url: string, signal: AbortSignal): Promise<Outcome> {
    const attemptSignal = AbortSignal.any([signal, AbortSignal.timeout(this.deps.policy.timeoutMs)]);
    let response: Response;
    let text: string;
    try {
      response = await this.fetch(url, { signal: attemptSignal, headers: { accept: 'application/json' } });
      text = await response.text();
    } catch (err) {
      if (signal.aborted) return failed(new AbortedError());
      this.stats.networkErrors++;
      return failed(new NetworkError(url, err));
    }
    if (response.status >= 200 && response.status < 300) return parseBody(url, text, this.stats);
    const error = new HttpStatusError(response.status, url, text);
    if (response.status === 429) this.stats.rateLimited++;
    else if (response.status >= 500) this.stats.serverErrors++;
    const waitMs = error.retryable ? retryAfterMs(response.headers.get('retry-after'), this.deps.clock.nowMs()) : undefined;
    return failed(error, waitMs);
  }
}

function parseBody(url: string, text: string, stats: HttpStats): Outcome {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    // A 2xx body that is not JSON was almost always cut short: retry like a network error.
    stats.networkErrors++;
    return failed(new BodyError(url, `${text.length} bytes that are not complete JSON`));
  }
}

/**
 * The client of a collector or bot: the quick retry policy, under 80 % of the published rate limits
 * (its few calls never come near them; the limits only matter if something loops).
 */
export function feedHttpClient(deps: { clock: Clock; sleep: Sleep; logger: Logger }): HttpClient {
  const limits = new RateLimits(clientLimits(80), deps.clock, deps.sleep);
  return new HttpClient({
    limits,
    policy: QUICK_RETRY_POLICY,
    clock: deps.clock,
    sleep: deps.sleep,
    random: Math.random,
    logger: deps.logger,
  });
}
