/** poly-import: download the history Polymarket offers (prices, trades) into ClickHouse (spec phase 2). */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { systemClock } from '@polymarket-arb/domain';
import {
  addCommonOptions,
  COMMON_FLAG_NAMES,
  commonFlagValues,
  createLogger,
  newProgram,
  openConfiguredStore,
  runMain,
  type CommonFlags,
  type LogLevel,
} from '@polymarket-arb/common';
import { loadImportConfig, settingsOf } from './config.js';
import { Importer } from './importer.js';
import { barAwareStream, ProgressReporter } from './progress.js';
import { parseImportRequest, type ImportKind, type RequestFlags } from './request.js';
import { formatSummary } from './summary.js';

const DEFAULT_CONFIG = 'config/import.toml';

interface Flags extends CommonFlags, RequestFlags {
  concurrency?: string;
}

const HELP_AFTER: Record<ImportKind, string> = {
  prices: `
What it imports: for every 15-minute Up/Down market whose window opens in [--start, --end) (slugs
{asset}-updown-15m-{windowStart}, looked up on Gamma with closed=true), the price history of its Up
and Down tokens from CLOB /prices-history, from 2 days before the window (markets are listed about a
day ahead) to 1 hour after it, one point per --fidelity minutes. With --tokens, the points of those
tokens in [--start, --end), in pieces the API accepts. Markets go to market_windows, points to
price_history.

Dates are UTC: YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]; --end defaults to now and may not be later.

Resume: every market and token range is checkpointed in import_checkpoints after its rows are
written. Run the same command again after an interruption (Ctrl-C, crash, network loss): finished
items are skipped, the rest continue. Re-imports never duplicate rows (ReplacingMergeTree keys).

Storage: embedded ClickHouse (chDB) in --data-dir unless --clickhouse-url is given. Endpoints come
from the config file or POLY_GAMMA_URL, POLY_CLOB_URL (defaults: the production services).
Exit status: 0 complete or interrupted, 1 some items skipped (listed), 2 bad usage.

Examples:
  poly-import prices --start 2026-01-01 --end 2026-01-07 --assets BTC,ETH,SOL
  poly-import prices --start 2026-01-01 --tokens 7132...2563,4521...0098 --fidelity 60`,
  trades: `
What it imports: every public trade (the taker's side) of every 15-minute Up/Down market whose
window opens in [--start, --end), from the Data API. auto pages v1 /trades by offset and, for a
market with more trades than v1's offset cap reaches, continues on /v2/trades by cursor (reported);
v1 stops at the cap and reports the market as incomplete; v2 pages by cursor only. Markets go to
market_windows, trades to trade_history.

Dates are UTC: YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]; --end defaults to now and may not be later.

Resume: a market's trades are checkpointed after every page (with the cursor). Run the same
command again after an interruption: finished markets are skipped, interrupted ones continue at
their next page. Re-imports never duplicate rows (ReplacingMergeTree keys).

Storage: embedded ClickHouse (chDB) in --data-dir unless --clickhouse-url is given. Endpoints come
from the config file or POLY_GAMMA_URL, POLY_DATA_API_URL (defaults: the production services).
Exit status: 0 complete or interrupted, 1 some items skipped (listed), 2 bad usage.

Examples:
  poly-import trades --start 2026-01-01 --end 2026-01-07 --assets BTC
  poly-import trades --start 2026-01-01 --end 2026-01-02 --trades-api v2 --clickhouse-url http://localhost:8123`,
};

const LIMITS_HELP = `
Rate limits: requests are paced below Polymarket's published limits (rate_limit_percent, default
80 %: Gamma /events 400, CLOB /prices-history 800, Data API /trades 160 per 10 s), 429 and 5xx
answers and dropped connections are retried with exponential backoff and jitter, Retry-After is
obeyed. Progress: a bar on a terminal, a log line every progress_interval_s otherwise.`;

