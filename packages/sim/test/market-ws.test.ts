/**
 * The market-channel protocol over a real socket: initial subscription and dump, the Rust SDK's
 * first-frame form, dynamic subscribe/unsubscribe, PING/PONG, the answers to invalid frames,
 * custom-feature gating, and a window rollover with the clock started just before a boundary.
 */
import { WINDOW_SECONDS } from '@polymarket-arb/domain';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../src/index.js';
import { TestClient } from './helpers/ws-client.js';

type Json = Record<string, unknown>;

const BOUNDARY = Date.UTC(2026, 10, 26, 12, 15, 0);

let sim: Simulator | undefined;
const clients: TestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await sim?.close();
  sim = undefined;
});

async function boot(startTimeMs = BOUNDARY - 300_000, rate = 300): Promise<Simulator> {
  sim = await startSimulator({ seed: 5, assets: ['BTC', 'ETH'], rate, startTimeMs, recordSent: true });
  return sim;
}

async function connect(s: Simulator): Promise<TestClient> {
  const c = await TestClient.open(`${s.urls.POLY_CLOB_WS_URL}/ws/market`);
  clients.push(c);
  return c;
}

function tokensOf(s: Simulator, asset: string, state: string): [string, string] {
  const m = s.control.markets().find((x) => x.asset === asset && x.state === state);
  if (!m) throw new Error(`no ${state} ${asset} market`);
  return [m.upTokenId, m.downTokenId];
}

/** Token ids a frame concerns. */
function assetsOf(e: Json): string[] {
  if (Array.isArray(e.price_changes)) return (e.price_changes as Json[]).map((c) => String(c.asset_id));
  if (Array.isArray(e.assets_ids)) return e.assets_ids as string[];
  return e.asset_id === undefined ? [] : [String(e.asset_id)];
}

describe('market channel subscriptions', () => {
  it('dumps the books as one array frame, then streams only the subscribed market, and answers PING', async () => {
    const s = await boot();
    const [up, down] = tokensOf(s, 'BTC', 'live');
    const c = await connect(s);
    c.send({ assets_ids: [down, '123456', up], type: 'market' });
    await c.waitFrames(30);
    const dump = JSON.parse(c.frames[0] as string) as Json[];
    expect(dump.map((b) => [b.event_type, b.asset_id])).toEqual([
      ['book', down],
      ['book', up],
    ]);
    for (const e of c.events.slice(2)) expect(assetsOf(e).some((id) => id === up || id === down)).toBe(true);
    // The snapshot is stamped with the time the model had reached: no later delta is older.
    const dumpTs = Number(dump[0]?.timestamp);
    expect(c.events.slice(2).every((e) => Number(e.timestamp) >= dumpTs)).toBe(true);
    expect(c.kinds.has('best_bid_ask')).toBe(false);
    c.send('PING');
    await c.waitFor(() => c.frames.includes('PONG'), 'PONG');
    const stats = s.stats().market[0];
    expect(stats?.subscriptions.sort()).toEqual(['123456', down, up].sort());
    // What arrived is exactly what the simulator says it sent, in order (more may be in flight).
    const sent = stats?.sent ?? [];
    expect(sent.slice(0, c.frames.length).map((f) => f.text)).toEqual(c.frames);
    expect(sent[0]?.tag).toBe('dump');
    const received = (id: string): number => c.events.filter((e) => e.event_type === 'book' && e.asset_id === id).length;
    expect(stats?.books[up]).toBeGreaterThanOrEqual(received(up));
    expect(received(up)).toBeGreaterThanOrEqual(1);
  });

  it('skips the dump with initial_dump false and accepts the Rust SDK first frame', async () => {
    const s = await boot();
    const [up, down] = tokensOf(s, 'ETH', 'live');
    const quiet = await connect(s);
    quiet.send({ assets_ids: [up, down], type: 'market', initial_dump: false });
    const sdk = await connect(s);
    sdk.send({ type: 'market', operation: 'subscribe', markets: [], assets_ids: [up, down], initial_dump: true });
    await quiet.waitFrames(5);
    await sdk.waitFrames(5);
    expect(quiet.frames[0]?.startsWith('{')).toBe(true);
    expect(quiet.kinds.get('book') ?? 0).toBe(0);
    expect(JSON.parse(sdk.frames[0] as string)).toHaveLength(2);
  });

  it('subscribes and unsubscribes on the open socket', async () => {
    const s = await boot();
    const btc = tokensOf(s, 'BTC', 'live');
    const eth = tokensOf(s, 'ETH', 'live');
    const c = await connect(s);
    c.send({ assets_ids: btc, type: 'market' });
    await c.waitFrames(5);
    c.send({ operation: 'subscribe', assets_ids: eth, custom_feature_enabled: true });
    await c.waitFor(() => c.frames.some((f) => f.startsWith('[') && f.includes(eth[0])), 'the dump of the new tokens');
    await c.waitFor(() => c.events.some((e) => e.event_type === 'price_change' && assetsOf(e).includes(eth[0])), 'ETH deltas');
    await c.waitFor(() => c.kinds.has('best_bid_ask'), 'best_bid_ask once custom features are on');
    c.send({ operation: 'unsubscribe', assets_ids: btc });
    c.send('PING');
    await c.waitFor(() => c.frames.includes('PONG'), 'PONG');
    const after = c.frames.length;
    await c.waitFrames(after + 40);
    const later = c.frames.slice(after).map((f) => JSON.parse(f) as Json);
    expect(later.some((e) => assetsOf(e).includes(eth[0]))).toBe(true);
    expect(later.filter((e) => assetsOf(e).some((id) => btc.includes(id)))).toEqual([]);
  });

  it('closes with 1008 when the first frame is not a subscription (even PING)', async () => {
    const s = await boot();
    for (const first of ['PING', 'hello', '{"assets_ids":"x","type":"market"}', '{"assets_ids":[],"type":"user"}', '{"assets_ids":[]}']) {
      const c = await connect(s);
      c.send(first);
      expect(await c.closed).toEqual({ code: 1008, reason: 'invalid subscription payload' });
    }
  });

  it('answers INVALID OPERATION to bad frames after subscribing, and stays open', async () => {
    const s = await boot();
    const c = await connect(s);
    c.send({ assets_ids: tokensOf(s, 'BTC', 'live'), type: 'market' });
    await c.waitFrames(1);
    c.send({ assets_ids: [], type: 'market' });
    c.send('not json');
    c.send({ operation: 'resubscribe', assets_ids: [] });
    await c.waitFor(() => c.frames.filter((f) => f === 'INVALID OPERATION').length === 3, 'three INVALID OPERATION replies');
    c.send('PING');
    await c.waitFor(() => c.frames.includes('PONG'), 'PONG');
  });
});

