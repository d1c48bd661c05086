/**
 * Binance streams over real sockets: raw and combined framing, live SUBSCRIBE / UNSUBSCRIBE /
 * LIST_SUBSCRIPTIONS / properties with their replies and error messages, trade ids and prices
 * that follow the catalog's spot path, server pings and the pong deadline, the 5 messages per
 * second limit, and serverShutdown.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator, type SimulatorOptions } from '../src/index.js';
import { TestClient } from './helpers/ws-client.js';

type Json = Record<string, unknown>;

let sim: Simulator | undefined;
const clients: TestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await sim?.close();
  sim = undefined;
});

async function boot(options: SimulatorOptions = {}): Promise<Simulator> {
  sim = await startSimulator({ seed: 9, rate: 0, binanceRate: 40, startTimeMs: Date.UTC(2026, 10, 26, 9, 0, 0), ...options });
  return sim;
}

async function open(path: string, options = {}): Promise<TestClient> {
  if (!sim) throw new Error('boot first');
  const c = await TestClient.open(`${sim.urls.BINANCE_WS_URL}${path}`, options);
  clients.push(c);
  return c;
}

const trades = (c: TestClient): Json[] => c.events.filter((e) => e.e === 'trade');

describe('Binance trade streams', () => {
  it('raw payloads follow the spot path with consecutive trade ids', async () => {
    const s = await boot();
    const c = await open('/ws/btcusdt@trade');
    await c.waitFor(() => trades(c).length >= 20, '20 trades');
    const list = trades(c);
    for (const [i, t] of list.entries()) {
      expect(t.s).toBe('BTCUSDT');
      if (i > 0) expect(t.t).toBe((list[i - 1]?.t as number) + 1);
      // The price is the catalog's spot at the trade time, on the 0.01 tick.
      const spot = s.catalog.spotAt('BTC', t.T as number);
      expect(Math.abs(Number(t.p) - spot)).toBeLessThanOrEqual(0.005 + 1e-9);
      expect(t.p).toMatch(/^\d+\.\d{2}000000$/);
      expect(Number(t.q)).toBeGreaterThan(0);
    }
  });

  it('combined streams wrap payloads; SUBSCRIBE, UNSUBSCRIBE, LIST_SUBSCRIPTIONS and properties answer as Binance does', async () => {
    await boot();
    const c = await open('/stream?streams=ethusdt@trade');
    await c.waitFor(() => c.frames.length >= 2, 'ETH trades');
    c.send({ method: 'SUBSCRIBE', params: ['solusdt@trade', 'xrpusdt@trade'], id: 1 });
    await c.waitFor(() => c.frames.includes('{"result":null,"id":1}'), 'the SUBSCRIBE reply');
    c.send({ method: 'LIST_SUBSCRIPTIONS', id: 'list-2' });
    await c.waitFor(() => c.frames.some((f) => f.includes('"id":"list-2"')), 'the list');
    const list = JSON.parse(c.frames.find((f) => f.includes('"id":"list-2"')) as string) as { result: string[] };
    expect(list.result.sort()).toEqual(['ethusdt@trade', 'solusdt@trade', 'xrpusdt@trade']);
    await c.waitFor(() => c.events.some((e) => e.stream === 'xrpusdt@trade'), 'XRP trades');
    const xrp = c.events.find((e) => e.stream === 'xrpusdt@trade') as { data: Json };
    expect(xrp.data.s).toBe('XRPUSDT');
    expect(xrp.data.p).toMatch(/^\d+\.\d{4}0000$/);
    c.send({ method: 'UNSUBSCRIBE', params: ['ethusdt@trade', 'solusdt@trade', 'xrpusdt@trade'], id: 3 });
    await c.waitFor(() => c.frames.includes('{"result":null,"id":3}'), 'the UNSUBSCRIBE reply');
    c.send({ method: 'GET_PROPERTY', params: ['combined'], id: 4 });
    await c.waitFor(() => c.frames.includes('{"result":true,"id":4}'), 'GET_PROPERTY');
    const quietFrom = c.frames.length;
    c.send({ method: 'LIST_SUBSCRIPTIONS', id: 5 });
    await c.waitFor(() => c.frames.includes('{"result":[],"id":5}'), 'an empty list');
    expect(c.frames.slice(quietFrom)).toEqual(['{"result":[],"id":5}']);
  });

  it('SET_PROPERTY combined switches the framing of a raw connection', async () => {
    await boot();
    const c = await open('/ws/ethusdt@trade');
    await c.waitFor(() => trades(c).length >= 1, 'a raw trade');
    c.send({ method: 'SET_PROPERTY', params: ['combined', true], id: 7 });
    await c.waitFor(() => c.frames.includes('{"result":null,"id":7}'), 'the reply');
    const from = c.frames.indexOf('{"result":null,"id":7}');
    await c.waitFor(() => c.frames.length > from + 2, 'more trades');
    expect(JSON.parse(c.frames[from + 1] as string)).toMatchObject({ stream: 'ethusdt@trade', data: { e: 'trade' } });
  });

  it('answers malformed requests with the documented error messages', async () => {
    await boot({ binanceRate: 0 });
    const c = await open('/ws');
    const asks: [string, string][] = [
      ['{"method":', '{"code":3,"msg":"Invalid JSON: expected value at line 1 column 1"}'],
      ['{"params":[],"id":1}', '{"code":2,"msg":"Invalid request: missing field `method` at line 1 column 1"}'],
      [
        '{"method":"SUBSCRIBE","params":["btcusdt@trade"],"id":{"x":1}}',
        '{"code":2,"msg":"Invalid request: request ID must be an unsigned integer"}',
      ],
      ['{"method":"SET_PROPERTY","params":["colour",true],"id":2}', '{"code":0,"msg":"Unknown property","id":2}'],
    ];
    for (const [request, reply] of asks) {
      const before = c.frames.length;
      c.send(request);
      await c.waitFor(() => c.frames.length > before, `a reply to ${request}`);
      expect(c.frames[before]).toBe(reply);
      // Stay under 5 messages per second.
      await new Promise((r) => setTimeout(r, 250));
    }
    const before = c.frames.length;
    c.send('{"method":"SUBSCRIBEE","params":[],"id":3}');
    await c.waitFor(() => c.frames.length > before, 'a reply');
    expect(JSON.parse(c.frames[before] as string)).toMatchObject({ code: 2, id: 3 });
    expect(c.frames[before]).toContain('Invalid request: unknown variant');
  });

  it('refuses an invalid stream path with HTTP 400', async () => {
    await boot();
    await expect(open('/ws/btc usdt@trade')).rejects.toThrow(/HTTP 400/);
    await expect(open('/nowhere')).rejects.toThrow(/HTTP 400/);
  });
});

describe('Binance connection limits', () => {
  it('disconnects a client sending more than 5 messages in a second', async () => {
    await boot({ binanceRate: 0 });
    const c = await open('/ws');
    for (let i = 1; i <= 6; i++) c.send({ method: 'LIST_SUBSCRIPTIONS', id: i });
    const closed = await c.closed;
    expect(closed.code).toBe(1008);
    expect(c.frames.filter((f) => f.startsWith('{"result"'))).toHaveLength(5);
  });

  it('pings every interval, and drops a client that does not answer', async () => {
    await boot({ binanceRate: 0, binancePingMs: 250, binancePongTimeoutMs: 600 });
    const polite = await open('/ws/btcusdt@trade');
    const silent = await open('/ws/btcusdt@trade', { autoPong: false });
    await polite.waitFor(() => polite.pings.length >= 3, 'three pings');
    const closed = await silent.closed;
    expect(closed.code).toBe(1006);
    expect(silent.pings.length).toBeGreaterThanOrEqual(1);
    await polite.waitFor(() => polite.pings.length >= 6, 'pings keep coming to a client that answers');
    // Its pongs count towards the 5 messages a second, but 4 a second is within the limit.
    expect(sim?.stats().binance.find((x) => x.closeReason === undefined)).toBeDefined();
    const stats = sim?.stats().binance ?? [];
    expect(stats.find((x) => x.closeReason === 'no pong within the timeout')).toBeDefined();
  });

  it('sends serverShutdown, raw and combined, then closes', async () => {
    const s = await boot();
    const raw = await open('/ws/btcusdt@trade');
    const combined = await open('/stream?streams=btcusdt@trade');
    await raw.waitFrames(1);
    expect(s.control.binanceShutdown()).toBe(2);
    expect((await raw.closed).code).toBe(1001);
    expect((await combined.closed).code).toBe(1001);
    expect(JSON.parse(raw.frames[raw.frames.length - 1] as string)).toMatchObject({ e: 'serverShutdown' });
    expect(JSON.parse(combined.frames[combined.frames.length - 1] as string)).toMatchObject({
      stream: '!serverShutdown',
      data: { e: 'serverShutdown' },
    });
  });
});
