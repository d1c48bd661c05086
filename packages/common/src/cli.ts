/**
 * What the CLIs share: the storage/config/log flags, turning flags into config keys, and a `main`
 * wrapper that prints user errors as one plain sentence (no stack) and turns SIGINT/SIGTERM into
 * an AbortSignal so programs shut down gracefully.
 */
import { Command, CommanderError, Option } from 'commander';
import { ConfigError, describeError, PolyError, UsageError } from '@polymarket-arb/domain';
import { LOG_LEVELS } from './log.js';
import { redactUrl } from './url-secrets.js';

export interface CommonFlags {
  config?: string;
  clickhouseUrl?: string;
  dataDir?: string;
  logLevel?: string;
  logFormat?: string;
}

/** Flag name of each config key set by the common flags (for error messages). */
export const COMMON_FLAG_NAMES: Readonly<Record<string, string>> = Object.freeze({
  'storage.clickhouse_url': '--clickhouse-url',
  'storage.data_dir': '--data-dir',
  'log.level': '--log-level',
  'log.format': '--log-format',
});

/** Add --config, --clickhouse-url, --data-dir, --log-level and --log-format to a command. */
export function addCommonOptions(cmd: Command, defaultConfig?: string): Command {
  return cmd
    .option('-c, --config <file>', `TOML config file${defaultConfig ? ` (default: ${defaultConfig} if it exists)` : ''}`)
    .option(
      '--clickhouse-url <url>',
      'ClickHouse server HTTP URL, e.g. http://localhost:8123 (env CLICKHOUSE_URL; the password goes in env CLICKHOUSE_PASSWORD, never here); without it the embedded engine is used',
    )
    .option('--data-dir <dir>', 'data directory of the embedded engine (env POLY_DATA_DIR, default ./data)')
    .addOption(new Option('--log-level <level>', 'log level (env POLY_LOG_LEVEL, default info)').choices(LOG_LEVELS as string[]))
    .addOption(
      new Option('--log-format <format>', 'auto: readable on a terminal, JSON otherwise (env POLY_LOG_FORMAT)').choices([
        'auto',
        'json',
        'pretty',
      ]),
    );
}

/** The common flags as dotted config keys (unset flags are left out). */
export function commonFlagValues(flags: CommonFlags): Record<string, unknown> {
  return {
    'storage.clickhouse_url': flags.clickhouseUrl,
    'storage.data_dir': flags.dataDir,
    'log.level': flags.logLevel,
    'log.format': flags.logFormat,
  };
}

/** Exit codes: 0 ok, 1 runtime failure, 2 bad usage or configuration. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/**
 * Run a CLI program. `body` receives an AbortSignal that fires on the first SIGINT/SIGTERM; a
 * second signal exits at once. Errors become one line on stderr and an exit code.
 */
export async function runMain(program: string, body: (signal: AbortSignal) => Promise<number | void>): Promise<never> {
  const controller = new AbortController();
  let signals = 0;
  const onSignal = (sig: NodeJS.Signals): void => {
    signals++;
    if (signals === 1) {
      process.stderr.write(`${program}: ${sig} received, shutting down (send again to exit at once)\n`);
      controller.abort();
    } else {
      process.exit(130);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let code: number;
  try {
    code = (await body(controller.signal)) ?? EXIT_OK;
  } catch (err) {
    code = reportError(program, err);
  }
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  // Let pending stdout/stderr writes drain before exiting.
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  process.exit(code);
}

function reportError(program: string, err: unknown): number {
  if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
  // A URL inside a message (ours or a library's) must not print its password.
  const print = (text: string) => process.stderr.write(redactUrl(`${program}: ${text}\n`));
  if (err instanceof ConfigError || err instanceof UsageError) {
    print(err.message);
    return EXIT_USAGE;
  }
  if (err instanceof PolyError) {
    print(err.message);
    return EXIT_FAILURE;
  }
  print(`unexpected error: ${describeError(err)}${err instanceof Error && err.stack ? `\n${err.stack}` : ''}`);
  return EXIT_FAILURE;
}

/** A commander program that throws instead of exiting, so `runMain` decides the exit code. */
export function newProgram(name: string, description: string): Command {
  return new Command(name)
    .description(description)
    .showHelpAfterError(`(run ${name} --help for usage)`)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
}
