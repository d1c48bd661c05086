/**
 * poly-sim: serve Polymarket (Gamma, CLOB REST + market WebSocket, Data API) and Binance spot
 * streams on 127.0.0.1. Once listening it prints one KEY=VALUE line per base URL on stdout (logs
 * go to stderr), then serves until SIGTERM/SIGINT and exits 0.
 */
import { Option } from 'commander';
import { parseCliDate } from '@polymarket-arb/domain';
import { createLogger, InvalidFlagError, LOG_LEVELS, type LogFormat, type LogLevel, newProgram, runMain } from '@polymarket-arb/common';
import { FAULT_SPEC_HELP, parseFaultSpec } from './faults.js';
import { parseSpeed } from './replay.js';
import { startSimulator } from './simulator.js';

interface Flags {
  seed: string;
  assets: string;
  rate: string;
  binanceRate: string;
  arbEpisodes: string;
  arbMargin: string;
  arbDuration: string;
  arbSize: string;
  arbInterval: string;
  arbStart: string;
  replay?: string;
  speed: string;
  faults?: string;
  port: string;
  truth?: string;
  startTime?: string;
  binancePing: string;
  recordSent?: boolean;
  logLevel: LogLevel;
  logFormat: LogFormat;
}

function count(flag: string, text: string, max = Number.MAX_SAFE_INTEGER): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value > max)
    throw new InvalidFlagError(`${flag} ${JSON.stringify(text)} is not a whole number.`, { hint: `Use a whole number from 0 to ${max}.` });
  return value;
}

function amount(flag: string, text: string, min = 0): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < min)
    throw new InvalidFlagError(`${flag} ${JSON.stringify(text)} is not a number of at least ${min}.`, {
      hint: `Give ${flag} a number such as ${min > 0 ? min : 10}.`,
    });
  return value;
}

function startTime(text: string): number {
  try {
    return parseCliDate(text, '--start-time');
  } catch (err) {
    const ms = Date.parse(text);
    if (/^\d{4}-\d{2}-\d{2}T/.test(text) && !Number.isNaN(ms)) return ms;
    throw err;
  }
}

const program = newProgram(
  'poly-sim',
  'Serve Polymarket (Gamma, CLOB REST + market WebSocket, Data API) and Binance spot streams on 127.0.0.1, from a seeded model or a recorded capture.',
)
  .option('--seed <n>', 'seed of the markets, books, flow and episodes', '1')
  .option('--assets <list>', 'assets with live markets, comma-separated (BTC,ETH,SOL,XRP)', 'BTC,ETH,SOL')
  .option(
    '--rate <msgs_per_s>',
    'market-channel events per second over all markets (each an order change or a trade); 20000+ for load tests',
    '50',
  )
  .option('--binance-rate <trades_per_s>', 'Binance trades per second per symbol', '10')
  .option('--arb-episodes <n>', 'arbitrage episodes to inject (best Up ask + best Down ask, net of fees, below 1)', '0')
  .option('--arb-margin <decimal>', 'minimum net-of-fee margin per share of each episode', '0.01')
  .option('--arb-duration <seconds>', 'how long each episode lasts', '3')
  .option('--arb-size <shares>', 'shares offered on each leg of an episode', '100')
  .option('--arb-interval <seconds>', 'time between episode starts (a seeded jitter of up to a quarter is added)', '10')
  .option('--arb-start <seconds>', 'time from start to the first episode', '5')
  .option('--truth <file>', 'write the ground truth of every injected episode to this NDJSON file')
  .option(
    '--replay <file>',
    'serve this capture instead of the live model: NDJSON {"received_at_ms","channel","frame"} lines, or a JSON array of market frames',
  )
  .option('--speed <x|max>', 'replay pace: 1 = original, 10 = ten times faster, max = as fast as possible', '1')
  .option('--faults <spec>', 'inject faults (syntax below)')
  .option('--port <n>', 'TCP port on 127.0.0.1 (0 = a free port)', '0')
  .option('--start-time <iso>', 'start the simulated clock at this UTC instant, e.g. 2026-11-26T12:14:50Z (it then runs in real time)')
  .option('--binance-ping <seconds>', 'Binance server ping interval', '20')
  .option('--record-sent', 'keep every frame sent in the /_control/stats?sent=1 answer (memory grows)')
  .addOption(new Option('--log-level <level>', 'log level (logs go to stderr)').choices(LOG_LEVELS as string[]).default('info'))
  .addOption(
    new Option('--log-format <format>', 'auto: readable on a terminal, JSON otherwise').choices(['auto', 'json', 'pretty']).default('auto'),
  )
  .addHelpText(
    'after',
    `
Output: once listening, one KEY=VALUE line each on stdout for POLY_GAMMA_URL, POLY_CLOB_URL,
POLY_CLOB_WS_URL, POLY_DATA_API_URL and BINANCE_WS_URL (base URLs; clients append /ws/market,
/ws/<stream>, /stream?streams=...). Control API: http://127.0.0.1:PORT/_control/ (stats, truth,
book, markets, drop, stall, delay, faults, frame-faults, rest-fault, rest-slow, rest-drop,
binance-shutdown, clear). Serves until SIGTERM or SIGINT, then exits 0.

${FAULT_SPEC_HELP}`,
  );

await runMain('poly-sim', async (signal) => {
  program.parse();
  const f = program.opts<Flags>();
  if (f.faults !== undefined) parseFaultSpec(f.faults);
  const logger = createLogger({ name: 'poly-sim', level: f.logLevel, format: f.logFormat });
  const sim = await startSimulator({
    seed: count('--seed', f.seed),
    assets: f.assets,
    rate: amount('--rate', f.rate),
    binanceRate: amount('--binance-rate', f.binanceRate),
    arbEpisodes: count('--arb-episodes', f.arbEpisodes, 1_000_000),
    arbMargin: f.arbMargin,
    arbDurationMs: Math.round(amount('--arb-duration', f.arbDuration, 0.001) * 1000),
    arbSize: f.arbSize,
    arbIntervalMs: Math.round(amount('--arb-interval', f.arbInterval, 0.001) * 1000),
    arbFirstAfterMs: Math.round(amount('--arb-start', f.arbStart) * 1000),
    port: count('--port', f.port, 65_535),
    speed: parseSpeed(f.speed),
    binancePingMs: Math.round(amount('--binance-ping', f.binancePing, 0.001) * 1000),
    recordSent: f.recordSent === true,
    logger,
    ...(f.faults === undefined ? {} : { faults: f.faults }),
    ...(f.truth === undefined ? {} : { truthFile: f.truth }),
    ...(f.replay === undefined ? {} : { replayFile: f.replay }),
    ...(f.startTime === undefined ? {} : { startTimeMs: startTime(f.startTime) }),
  });
  const lines = Object.entries(sim.urls).map(([key, value]) => `${key}=${value}\n`);
  process.stdout.write(lines.join(''));
  await new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await sim.close();
  logger.info('poly-sim stopped');
  return 0;
});
