/**
 * What stopping a socket reads: it keeps reading what the server sent before it confirmed the
 * close (the backlog of a reader that fell behind); a close the server never answers is cut, after
 * a silence, or at the cap while frames still arrive.
 */
import { setTimeout as sleepMs } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '@polymarket-arb/domain';
import { startSimulator, type Simulator } from '@polymarket-arb/sim';
import { WebSocketServer, type WebSocket } from 'ws';
import { ReconnectingSocket } from '../src/ws/reconnecting-socket.js';
import { quiet } from './helpers.js';

function socketTo(
  url: string,
  frames: string[],
  onOpen: (s: ReconnectingSocket) => void = () => undefined,
  options: { closeIdleMs?: number; closeCapMs?: number } = {},
): ReconnectingSocket {
  return new ReconnectingSocket({
    url,
    name: 'test',
    clock: systemClock,
    logger: quiet,
    onOpen,
    onFrame: (data) => frames.push(data.toString()),
    ...options,
  });
}

describe('ReconnectingSocket.stop', () => {
  let sim: Simulator | undefined;
  let deaf: WebSocketServer | undefined;
  async function closeDeaf(): Promise<void> {
    const server = deaf;
    deaf = undefined;
    server?.clients.forEach((c) => c.terminate());
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  }
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
    await closeDeaf();
  });

  it('reads every frame poly-sim sent before it confirmed the close', async () => {
    sim = await startSimulator({ seed: 3, assets: 'BTC', rate: 2000, binanceRate: 0, recordSent: true });
    const live = sim.control.markets().find((m) => m.state === 'live');
    const frames: string[] = [];
    const socket = socketTo(`${sim.urls.POLY_CLOB_WS_URL}/ws/market`, frames, (s) =>
      s.send(JSON.stringify({ assets_ids: [live?.upTokenId, live?.downTokenId], type: 'market' })),
    );
    socket.start();
    while (frames.length < 200) await sleepMs(20);
    await socket.stop();
    expect(socket.closeCut).toBe('');
    expect(frames).toEqual((sim.stats().market[0]?.sent ?? []).map((f) => f.text));
  });

  /** A server that never reads again once a client connected (so never sees the close), sending every `everyMs`. */
  async function deafServer(everyMs: number | undefined): Promise<string> {
    deaf = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    deaf.on('connection', (ws: WebSocket) => {
      (ws as unknown as { _socket: { pause(): void } })._socket.pause();
      if (everyMs === undefined) return;
      const timer = setInterval(() => ws.send('{"event_type":"tick"}'), everyMs);
      ws.on('close', () => clearInterval(timer));
    });
    await new Promise((resolve) => deaf?.once('listening', resolve));
    return `ws://127.0.0.1:${(deaf.address() as { port: number }).port}`;
  }

  it('cuts a close the server never answers: after a silence, or at the cap while frames keep coming', async () => {
    const silent: string[] = [];
    const quietSocket = socketTo(await deafServer(undefined), silent, () => undefined, { closeIdleMs: 200, closeCapMs: 5000 });
    quietSocket.start();
    while (quietSocket.state !== 'open') await sleepMs(10);
    await quietSocket.stop();
    expect(quietSocket.closeCut).toBe('idle');
    await closeDeaf();

    const busy: string[] = [];
    const busySocket = socketTo(await deafServer(10), busy, () => undefined, { closeIdleMs: 200, closeCapMs: 600 });
    busySocket.start();
    while (busy.length < 5) await sleepMs(10);
    const before = busy.length;
    await busySocket.stop();
    expect(busySocket.closeCut).toBe('cap');
    expect(busy.length, 'frames read while waiting for the close').toBeGreaterThan(before + 10);
  });
});
