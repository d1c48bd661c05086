/** poly-bot: the arbitrage bot (spec 8.5). Modes differ only in wiring: (DataSource, Executor, Clock). */
import { existsSync } from 'node:fs';
import { Option } from 'commander';
import { parseAssetList, type UsageError } from '@polymarket-arb/domain';
import {
  addCommonOptions,
  COMMON_FLAG_NAMES,
  type CommonFlags,
  commonFlagValues,
  createLogger,
  InvalidFlagError,
  type LogLevel,
  newProgram,
  runMain,
} from '@polymarket-arb/common';
import { loadBotConfig } from './config.js';
import { runBacktestMode, type BacktestFlags } from './modes/backtest-mode.js';
import { runLiveFeedMode } from './modes/live-feed-mode.js';
import { MODES, refuseForeignFlags, type Mode } from './mode-flags.js';
import { LiveModeUnavailableError, NoModeError } from './errors.js';

const DEFAULT_CONFIG = 'config/bot.toml';

interface Flags extends CommonFlags, BacktestFlags {
  mode?: Mode;
  assets: string;
  duration?: string;
  stateFile?: string;
  runId?: string;
}

await runMain('poly-bot', async (signal) => {
  const program = addCommonOptions(
    newProgram('poly-bot', 'Trade the Up+Down arbitrage of Polymarket 15-minute crypto markets, net of fees.'),
    DEFAULT_CONFIG,
  )
    .addOption(
      new Option(
        '--mode <mode>',
        'shadow: log decisions only | paper: simulated fills on live data | backtest: replay recorded data | live: real orders',
      ).choices(MODES as unknown as string[]),
    )
    .option('--assets <list>', 'comma-separated assets: BTC,ETH,SOL,XRP', 'BTC,ETH,SOL')
    .option('--duration <seconds>', 'run this many seconds, then shut down as on SIGTERM (shadow, paper)')
    .option(
      '--state-file <file>',
      'paper: where inventory and open paper orders are saved on shutdown and restored on start; a state of another store or of assets this run does not trade is refused (default: poly-bot-paper-state.json inside --data-dir; with a ClickHouse server, poly-bot-paper-state-<host>-<port>-<database>.json in the working directory)',
    )
    .option(
      '--run-id <id>',
      'tag for every decision row of this run (default: shadow/paper: mode and start time; backtest: backtest-<start>-<end>-<settings hash>, and a backtest rerun with the same id replaces the rows of the earlier one)',
    )
    .option('--start <date>', 'backtest: first day or instant (UTC), e.g. 2026-01-01')
    .option('--end <date>', 'backtest: last day (inclusive) or instant (UTC)')
    .option(
      '--speed <x>',
      'backtest: replay pace, any positive multiple of real time (1 = real time, 7 = seven times faster, 0.5 = half speed), or max (as fast as possible); paced replay starts at the first recorded event',
      'max',
    )
    .option(
      '--sweep <spec>',
      'backtest: parameter sweep "key=from:to:step" (repeatable)',
      (v: string, prev: string[]) => [...prev, v],
      [] as string[],
    )
    .option('--report <dir>', 'backtest: write report.json and report.html here')
    .addHelpText(
      'after',
      `
Examples:
  poly-bot --mode shadow --config config/bot.toml
  poly-bot --mode paper --assets BTC,ETH --duration 3600
  poly-bot --mode backtest --start 2026-01-01 --end 2026-01-07 --speed max --report out/
  poly-bot --mode backtest --start 2026-01-01 --end 2026-01-07 --sweep "strategy.late_threshold=0.002:0.01:0.002"

Shadow mode places no order anywhere; paper mode sends nothing to any order endpoint.
Secrets (live): POLY_PRIVATE_KEY, POLY_API_KEY, POLY_API_SECRET, POLY_API_PASSPHRASE, from the environment only.`,
    );
  program.parse();
  const flags = program.opts<Flags>();
  if (flags.mode === undefined)
    throw new NoModeError('No mode given.', { hint: 'Add --mode shadow, --mode paper or --mode backtest (see poly-bot --help).' });
  if (flags.mode === 'live') throw liveNotAvailable();
  refuseForeignFlags(program, flags.mode);
  const assets = parseAssetList(flags.assets);
  const file = flags.config ?? (existsSync(DEFAULT_CONFIG) ? DEFAULT_CONFIG : undefined);
  const config = loadBotConfig({
    file,
    fileRequired: flags.config !== undefined,
    flags: commonFlagValues(flags),
    flagNames: COMMON_FLAG_NAMES,
  });
  const logger = createLogger({ name: 'poly-bot', level: config.log.level as LogLevel, format: config.log.format });
  switch (flags.mode) {
    case 'shadow':
    case 'paper':
      return runLiveFeedMode({
        mode: flags.mode,
        config,
        assets,
        logger,
        signal,
        durationS: optionalSeconds(flags.duration),
        stateFile: flags.stateFile,
        runId: flags.runId,
      });
    case 'backtest':
      return runBacktestMode({ config, assets, logger, signal, flags, runId: flags.runId });
  }
});

function liveNotAvailable(): UsageError {
  return new LiveModeUnavailableError(
    'Live trading is not available in this version: the live executor (signed CLOB V2 orders, user channel, pre-signed second legs) is not built yet.',
    {
      hint: 'Use --mode paper to trade on live data with simulated fills.',
    },
  );
}

function optionalSeconds(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0)
    throw new InvalidFlagError(`--duration ${JSON.stringify(text)} is not a positive number of seconds.`, {
      hint: 'Use e.g. --duration 600.',
    });
  return n;
}
