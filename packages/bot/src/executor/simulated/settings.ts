/**
 * How honest the simulated venue is: the settings paper mode (`[paper]`) and backtests
 * (`[backtest]`) share, because they run the same fill model. Parsed by the bot's layered config
 * loader; each section spreads these fields into its schema (and adds its own).
 */
import type { Micros } from '@polymarket-arb/domain';
import { intField } from '@polymarket-arb/common';
import { z } from 'zod';
import { microsField } from '../../config-fields.js';

/** The fill model's keys, in the order the config files list them. */
export const simulatedVenueFields = {
  /** Order entry (and cancel) latency to the venue, ms. */
  latency_ms: intField(0, 60_000).default(50),
  /** Marketable orders are held this long at the venue before matching (`itode`); 0 = off. */
  taker_delay_ms: intField(0, 10_000).default(250),
  /** Probability that a matched trade later FAILS on-chain (the fill is reverted), 0..1. */
  fail_probability: microsField('0', '1').default(0),
  /** Seed of the random draws (failures, and paper's fill probability). */
  seed: intField(0, 2 ** 31 - 1).default(1),
  /** Resting orders: cancellations at our price come from behind us (risk_averse) or evenly (proportional). */
  queue_model: z.enum(['risk_averse', 'proportional']).default('risk_averse'),
  /** A depth drop and a trade print at our price this close together (ms) are the same trade. */
  queue_match_ms: intField(0, 10_000).default(50),
  /** Fills from a token book whose best bid >= best ask: allow (how an Up+Down arb looks in the mirrored feed) or refuse. */
  crossed_books: z.enum(['allow', 'refuse']).default('allow'),
};

export interface SimulatedVenueSettings {
  readonly latency_ms: number;
  readonly taker_delay_ms: number;
  readonly fail_probability: Micros;
  readonly seed: number;
  readonly queue_model: 'risk_averse' | 'proportional';
  readonly queue_match_ms: number;
  readonly crossed_books: 'allow' | 'refuse';
  /**
   * Paper only: probability (micros of 1) that liquidity we match against on live books is still
   * there (others trade on the same books, unseen). Absent: always (a recording already shows
   * what others took).
   */
  readonly fill_probability?: Micros | undefined;
}
