/**
 * Backtest wiring (barter-rs style: the same engine as paper and live, only the clock, the market
 * stream and the execution client differ): the replay clock, the backtest executor, and the decision
 * ring with a recorder that also keeps the depth at the top of book of each decision (a spare slot
 * of the record, for the counterfactuals' "what would we have bought").
 */
import type { BotConfig } from '../config.js';
import type { ArbOpportunity } from '../core/arb.js';
import type { ActionCode, ReasonCode, SeverityCode } from '../core/codes.js';
import { Engine } from '../core/engine.js';
import type { MarketState } from '../core/market-state.js';
import { MarketRegistry } from '../core/markets.js';
import { RingRecorder } from '../observability/capture.js';
import { DecisionRing, F_STRIDE } from '../observability/ring.js';
import { ReplayClock } from './clock.js';
import { BacktestExecutor } from './executor/backtest-executor.js';

/** Float64 slot of a decision record holding the shares offered at the top of the legs taken. */
export const F_TOP_SIZE = 6;

export class BacktestRecorder extends RingRecorder {
  override record(m: MarketState, o: ArbOpportunity, action: ActionCode, reason: ReasonCode, size: number, severity: SeverityCode): boolean {
    if (!super.record(m, o, action, reason, size, severity)) return false;
    this.ring.f64[((this.ring.head - 1) & this.ring.mask) * F_STRIDE + F_TOP_SIZE] = o.topSize;
    return true;
  }
}

export interface BacktestBot {
  readonly engine: Engine;
  readonly executor: BacktestExecutor;
  readonly markets: MarketRegistry;
  readonly ring: DecisionRing;
  readonly recorder: BacktestRecorder;
  readonly clock: ReplayClock;
}

export function createBacktestBot(config: BotConfig, startMicros: number, clockOffsetMs = 0): BacktestBot {
  const clock = new ReplayClock(startMicros, clockOffsetMs);
  const markets = new MarketRegistry(config.toxic);
  const executor = new BacktestExecutor(markets, config.backtest, () => clock.nowMs());
  const ring = new DecisionRing(config.observability.ring_size);
  const recorder = new BacktestRecorder(ring, config.observability.capture_decisions);
  const engine = new Engine({ config, clock, executor, markets, recorder });
  return { engine, executor, markets, ring, recorder, clock };
}