describe('window rollover', () => {
  it('ends the closing market, keeps the next one streaming, and lists a new window', async () => {
    const s = await boot(BOUNDARY - 2_500, 400);
    const ending = tokensOf(s, 'BTC', 'live');
    const next = tokensOf(s, 'BTC', 'listed');
    const c = await connect(s);
    c.send({ assets_ids: [...ending, ...next], type: 'market', custom_feature_enabled: true });
    await c.waitFor(
      () => c.events.some((e) => Number(e.timestamp) >= BOUNDARY + 1_500 && e.event_type === 'price_change'),
      'deltas 1.5 s after the boundary',
    );
    const deltas = c.events.filter((e) => e.event_type === 'price_change');
    const ts = (e: Json): number => Number(e.timestamp);
    expect(deltas.some((e) => ts(e) < BOUNDARY && assetsOf(e).includes(ending[0]))).toBe(true);
    expect(deltas.filter((e) => ts(e) >= BOUNDARY && assetsOf(e).includes(ending[0]))).toEqual([]);
    expect(deltas.some((e) => ts(e) >= BOUNDARY && assetsOf(e).includes(next[0]))).toBe(true);
    const listed = c.first('new_market');
    expect(listed).toMatchObject({ slug: `btc-updown-15m-${BOUNDARY / 1000 + WINDOW_SECONDS}` });
    const states = Object.fromEntries(
      s.control
        .markets()
        .filter((m) => m.asset === 'BTC')
        .map((m) => [m.upTokenId, m.state]),
    );
    expect(states[ending[0]]).toBe('ended');
    expect(states[next[0]]).toBe('live');
    expect(Object.values(states).filter((x) => x === 'listed')).toHaveLength(1);
    // Until its result is published the ended market's book still answers.
    expect(s.bookOf(ending[0])).toMatchObject({ asset_id: ending[0] });
  });
});
