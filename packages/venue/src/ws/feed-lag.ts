/**
 * Feed lag of one socket: how far behind the exchange we read. For each frame, the local receive
 * time moved onto the exchange clock (plus the offset measured with GET /time, so a skewed local
 * clock does not read as lag) minus the exchange's own timestamp of the frame. A collector that
 * cannot keep up reads older and older frames; its lag grows while its socket buffers fill.
 *
 * `observe` runs on the hot path, per frame: arithmetic on a few numbers, no allocation. Everything
 * else (episodes, the recent maximum) runs off it, on the collector's watchdog tick.
 */

/** What a watchdog tick found: the feed fell behind, or caught up. */
export type LagChange = 'behind' | 'caught_up' | undefined;

/** Ticks of recent maxima kept for `recentMaxMs` (at the watchdog's 250 ms: 10 s). */
const RECENT_TICKS = 40;

export class FeedLag {
  /** Exchange clock minus local clock, ms (0 until measured, or when within a second). */
  clockOffsetMs = 0;
  /** Lag of the latest frame, ms (NaN before the first). */
  lastMs = Number.NaN;
  /** Exchange timestamp of the latest frame, ms (0 before the first). */
  lastExchangeMs = 0;
  /** Episodes of falling behind since start. */
  episodes = 0;
  /** In an episode now: the latest frame read is `thresholdMs` or more old. */
  behind = false;
  /** The current (or last) episode: local start (ms), the lag that started it, the highest since. */
  episodeStartedAtMs = 0;
  episodeStartLagMs = 0;
  episodeMaxMs = 0;
  private tickMaxMs = Number.NEGATIVE_INFINITY;
  private tickFrames = 0;
  private readonly recent = new Float64Array(RECENT_TICKS).fill(Number.NEGATIVE_INFINITY);
  private slot = 0;

  /** One frame: its exchange timestamp (ms) and local receive time (µs). Hot path. */
  observe(exchangeMs: number, receivedMicros: number): void {
    const lag = receivedMicros / 1000 + this.clockOffsetMs - exchangeMs;
    this.lastMs = lag;
    this.lastExchangeMs = exchangeMs;
    if (lag > this.tickMaxMs) this.tickMaxMs = lag;
    this.tickFrames++;
  }

  /**
   * Off the hot path, every watchdog tick: behind when the latest frame read is `thresholdMs` or more
   * old; caught up when it is younger, or when nothing was read since the last tick (no backlog),
   * unless `final` (the socket is closed: silence then says nothing).
   */
  tick(nowMs: number, thresholdMs: number, final = false): LagChange {
    const frames = this.tickFrames;
    const tickMax = this.tickMaxMs;
    this.recent[this.slot] = tickMax;
    this.slot = (this.slot + 1) % RECENT_TICKS;
    this.tickFrames = 0;
    this.tickMaxMs = Number.NEGATIVE_INFINITY;
    const lagging = frames > 0 ? this.lastMs >= thresholdMs : final && this.behind;
    if (this.behind) {
      if (tickMax > this.episodeMaxMs) this.episodeMaxMs = tickMax;
      if (lagging) return undefined;
      this.behind = false;
      return 'caught_up';
    }
    if (!lagging) return undefined;
    this.episodes++;
    this.behind = true;
    this.episodeStartedAtMs = nowMs;
    this.episodeStartLagMs = this.lastMs;
    this.episodeMaxMs = Math.max(tickMax, this.lastMs);
    return 'behind';
  }

  /** The highest lag read over the last 10 s of ticks (NaN when nothing was read). */
  recentMaxMs(): number {
    let max = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < RECENT_TICKS; i++) if ((this.recent[i] as number) > max) max = this.recent[i] as number;
    return max === Number.NEGATIVE_INFINITY ? Number.NaN : max;
  }

  /** The exchange clock offset changed: readings taken with the old one no longer compare. */
  setClockOffset(offsetMs: number): void {
    this.clockOffsetMs = offsetMs;
    this.lastMs = Number.NaN;
    this.tickFrames = 0;
    this.tickMaxMs = Number.NEGATIVE_INFINITY;
  }
}
