/**
 * Parameter sweeps (`--sweep "min_margin=0.01:0.03:0.005"`, repeatable): each spec names one config
 * key and its values, as an inclusive exact-decimal range `from:to:step` or a list `a,b,c`; several
 * specs combine as a cartesian product. Keys are `section.key` (any key of the bot config), a bare
 * key that exists in exactly one section, or `min_margin`: one flat net-margin threshold for every
 * time phase (the three `strategy.*_threshold` keys at once). Values go through the config schema,
 * so a swept value is validated exactly like the same value in bot.toml.
 */
import { formatDecimal, parseDecimal, type UsageError } from '@polymarket-arb/domain';
import { botConfigSchema, crossFieldProblems, type BotConfig } from '../../config.js';
import { SweepSpecError } from '../../errors.js';

/** One `--sweep` spec, parsed: the config keys it sets and the values it takes. */
export interface SweepAxis {
  /** What the user wrote before `=`. */
  readonly name: string;
  /** Dotted config keys set to each value (several for an alias such as min_margin). */
  readonly keys: readonly string[];
  readonly values: readonly string[];
}

/** One combination of a sweep: a label ("min_margin=0.015 mvp_size=20") and its config. */
export interface SweepCombination {
  readonly index: number;
  readonly label: string;
  readonly settings: Readonly<Record<string, string>>;
  readonly config: BotConfig;
}

export const MAX_SWEEP_VALUES = 1_000;
export const MAX_SWEEP_COMBINATIONS = 4_096;

const ALIASES: Readonly<Record<string, readonly string[]>> = {
  min_margin: ['strategy.early_threshold', 'strategy.mid_threshold', 'strategy.late_threshold'],
};

const EXAMPLE = 'e.g. --sweep "min_margin=0.01:0.03:0.005" or --sweep "strategy.variant=taker,maker"';

function sweepError(spec: string, problem: string, fix: string): UsageError {
  return new SweepSpecError(`--sweep ${JSON.stringify(spec)}: ${problem}`, { hint: fix });
}

function sectionKeys(): Map<string, string[]> {
  const sections = new Map<string, string[]>();
  const defaults = botConfigSchema.parse({}) as unknown as Record<string, Record<string, unknown>>;
  for (const [section, values] of Object.entries(defaults)) {
    if (section === 'storage' || section === 'endpoints' || section === 'log') continue;
    sections.set(section, Object.keys(values));
  }
  return sections;
}

/** The dotted keys a sweep name stands for. */
function resolveKeys(name: string, spec: string): string[] {
  const alias = ALIASES[name];
  if (alias !== undefined) return [...alias];
  const sections = sectionKeys();
  if (name.includes('.')) {
    const [section, key] = name.split('.', 2) as [string, string];
    if (sections.get(section)?.includes(key)) return [name];
  } else {
    const owners = [...sections].filter(([, keys]) => keys.includes(name)).map(([s]) => s);
    if (owners.length === 1) return [`${owners[0]}.${name}`];
    if (owners.length > 1)
      throw sweepError(
        spec,
        `the key ${name} exists in several sections (${owners.join(', ')}).`,
        `Name it with its section, e.g. ${owners[0]}.${name}.`,
      );
  }
  throw sweepError(
    spec,
    `unknown key ${JSON.stringify(name)}.`,
    `Use section.key from config/bot.toml (e.g. strategy.late_threshold, sizing.mvp_size, backtest.latency_ms) or min_margin; ${EXAMPLE}.`,
  );
}

/** The values of `from:to:step` (inclusive, exact decimals) or of a comma list. */
function expandValues(text: string, spec: string): string[] {
  if (!text.includes(':')) {
    const list = text.split(',').map((v) => v.trim());
    if (list.length === 0 || list.some((v) => v === ''))
      throw sweepError(spec, 'the value list has an empty entry.', `Write values separated by commas, ${EXAMPLE}.`);
    return [...new Set(list)];
  }
  const parts = text.split(':');
  if (parts.length !== 3) throw sweepError(spec, 'a range needs exactly three parts, from:to:step.', EXAMPLE);
  let from: bigint, to: bigint, step: bigint;
  try {
    [from, to, step] = parts.map((p) => parseDecimal(p.trim(), 6, { what: 'sweep bound' })) as [bigint, bigint, bigint];
  } catch {
    throw sweepError(spec, `${JSON.stringify(text)} is not three decimals with at most 6 decimal places.`, EXAMPLE);
  }
  if (step <= 0n) throw sweepError(spec, 'the step must be positive.', EXAMPLE);
  if (to < from)
    throw sweepError(spec, `the range ends (${parts[1]}) before it starts (${parts[0]}).`, 'Write from:to:step with from <= to.');
  const count = (to - from) / step + 1n;
  if (count > BigInt(MAX_SWEEP_VALUES))
    throw sweepError(spec, `the range has ${count} values, more than ${MAX_SWEEP_VALUES}.`, 'Use a larger step or a narrower range.');
  const values: string[] = [];
  for (let v = from; v <= to; v += step) values.push(formatDecimal(v, 6));
  return values;
}

