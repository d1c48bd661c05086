/**
 * The simulator's one HTTP server on 127.0.0.1: every service under its own path prefix
 * (DESIGN.md): REST (`/gamma`, `/clob`, `/data-api`) via the REST handler, `/_control/*`, and the
 * WebSocket upgrades `/clob-ws/ws/market` and `/binance/...`. Anything else is a JSON 404 that
 * lists where the services live.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { BinanceChannel } from './ws/binance-channel.js';
import type { MarketChannel } from './ws/market-channel.js';

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => boolean;

export interface ServerParts {
  readonly rest: Handler;
  readonly control: Handler;
  readonly market: MarketChannel;
  readonly binance: BinanceChannel;
}

export const MARKET_WS_PATH = '/clob-ws/ws/market';
const SERVICES = 'services live under /gamma, /clob, /data-api, /clob-ws/ws/market, /binance/ws, /binance/stream and /_control';

function notFound(res: ServerResponse, path: string): void {
  const body = JSON.stringify({ error: `Not found: nothing is simulated at ${path} (${SERVICES}).` });
  res.writeHead(404, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function refuseUpgrade(socket: Duplex, path: string): void {
  const body = JSON.stringify({ error: `No WebSocket endpoint at ${path} (${SERVICES}).` });
  socket.end(
    `HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

export function createSimServer(parts: ServerParts): Server {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (parts.rest(req, res, url) || parts.control(req, res, url)) return;
    notFound(res, url.pathname);
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === MARKET_WS_PATH) return parts.market.handleUpgrade(req, socket, head);
    if (url.pathname.startsWith('/binance/')) return parts.binance.handleUpgrade(req, socket, head, url);
    refuseUpgrade(socket, url.pathname);
  });
  return server;
}
