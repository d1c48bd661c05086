/**
 * Runs replayed events through the one engine: sets the replay clock to each event's receive time,
 * inserts the timer ticks the live source would have sent (every `tick_ms` of replay time), paces
 * replay time against wall time (any multiple, from the first event on) or runs flat out (max),
 * and feeds the observers: the backtest's own ledgers and samples, decision counts,
 * counterfactuals, anomalies. Resolutions are settled in the ledgers as the engine settles them;
 * `finish` settles or marks what is left.
 */
import { performance } from 'node:perf_hooks';
import { type Micros, type Outcome } from '@polymarket-arb/domain';
import { sleep } from '@polymarket-arb/common';
import type { BotConfig } from '../config.js';
import type { MarketEvent } from '../core/events.js';
import type { DecisionRow } from '../observability/enrich.js';
import { AnomalyDetector, type AnomalyRow } from './anomalies.js';
import { isReplayResolved, type EventBatch, type ResolutionSource } from './batch.js';
import { createBacktestBot, type BacktestBot } from './bot.js';
import { CounterfactualTracker, type CounterfactualRow } from './counterfactuals.js';
import { DecisionCounts, DecisionDrain, type DecisionConsumer, type RowQueue } from './decisions.js';
import { ReplayMetrics } from './metrics.js';
import type { ReplaySpeed } from './options.js';

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
  readonly sinks?: RunnerSinks;
  /** Wall time for pacing (tests pass a fake; default performance.now and a timer). */
  readonly wall?: WallClock;
}

/** What pacing needs of wall time. */
export interface WallClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

const REAL_WALL: WallClock = { now: () => performance.now(), sleep };

/** A settlement known only after the replayed range (stored outcome, or estimated from spot). */
export interface LateResolution {
  readonly winner: Outcome;
  readonly source: ResolutionSource;
}

const TICK: MarketEvent = { type: 'tick' };

export class BacktestRunner {
  readonly bot: BacktestBot;
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
  aborted = false;
  private nextTickMicros: number;
  private readonly tickMicros: number;
  private readonly samplePerTicks: number;
  private readonly halfRing: number;
  private readonly legOnsets = new Map<string, number>();
  private readonly wall: WallClock;
  /**
   * Where pacing starts: the wall time and replay time (ms) of the first replayed event. A range
   * usually starts before the recording does; pacing from the range start would replay nothing
   * for as long as that lead-in lasts.
   */
  private paceOrigin: { wallMs: number; replayMs: number } | undefined;
  private readonly o: RunnerOptions;

  constructor(o: RunnerOptions) {
    this.o = o;
    this.config = o.config;
    this.wall = o.wall ?? REAL_WALL;
    const s = o.config.backtest;
    this.bot = createBacktestBot(o.config, o.startMs * 1000, o.clockOffsetMs ?? 0);
    this.bot.executor.keepFills = o.keepFills ?? true;
    this.metrics = new ReplayMetrics(this.bot.markets);
    this.bot.executor.onFill = (f) => {
      this.metrics.onFill(f);
      this.metrics.trackDrawdown(this.metrics.currentEquity());
    };
    const observe = o.observe ?? true;
    this.anomalies = observe ? new AnomalyDetector(this.bot.markets, s, o.runId, this.bot.clock.nowMs(), o.sinks?.anomalies) : undefined;
    this.counterfactuals = observe ? new CounterfactualTracker(this.bot.markets, o.config.sizing.mvp_size, o.runId, o.sinks?.counterfactuals) : undefined;
    const consumers: DecisionConsumer[] = [this.counts];
    if (this.counterfactuals !== undefined) consumers.push(this.counterfactuals);
    this.drain = new DecisionDrain(this.bot.ring, this.bot.markets, o.runId, consumers, o.sinks?.decisions);
    this.tickMicros = s.tick_ms * 1000;
    this.nextTickMicros = o.startMs * 1000 + this.tickMicros;
    this.samplePerTicks = Math.max(1, Math.round(s.sample_ms / s.tick_ms));
    this.halfRing = this.bot.ring.capacity >> 1;
  }

  /** Replay one batch: flat out (speed max) or paced against wall time. */
  async runBatch(batch: EventBatch, signal?: AbortSignal): Promise<void> {
    if (this.o.speed === 'max') this.runBatchNow(batch);
    else await this.runBatchPaced(batch, this.o.speed, signal);
  }

