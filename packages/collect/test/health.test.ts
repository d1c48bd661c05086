/** Health pieces without sockets: the sliding-window rates behind /metrics and the health line. */
import { describe, expect, it } from 'vitest';
import { RateMeter } from '../src/health.js';

describe('RateMeter', () => {
  it('gives rates from the first reading on, then over the last window only', () => {
    const meter = new RateMeter(10_000);
    meter.sample(0, { frames: 0 });
    expect(meter.ratesAt(0, { frames: 0 }).get('frames')).toBe(0);
    // Half a second in: 50 frames = 100/s, well before any 30 s health interval.
    expect(meter.ratesAt(500, { frames: 50 }).get('frames')).toBe(100);
    for (let t = 1000; t <= 20_000; t += 1000) meter.sample(t, { frames: t < 15_000 ? t : 15_000 });
    // 1000/s until 15 s, nothing after: the last 10 s saw 5000 frames.
    expect(meter.ratesAt(20_000, { frames: 15_000 }).get('frames')).toBe(500);
    expect(meter.ratesAt(26_000, { frames: 15_000 }).get('frames')).toBe(0);
  });
});
