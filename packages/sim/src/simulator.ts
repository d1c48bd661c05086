/**
 * `startSimulator(options)`: wires the catalog, the live market model, the Binance feed, the
 * WebSocket channels, the REST handler, faults and the control surface onto one HTTP server, runs
 * the model on the injected clock, and returns the handle tests and the CLI use.
 */
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { formatMicros, type Clock } from '@polymarket-arb/domain';
import { silentLogger, type Logger } from '@polymarket-arb/common';
import { createControlHandler, type MarketInfo, type SimControl, type SimStats } from './control.js';
import { FaultScheduler, FaultState, parseFaultSpec, type FaultTargets } from './faults.js';
import { Catalog } from './market/catalog-port.js';
import type { TruthEpisode } from './market/episodes.js';
import { MarketEngine } from './market/engine.js';
import type { MarketFrame } from './market/frames.js';
import type { LiveMarket } from './market/live-market.js';
import { TruthLog } from './market/truth-log.js';
import { resolveOptions, type SimulatorOptions } from './options.js';
import { loadRecording, type Recording } from './replay.js';
import { createRestHandler, RestFaults } from './rest/index.js';
import { createSimServer } from './server.js';
import { BinanceChannel } from './ws/binance-channel.js';
import { BinanceFeed } from './ws/binance-feed.js';
import { MarketChannel } from './ws/market-channel.js';
import { StatsRegistry } from './ws/stats.js';
import { PortInUseError } from './errors.js';

/** Base URLs, under the same keys the other CLIs read (clients append `/ws/market` etc.). */
export interface SimulatorUrls {
  readonly POLY_GAMMA_URL: string;
  readonly POLY_CLOB_URL: string;
  readonly POLY_CLOB_WS_URL: string;
  readonly POLY_DATA_API_URL: string;
  readonly BINANCE_WS_URL: string;
}

export interface Simulator {
  readonly port: number;
  readonly urls: SimulatorUrls;
  readonly catalog: Catalog;
  readonly clock: Clock;
  readonly control: SimControl;
  /** Episodes injected so far (the ground truth). */
  truth(): readonly TruthEpisode[];
  stats(): SimStats;
  /** A token's live book in the CLOB REST `OrderBookSummary` shape, or undefined. */
  bookOf(tokenId: string): Record<string, unknown> | undefined;
  /** Stop serving: close every connection and the server. */
  close(): Promise<void>;
}

/** The model runs on a short timer; each tick runs everything due on the clock. */
const TICK_MS = 5;
const TICK_BUDGET = 20_000;

function marketInfo(m: LiveMarket, nowMs: number): MarketInfo {
  const s = m.market;
  const state = m.resolved ? 'resolved' : m.ended ? 'ended' : nowMs >= s.windowStart * 1000 ? 'live' : 'listed';
  return {
    asset: s.asset,
    slug: s.slug,
    conditionId: s.conditionId,
    upTokenId: s.yesTokenId,
    downTokenId: s.noTokenId,
    windowStart: s.windowStart,
    windowEnd: s.windowEnd,
    state,
    tickSize: formatMicros(m.tickSize),
  };
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const o = resolveOptions(options);
  const logger: Logger = options.logger ?? silentLogger();
  const faultItems = parseFaultSpec(o.faults);
  const recording: Recording | undefined = o.replayFile === undefined ? undefined : loadRecording(o.replayFile);
  const clock = o.clock;
  const catalog = new Catalog({ seed: o.seed });
  const truth = new TruthLog(o.truthFile);
  const faults = new FaultState();
  const restFaults = new RestFaults(clock);
  const registry = new StatsRegistry();
  const produced: Record<string, number> = {};
  let binanceTrades = 0;

  // In replay mode the model still runs (REST books), but still and without episodes.
  const engine: MarketEngine = new MarketEngine({
    catalog,
    seed: o.seed,
    assets: o.assets,
    rate: recording ? 0 : o.rate,
    episodes: recording ? { ...o.episodes, count: 0 } : o.episodes,
    truth,
    sink: (frame: MarketFrame) => {
      produced[frame.kind] = (produced[frame.kind] ?? 0) + 1;
      market.broadcast(frame);
    },
    warn: (message) => logger.warn(message),
  });
  const market: MarketChannel = new MarketChannel({
    books: engine,
    clock,
    faults,
    stats: registry,
    seed: o.seed,
    recordSent: o.recordSent,
    logger,
    ...(recording ? { replay: { recording, speed: o.speed } } : {}),
  });
  const binanceReplay = recording && recording.binance.length > 0 ? { frames: recording.binance, speed: o.speed } : undefined;
  const binance = new BinanceChannel({
    clock,
    faults,
    stats: registry,
    recordSent: o.recordSent,
    logger,
    pingIntervalMs: o.binancePingMs,
    pongTimeoutMs: o.binancePongTimeoutMs,
    ...(binanceReplay ? { replay: binanceReplay } : {}),
  });
  const feed = new BinanceFeed(catalog, o.seed, binanceReplay ? 0 : o.binanceRate, (trade) => {
    binanceTrades++;
    binance.broadcast(trade);
  });

  const targets: FaultTargets = {
    state: faults,
    rest: restFaults,
    dropAll: () => market.dropAll() + binance.dropAll(),
    binanceShutdown: () => binance.shutdown(),
  };
  const scheduler = new FaultScheduler(targets);
  const startedAtMs = clock.nowMs();
  const control = createControl({
    targets,
    scheduler,
    engine,
    truth,
    clock,
    stats: () => ({ startedAtMs, produced: { ...produced }, binanceTrades, registry }),
  });

  const rest = createRestHandler({
    catalog,
    books: { bookSummary: (id) => engine.bookSummary(id, clock.nowMs()) },
    clock,
    faults: restFaults,
  });
  const server = createSimServer({ rest, control: createControlHandler(control), market, binance });
  // The model exists before the first client can connect.
  engine.start(startedAtMs);
  feed.start(startedAtMs);
  await listen(server, o.port);
  const port = (server.address() as AddressInfo).port;
  const runner = startRunner(clock, engine, feed);
  scheduler.apply(faultItems);
  logger.info({ port, seed: o.seed, assets: o.assets, rate: o.rate, replay: o.replayFile }, 'poly-sim listening');

  const base = `127.0.0.1:${port}`;
  const urls: SimulatorUrls = {
    POLY_GAMMA_URL: `http://${base}/gamma`,
    POLY_CLOB_URL: `http://${base}/clob`,
    POLY_CLOB_WS_URL: `ws://${base}/clob-ws`,
    POLY_DATA_API_URL: `http://${base}/data-api`,
    BINANCE_WS_URL: `ws://${base}/binance`,
  };
  let closing: Promise<void> | undefined;
  return {
    port,
    urls,
    catalog,
    clock,
    control,
    truth: () => truth.all(),
    stats: () => control.stats(),
    bookOf: (tokenId) => control.book(tokenId),
    close: () => {
      closing ??= (async () => {
        runner.stop();
        scheduler.cancel();
        await Promise.all([market.close(), binance.close()]);
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      })();
      return closing;
    },
  };
}

