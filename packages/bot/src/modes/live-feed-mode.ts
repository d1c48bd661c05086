/**
 * Shadow and paper modes: live market data (the simulator here, Polymarket for a user with
 * internet) into the one engine: the live source runs into the bot's driver. Shadow wires the NoOp executor (nothing is
 * ever sent), paper the simulated venue (the backtest's fill model on the books it sees). Decisions
 * go to the `decisions` table; a graceful shutdown flushes them and saves inventory and open paper
 * orders.
 */
import { OffsetClock, systemClock, type CryptoAsset } from '@polymarket-arb/domain';
import { EXIT_OK, openConfiguredStore, sleep, writeFileAtomic, type Logger } from '@polymarket-arb/common';
import { createBot, runBot } from '../bot.js';
import type { BotConfig } from '../config.js';
import { SimulatedExecutor } from '../executor/simulated/simulated-executor.js';
import { createDecisionPipeline } from '../observability/pipeline.js';
import { LiveSource } from '../source/live.js';
import { healthLine } from './health-line.js';
import { readPaperState, requireSameStore, stateOwner } from './paper-state.js';
import { restoreState, saveState } from './saved-state.js';
import { PaperStateWriteError } from '../errors.js';

export interface LiveFeedModeOptions {
  mode: 'shadow' | 'paper';
  config: BotConfig;
  assets: readonly CryptoAsset[];
  logger: Logger;
  signal: AbortSignal;
  durationS?: number | undefined;
  stateFile?: string | undefined;
  runId?: string | undefined;
}

export async function runLiveFeedMode(o: LiveFeedModeOptions): Promise<number> {
  const { mode, config, logger } = o;
  const runId = o.runId ?? `${mode}-${new Date().toISOString()}`;
  // Checked before the session: a state that cannot be saved at the end, or that is another run's, would be lost or mixed.
  const state = mode === 'paper' ? readPaperState(o.stateFile, config.storage, o.assets, logger) : undefined;
  const store = await openConfiguredStore(config.storage, process.env, logger);
  try {
    await store.migrate(); // first: a new embedded store keeps its database UUID once it has tables
    const owner = state === undefined ? undefined : await stateOwner(store, o.assets);
    if (state !== undefined && owner !== undefined) requireSameStore(state.saved, owner, state.file, logger);
    // The engine runs on the exchange's clock (window phases, time remaining); the sockets on local time.
    const clock = new OffsetClock(systemClock);
    const bot = createBot({ config, clock, mode });
    const paper = bot.executor instanceof SimulatedExecutor ? bot.executor : undefined;
    if (state?.saved !== undefined) {
      const orders = restoreState(bot.engine, state.saved);
      paper?.restoreOrders(orders);
      logger.info({ stateFile: state.file, openOrders: orders.length }, 'restored inventory and open paper orders');
    }
    const pipeline = createDecisionPipeline({
      ring: bot.ring,
      directory: bot.markets,
      sink: store,
      observability: config.observability,
      mode,
      runId,
      logger: logger.child({ component: 'decisions' }),
    });
    pipeline.start();
    let health: NodeJS.Timeout | undefined;
    const started = () => {
      logger.info(
        { mode, runId, assets: o.assets, store: store.description, executor: bot.executor.kind },
        mode === 'shadow'
          ? 'shadow mode: evaluating and recording decisions, placing no orders'
          : 'paper mode: simulated fills on live data',
      );
      health = setInterval(() => healthLine(logger, mode, bot.engine, source, pipeline), 30_000);
    };
    const source = new LiveSource({
      config,
      assets: o.assets,
      engineClock: clock,
      clock: systemClock,
      logger,
      onClockOffset: (ms) => (clock.offsetMs = ms),
      onStarted: started,
    });
    const session = sessionSignal(o.signal, o.durationS);
    try {
      await runBot(source, bot, session.signal);
    } finally {
      session.dispose();
      clearInterval(health);
    }
    await pipeline.stop();
    if (state !== undefined)
      writeState(state.file, JSON.stringify(saveState(bot.engine, paper?.snapshotOrders() ?? [], owner), null, 2), logger);
    healthLine(logger, mode, bot.engine, source, pipeline);
    logger.info(
      {
        decisionsWritten: pipeline.writer.stats.written,
        decisionsDropped: pipeline.writer.stats.dropped + pipeline.processor.stats().dropped,
      },
      'stopped',
    );
    return EXIT_OK;
  } finally {
    await store.close();
  }
}

/** Save the state; if that still fails (disk full...), the state goes to the log so it is not lost. */
function writeState(file: string, text: string, logger: Logger): void {
  try {
    writeFileAtomic(file, text);
    logger.info({ stateFile: file }, 'saved inventory and open paper orders');
  } catch (err) {
    logger.error({ stateFile: file, state: JSON.parse(text) as unknown }, 'could not save the paper state; it is logged here in full');
    throw new PaperStateWriteError(
      `Could not save the bot state to ${file}: ${(err as Error).message}. The state is in the log line before this one.`,
      { hint: 'Free space or fix permissions, then copy that state into the file before the next start.' },
    );
  }
}

/** Aborts when the process is told to stop or after `durationS` (any length); `dispose` releases the timer. */
function sessionSignal(stop: AbortSignal, durationS: number | undefined): { signal: AbortSignal; dispose(): void } {
  const ac = new AbortController();
  const end = () => ac.abort();
  if (stop.aborted) end();
  else stop.addEventListener('abort', end, { once: true });
  if (durationS !== undefined) void sleep(durationS * 1000, ac.signal).then(end);
  return {
    signal: ac.signal,
    dispose() {
      stop.removeEventListener('abort', end);
      end();
    },
  };
}
