/**
 * The `[backtest]` section of the bot configuration: how honest the simulated venue is (latency,
 * the 250 ms taker delay, failed trades, queue model: the fill model's fields, shared with
 * `[paper]`), how the replay is read and paced, and the anomaly thresholds. Parsed by the same
 * layered loader as every other section (config.ts adds it to `botConfigSchema`), so a sweep can
 * vary any of these keys like a strategy key.
 */
import { intField } from '@polymarket-arb/common';
import { z } from 'zod';
import { microsField } from '../../config-fields.js';
import { simulatedVenueFields } from '../../executor/simulated/settings.js';

export const backtestSchema = z
  .object({
    ...simulatedVenueFields,
    /** Timer tick of the replay clock, ms (the live source ticks every 100 ms). */
    tick_ms: intField(1, 60_000).default(100),
    /** Rows are read in slices of this much replay time (bounds memory), s. */
    chunk_seconds: intField(1, 86_400).default(300),
    /** Without a recorded resolution, settle this long after the window ends (ms). */
    settle_grace_ms: intField(0, 3_600_000).default(60_000),
    /** Equity, exposure and imbalance are sampled this often (replay ms). */
    sample_ms: intField(100, 3_600_000).default(1_000),
    /** Anomaly: a taker net margin at or above this (per pair). */
    anomaly_extreme_margin: microsField('0', '1').default(50_000),
    /** Anomaly: a spot move of at least this many basis points ... */
    anomaly_flash_move_bps: intField(1, 10_000).default(50),
    /** ... within this many ms, or a best ask moving by at least `anomaly_flash_book_move` in that time. */
    anomaly_flash_window_ms: intField(1, 600_000).default(2_000),
    anomaly_flash_book_move: microsField('0', '1').default(150_000),
    /** Anomaly: market data received this long after its exchange timestamp (ms). */
    anomaly_latency_ms: intField(1, 3_600_000).default(2_000),
    /** Anomaly: no market data at all for this long while a window is open (ms). */
    anomaly_stall_ms: intField(100, 86_400_000).default(30_000),
  })
  .strict();

export type BacktestSettings = z.output<typeof backtestSchema>;
