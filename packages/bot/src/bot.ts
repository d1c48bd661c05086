/**
 * Wiring of the modes, outside the pure core: a mode = (DataSource, Executor, Clock). `createBot`
 * builds the engine with the executor the mode names (shadow: NoOp, paper: Paper on the engine's
 * own books) and its decision ring; `runBot` feeds a DataSource into it with a timer tick for
 * quiet markets.
 */
import type { Clock } from '@polymarket-arb/domain';
import type { BotConfig } from './config.js';
import { Engine } from './core/engine.js';
import type { DataSource } from './core/events.js';
import type { Executor } from './core/executor.js';
import { MarketRegistry } from './core/markets.js';
import { NoOpExecutor } from './executor/noop.js';
import { PaperExecutor } from './executor/paper.js';
import { RingRecorder } from './observability/capture.js';
import { DecisionRing } from './observability/ring.js';

export type BotMode = 'shadow' | 'paper' | 'backtest' | 'live';

export interface Bot {
  readonly engine: Engine;
  readonly executor: Executor;
  readonly markets: MarketRegistry;
  readonly ring: DecisionRing;
  readonly recorder: RingRecorder;
}

export interface CreateBotOptions {
  readonly config: BotConfig;
  readonly clock: Clock;
  readonly mode: BotMode;
  /** Required for live; optional override for the others (e.g. a backtest executor). */
  readonly executor?: (markets: MarketRegistry) => Executor;
}

export function createBot(o: CreateBotOptions): Bot {
  const markets = new MarketRegistry(o.config.toxic);
  const executor = o.executor !== undefined ? o.executor(markets) : defaultExecutor(o, markets);
  const ring = new DecisionRing(o.config.observability.ring_size);
  const recorder = new RingRecorder(ring, o.config.observability.capture_decisions);
  const engine = new Engine({ config: o.config, clock: o.clock, executor, markets, recorder });
  return { engine, executor, markets, ring, recorder };
}

function defaultExecutor(o: CreateBotOptions, markets: MarketRegistry): Executor {
  switch (o.mode) {
    case 'shadow':
      return new NoOpExecutor();
    case 'paper':
    case 'backtest':
      return new PaperExecutor(markets, o.config.paper, () => o.clock.nowMs());
    case 'live':
      throw new Error('live mode needs an executor: pass `executor` to createBot');
  }
}

/**
 * Feed `source` into `engine` until it ends or `signal` aborts. A `tick` event every `tickMs`
 * (wall time) lets paper arrivals, maker expiry and leg-risk timeouts happen in quiet markets;
 * a backtest passes 0 and lets its source emit ticks on the replay clock.
 */
export async function runBot(source: DataSource, engine: Engine, signal: AbortSignal, tickMs = 100): Promise<void> {
  const timer = tickMs > 0 ? setInterval(() => engine.process({ type: 'tick' }), tickMs) : undefined;
  try {
    for await (const event of source.events(signal)) {
      engine.process(event);
      if (signal.aborted) break;
    }
  } finally {
    if (timer !== undefined) clearInterval(timer);
  }
}
