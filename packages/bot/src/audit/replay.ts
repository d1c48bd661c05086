/**
 * Replaying an event log (event-log.ts) into a fresh engine: each input is processed at its
 * logged clock time, and the executor answers from the log, checking that the engine asks
 * exactly what it asked in the run. A replay that asks anything else has diverged and says where.
 */
import { isDeepStrictEqual } from 'node:util';
import { ManualClock } from '@polymarket-arb/domain';
import { createBot, type Bot, type BotMode } from '../bot.js';
import type { BotConfig } from '../config.js';
import type { Engine } from '../core/engine.js';
import type { Executor, ExecutorKind, OpenOrderView, OrderRequest, PairAck, PairIntent, PlaceAck } from '../core/executor.js';
import type { EventLogRecorder, LogEntry, LoggedAnswer } from './event-log.js';

export class ReplayDivergence extends Error {}

/** An executor that gives the answers of a logged run, in order. */
export class LoggedExecutor implements Executor {
  readonly kind: ExecutorKind;
  readonly canFill: boolean;
  private readonly answers: LoggedAnswer[];
  private next = 0;

  constructor(entries: readonly LogEntry[], executor: { readonly kind: ExecutorKind; readonly canFill: boolean }) {
    this.kind = executor.kind;
    this.canFill = executor.canFill;
    this.answers = entries.filter((e): e is LoggedAnswer => e.kind !== 'input');
  }

  placeOrder(request: OrderRequest): PlaceAck {
    return this.answer('place', request, (a) => (a.kind === 'place' ? [a.request, a.ack] : undefined));
  }

  submitPair(pair: PairIntent): PairAck {
    return this.answer('pair', pair, (a) => (a.kind === 'pair' ? [a.pair, a.ack] : undefined));
  }

  cancelOrder(orderId: string): boolean {
    return this.answer('cancel', orderId, (a) => (a.kind === 'cancel' ? [a.orderId, a.ok] : undefined));
  }

  openOrders(): OpenOrderView[] {
    return [];
  }

  /** Answers not asked for by the replay (a complete replay leaves none). */
  get unused(): number {
    return this.answers.length - this.next;
  }

  private answer<Q, A>(call: string, asked: Q, match: (a: LoggedAnswer) => [Q, A] | undefined): A {
    const logged = this.answers[this.next];
    const pair = logged === undefined ? undefined : match(logged);
    if (pair === undefined || !isDeepStrictEqual(pair[0], asked)) {
      throw new ReplayDivergence(
        `replay diverged at executor call ${this.next + 1}: the engine asked ${call} ${JSON.stringify(asked)}, the log has ${JSON.stringify(logged)}`,
      );
    }
    this.next++;
    return pair[1];
  }
}

/** Feed every logged input to `engine` at its logged time (`clock` must be the engine's clock). */
export function replayInputs(entries: readonly LogEntry[], engine: Engine, clock: ManualClock): void {
  for (const entry of entries) {
    if (entry.kind !== 'input') continue;
    clock.setMs(entry.atMs);
    engine.process(entry.event);
  }
}

/**
 * A fresh bot fed a logged run: it ends with the run's decisions (in its ring), inventory and P&L,
 * or throws `ReplayDivergence`. `config` is the run's; its ring should hold every decision.
 */
export function replayEventLog(log: EventLogRecorder, config: BotConfig, mode: BotMode): Bot<LoggedExecutor> {
  const clock = new ManualClock(0);
  const executor = log.executor ?? { kind: 'noop', canFill: false };
  const bot = createBot({ config, clock, mode, executor: () => new LoggedExecutor(log.entries, executor) });
  replayInputs(log.entries, bot.engine, clock);
  return bot;
}
