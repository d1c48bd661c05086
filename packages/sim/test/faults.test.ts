/**
 * Fault injection: the SPEC grammar and its error sentences, then every fault kind over real
 * sockets and HTTP: drops (now, at T, every N s), stalls, delays, each frame fault, REST failures with
 * Retry-After, slow and cut responses, Binance serverShutdown, and the control API.
 */
import { ManualClock, parseMicros } from '@polymarket-arb/domain';
import { afterEach, describe, expect, it } from 'vitest';
import { parseFaultSpec, startSimulator, type Simulator, type SimulatorOptions } from '../src/index.js';
import { BookReplica } from './helpers/book-replica.js';
import { pause, TestClient } from './helpers/ws-client.js';

type Json = Record<string, unknown>;

let sim: Simulator | undefined;
const clients: TestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await sim?.close();
  sim = undefined;
});

async function boot(options: SimulatorOptions = {}): Promise<Simulator> {
  sim = await startSimulator({
    seed: 4,
    assets: ['BTC'],
    rate: 300,
    binanceRate: 20,
    startTimeMs: Date.UTC(2026, 10, 26, 10, 3, 0),
    recordSent: true,
    ...options,
  });
  return sim;
}

async function market(s: Simulator, dump = true): Promise<TestClient> {
  const c = await TestClient.open(`${s.urls.POLY_CLOB_WS_URL}/ws/market`);
  clients.push(c);
  const live = s.control.markets().find((m) => m.state === 'live');
  c.send({ assets_ids: [live?.upTokenId, live?.downTokenId], type: 'market', initial_dump: dump });
  return c;
}

async function binance(s: Simulator, path = '/ws/btcusdt@trade'): Promise<TestClient> {
  const c = await TestClient.open(`${s.urls.BINANCE_WS_URL}${path}`);
  clients.push(c);
  return c;
}

function control(s: Simulator, path: string, init?: RequestInit): Promise<Response> {
  return fetch(`http://127.0.0.1:${s.port}/_control/${path}`, init);
}

const post = (body?: string): RequestInit => ({ method: 'POST', ...(body === undefined ? {} : { body }) });

describe('fault SPEC', () => {
  it('parses every item of the grammar', () => {
    expect(
      parseFaultSpec(
        'drop, drop@30,drop-every=15,stall@10:5,malformed=0.01,unknown-events=0.5,legacy-price-change=1,empty-numbers=0,duplicates=0.2,out-of-order=0.1,http-429@1:2:3,http-500@4:5,http-503@6:7:8,slow@1:2:300,rest-drop@9,binance-shutdown@2.5',
      ),
    ).toEqual([
      { kind: 'drop', atSec: 0 },
      { kind: 'drop', atSec: 30 },
      { kind: 'drop-every', everySec: 15 },
      { kind: 'stall', atSec: 10, forSec: 5 },
      { kind: 'rate', fault: 'malformed', rate: 0.01 },
      { kind: 'rate', fault: 'unknownEvents', rate: 0.5 },
      { kind: 'rate', fault: 'legacyPriceChange', rate: 1 },
      { kind: 'rate', fault: 'emptyNumbers', rate: 0 },
      { kind: 'rate', fault: 'duplicates', rate: 0.2 },
      { kind: 'rate', fault: 'outOfOrder', rate: 0.1 },
      { kind: 'http', status: 429, atSec: 1, forSec: 2, retryAfterSec: 3 },
      { kind: 'http', status: 500, atSec: 4, forSec: 5, retryAfterSec: undefined },
      { kind: 'http', status: 503, atSec: 6, forSec: 7, retryAfterSec: 8 },
      { kind: 'slow', atSec: 1, forSec: 2, delayMs: 300 },
      { kind: 'rest-drop', atSec: 9 },
      { kind: 'binance-shutdown', atSec: 2.5 },
    ]);
  });

  it('parses delay@T:D:MS', () => {
    expect(parseFaultSpec('delay@1:2:300')).toEqual([{ kind: 'delay', atSec: 1, forSec: 2, delayMs: 300 }]);
    expect(() => parseFaultSpec('delay@1:2')).toThrow(/Fault "delay@1:2" is missing its times\. Write it as delay@T:D:MS/);
  });

  it('rejects bad items with one sentence naming the item and the fix', () => {
    const cases: [string, RegExp][] = [
      ['bogus@1', /Fault "bogus@1" is not a fault this simulator knows \("bogus"\)\. Use drop, stall/],
      ['stall@5', /Fault "stall@5" is missing its times\. Write it as stall@T:D/],
      ['malformed=2', /Fault "malformed=2" has rate "2", which is not a fraction between 0 and 1\./],
      ['drop-every=0', /has a period of 0\. Use a period above 0 seconds/],
      ['http-429@x:5', /has the start time T "x", which is not a number of seconds/],
      ['slow@1:2', /Write it as slow@T:D:MS/],
      ['teleport=1', /is not a fault this simulator knows \("teleport"\)/],
    ];
    for (const [spec, message] of cases) expect(() => parseFaultSpec(spec)).toThrow(message);
  });
});