async function listen(server: Server, port: number): Promise<void> {
  server.listen(port, '127.0.0.1');
  try {
    await once(server, 'listening');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      throw new PortInUseError(`Port ${port} on 127.0.0.1 is already in use.`, { hint: 'Choose another --port, or 0 for a free one.' });
    if (code === 'EACCES')
      throw new PortInUseError(`Port ${port} needs privileges this process does not have.`, {
        hint: 'Use a port above 1023, or 0 for a free one.',
      });
    throw err;
  }
}

interface ControlParts {
  readonly targets: FaultTargets;
  readonly scheduler: FaultScheduler;
  readonly engine: MarketEngine;
  readonly truth: TruthLog;
  readonly clock: Clock;
  readonly stats: () => { startedAtMs: number; produced: Record<string, number>; binanceTrades: number; registry: StatsRegistry };
}

/** The fault, stats and truth methods of the library API (and of `/_control/*`). */
function createControl(p: ControlParts): SimControl {
  const { targets, scheduler, engine, clock } = p;
  return {
    dropConnections: () => targets.dropAll(),
    stall: (seconds) => targets.state.stall(seconds * 1000),
    delay: (ms, seconds) => targets.state.delay(ms, seconds * 1000),
    applyFaults: (spec) => scheduler.apply(parseFaultSpec(spec)),
    setFrameFaults: (rates) => {
      targets.state.rates = { ...targets.state.rates, ...rates };
    },
    restFail: (status, seconds, retryAfterSec, pathPrefix) => targets.rest.failWith(status, seconds * 1000, retryAfterSec, pathPrefix),
    restSlow: (delayMs, seconds) => targets.rest.slow(delayMs, seconds * 1000),
    restDropNext: (pathPrefix) => targets.rest.dropNextResponse(pathPrefix),
    binanceShutdown: () => targets.binanceShutdown(),
    clearFaults: () => {
      scheduler.cancel();
      targets.state.clear();
      targets.rest.clear();
    },
    stats: () => {
      const { startedAtMs, produced, binanceTrades, registry } = p.stats();
      const all = registry.list();
      return {
        startedAtMs,
        produced,
        binanceTrades,
        market: all.filter((s) => s.channel === 'market'),
        binance: all.filter((s) => s.channel === 'binance'),
      };
    },
    truth: () => p.truth.all(),
    book: (tokenId) => engine.bookSummary(tokenId, clock.nowMs()),
    markets: () => engine.allMarkets().map((m) => marketInfo(m, clock.nowMs())),
  };
}

/** Drive the model and the Binance feed on the clock, catching up in slices when behind. */
function startRunner(clock: Clock, engine: MarketEngine, feed: BinanceFeed): { stop(): void } {
  let stopped = false;
  let busy = false;
  const tick = (): void => {
    if (stopped || busy) return;
    busy = true;
    const now = clock.nowMs();
    const caughtUp = engine.advanceTo(now, TICK_BUDGET) && feed.advanceTo(now, TICK_BUDGET);
    busy = false;
    if (!caughtUp) setImmediate(tick);
  };
  const timer = setInterval(tick, TICK_MS);
  tick();
  return {
    stop: () => {
      stopped = true;
      clearInterval(timer);
    },
  };
}
