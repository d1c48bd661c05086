/**
 * Feed lag of one socket: read on the exchange clock (a skewed local clock is not lag), turned into
 * episodes of falling behind and catching up off the hot path.
 */
import { describe, expect, it } from 'vitest';
import { FeedLag } from '../src/ws/feed-lag.js';

describe('FeedLag', () => {
  it('reads lag on the exchange clock and turns it into episodes off the hot path', () => {
    const lag = new FeedLag();
    lag.setClockOffset(-60_000); // the local clock runs a minute ahead of the exchange
    lag.observe(1_000_000, 1_060_050 * 1000);
    expect(lag.lastMs).toBe(50);
    expect(lag.tick(1_060_050, 2000)).toBeUndefined();
    lag.observe(1_000_000, 1_063_000 * 1000);
    expect(lag.tick(1_063_000, 2000)).toBe('behind');
    expect(lag).toMatchObject({ behind: true, episodeStartLagMs: 3000, episodes: 1 });
    lag.observe(1_001_000, 1_065_000 * 1000);
    expect(lag.tick(1_065_000, 2000)).toBeUndefined();
    expect(lag.episodeMaxMs).toBe(4000);
    expect(lag.recentMaxMs()).toBe(4000);
    // Nothing read in a tick: no backlog, caught up (unless the socket is closed: then it says nothing).
    expect(lag.tick(1_065_250, 2000, true)).toBeUndefined();
    expect(lag.tick(1_065_500, 2000)).toBe('caught_up');
    expect(lag).toMatchObject({ behind: false, episodeStartedAtMs: 1_063_000 });
  });
});
