/**
 * The one bot factory, outside the pure core: a mode = (DataSource, Executor, Clock). `createBot`
 * builds the engine, the executor the mode names (shadow: NoOp; paper and backtest: the simulated
 * venue, on live or recorded books), the account-event queue between them, the decision ring and
 * the driver every source delivers into; `runBot` runs a source into it.
 */
import type { Clock } from '@polymarket-arb/domain';
import { EventLogRecorder, RecordingExecutor } from './audit/event-log.js';
import type { BotConfig } from './config.js';
import { AccountQueue } from './core/account-events.js';
import { EventDriver } from './core/driver.js';
import { Engine } from './core/engine.js';
import type { DataSource } from './core/events.js';
import { isSimulatedVenue, type Executor, type ExecutorContext } from './core/executor.js';
import { MarketRegistry } from './core/markets.js';
import { NoOpExecutor } from './executor/noop.js';
import { SimulatedExecutor } from './executor/simulated/simulated-executor.js';
import { RingRecorder } from './observability/capture.js';
import { DecisionRing } from './observability/ring.js';

export { EventLogRecorder };

export type BotMode = 'shadow' | 'paper' | 'backtest' | 'live';

export interface Bot<E extends Executor = Executor> {
  readonly engine: Engine;
  /** The executor the mode wired (the engine sees it through the event log's recorder when logging). */
  readonly executor: E;
  readonly markets: MarketRegistry;
  readonly ring: DecisionRing;
  readonly recorder: RingRecorder;
  /** Where sources deliver market events (see core/driver.ts). */
  readonly driver: EventDriver;
}

export interface CreateBotOptions<E extends Executor = Executor> {
  readonly config: BotConfig;
  readonly clock: Clock;
  readonly mode: BotMode;
  /** Required for live; for the others an override of the mode's executor. */
  readonly executor?: ((ctx: ExecutorContext) => E) | undefined;
  /** Log every engine input and executor answer here (audit, replay). */
  readonly eventLog?: EventLogRecorder | undefined;
}

export function createBot<E extends Executor = Executor>(o: CreateBotOptions<E>): Bot<E> {
  const markets = new MarketRegistry(o.config.toxic);
  const account = new AccountQueue();
  const ctx: ExecutorContext = { markets, events: account, nowMs: () => o.clock.nowMs() };
  const executor = o.executor !== undefined ? o.executor(ctx) : (defaultExecutor(o, ctx) as E);
  const engineExecutor = o.eventLog === undefined ? executor : new RecordingExecutor(executor, o.eventLog);
  const ring = new DecisionRing(o.config.observability.ring_size);
  const recorder = new RingRecorder(ring, o.config.observability.capture_decisions);
  const engine = new Engine({ config: o.config, clock: o.clock, executor: engineExecutor, markets, recorder });
  const driver = new EventDriver({ engine, account, venue: isSimulatedVenue(executor) ? executor : undefined, log: o.eventLog });
  return { engine, executor, markets, ring, recorder, driver };
}

function defaultExecutor(o: CreateBotOptions<Executor>, ctx: ExecutorContext): Executor {
  switch (o.mode) {
    case 'shadow':
      return new NoOpExecutor(ctx.markets);
    case 'paper':
      return new SimulatedExecutor(ctx, o.config.paper, { kind: 'paper' });
    case 'backtest':
      return new SimulatedExecutor(ctx, o.config.backtest, { kind: 'backtest', keepFills: true });
    case 'live':
      throw new Error('live mode needs an executor: pass `executor` to createBot');
  }
}

/** Run `source` into the bot's driver until the source ends or `signal` aborts. */
export function runBot(source: DataSource, bot: Pick<Bot, 'driver'>, signal: AbortSignal): Promise<void> {
  return source.run(bot.driver, signal);
}