describe('WebSocket faults', () => {
  it('drops every connection on request, and at T from the SPEC', async () => {
    const s = await boot({ faults: 'drop@0.5' });
    const m = await market(s);
    const b = await binance(s);
    expect((await m.closed).code).toBe(1006);
    expect((await b.closed).code).toBe(1006);
    const m2 = await market(s);
    await m2.waitFrames(3);
    const answer = (await (await control(s, 'drop', post())).json()) as Json;
    expect(answer).toEqual({ dropped: 1 });
    expect((await m2.closed).code).toBe(1006);
    expect(s.stats().market.every((x) => x.closeReason === 'dropped by fault injection')).toBe(true);
  });

  it('drops again every N seconds', async () => {
    const s = await boot({ faults: 'drop-every=0.3' });
    for (let i = 0; i < 2; i++) {
      const c = await market(s);
      expect((await c.closed).code).toBe(1006);
    }
  });

  it('stalls: nothing (not even PONG) until the stall ends, then the stream and the held dump resume', async () => {
    const s = await boot();
    const old = await market(s);
    await old.waitFrames(5);
    s.control.stall(0.8);
    old.send('PING');
    const late = await market(s);
    await late.waitFrames(1);
    // The first frame after the stall is the dump that was held back.
    expect(JSON.parse(late.frames[0] as string)).toHaveLength(2);
    old.send('PING');
    await old.waitFor(() => old.frames.includes('PONG'), 'a PONG after the stall');
    expect(old.frames.filter((f) => f === 'PONG')).toHaveLength(1);
    const stats = s.stats().market;
    expect(stats[0]?.faults.stalledDropped).toBeGreaterThan(0);
    expect(stats[1]?.sent?.[0]?.tag).toBe('dump');
  });

  it('delays: frames made during the delay arrive that much late, in order, none lost; then on time again', async () => {
    const s = await boot();
    const m = await market(s, false);
    const b = await binance(s);
    // Lag as the client sees it: arrival on the simulator's clock minus the frame's own timestamp.
    const lags: { ts: number; lag: number }[] = [];
    m.ws.on('message', (data) => {
      for (const e of ([] as { timestamp?: string }[]).concat(JSON.parse(String(data))))
        if (e.timestamp) lags.push({ ts: Number(e.timestamp), lag: s.clock.nowMs() - Number(e.timestamp) });
    });
    const tradeLags: { ts: number; lag: number }[] = [];
    b.ws.on('message', (data) => {
      const e = JSON.parse(String(data)) as { E: number };
      tradeLags.push({ ts: e.E, lag: s.clock.nowMs() - e.E });
    });
    await m.waitFrames(10);
    const from = s.clock.nowMs();
    expect((await control(s, 'delay?ms=600&seconds=1', post())).status).toBe(200);
    const until = from + 1000;
    await m.waitFor(() => lags.some((l) => l.ts > until + 900), 'frames made well after the delay');
    const during = lags.filter((l) => l.ts > from + 50 && l.ts < until - 50);
    expect(during.length).toBeGreaterThan(50);
    expect(Math.min(...during.map((l) => l.lag))).toBeGreaterThanOrEqual(590);
    expect(Math.min(...tradeLags.filter((l) => l.ts > from + 50 && l.ts < until - 50).map((l) => l.lag))).toBeGreaterThanOrEqual(590);
    const after = lags.filter((l) => l.ts > until + 800);
    expect(Math.max(...after.map((l) => l.lag))).toBeLessThan(590);
    const sent = (s.stats().market[0]?.sent ?? []).map((x) => x.text);
    expect(m.frames).toEqual(sent.slice(0, m.frames.length));
  });

  it('counts as sent only what went out: nothing after the client asked to close', async () => {
    const s = await boot();
    const c = await market(s, false);
    await c.waitFrames(10);
    // Ask to close, then stop reading: the server's side stays "closing" until the client reads again.
    c.ws.close();
    (c.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const sentCount = (): number => s.stats().market[0]?.framesSent ?? 0;
    let previous = -1;
    for (let i = 0; i < 25 && sentCount() !== previous; i++) {
      previous = sentCount();
      await pause(200);
    }
    expect(sentCount(), 'frames counted as sent after the close').toBe(previous);
  });

  it('malformed and unknown-event frames are extras; the stream itself stays whole', async () => {
    const s = await boot();
    s.control.setFrameFaults({ malformed: 1, unknownEvents: 1 });
    const c = await market(s, false);
    await c.waitFrames(60);
    const broken = c.frames.filter((f) => {
      try {
        JSON.parse(f);
        return false;
      } catch {
        return true;
      }
    });
    expect(broken.length).toBeGreaterThanOrEqual(19);
    expect(c.kinds.get('sim_unknown_event') ?? 0).toBeGreaterThanOrEqual(19);
    const stats = s.stats().market[0];
    const sent = stats?.sent ?? [];
    // Each stream frame comes after one malformed and one unknown-event frame.
    for (let i = 0; i + 2 < Math.min(60, sent.length); i += 3)
      expect(sent.slice(i, i + 3).map((x) => x.tag)).toEqual(['malformed', 'unknown-event', 'live']);
    expect(stats?.faults.malformed).toBe(stats?.faults.unknownEvents);
  });

  /**
   * With a manual clock the model only moves when the test says so, so the book a client rebuilds
   * can be compared with the simulator's own once every frame has arrived.
   */
  async function rebuildsExactly(rates: Parameters<Simulator['control']['setFrameFaults']>[0]): Promise<{ c: TestClient; s: Simulator }> {
    const clock = new ManualClock(Date.UTC(2026, 10, 26, 10, 3, 0));
    const s = await boot({ clock });
    s.control.setFrameFaults(rates);
    const c = await market(s);
    await c.waitFrames(1);
    clock.advanceMs(2_000);
    const sentCount = (): number => s.stats().market[0]?.framesSent ?? 0;
    await c.waitFor(() => sentCount() > 100 && c.frames.length === sentCount(), 'every frame of 2 s of flow');
    const replica = new BookReplica();
    for (const f of c.frames) replica.applyFrame(f);
    expect(replica.mismatches).toEqual([]);
    for (const b of JSON.parse(c.frames[0] as string) as Json[]) {
      const id = String(b.asset_id);
      const served = s.bookOf(id) as { bids: Json[]; asks: Json[] };
      const asText = (levels: Json[]): string[] =>
        levels
          .map((l) => `${parseMicros(String(l.price))}:${parseMicros(String(l.size))}`)
          .sort((x, y) => Number(x.split(':')[0]) - Number(y.split(':')[0]));
      expect(replica.levels(id)).toEqual({ bids: asText(served.bids), asks: asText(served.asks) });
    }
    return { c, s };
  }

  it('legacy price_change carries every delta in the old one-asset format', async () => {
    const { c, s } = await rebuildsExactly({ legacyPriceChange: 1 });
    const deltas = c.events.filter((e) => e.event_type === 'price_change');
    expect(deltas.length).toBeGreaterThan(100);
    expect(deltas.every((e) => Array.isArray(e.changes) && e.price_changes === undefined && typeof e.asset_id === 'string')).toBe(true);
    expect(Object.keys(deltas[0] as Json)).toEqual(['event_type', 'asset_id', 'market', 'changes', 'hash', 'timestamp']);
    const stats = s.stats().market[0];
    expect(stats?.faults.legacyPriceChange).toBeGreaterThan(50);
    // Entries are counted once per delta delivered, whatever the format.
    const received = new Map<string, number>();
    for (const e of deltas) received.set(String(e.asset_id), (received.get(String(e.asset_id)) ?? 0) + (e.changes as Json[]).length);
    expect(stats?.priceChangeEntries).toEqual(Object.fromEntries(received));
  });

  it('empty-number price_change keeps its deltas but sends best_bid/best_ask as ""', async () => {
    const { c } = await rebuildsExactly({ emptyNumbers: 1 });
    const entries = c.events.filter((e) => e.event_type === 'price_change').flatMap((e) => e.price_changes as Json[]);
    expect(entries.length).toBeGreaterThan(100);
    expect(entries.every((x) => x.best_bid === '' && x.best_ask === '' && /^\d/.test(String(x.price)) && /^\d/.test(String(x.size)))).toBe(
      true,
    );
  });

  it('duplicates send a frame twice in a row; out-of-order swaps neighbours; every frame still arrives', async () => {
    const s = await boot();
    s.control.setFrameFaults({ duplicates: 1 });
    const dup = await market(s, false);
    await dup.waitFrames(40);
    for (let i = 0; i + 1 < 40; i += 2) expect(dup.frames[i + 1]).toBe(dup.frames[i]);
    s.control.clearFaults();
    s.control.setFrameFaults({ outOfOrder: 0.5 });
    const ooo = await market(s, false);
    await ooo.waitFor(() => (s.stats().market[1]?.faults.outOfOrder ?? 0) >= 5 && ooo.frames.length >= 60, 'reordered frames');
    const ts = ooo.events.map((e) => Number(e.timestamp));
    expect(ts.some((t, i) => i > 0 && t < (ts[i - 1] as number))).toBe(true);
    const sent = (s.stats().market[1]?.sent ?? []).map((x) => x.text);
    expect([...ooo.frames].sort()).toEqual([...sent.slice(0, ooo.frames.length)].sort());
  });
});

describe('REST faults and the control API', () => {
  it('answers 503 with Retry-After for a period, only under the given prefix, until cleared', async () => {
    const s = await boot();
    const id = s.control.markets()[0]?.upTokenId as string;
    const book = `${s.urls.POLY_CLOB_URL}/book?token_id=${id}`;
    expect((await fetch(book)).status).toBe(200);
    expect((await control(s, 'rest-fault?status=503&seconds=30&retry_after=2&path_prefix=/clob', post())).status).toBe(200);
    const failed = await fetch(book);
    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).toBe('2');
    expect((await fetch(`${s.urls.POLY_GAMMA_URL}/markets?slug=${s.control.markets()[0]?.slug}`)).status).toBe(200);
    await control(s, 'clear', post());
    expect((await fetch(book)).status).toBe(200);
  });

  it('fires http-429 from the SPEC, cuts a response mid-body, and delays responses', async () => {
    const s = await boot({ faults: 'http-429@0:30:1' });
    const ok = `${s.urls.POLY_CLOB_URL}/ok`;
    expect((await fetch(ok)).status).toBe(429);
    s.control.clearFaults();
    s.control.restDropNext('/clob');
    await expect(fetch(`${s.urls.POLY_CLOB_URL}/markets?next_cursor=MA==`).then((r) => r.text())).rejects.toThrow();
    expect((await fetch(ok)).status).toBe(200);
    s.control.restSlow(400, 30);
    const order: string[] = [];
    const slow = fetch(ok).then(() => order.push('rest'));
    const quick = control(s, 'markets').then(() => order.push('control'));
    await Promise.all([slow, quick]);
    expect(order).toEqual(['control', 'rest']);
  });

  it('serves stats, truth, books and markets, applies SPECs, and explains bad requests', async () => {
    const s = await boot({ binanceRate: 0 });
    const markets = (await (await control(s, 'markets')).json()) as Json[];
    expect(markets.map((m) => m.state).sort()).toEqual(['listed', 'live']);
    const id = String(markets[0]?.upTokenId);
    expect(((await (await control(s, `book?token_id=${id}`)).json()) as Json).asset_id).toBe(id);
    expect((await control(s, 'book?token_id=123')).status).toBe(404);
    expect(await (await control(s, 'truth')).json()).toEqual([]);
    const stats = (await (await control(s, 'stats')).json()) as Json;
    expect(Object.keys(stats)).toEqual(['startedAtMs', 'produced', 'binanceTrades', 'market', 'binance']);
    const b = await binance(s);
    expect((await control(s, 'faults', post('binance-shutdown@0.1'))).status).toBe(200);
    expect((await b.closed).code).toBe(1001);
    const bad = await control(s, 'faults', post('{"spec":"stall@1"}'));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as Json).error).toMatch(/Fault "stall@1" is missing its times/);
    expect((await control(s, 'stall', post())).status).toBe(400);
    expect((await control(s, 'rest-fault?status=404&seconds=1', post())).status).toBe(400);
    expect((await control(s, 'nothing', post())).status).toBe(404);
    expect((await control(s, 'drop')).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${s.port}/elsewhere`)).status).toBe(404);
  });
});
