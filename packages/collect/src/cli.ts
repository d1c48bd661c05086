/** poly-collect: the 24/7 order-book and spot-trade collector (spec 1.6). */
import { existsSync } from 'node:fs';
import { Option } from 'commander';
import { parseAssetList, parseCliDate, systemClock } from '@polymarket-arb/domain';
import {
  addCommonOptions,
  COMMON_FLAG_NAMES,
  type CommonFlags,
  commonFlagValues,
  createLogger,
  DateRangeError,
  InvalidFlagError,
  type Logger,
  type LogLevel,
  newProgram,
  openConfiguredStore,
  openRecording,
  OutputFile,
  runMain,
  sleep,
} from '@polymarket-arb/common';
import { Collector } from './collector.js';
import { EXPORT_RECORDING, exportRawFrames } from './export-raw.js';
import { loadCollectConfig } from './config.js';
import { healthReport, RateMeter, rateTotals, startHealthServer, type HealthReport } from './health.js';

const DEFAULT_CONFIG = 'config/collect.toml';

interface Flags extends CommonFlags {
  assets?: string;
  healthPort?: string;
  healthBind?: string;
  duration?: string;
}

await runMain('poly-collect', async (signal) => {
  if (process.argv[2] === 'export-raw') return exportRawCommand();
  const program = addCommonOptions(
    newProgram('poly-collect', 'Record Polymarket 15-minute Up/Down order books and Binance spot trades into ClickHouse, 24/7.'),
    DEFAULT_CONFIG,
  )
    .option('--assets <list>', 'comma-separated assets to collect: BTC,ETH,SOL,XRP (default from config: BTC,ETH,SOL)')
    .option('--health-port <port>', 'serve /healthz and /metrics on this port (0 = off; env POLY_COLLECT_HEALTH_PORT)')
    .option(
      '--health-bind <address>',
      'address the health port listens on: 127.0.0.1 = this machine only (default), 0.0.0.0 = every interface (env POLY_COLLECT_HEALTH_BIND)',
    )
    .option('--duration <seconds>', 'run this many seconds, then shut down as on SIGTERM')
    .addHelpText(
      'after',
      `
Storage: embedded ClickHouse (chDB) in --data-dir unless --clickhouse-url is given.
Endpoints come from the config file or POLY_GAMMA_URL, POLY_CLOB_URL, POLY_CLOB_WS_URL,
BINANCE_WS_URL (defaults: the production services).
Health: /healthz and /metrics on --health-port, 127.0.0.1 unless --health-bind says otherwise.
Falling behind the feed by more than collector.lag_threshold_ms (env POLY_COLLECT_LAG_THRESHOLD_MS,
default 2000) is logged, makes /healthz answer 503 and is stored in collector_events.

Examples:
  poly-collect --assets BTC,ETH,SOL --config config/collect.toml
  poly-collect --assets BTC --clickhouse-url http://localhost:8123 --health-port 9464
  poly-collect --health-port 9464 --health-bind 0.0.0.0     (probes and scrapes from other hosts)

Replaying a recording: poly-collect export-raw --start 2026-11-26T12:00 --end 2026-11-26T13:00 --out rec.ndjson
then poly-sim --replay rec.ndjson (see poly-collect export-raw --help).`,
    );
  program.parse();
  const flags = program.opts<Flags>();
  const duration = flags.duration === undefined ? undefined : positiveNumber(flags.duration, '--duration');
  const file = flags.config ?? (existsSync(DEFAULT_CONFIG) ? DEFAULT_CONFIG : undefined);
  const config = loadCollectConfig({
    file,
    fileRequired: flags.config !== undefined,
    flags: {
      ...commonFlagValues(flags),
      'collector.assets': flags.assets === undefined ? undefined : parseAssetList(flags.assets),
      'collector.health_port': flags.healthPort,
      'collector.health_bind': flags.healthBind,
    },
    flagNames: {
      ...COMMON_FLAG_NAMES,
      'collector.assets': '--assets',
      'collector.health_port': '--health-port',
      'collector.health_bind': '--health-bind',
    },
  });
  const logger = createLogger({ name: 'poly-collect', level: config.log.level as LogLevel, format: config.log.format });
  const settings = config.collector;
  let collector: Collector | undefined;
  const rates = new RateMeter();
  const report = (c: Collector) => healthReport(c, systemClock.nowMs(), settings.stall_timeout_s * 1000);
  const source = {
    report: () => collector && report(collector),
    rates: () => (collector ? rates.ratesAt(systemClock.nowMs(), rateTotals(collector)) : new Map<string, number>()),
  };
  // The health port first: a port in use stops the program before the store is opened.
  const health =
    settings.health_port > 0
      ? await startHealthServer({ host: settings.health_bind, port: settings.health_port }, source, logger)
      : undefined;
  try {
    const store = await openConfiguredStore(config.storage, process.env, logger);
    try {
      const applied = await store.migrate();
      if (applied.length > 0) logger.info({ versions: applied }, 'schema migrated');
      const running = new Collector({ config, store, logger });
      collector = running;
      await collect(running, {
        rates,
        report: () => report(running),
        logger,
        healthLogIntervalS: settings.health_log_interval_s,
        duration,
        signal,
      });
    } finally {
      await store.close();
    }
  } finally {
    health?.close();
  }
  return 0;
});

