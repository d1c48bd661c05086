/**
 * The `[backtest]` section of the bot configuration: how honest the simulated venue is (latency,
 * the 250 ms taker delay, failed trades, queue model), how the replay is read and paced, and the
 * anomaly thresholds. Parsed by the same layered loader as every other section (config.ts adds it
 * to `botConfigSchema`), so a sweep can vary any of these keys like a strategy key.
 */
import { parseMicros, type Micros } from '@polymarket-arb/domain';
import { intField } from '@polymarket-arb/common';
import { z } from 'zod';

/** A decimal string (or TOML number) within [min, max], parsed exactly into Micros. */
function fractionField(min: string, max: string): z.ZodType<Micros> {
  const lo = parseMicros(min);
  const hi = parseMicros(max);
  return z.preprocess(
    (v) => (typeof v === 'number' && Number.isFinite(v) ? String(v) : v),
    z.string('expected a decimal such as "0.01"').transform((text, ctx) => {
      let value: Micros;
      try {
        value = parseMicros(text.trim());
      } catch {
        ctx.addIssue({ code: 'custom', message: `expected a non-negative decimal with at most 6 decimals, got ${JSON.stringify(text)}` });
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

export const backtestSchema = z
  .object({
    /** Order entry (and cancel) latency to the venue, ms. */
    latency_ms: intField(0, 60_000).default(50),
    /** Marketable orders are held this long at the venue before matching (`itode`); 0 = off. */
    taker_delay_ms: intField(0, 10_000).default(250),
    /** Probability that a matched trade later FAILS on-chain (the fill is reverted), 0..1. */
    fail_probability: fractionField('0', '1').default(0),
    /** Seed of the failure draws. */
    seed: intField(0, 2 ** 31 - 1).default(1),
    /** Resting orders: cancellations at our price come from behind us (risk_averse) or evenly (proportional). */
    queue_model: z.enum(['risk_averse', 'proportional']).default('risk_averse'),
    /** A depth drop and a trade print at our price this close together (ms) are the same trade. */
    queue_match_ms: intField(0, 10_000).default(50),
    /** Fills from a token book whose best bid >= best ask: allow (how an Up+Down arb looks in the mirrored feed) or refuse. */
    crossed_books: z.enum(['allow', 'refuse']).default('allow'),
    /** Timer tick of the replay clock, ms (the live source ticks every 100 ms). */
    tick_ms: intField(1, 60_000).default(100),
    /** Rows are read in slices of this much replay time (bounds memory), s. */
    chunk_seconds: intField(1, 86_400).default(300),
    /** Without a recorded resolution, settle this long after the window ends (ms). */
    settle_grace_ms: intField(0, 3_600_000).default(60_000),
    /** Equity, exposure and imbalance are sampled this often (replay ms). */
    sample_ms: intField(100, 3_600_000).default(1_000),
    /** Anomaly: a taker net margin at or above this (per pair). */
    anomaly_extreme_margin: fractionField('0', '1').default(50_000),
    /** Anomaly: a spot move of at least this many basis points ... */
    anomaly_flash_move_bps: intField(1, 10_000).default(50),
    /** ... within this many ms, or a best ask moving by at least `anomaly_flash_book_move` in that time. */
    anomaly_flash_window_ms: intField(1, 600_000).default(2_000),
    anomaly_flash_book_move: fractionField('0', '1').default(150_000),
    /** Anomaly: market data received this long after its exchange timestamp (ms). */
    anomaly_latency_ms: intField(1, 3_600_000).default(2_000),
    /** Anomaly: no market data at all for this long while a window is open (ms). */
    anomaly_stall_ms: intField(100, 86_400_000).default(30_000),
  })
  .strict();

export type BacktestSettings = z.output<typeof backtestSchema>;