/** Parse one `--sweep` spec. */
export function parseSweepSpec(spec: string): SweepAxis {
  const eq = spec.indexOf('=');
  if (eq <= 0) throw sweepError(spec, 'expected key=from:to:step or key=a,b,c.', EXAMPLE);
  const name = spec.slice(0, eq).trim();
  const keys = resolveKeys(name, spec);
  const values = expandValues(spec.slice(eq + 1).trim(), spec);
  for (const value of values) parseValue(keys[0] as string, value, spec); // every value valid before anything runs
  return { name, keys, values };
}

/** One value of `key` parsed through the config schema (the same rules as in bot.toml). */
function parseValue(key: string, value: string, spec: string): unknown {
  const [section, field] = key.split('.', 2) as [string, string];
  let result = botConfigSchema.safeParse({ [section]: { [field]: value } });
  // whole-number keys read numbers (TOML integers); decimal keys read the exact text
  if (!result.success && /^-?\d+(\.\d+)?$/.test(value)) result = botConfigSchema.safeParse({ [section]: { [field]: Number(value) } });
  if (!result.success) {
    const issue = result.error.issues[0];
    throw sweepError(
      spec,
      `value ${JSON.stringify(value)} for ${key}: ${issue?.message ?? 'invalid'}.`,
      'Use values the key accepts in config/bot.toml.',
    );
  }
  return (result.data as unknown as Record<string, Record<string, unknown>>)[section]?.[field];
}

/** Parse every spec; duplicate keys are an error. */
export function parseSweeps(specs: readonly string[]): SweepAxis[] {
  const axes = specs.map(parseSweepSpec);
  const seen = new Set<string>();
  for (const axis of axes) {
    for (const key of axis.keys) {
      if (seen.has(key)) throw sweepError(axis.name, `${key} is swept twice.`, 'Give each key in one --sweep only.');
      seen.add(key);
    }
  }
  const total = axes.reduce((n, a) => n * a.values.length, 1);
  if (total > MAX_SWEEP_COMBINATIONS)
    throw new SweepSpecError(`The sweeps make ${total} combinations, more than ${MAX_SWEEP_COMBINATIONS}.`, {
      hint: 'Use fewer values per --sweep (a larger step) or fewer --sweep flags.',
    });
  return axes;
}

function setKey(config: BotConfig, key: string, value: unknown): void {
  const [section, field] = key.split('.', 2) as [string, string];
  const target = config as unknown as Record<string, Record<string, unknown>>;
  target[section] = { ...target[section], [field]: value };
}

/**
 * Every combination of the axes applied to `base` (the first axis varies slowest). A combination
 * whose keys contradict each other (e.g. a late phase longer than the early one) is an error.
 */
export function sweepCombinations(base: BotConfig, axes: readonly SweepAxis[]): SweepCombination[] {
  let combos: { settings: Record<string, string> }[] = [{ settings: {} }];
  for (const axis of axes) combos = combos.flatMap((c) => axis.values.map((v) => ({ settings: { ...c.settings, [axis.name]: v } })));
  return combos.map((c, index) => {
    const config = structuredClone(base);
    for (const axis of axes) {
      const value = c.settings[axis.name] as string;
      for (const key of axis.keys) setKey(config, key, parseValue(key, value, `${axis.name}=${value}`));
    }
    const problems = crossFieldProblems(config);
    const label = Object.entries(c.settings)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    if (problems.length > 0)
      throw new SweepSpecError(`The sweep combination ${label} is not a valid configuration: ${problems[0]}`, {
        hint: 'Narrow the sweep ranges so every combination is consistent.',
      });
    return { index, label, settings: c.settings, config };
  });
}
