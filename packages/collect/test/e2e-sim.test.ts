/**
 * End to end: `poly-collect` (the built CLI, a separate process) against `poly-sim` (in this
 * process, so the test can read exactly what it sent) for BTC+ETH+SOL with the embedded store,
 * across a window boundary. Then, from the store: every delta sent is stored exactly once; books
 * rebuilt from stored snapshots + deltas equal the simulator's books; spot trades complete;
 * market_windows right across the boundary; zero book mismatches.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMicros } from '@polymarket-arb/domain';
import { openStore, type Store } from '@polymarket-arb/common';
import { loadRecording, startSimulator, type Simulator } from '@polymarket-arb/sim';
import { exportRawFrames } from '../src/export-raw.js';

const CLI = fileURLToPath(new URL('../bin/poly-collect.js', import.meta.url));
const RUN_SECONDS = 24;

type Level = { price: string; size: string };
type Book = { bids: Level[]; asks: Level[] };

describe('poly-collect against poly-sim, end to end', () => {
  const dir = mkdtempSync(join(tmpdir(), 'poly-e2e-'));
  let sim: Simulator;
  let store: Store;
  let simBooksAtStall: Map<string, Book>;
  let exitCode: number | null;
  let stderr = '';
  let boundaryMs: number;
  let healthz: { status: number; body: Record<string, unknown> };
  let metrics: string;

  beforeAll(async () => {
    // The simulated clock starts 10 s before a window boundary, so the run crosses it.
    boundaryMs = Math.ceil(Date.now() / 900_000) * 900_000 + 900_000;
    sim = await startSimulator({
      seed: 11,
      assets: 'BTC,ETH,SOL',
      rate: 150,
      binanceRate: 8,
      startTimeMs: boundaryMs - 10_000,
      recordSent: true,
    });
    const healthPort = await freePort();
    const child = spawn(
      process.execPath,
      [
        CLI,
        '--assets',
        'BTC,ETH,SOL',
        '--data-dir',
        join(dir, 'data'),
        '--duration',
        String(RUN_SECONDS),
        '--log-format',
        'json',
        '--health-port',
        String(healthPort),
      ],
      {
        env: { ...process.env, ...sim.urls, POLY_LOG_LEVEL: 'info' },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    await new Promise((r) => setTimeout(r, 15_000));
    const h = await fetch(`http://127.0.0.1:${healthPort}/healthz`);
    healthz = { status: h.status, body: (await h.json()) as Record<string, unknown> };
    metrics = await (await fetch(`http://127.0.0.1:${healthPort}/metrics`)).text();
    // Freeze what clients receive 3 s before the collector stops, and note the books as sent.
    await new Promise((r) => setTimeout(r, (RUN_SECONDS - 3 - 15) * 1000));
    sim.control.stall(30);
    simBooksAtStall = new Map(
      sim.control
        .markets()
        .flatMap((m) => [m.upTokenId, m.downTokenId])
        .map((t) => [t, sim.control.book(t) as unknown as Book])
        .filter(([, b]) => b !== undefined) as [string, Book][],
    );
    exitCode = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    store = await openStore({ dataDir: join(dir, 'data') });
  }, 90_000);

  afterAll(async () => {
    await store?.close();
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs and shuts down cleanly on --duration', () => {
    expect(exitCode, stderr.slice(-2000)).toBe(0);
    expect(stderr).toContain('all buffers flushed');
  });

  it('serves /healthz and /metrics while collecting', () => {
    expect(healthz.status).toBe(200);
    expect(healthz.body).toMatchObject({ status: 'ok', clob: { state: 'open' }, binance: { state: 'open' } });
    expect((healthz.body.clob as { lastMessageAgeMs: number }).lastMessageAgeMs).toBeLessThan(5000);
    expect(metrics).toMatch(/^poly_collect_up 1$/m);
    expect(metrics).toMatch(/^poly_collect_rows_written_total\{table="orderbook_deltas"\} [1-9]\d*$/m);
    expect(metrics).toMatch(/^poly_collect_book_mismatches_total 0$/m);
    expect(metrics).toMatch(/^# TYPE poly_collect_reconnects_total counter$/m);
  });

  it('stores every delta the simulator sent exactly once', async () => {
    const sent = new Map<string, number>();
    const collectorConnections = sim.stats().market;
    expect(collectorConnections.length).toBeGreaterThanOrEqual(1);
    for (const conn of collectorConnections) {
      for (const frame of conn.sent ?? []) {
        if ((frame.tag !== 'live' && frame.tag !== 'dump' && frame.tag !== 'reply') || frame.text === 'PONG') continue;
        const events = ([] as unknown[]).concat(JSON.parse(frame.text));
        for (const e of events as {
          event_type: string;
          timestamp: string;
          price_changes?: { asset_id: string; price: string; size: string; side: string; hash: string }[];
        }[]) {
          for (const c of e.price_changes ?? []) {
            const key = [c.asset_id, parseMicros(c.price), parseMicros(c.size), c.side === 'BUY' ? 'bid' : 'ask', c.hash, e.timestamp].join(
              '|',
            );
            sent.set(key, (sent.get(key) ?? 0) + 1);
          }
        }
      }
    }
    const rows = await store.queryRows<{ token_id: string; price: string; size: string; book_side: string; hash: string; ts: string }>(
      'SELECT token_id, price, size, book_side, hash, toString(toUnixTimestamp64Milli(timestamp)) AS ts FROM orderbook_deltas',
    );
    const stored = new Map<string, number>();
    for (const r of rows) {
      const key = [r.token_id, parseMicros(r.price), parseMicros(r.size), r.book_side, r.hash, r.ts].join('|');
      stored.set(key, (stored.get(key) ?? 0) + 1);
    }
    expect(sent.size).toBeGreaterThan(1000);
    expect(rows.length).toBe([...sent.values()].reduce((a, b) => a + b, 0));
    expect(stored).toEqual(sent);
  });

  it('rebuilds books from stored snapshots + deltas that equal the simulator books', async () => {
    let compared = 0;
    for (const [token, simBook] of simBooksAtStall) {
      const snap = await store.queryRows<{ bids: Level[]; asks: Level[]; seq: string }>(
        "SELECT bids, asks, toString(ingest_seq) AS seq FROM orderbook_snapshots WHERE token_id = {t:String} AND source = 'ws_book' ORDER BY ingest_seq DESC LIMIT 1",
        { t: token },
      );
      if (snap.length === 0) continue; // a window listed after the collector's last discovery
      const base = snap[0] as { bids: Level[]; asks: Level[]; seq: string };
      const book = { bid: new Map<number, number>(), ask: new Map<number, number>() };
      for (const l of base.bids) book.bid.set(parseMicros(l.price), parseMicros(l.size));
      for (const l of base.asks) book.ask.set(parseMicros(l.price), parseMicros(l.size));
      const deltas = await store.queryRows<{ price: string; size: string; book_side: 'bid' | 'ask' }>(
        'SELECT price, size, book_side FROM orderbook_deltas WHERE token_id = {t:String} AND ingest_seq > {s:UInt64} ORDER BY ingest_seq, entry_index',
        { t: token, s: base.seq },
      );
      for (const d of deltas) {
        const size = parseMicros(d.size);
        if (size === 0) book[d.book_side].delete(parseMicros(d.price));
        else book[d.book_side].set(parseMicros(d.price), size);
      }
      const asMap = (levels: Level[]) => new Map(levels.map((l) => [parseMicros(l.price), parseMicros(l.size)]));
      expect(book.bid, `bids of ${token}`).toEqual(asMap(simBook.bids));
      expect(book.ask, `asks of ${token}`).toEqual(asMap(simBook.asks));
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(6);
  });

  it('records every Binance trade sent, with consecutive trade ids', async () => {
    const sentBySymbol = new Map<string, number>();
    for (const conn of sim.stats().binance)
      for (const [stream, n] of Object.entries(conn.byKind))
        sentBySymbol.set(stream.split('@')[0]!.toUpperCase(), (sentBySymbol.get(stream.split('@')[0]!.toUpperCase()) ?? 0) + n);
    const rows = await store.queryRows<{ symbol: string; n: string; span: string }>(
      'SELECT symbol, toString(count()) AS n, toString(max(trade_id) - min(trade_id) + 1) AS span FROM spot_prices GROUP BY symbol ORDER BY symbol',
    );
    expect(rows.map((r) => r.symbol)).toEqual(['BTCUSDT', 'ETHUSDT', 'SOLUSDT']);
    for (const r of rows) {
      expect(r.n, r.symbol).toBe(r.span);
      expect(Number(r.n), r.symbol).toBe(sentBySymbol.get(r.symbol));
      expect(Number(r.n)).toBeGreaterThan(50);
    }
  });

  it('records market_windows right across the window boundary', async () => {
    const rows = await store.queryRows<{
      slug: string;
      asset: string;
      yes_token_id: string;
      no_token_id: string;
      condition_id: string;
      ws: string;
      we: string;
      fee_rate: string;
    }>(
      'SELECT slug, asset, yes_token_id, no_token_id, condition_id, toString(toUnixTimestamp(window_start)) AS ws, toString(toUnixTimestamp(window_end)) AS we, fee_rate FROM market_windows FINAL ORDER BY window_start, asset',
    );
    const boundary = boundaryMs / 1000;
    for (const asset of ['btc', 'eth', 'sol']) {
      // current window at start, two ahead, and the one listed-ahead window found after the boundary
      for (const start of [boundary - 900, boundary, boundary + 900, boundary + 1800]) {
        const row = rows.find((r) => r.slug === `${asset}-updown-15m-${start}`);
        expect(row, `${asset} ${start}`).toBeDefined();
        expect(Number(row?.we) - Number(row?.ws)).toBe(900);
        expect(Number(row?.ws)).toBe(start);
      }
    }
    const simMarkets = new Map(sim.control.markets().map((m) => [m.slug, m]));
    let matched = 0;
    for (const r of rows) {
      const m = simMarkets.get(r.slug);
      if (!m) continue;
      expect(r.yes_token_id).toBe(m.upTokenId);
      expect(r.no_token_id).toBe(m.downTokenId);
      expect(r.condition_id).toBe(m.conditionId);
      matched++;
    }
    expect(matched).toBeGreaterThanOrEqual(6);
    expect(new Set(rows.map((r) => r.fee_rate))).toEqual(new Set(['0.07']));
  });

  it('exports the raw frames as a recording poly-sim replays byte for byte', async () => {
    const file = join(dir, 'recording.ndjson');
    const frames = await exportRawFrames({ store, startMs: 0, endMs: Date.now() + 3_600_000, source: 'all', out: file });
    const recording = loadRecording(file);
    const stored = await store.queryRows<{ frame: string }>(
      "SELECT frame FROM raw_frames WHERE source = 'clob' ORDER BY received_at, ingest_seq",
    );
    expect(frames).toBe(recording.market.length + recording.binance.length);
    expect(recording.market.map((f) => f.text)).toEqual(stored.map((r) => r.frame));
    expect(recording.binance.length).toBeGreaterThan(50);
  });

  it('saw zero book mismatches and recorded no gaps on a clean run', async () => {
    const kinds = await store.queryRows<{ kind: string; n: string }>(
      'SELECT kind, toString(count()) AS n FROM collector_events GROUP BY kind',
    );
    expect(kinds.find((k) => k.kind === 'book_mismatch')).toBeUndefined();
    expect(kinds.find((k) => k.kind === 'start')?.n).toBe('1');
    expect(kinds.find((k) => k.kind === 'stop')?.n).toBe('1');
    expect(await store.queryRows('SELECT * FROM collector_gaps')).toEqual([]);
    const raw = await store.queryRows<{ status: string; n: string }>(
      "SELECT parse_status AS status, toString(count()) AS n FROM raw_frames WHERE source = 'clob' GROUP BY status",
    );
    expect(raw.map((r) => r.status)).toEqual(['ok']);
  });
});

/** A port free right now (the OS picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}