function defineCommand(program: Command, kind: ImportKind, run: (kind: ImportKind, flags: Flags) => Promise<void>): void {
  const cmd = program
    .command(kind)
    .description(
      kind === 'prices'
        ? 'Import the price history of the 15-minute Up/Down tokens of a date range (or of explicit tokens).'
        : 'Import the public trades of the 15-minute Up/Down markets of a date range.',
    );
  cmd
    .option('--start <date>', 'first day (UTC), e.g. 2026-01-01 (required)')
    .option('--end <date>', 'end of the range, exclusive (UTC), or "now" (default: now)')
    .option('--assets <list>', 'comma-separated assets: BTC,ETH,SOL,XRP (default from config: BTC,ETH,SOL)');
  if (kind === 'prices') {
    cmd.option('--tokens <ids>', 'comma-separated token ids (decimal, as in Gamma clobTokenIds) instead of --assets');
    cmd.option('--fidelity <minutes>', 'minutes between price points, 1 to 1440 (default 1)');
  } else {
    cmd.option('--trades-api <api>', 'auto (v1 offset paging, v2 past its cap), v1 or v2 (default auto)');
  }
  cmd.option('--concurrency <n>', 'requests in flight at once (default 8)');
  addCommonOptions(cmd, DEFAULT_CONFIG);
  cmd.addHelpText('after', HELP_AFTER[kind] + LIMITS_HELP);
  cmd.action(async (flags: Flags) => run(kind, flags));
}

await runMain('poly-import', async (signal) => {
  const program = newProgram('poly-import', 'Import Polymarket price and trade history into ClickHouse.');
  let exitCode = 0;
  for (const kind of ['prices', 'trades'] as const)
    defineCommand(program, kind, async (k, flags) => void (exitCode = await runImport(k, flags, signal)));
  await program.parseAsync();
  return exitCode;
});

async function runImport(kind: ImportKind, flags: Flags, signal: AbortSignal): Promise<number> {
  const file = flags.config ?? (existsSync(DEFAULT_CONFIG) ? DEFAULT_CONFIG : undefined);
  const config = loadImportConfig({
    file,
    fileRequired: flags.config !== undefined,
    flags: { ...commonFlagValues(flags), 'import.concurrency': flags.concurrency },
    flagNames: { ...COMMON_FLAG_NAMES, 'import.concurrency': '--concurrency' },
  });
  // Every input is checked before the store is opened or any request is made.
  const request = parseImportRequest(
    kind,
    flags,
    { assets: config.import.assets, tradesApi: config.import.trades_api },
    systemClock.nowMs(),
  );
  const tty = process.stderr.isTTY ? process.stderr : undefined;
  let progress: ProgressReporter | undefined;
  const logger = createLogger({
    name: 'poly-import',
    level: config.log.level as LogLevel,
    format: config.log.format,
    ...(tty ? { destination: barAwareStream(() => progress, process.stderr) } : {}),
  });
  const store = await openConfiguredStore(config.storage);
  try {
    const applied = await store.migrate();
    if (applied.length > 0) logger.info({ versions: applied }, 'schema migrated');
    const endpoints = {
      gammaUrl: config.endpoints.gamma_url,
      clobUrl: config.endpoints.clob_url,
      dataApiUrl: config.endpoints.data_api_url,
    };
    const importer = new Importer({ store, logger, endpoints, settings: settingsOf(config.import), signal }, request);
    progress = new ProgressReporter({
      snapshot: () => importer.snapshot(),
      clock: systemClock,
      tty,
      logger,
      logIntervalMs: config.import.progress_interval_s * 1000,
    });
    logger.info(
      {
        kind,
        start: request.startSec,
        end: request.endSec,
        assets: request.tokens ? undefined : request.assets,
        tokens: request.tokens?.length,
        store: store.description,
      },
      'import started',
    );
    progress.start();
    const summary = await importer.run().finally(() => progress?.stop());
    logger.info({ summary }, 'import finished');
    process.stdout.write(`${formatSummary(summary)}\n`);
    return summary.interrupted || summary.items.failed + summary.pieces.failed === 0 ? 0 : 1;
  } finally {
    await store.close();
  }
}
