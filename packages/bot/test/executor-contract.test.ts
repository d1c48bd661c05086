/**
 * The executor contract suite (executor-contract.ts) against every executor there is: shadow's
 * no-op, and the simulated venue with paper's and the backtest's settings. (The live executor
 * joins with a harness over poly-sim.)
 */
import { ManualClock, type Outcome } from '@polymarket-arb/domain';
import type { AccountEvent } from '../src/core/account-events.js';
import { isSimulatedVenue, type Executor, type ExecutorContext } from '../src/core/executor.js';
import { MarketRegistry } from '../src/core/markets.js';
import { NoOpExecutor } from '../src/executor/noop.js';
import { SimulatedExecutor } from '../src/executor/simulated/simulated-executor.js';
import { describeExecutorContract, type ExecutorHarness } from './executor-contract.js';
import { T0, testConfig, testWindow, u } from './helpers.js';

/** An in-process harness: the executor on a market registry with empty books, on a ManualClock. */
function inProcessHarness(make: (ctx: ExecutorContext) => Executor): ExecutorHarness {
  const config = testConfig();
  const markets = new MarketRegistry(config.toxic);
  const window = testWindow(T0 + 900_000);
  const m = markets.add(window);
  const clock = new ManualClock(T0 + 60_000);
  const events: AccountEvent[] = [];
  const executor = make({ markets, events: { push: (e) => events.push(e) }, nowMs: () => clock.nowMs() });
  const venue = isSimulatedVenue(executor) ? executor : undefined;
  const token = (outcome: Outcome) => m.leg(outcome).tokenId;
  return {
    executor,
    window,
    events,
    setLevel(outcome, side, price, size) {
      m.leg(outcome).book.setLevel(side, u(price), u(size));
      venue?.onBookChanged(token(outcome), clock.nowMs());
    },
    trade(outcome, price, size, takerSide) {
      venue?.onTrade(token(outcome), u(price), u(size), clock.nowMs(), takerSide);
    },
    wait(ms) {
      clock.advanceMs(ms);
      venue?.advance(clock.nowMs());
    },
  };
}

const config = testConfig();
describeExecutorContract('noop (shadow)', () => inProcessHarness((ctx) => new NoOpExecutor(ctx.markets)));
describeExecutorContract('paper (simulated venue, [paper] defaults)', () =>
  inProcessHarness((ctx) => new SimulatedExecutor(ctx, config.paper, { kind: 'paper' })),
);
describeExecutorContract('backtest (simulated venue, [backtest] defaults)', () =>
  inProcessHarness((ctx) => new SimulatedExecutor(ctx, config.backtest, { kind: 'backtest' })),
);
