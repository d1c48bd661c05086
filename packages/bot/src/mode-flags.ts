/**
 * Flags that only one kind of run reads. A flag given to a mode that ignores it (`paper --start`,
 * `shadow --sweep`, `backtest --duration`) is refused before any work: silently ignoring it would
 * run something other than what the user asked for.
 */
import type { Command } from 'commander';
import { FlagOfOtherModeError } from './errors.js';

export const MODES = ['shadow', 'paper', 'backtest', 'live'] as const;
export type Mode = (typeof MODES)[number];

/** The modes that read each mode-specific flag; flags not listed here apply to every mode. */
export const FLAG_MODES: Readonly<Record<string, readonly Mode[]>> = Object.freeze({
  '--duration': ['shadow', 'paper'],
  '--state-file': ['paper'],
  '--start': ['backtest'],
  '--end': ['backtest'],
  '--speed': ['backtest'],
  '--sweep': ['backtest'],
  '--report': ['backtest'],
});

/** The mode-specific flags given on the command line that `mode` does not read. */
export function foreignFlags(program: Command, mode: Mode): string[] {
  return program.options
    .filter((option) => {
      const modes = option.long === undefined ? undefined : FLAG_MODES[option.long];
      if (modes === undefined || modes.includes(mode)) return false;
      // Commander fills in defaults (--speed max, --sweep []): only a value the user gave counts.
      const source = program.getOptionValueSource(option.attributeName());
      return source !== undefined && source !== 'default';
    })
    .map((option) => option.long as string);
}

/** Refuse, in one sentence per flag, every flag that belongs to another mode than `mode`. */
export function refuseForeignFlags(program: Command, mode: Mode): void {
  const flags = foreignFlags(program, mode);
  if (flags.length === 0) return;
  const sentences = flags.map(
    (flag) => `${flag} belongs to ${(FLAG_MODES[flag] ?? []).map((m) => `--mode ${m}`).join(' or ')}, not to --mode ${mode}.`,
  );
  const them = flags.length === 1 ? 'it' : 'them';
  throw new FlagOfOtherModeError(sentences.join(' '), {
    hint: `Remove ${them}, or run the mode ${them === 'it' ? 'it belongs' : 'they belong'} to.`,
  });
}