interface RunOptions {
  rates: RateMeter;
  report: () => HealthReport;
  logger: Logger;
  healthLogIntervalS: number;
  duration: number | undefined;
  signal: AbortSignal;
}

/** Run until the signal (or the duration), logging a health line every interval; then stop and flush. */
async function collect(collector: Collector, { rates, report, logger, healthLogIntervalS, duration, signal }: RunOptions): Promise<void> {
  const sampleRates = () => rates.sample(systemClock.nowMs(), rateTotals(collector));
  sampleRates();
  await collector.start();
  // Readings every second: /metrics rates cover a sliding window from the first scrape on.
  const sampler = setInterval(sampleRates, 1000);
  const healthLine = setInterval(
    () => logHealth(logger, report(), rates.ratesAt(systemClock.nowMs(), rateTotals(collector))),
    healthLogIntervalS * 1000,
  );
  await (duration === undefined ? waitForAbort(signal) : Promise.race([waitForAbort(signal), sleep(duration * 1000)]));
  clearInterval(healthLine);
  clearInterval(sampler);
  logger.info({}, 'shutting down: stop reading, flush buffers');
  await collector.stop();
  const final = report();
  logger.info(
    {
      rows: collector.rowsWritten(),
      dropped: Object.fromEntries(Object.entries(final.buffers).map(([t, b]) => [t, b.dropped])),
      counters: final.counters,
    },
    'stopped',
  );
}

function logHealth(logger: Logger, r: HealthReport, rates: ReadonlyMap<string, number>): void {
  const rowsPerS = Object.fromEntries([...rates].filter(([k]) => k.startsWith('rows_')).map(([k, v]) => [k.slice(5), Math.round(v)]));
  const framesPerS = Math.round(rates.get('clob_frames') ?? 0);
  const tradesPerS = Math.round(rates.get('binance_trades') ?? 0);
  const lagMs = { clob: r.clob.lagMaxMs, binance: r.binance.lagMaxMs };
  logger.info(
    {
      status: r.status,
      degradedBy: r.degradedBy,
      clob: r.clob.state,
      binance: r.binance.state,
      framesPerS,
      tradesPerS,
      rowsPerS,
      lagMs,
      mismatches: r.counters.bookMismatches,
      reconnects: r.clob.reconnects + r.binance.reconnects,
    },
    'health',
  );
}

/** `poly-collect export-raw`: stored raw frames -> NDJSON for `poly-sim --replay`. */
async function exportRawCommand(): Promise<number> {
  const program = addCommonOptions(
    newProgram('poly-collect export-raw', 'Write the raw frames recorded in a time range as NDJSON that poly-sim --replay serves.'),
    DEFAULT_CONFIG,
  )
    .requiredOption('--start <date>', 'first instant (UTC), e.g. 2026-11-26 or 2026-11-26T12:00')
    .requiredOption('--end <date>', 'end instant (UTC, exclusive)')
    .requiredOption(
      '--out <file>',
      'NDJSON file to write; an existing file is replaced when the export completes, and left untouched when the range is empty',
    )
    .addOption(new Option('--source <source>', 'which frames').choices(['clob', 'binance', 'all']).default('all'));
  program.parse(process.argv.slice(3), { from: 'user' });
  const flags = program.opts<CommonFlags & { start: string; end: string; out: string; source: string }>();
  const startMs = parseCliDate(flags.start, '--start');
  const endMs = parseCliDate(flags.end, '--end');
  if (endMs <= startMs)
    throw new DateRangeError(`--end ${flags.end} is not after --start ${flags.start}.`, { hint: 'Give an end later than the start.' });
  const file = flags.config ?? (existsSync(DEFAULT_CONFIG) ? DEFAULT_CONFIG : undefined);
  const config = loadCollectConfig({
    file,
    fileRequired: flags.config !== undefined,
    flags: commonFlagValues(flags),
    flagNames: COMMON_FLAG_NAMES,
  });
  const logger = createLogger({ name: 'poly-collect', level: config.log.level as LogLevel, format: config.log.format });
  // The output first, then the recording: a path that cannot be written, or a store poly-collect never
  // wrote to, stops the command before anything is created.
  const out = OutputFile.open('--out', flags.out, 'rec.ndjson');
  const replaces = out.replacesExisting();
  try {
    const store = await openRecording(config.storage, logger, EXPORT_RECORDING);
    try {
      const frames = await exportRawFrames({ store, startMs, endMs, source: flags.source, out });
      if (frames === 0) {
        logger.warn(
          { out: flags.out },
          `no raw frames in that range (was poly-collect running, with keep_raw_frames on?); ${replaces ? 'the existing file was left untouched' : 'no file written'}`,
        );
        return 1;
      }
      logger.info({ frames, out: flags.out, replaced: replaces }, 'exported; replay with poly-sim --replay');
      return 0;
    } finally {
      await store.close();
    }
  } finally {
    out.discard();
  }
}

function positiveNumber(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0)
    throw new InvalidFlagError(`${flag} ${JSON.stringify(text)} is not a positive number of seconds.`, { hint: `Use e.g. ${flag} 60.` });
  return n;
}

function waitForAbort(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
}
