/**
 * Field types of the bot's configuration schemas that the sections share (strategy, paper,
 * backtest): exact decimals parsed into Micros within a range.
 */
import { parseMicros, type Micros } from '@polymarket-arb/domain';
import { z } from 'zod';

/** A decimal (string or TOML number) parsed exactly into Micros, within [min, max] (decimal strings). */
export function microsField(min: string, max: string): z.ZodType<Micros> {
  const lo = parseMicros(min);
  const hi = parseMicros(max);
  return z.preprocess(
    (v) => (typeof v === 'number' && Number.isFinite(v) ? String(v) : v),
    z.string('expected a decimal such as "0.015"').transform((text, ctx) => {
      if (!/^\d+(\.\d+)?$/.test(text.trim())) {
        ctx.addIssue({ code: 'custom', message: `expected a non-negative decimal such as "0.015", got ${JSON.stringify(text)}` });
        return z.NEVER;
      }
      let value: Micros;
      try {
        value = parseMicros(text.trim());
      } catch {
        ctx.addIssue({ code: 'custom', message: `${JSON.stringify(text)} has more than 6 decimal places` });
        return z.NEVER;
      }
      if (value < lo || value > hi) {
        ctx.addIssue({ code: 'custom', message: `must lie between ${min} and ${max}, got ${text}` });
        return z.NEVER;
      }
      return value;
    }),
  ) as unknown as z.ZodType<Micros>;
}
