/**
 * Replay mode: the captured crossing burst comes back frame for frame (exact text, order and
 * framing), at full speed or paced; NDJSON recordings replay both channels; bad files are refused
 * with a sentence naming the problem.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadRecording, startSimulator, type Simulator } from '../src/index.js';
import { TestClient } from './helpers/ws-client.js';

const BURST = new URL('./fixtures/ws_market_crossing_burst_2026-09.json', import.meta.url).pathname;
const burst = JSON.parse(readFileSync(BURST, 'utf8')) as Record<string, unknown>[];
const UP = '76670567130917723816490572615540605537878462672464291990940067659127658071111';
const DOWN = '54179564009642723353355316176091991063553046330768303687769988635499280029688';

let sims: Simulator[] = [];
const clients: TestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await Promise.all(sims.map((s) => s.close()));
  sims = [];
});

async function replay(file: string, speed: number | 'max'): Promise<Simulator> {
  const sim = await startSimulator({ replayFile: file, speed, recordSent: true });
  sims.push(sim);
  return sim;
}

async function client(url: string): Promise<TestClient> {
  const c = await TestClient.open(url);
  clients.push(c);
  return c;
}

describe('replay of the captured crossing burst', () => {
  it('reproduces every frame exactly, in order, at full speed', async () => {
    const sim = await replay(BURST, 'max');
    const c = await client(`${sim.urls.POLY_CLOB_WS_URL}/ws/market`);
    c.send({ assets_ids: [UP, DOWN], type: 'market' });
    await c.waitFrames(burst.length);
    expect(c.frames).toHaveLength(51);
    for (const [i, element] of burst.entries()) {
      // Each element was one frame: its compact JSON text, keys in the captured order.
      expect(c.frames[i]).toBe(JSON.stringify(element));
      expect(JSON.parse(c.frames[i] as string)).toEqual(element);
    }
    const stats = sim.stats().market[0];
    expect(stats?.priceChangeEntries).toEqual({ [UP]: 49, [DOWN]: 49 });
    expect(stats?.books).toEqual({ [UP]: 2 });
  });

  it('reproduces the same frames when paced (speed 200) and each subscriber gets its own playback', async () => {
    const sim = await replay(BURST, 200);
    const a = await client(`${sim.urls.POLY_CLOB_WS_URL}/ws/market`);
    a.send({ assets_ids: [UP, DOWN], type: 'market' });
    await a.waitFrames(10);
    const b = await client(`${sim.urls.POLY_CLOB_WS_URL}/ws/market`);
    b.send({ assets_ids: [], type: 'market' });
    await a.waitFrames(51);
    await b.waitFrames(51);
    const expected = burst.map((e) => JSON.stringify(e));
    expect(a.frames).toEqual(expected);
    expect(b.frames).toEqual(expected);
  });

  it('sends only the frames of the subscribed token when the subscription names one of the recording', async () => {
    const sim = await replay(BURST, 'max');
    const c = await client(`${sim.urls.POLY_CLOB_WS_URL}/ws/market`);
    c.send({ assets_ids: [DOWN], type: 'market' });
    await c.waitFrames(49);
    c.send('PING');
    await c.waitFor(() => c.frames.includes('PONG'), 'PONG');
    // The two books are for the Up token; every price_change carries both tokens.
    expect(c.frames.filter((f) => f !== 'PONG')).toEqual(burst.slice(1, 50).map((e) => JSON.stringify(e)));
  });
});

describe('NDJSON recordings', () => {
  const dir = mkdtempSync(join(tmpdir(), 'poly-sim-replay-'));

  it('replays market and Binance frames exactly as recorded', async () => {
    const market = [
      '{"event_type":"tick_size_change","asset_id":"1","market":"0x1","old_tick_size":"0.01","new_tick_size":"0.001","timestamp":"1790658661234"}',
      JSON.stringify(burst[1]),
    ];
    const binance = [
      '{"stream":"btcusdt@trade","data":{"e":"trade","E":1790658661300,"s":"BTCUSDT","t":1,"p":"65000.01000000","q":"0.00100000","T":1790658661299,"m":true,"M":true}}',
      '{"e":"serverShutdown","E":1790658661400}',
    ];
    const lines = [
      { received_at_ms: 1790658661234, channel: 'market', frame: market[0] },
      { received_at_ms: 1790658661300, channel: 'binance', frame: binance[0] },
      { received_at_ms: 1790658661350, channel: 'market', frame: market[1] },
      { received_at_ms: 1790658661400, channel: 'binance', frame: binance[1] },
    ];
    const file = join(dir, 'capture.ndjson');
    writeFileSync(file, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    const sim = await replay(file, 10);
    const m = await client(`${sim.urls.POLY_CLOB_WS_URL}/ws/market`);
    const b = await client(`${sim.urls.BINANCE_WS_URL}/ws/btcusdt@trade`);
    m.send({ assets_ids: [], type: 'market' });
    await m.waitFrames(2);
    await b.waitFrames(2);
    expect(m.frames).toEqual(market);
    expect(b.frames).toEqual(binance);
  });

  it('refuses files it cannot replay, naming the line and the fix', () => {
    const cases: [string, RegExp][] = [
      ['{"received_at_ms":1,"channel":"market","frame":"x"}\nnot json\n', /line 2 is not JSON/],
      ['{"received_at_ms":"1","channel":"market","frame":"x"}\n', /line 1 has no numeric received_at_ms/],
      ['{"received_at_ms":1,"channel":"user","frame":"x"}\n', /line 1 has channel "user".*Use "market" or "binance"/],
      ['{"received_at_ms":1,"channel":"market"}\n', /line 1 has no frame string/],
      ['\n\n', /holds no frames/],
      ['[{"event_type":"book"}', /not valid JSON/],
    ];
    for (const [i, [content, message]] of cases.entries()) {
      const file = join(dir, `bad-${i}.ndjson`);
      writeFileSync(file, content);
      expect(() => loadRecording(file)).toThrow(message);
    }
    expect(() => loadRecording(join(dir, 'missing.ndjson'))).toThrow(/cannot be read.*Check the path/);
  });
});