  /** Replay a batch synchronously (no pacing). */
  runBatchNow(batch: EventBatch): void {
    const { events, atMicros } = batch;
    for (let i = 0; i < events.length; i++) this.feed(events[i] as MarketEvent, atMicros[i] as number);
    this.ticksUpTo(batch.endMicros);
    this.endBatch(batch);
  }

  private async runBatchPaced(batch: EventBatch, speed: number, signal?: AbortSignal): Promise<void> {
    const { events, atMicros } = batch;
    for (let i = 0; i < events.length; i++) {
      const at = atMicros[i] as number;
      this.paceOrigin ??= { wallMs: this.wall.now(), replayMs: at / 1000 };
      while (this.nextTickMicros <= at) {
        if (!(await this.pace(this.nextTickMicros, speed, signal))) return this.abort();
        this.tick();
      }
      if (!(await this.pace(at, speed, signal))) return this.abort();
      this.feed(events[i] as MarketEvent, at);
    }
    while (this.nextTickMicros < batch.endMicros) {
      if (!(await this.pace(this.nextTickMicros, speed, signal))) return this.abort();
      this.tick();
    }
    this.endBatch(batch);
  }

  /** Wait until wall time catches up with replay time `atMicros`; false when aborted. Nothing waits before the first event. */
  private async pace(atMicros: number, speed: number, signal?: AbortSignal): Promise<boolean> {
    const origin = this.paceOrigin;
    const wait = origin === undefined ? 0 : origin.wallMs + (atMicros / 1000 - origin.replayMs) / speed - this.wall.now();
    if (wait > 2) {
      this.drain.drain();
      await this.wall.sleep(wait, signal);
    }
    return signal?.aborted !== true;
  }

  private abort(): void {
    this.aborted = true;
  }

  private endBatch(batch: EventBatch): void {
    const offset = this.bot.clock.offsetMs * 1000;
    if (this.anomalies !== undefined) for (const n of batch.notes) this.anomalies.onNote(offset === 0 ? n : { ...n, atMicros: n.atMicros + offset });
    this.drain.drain();
  }

  private ticksUpTo(micros: number): void {
    while (this.nextTickMicros < micros) this.tick();
  }

  private feed(e: MarketEvent, at: number): void {
    while (this.nextTickMicros <= at) this.tick();
    const b = this.bot;
    b.clock.set(at);
    b.engine.process(e);
    this.events++;
    this.eventCounts.set(e.type, (this.eventCounts.get(e.type) ?? 0) + 1);
    this.anomalies?.afterEvent(e, b.clock.nowMs());
    if (e.type === 'resolved') this.settled(e.eventId, e.winner, isReplayResolved(e) ? e.source : 'wire');
    if (b.ring.length >= this.halfRing) this.drain.drain();
  }

  private tick(): void {
    const b = this.bot;
    b.clock.set(this.nextTickMicros);
    this.nextTickMicros += this.tickMicros;
    b.engine.process(TICK);
    const now = b.clock.nowMs();
    this.ticks++;
    this.anomalies?.onTick(now);
    if (this.ticks % this.samplePerTicks === 0) this.sample(now);
    if (b.ring.length >= this.halfRing) this.drain.drain();
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
    const now = this.bot.clock.nowMs();
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
    if (!this.aborted) this.ticksUpTo(endMicros);
    for (const eventId of this.openWindows()) {
      const r = late.get(eventId);
      if (r === undefined) continue;
      const e = { type: 'resolved', eventId, winner: r.winner, timestampMs: this.bot.clock.nowMs(), source: r.source } as const;
      this.feed(e, this.bot.clock.micros);
    }
    this.drain.drain();
    const now = this.bot.clock.nowMs();
    this.sample(now);
    this.metrics.finish(now);
    for (const eventId of this.counterfactuals?.pending() ?? []) this.counterfactuals?.onSettled(eventId, this.metrics.ledgers.get(eventId)?.pnl ?? 0, now);
  }

  /** Net P&L of the run so far (settled + marked), micros. */
  pnl(): Micros {
    return this.metrics.totalPnl();
  }
}
