/**
 * A backtest run: the one bot (`createBot`, backtest mode) on the replay clock with the simulated
 * venue, fed by a `ReplaySource` through the same driver as every mode, and the backtest's own
 * bookkeeping as the source's observer: ledgers and samples, decision counts, counterfactuals,
 * anomalies. Resolutions are settled in the ledgers as the engine settles them; `finish` settles
 * or marks what is left.
 */
import { type Micros, type Outcome } from '@polymarket-arb/domain';
import { createBot, runBot, type Bot, type EventLogRecorder } from '../../bot.js';
import type { BotConfig } from '../../config.js';
import type { MarketEvent } from '../../core/events.js';
import { SimulatedExecutor } from '../../executor/simulated/simulated-executor.js';
import type { DecisionRow } from '../../observability/enrich.js';
import { AnomalyDetector, type AnomalyRow } from '../analysis/anomalies.js';
import { isReplayResolved, type EventBatch, type ResolutionSource } from '../replay/batch.js';
import { ReplayClock } from '../replay/clock.js';
import { CounterfactualTracker, type CounterfactualRow } from '../analysis/counterfactuals.js';
import { DecisionCounts, DecisionDrain, type DecisionConsumer, type RowQueue } from '../analysis/decisions.js';
import { ReplayMetrics } from '../analysis/metrics.js';
import { ReplaySource, type ReplayObserver, type ReplaySpeed, type WallClock } from '../replay/source.js';

export type { WallClock } from '../replay/source.js';

export interface RunnerSinks {
  decisions?: RowQueue<DecisionRow> | undefined;
  counterfactuals?: RowQueue<CounterfactualRow> | undefined;
  anomalies?: RowQueue<AnomalyRow> | undefined;
}

export interface RunnerOptions {
  readonly config: BotConfig;
  readonly startMs: number;
  readonly endMs: number;
  readonly runId: string;
  readonly speed: ReplaySpeed;
  /** Exchange minus recording clock (ms), measured by the reader; the engine runs on exchange time. */
  readonly clockOffsetMs?: number;
  /** Anomaly detection and counterfactuals (off in sweep workers). Default true. */
  readonly observe?: boolean;
  /** Keep every fill for the report (default true). */
  readonly keepFills?: boolean;
  readonly sinks?: RunnerSinks | undefined;
  /** Wall time for pacing (tests pass a fake; default performance.now and a timer). */
  readonly wall?: WallClock;
  /** Where `run` reads the range (a reader over the store); sweep workers push batches instead. */
  readonly batches?: (signal: AbortSignal) => AsyncIterable<EventBatch>;
  /** Write every engine input and executor answer here (audit and replay). */
  readonly eventLog?: EventLogRecorder;
}

/** A settlement known only after the replayed range (stored outcome, or estimated from spot). */
export interface LateResolution {
  readonly winner: Outcome;
  readonly source: ResolutionSource;
}

export class BacktestRunner implements ReplayObserver {
  readonly bot: Bot<SimulatedExecutor>;
  readonly clock: ReplayClock;
  readonly source: ReplaySource;
  readonly metrics: ReplayMetrics;
  readonly counts = new DecisionCounts();
  readonly anomalies: AnomalyDetector | undefined;
  readonly counterfactuals: CounterfactualTracker | undefined;
  readonly drain: DecisionDrain;
  readonly config: BotConfig;
  /** Engine events replayed (ticks excluded), by type. */
  readonly eventCounts = new Map<string, number>();
  events = 0;
  ticks = 0;
  /** Times an unhedged imbalance began in a market (leg-risk incidents). */
  legRiskIncidents = 0;
  private readonly samplePerTicks: number;
  private readonly halfRing: number;
  private readonly legOnsets = new Map<string, number>();
  private readonly o: RunnerOptions;

  constructor(o: RunnerOptions) {
    this.o = o;
    this.config = o.config;
    const s = o.config.backtest;
    this.clock = new ReplayClock(o.startMs * 1000, o.clockOffsetMs ?? 0);
    const keepFills = o.keepFills ?? true;
    this.bot = createBot({
      config: o.config,
      clock: this.clock,
      mode: 'backtest',
      executor: (ctx) => new SimulatedExecutor(ctx, s, { kind: 'backtest', keepFills }),
      eventLog: o.eventLog,
    });
    this.metrics = new ReplayMetrics(this.bot.markets);
    this.bot.executor.onFill = (f) => {
      this.metrics.onFill(f);
      this.metrics.trackDrawdown(this.metrics.currentEquity());
    };
    const observe = o.observe ?? true;
    this.anomalies = observe ? new AnomalyDetector(this.bot.markets, s, o.runId, this.clock.nowMs(), o.sinks?.anomalies) : undefined;
    this.counterfactuals = observe
      ? new CounterfactualTracker(this.bot.markets, o.config.sizing.mvp_size, o.runId, o.sinks?.counterfactuals)
      : undefined;
    const consumers: DecisionConsumer[] = [this.counts];
    if (this.counterfactuals !== undefined) consumers.push(this.counterfactuals);
    this.drain = new DecisionDrain(this.bot.ring, this.bot.markets, o.runId, consumers, o.sinks?.decisions);
    this.source = new ReplaySource({
      clock: this.clock,
      startMs: o.startMs,
      tickMs: s.tick_ms,
      speed: o.speed,
      batches: o.batches,
      observer: this,
      wall: o.wall,
    });
    this.samplePerTicks = Math.max(1, Math.round(s.sample_ms / s.tick_ms));
    this.halfRing = this.bot.ring.capacity >> 1;
  }

