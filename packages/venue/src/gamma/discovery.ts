/**
 * Market discovery (spec 1.3), for the collector and the bot: the 15-minute Up/Down markets of the configured
 * assets, found by their slugs (`{asset}-updown-15m-{windowStart}`) on Gamma `/events`, for the
 * current window and the two after it (listed ahead of time), so the next window's tokens are
 * subscribed before it opens. Runs every `intervalMs` and shortly before every window boundary.
 *
 * Window arithmetic uses the exchange's clock: the offset to CLOB `GET /time` is measured at each
 * discovery, and a skew beyond a second is applied (and logged), so a drifting local clock cannot
 * make us look for the wrong windows.
 */
import { windowSlug, windowStartOf, WINDOW_SECONDS, type Clock, type CryptoAsset, type MarketWindow } from '@polymarket-arb/domain';
import type { HttpClient } from '../http/client.js';
import type { Logger } from '../logger.js';
import { marketWindowsFromEvents } from './markets.js';

export interface DiscoveryOptions {
  gammaUrl: string;
  clobUrl: string;
  assets: readonly CryptoAsset[];
  clock: Clock;
  logger: Logger;
  /** Gamma and CLOB requests go through it (retries, rate limits). */
  http: HttpClient;
  /** Regular re-discovery period (spec: 5 minutes). */
  intervalMs?: number;
  /** Extra discoveries this long before each window boundary. */
  leadMs?: number;
  /** How many windows after the current one to look for. */
  windowsAhead?: number;
  onWindows(windows: MarketWindow[]): void;
  onError?(error: Error): void;
  /** The measured offset of the exchange clock changed (ms, exchange minus local). */
  onClockOffset?(offsetMs: number): void;
}

export class Discovery {
  /** Exchange time minus local time, ms (applied when beyond 1 s). */
  clockOffsetMs = 0;
  runs = 0;
  failures = 0;
  lastError = '';
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly abort = new AbortController();

  constructor(private readonly options: DiscoveryOptions) {}

  /** Exchange-aligned now, ms. */
  nowMs(): number {
    return this.options.clock.nowMs() + this.clockOffsetMs;
  }

  async start(): Promise<void> {
    await this.runSafely();
    this.scheduleNext();
  }

  stop(): void {
    this.stopped = true;
    this.abort.abort();
    clearTimeout(this.timer);
  }

  /** Slugs of the current window and the next `windowsAhead` for every asset. */
  slugsAt(nowMs: number): string[] {
    const current = windowStartOf(Math.floor(nowMs / 1000));
    const ahead = this.options.windowsAhead ?? 2;
    const slugs: string[] = [];
    for (const asset of this.options.assets) for (let i = 0; i <= ahead; i++) slugs.push(windowSlug(asset, current + i * WINDOW_SECONDS));
    return slugs;
  }

  /** One discovery: sync the clock, fetch the windows, hand them over. */
  async discoverOnce(): Promise<MarketWindow[]> {
    await this.syncClock();
    const slugs = this.slugsAt(this.nowMs());
    const query = slugs.map((s) => `slug=${encodeURIComponent(s)}`).join('&');
    const events = await this.options.http.getJson('gamma_events', `${this.options.gammaUrl}/events?${query}`, this.abort.signal);
    // Gamma ignores unknown filters and can return unrelated events: keep only the slugs asked for.
    const wanted = new Set(slugs);
    const windows = marketWindowsFromEvents(events).filter((w) => wanted.has(w.slug));
    this.runs++;
    this.options.onWindows(windows);
    return windows;
  }

  private async syncClock(): Promise<void> {
    try {
      const before = this.options.clock.nowMs();
      const serverSeconds = await this.options.http.getJson('clob_time', `${this.options.clobUrl}/time`, this.abort.signal, {
        maxRetries: 1,
      });
      const after = this.options.clock.nowMs();
      if (typeof serverSeconds !== 'number') return;
      const offset = serverSeconds * 1000 + 500 - (before + after) / 2;
      const applied = Math.abs(offset) > 1500 ? Math.round(offset) : 0;
      if (applied !== 0 && Math.abs(applied - this.clockOffsetMs) > 1000) {
        this.options.logger.warn(
          { offsetMs: applied },
          'local clock differs from the exchange clock; using exchange time for window discovery',
        );
      }
      if (applied !== this.clockOffsetMs) this.options.onClockOffset?.(applied);
      this.clockOffsetMs = applied;
    } catch (err) {
      this.options.logger.debug({ err: (err as Error).message }, 'could not read the exchange clock; using local time');
    }
  }

  private async runSafely(): Promise<void> {
    try {
      await this.discoverOnce();
      this.lastError = '';
    } catch (err) {
      if (this.stopped) return;
      this.failures++;
      this.lastError = (err as Error).message;
      this.options.logger.error({ err: this.lastError }, 'market discovery failed; will retry');
      this.options.onError?.(err as Error);
    }
  }

  /** Next run: the regular interval, or just before the next boundary, whichever comes first. */
  private scheduleNext(): void {
    if (this.stopped) return;
    const now = this.nowMs();
    const interval = this.options.intervalMs ?? 300_000;
    const lead = this.options.leadMs ?? 20_000;
    const nextBoundary = (windowStartOf(Math.floor(now / 1000)) + WINDOW_SECONDS) * 1000;
    const candidates = [now + interval, nextBoundary - lead, nextBoundary + 1000].filter((t) => t > now + 250);
    const delay = this.failures > 0 && this.lastError ? Math.min(5_000, interval) : Math.min(...candidates) - now;
    this.timer = setTimeout(async () => {
      await this.runSafely();
      this.scheduleNext();
    }, delay);
    this.timer.unref();
  }
}
