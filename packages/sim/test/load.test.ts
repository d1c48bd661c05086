/**
 * Volume without loss, counted rather than timed (the rate itself is measured by
 * bench/market-ws-load.mjs): two seconds of the model at 20,000 events per second, driven by a
 * manual clock, reach one subscriber complete and in order, and the per-token counts of
 * `stats()` match what the client received.
 */
import { ManualClock } from '@polymarket-arb/domain';
import { afterAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../src/index.js';
import { pause, TestClient } from './helpers/ws-client.js';

type Json = Record<string, unknown>;

let sim: Simulator | undefined;
let client: TestClient | undefined;
afterAll(async () => {
  client?.close();
  await sim?.close();
});

describe('load', () => {
  it('delivers 2 s of 20,000 events/s to one client, every frame exactly once', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 26, 15, 2, 0));
    sim = await startSimulator({ seed: 77, assets: ['BTC', 'ETH', 'SOL'], rate: 20_000, binanceRate: 0, clock });
    const ids = sim.control.markets().flatMap((m) => [m.upTokenId, m.downTokenId]);
    client = await TestClient.open(`${sim.urls.POLY_CLOB_WS_URL}/ws/market`);
    client.send({ assets_ids: ids, type: 'market' });
    await client.waitFrames(1);
    const s = sim;
    const c = client;
    const sent = (): number => s.stats().market[0]?.framesSent ?? 0;
    const produced = (): number => s.stats().produced.price_change ?? 0;
    // The events due at the very start instant ran before the client subscribed.
    const before = produced();
    clock.advanceMs(2_000);
    // The model catches up in slices; wait until it has stopped producing and all has arrived.
    let last = -1;
    while (produced() !== last || c.frames.length !== sent()) {
      last = produced();
      await c.waitFor(() => c.frames.length === sent(), 'the frames sent so far', 60_000);
      await pause(200);
    }

    const stats = s.stats();
    const conn = stats.market[0];
    const deltas = c.events.filter((e) => e.event_type === 'price_change');
    // Every produced price_change concerns a subscribed market, so all of them were sent, once.
    expect(deltas.length).toBe((stats.produced.price_change ?? 0) - before);
    expect(conn?.byKind.price_change).toBe(deltas.length);
    expect(deltas.length).toBeGreaterThanOrEqual(39_000);
    const perToken = new Map<string, number>();
    for (const e of deltas)
      for (const x of e.price_changes as Json[]) perToken.set(String(x.asset_id), (perToken.get(String(x.asset_id)) ?? 0) + 1);
    expect(conn?.priceChangeEntries).toEqual(Object.fromEntries(perToken));
    // Timestamps never go backwards and stay within the 2 s that were simulated.
    const ts = deltas.map((e) => Number(e.timestamp));
    expect(ts.every((t, i) => i === 0 || t >= (ts[i - 1] as number))).toBe(true);
    expect((ts[ts.length - 1] as number) - (ts[0] as number)).toBeLessThanOrEqual(2_000);
  });
});