  /** The replay stopped early: the report is partial. */
  get aborted(): boolean {
    return this.source.aborted;
  }

  set aborted(value: boolean) {
    this.source.aborted = value;
  }

  /** Replay the range the options' `batches` read, through the driver, until it ends or `signal` aborts. */
  async run(signal: AbortSignal = new AbortController().signal): Promise<void> {
    await runBot(this.source, this.bot, signal);
  }

  /** Replay one batch (sweep workers and tests push batches): flat out (speed max) or paced. */
  async runBatch(batch: EventBatch, signal?: AbortSignal): Promise<void> {
    await this.source.replay(batch, this.bot.driver, signal);
  }

  /** Replay a batch synchronously (no pacing). */
  runBatchNow(batch: EventBatch): void {
    this.source.replayNow(batch, this.bot.driver);
  }

  afterEvent(e: MarketEvent, nowMs: number): void {
    this.events++;
    this.eventCounts.set(e.type, (this.eventCounts.get(e.type) ?? 0) + 1);
    this.anomalies?.afterEvent(e, nowMs);
    if (e.type === 'resolved') this.settled(e.eventId, e.winner, isReplayResolved(e) ? e.source : 'wire');
    if (this.bot.ring.length >= this.halfRing) this.drain.drain();
  }

  afterTick(nowMs: number): void {
    this.ticks++;
    this.anomalies?.onTick(nowMs);
    if (this.ticks % this.samplePerTicks === 0) this.sample(nowMs);
    if (this.bot.ring.length >= this.halfRing) this.drain.drain();
  }

  afterBatch(batch: EventBatch): void {
    const offset = this.clock.offsetMs * 1000;
    if (this.anomalies !== undefined)
      for (const n of batch.notes) this.anomalies.onNote(offset === 0 ? n : { ...n, atMicros: n.atMicros + offset });
    this.drain.drain();
  }

  beforeWait(): void {
    this.drain.drain();
  }

  private sample(nowMs: number): void {
    for (const m of this.bot.markets.all) {
      const since = m.inventory.imbalanceSinceMs;
      if (since !== 0 && this.legOnsets.get(m.window.eventId) !== since) {
        this.legOnsets.set(m.window.eventId, since);
        this.legRiskIncidents++;
      }
    }
    this.metrics.sample(nowMs, this.bot.engine.pnl.totalExposure());
  }

  private settled(eventId: string, winner: Outcome, source: ResolutionSource): void {
    const now = this.clock.nowMs();
    this.drain.drain(); // decisions up to the settlement reach the counterfactuals first
    const ledger = this.metrics.settle(eventId, winner, source, now);
    this.counterfactuals?.onSettled(eventId, ledger?.pnl ?? 0, now);
  }

  /** Windows holding shares or P&L that the replay did not settle (for `finish`). */
  openWindows(): string[] {
    return [...this.metrics.ledgers.values()].filter((l) => l.settlement === undefined).map((l) => l.eventId);
  }

  /**
   * End of the range: ticks up to the end, then settle what the store knows was resolved later
   * (`late`), and mark the rest; counterfactuals of windows never settled use the marked P&L.
   */
  finish(late: ReadonlyMap<string, LateResolution> = new Map()): void {
    const endMicros = this.o.endMs * 1000;
    const driver = this.bot.driver;
    if (!this.aborted) this.source.ticksUpTo(endMicros, driver);
    for (const eventId of this.openWindows()) {
      const r = late.get(eventId);
      if (r === undefined) continue;
      const e = { type: 'resolved', eventId, winner: r.winner, timestampMs: this.clock.nowMs(), source: r.source } as const;
      this.source.feed(e, this.clock.micros, driver);
    }
    this.drain.drain();
    const now = this.clock.nowMs();
    this.sample(now);
    this.metrics.finish(now);
    for (const eventId of this.counterfactuals?.pending() ?? [])
      this.counterfactuals?.onSettled(eventId, this.metrics.ledgers.get(eventId)?.pnl ?? 0, now);
  }

  /** Net P&L of the run so far (settled + marked), micros. */
  pnl(): Micros {
    return this.metrics.totalPnl();
  }
}
