/**
 * Backtest validation (spec 9.3): small scripted replays whose P&L is computed by hand here, with
 * the fee formula of the protocol reference (fee = shares x 0.07 x p x (1 - p), floored to 5
 * decimals, taker only), and matched exactly by the engine + backtest executor + ledgers.
 */
import { formatMicros } from '@polymarket-arb/domain';
import { describe, expect, it } from 'vitest';
import { BacktestRunner } from '../src/backtest/run/runner.js';
import { backtestConfig, book, change, scripted } from './backtest-helpers.js';
import { T0, testWindow } from './helpers.js';

const w = testWindow(T0 + 900_000);
const Y = w.yesTokenId;
const N = w.noTokenId;
const t = T0 + 60_000; // 14 minutes left: early phase

function run(steps: Parameters<typeof scripted>[0], endMs: number, config = backtestConfig('0.02')): BacktestRunner {
  const r = new BacktestRunner({ config, startMs: T0 + 59_000, endMs, runId: 'pnl-test', speed: 'max' });
  r.runBatchNow(scripted(steps, endMs));
  r.finish();
  return r;
}

describe('backtest P&L, computed by hand', () => {
  it('a taker pair walking two Up levels, settled at resolution: P&L 0.31178, fees 0.34822', () => {
    const r = run(
      [
        [t, { type: 'market', window: w }],
        [
          t + 1,
          book(
            Y,
            [['0.40', '50']],
            [
              ['0.46', '20'],
              ['0.45', '6'],
            ],
          ),
        ],
        [t + 2, book(N, [['0.42', '50']], [['0.48', '30']])],
        // the market after our trade: the cheap levels are gone, no arbitrage left
        [t + 1_000, change(0, [Y, 'ask', '0.45', '0'], [Y, 'ask', '0.46', '16'], [N, 'ask', '0.48', '0'], [N, 'ask', '0.55', '30'])],
        [t + 60_000, { type: 'resolved', eventId: w.eventId, winner: 'no', timestampMs: t + 60_000 }],
      ],
      t + 120_000,
    );
    // Up: 6 @ 0.45 (fee 6 x 0.07 x 0.45 x 0.55 = 0.10395) + 4 @ 0.46 (4 x 0.07 x 0.46 x 0.54 = 0.069552 -> 0.06955)
    // Down: 10 @ 0.48 (10 x 0.07 x 0.48 x 0.52 = 0.17472)
    // cost 2.70 + 1.84 + 4.80 + 0.10395 + 0.06955 + 0.17472 = 9.68822; 10 pairs pay 10 -> P&L 0.31178
    const fills = r.bot.executor.fills;
    expect(fills.map((f) => [f.outcome, formatMicros(f.size), formatMicros(f.notional), formatMicros(f.fee), f.liquidity])).toEqual([
      ['yes', '10', '4.54', '0.1735', 'taker'],
      ['no', '10', '4.8', '0.17472', 'taker'],
    ]);
    // the order reached the venue 50 ms after the decision and waited the 250 ms taker delay
    expect(fills.map((f) => f.atMs)).toEqual([t + 2 + 300, t + 2 + 300]);
    const ledger = r.metrics.ledgers.get(w.eventId);
    expect(ledger?.settlement).toBe('wire');
    expect(formatMicros(ledger?.pnl ?? 0)).toBe('0.31178');
    expect(formatMicros(r.bot.executor.stats.feesPaid)).toBe('0.34822');
    // the engine's own inventory accounting agrees to the micro
    expect(formatMicros(r.bot.engine.pnl.realizedTotal)).toBe('0.31178');
    expect(formatMicros(r.pnl())).toBe('0.31178');
  });

  it('an unhedged leg settles by the winner: only Up filled, Up loses -> P&L is minus its cost', () => {
    const config = backtestConfig('0.02', { leg_risk: { leg_timeout_ms: 600_000 } });
    const r = run(
      [
        [t, { type: 'market', window: w }],
        [t + 1, book(Y, [['0.40', '50']], [['0.45', '10']])],
        [t + 2, book(N, [['0.42', '50']], [['0.48', '10']])],
        // Down's ask vanishes during the taker delay: only the Up leg fills
        [t + 100, change(0, [N, 'ask', '0.48', '0'], [N, 'ask', '0.60', '10'])],
        [t + 60_000, { type: 'resolved', eventId: w.eventId, winner: 'no', timestampMs: t + 60_000 }],
      ],
      t + 120_000,
      config,
    );
    // Up 10 @ 0.45: 4.50 + fee 10 x 0.07 x 0.45 x 0.55 = 0.17325 -> cost 4.67325, worth 0 when Down wins
    expect(r.bot.executor.fills.map((f) => f.outcome)).toEqual(['yes']);
    expect(formatMicros(r.metrics.ledgers.get(w.eventId)?.pnl ?? 0)).toBe('-4.67325');
    expect(formatMicros(r.bot.engine.pnl.realizedTotal)).toBe('-4.67325');
    expect(r.bot.executor.stats.missedAfterDelay).toBe(1);
    expect(r.legRiskIncidents).toBe(1);
  });

  it('a window not resolved by the end is marked: hedged pairs at 1, nothing settled', () => {
    const r = run(
      [
        [t, { type: 'market', window: w }],
        [
          t + 1,
          book(
            Y,
            [['0.40', '50']],
            [
              ['0.46', '20'],
              ['0.45', '6'],
            ],
          ),
        ],
        [t + 2, book(N, [['0.42', '50']], [['0.48', '30']])],
        [t + 1_000, change(0, [Y, 'ask', '0.45', '0'], [Y, 'ask', '0.46', '16'], [N, 'ask', '0.48', '0'], [N, 'ask', '0.55', '30'])],
      ],
      t + 5_000,
    );
    const ledger = r.metrics.ledgers.get(w.eventId);
    expect(ledger?.settlement).toBe('unsettled');
    expect(formatMicros(ledger?.pnl ?? 0)).toBe('0.31178');
    expect(r.bot.engine.pnl.realizedTotal).toBe(0);
  });
});
