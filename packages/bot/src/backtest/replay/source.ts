/**
 * ReplaySource (spec 3.4): a recorded range as a `DataSource`, the same interface the live source
 * implements, delivering into the same driver. Before each event it sets the replay clock to the
 * event's receive time, and it inserts the timer ticks the live source would have sent (every
 * `tick_ms` of replay time). It replays flat out (`max`) or paced against wall time, any multiple
 * of real time, from the first replayed event on. Events are pushed synchronously, batch by batch
 * (one promise per batch, not per event).
 *
 * An observer (the backtest runner) hears every event, tick and batch after the engine has
 * processed it: the backtest's own ledgers, anomaly detection and decision drain live there.
 */
import { performance } from 'node:perf_hooks';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { sleep } from '@polymarket-arb/common';
import type { DataSource, EventSink, MarketEvent } from '../../core/events.js';
import type { EventBatch } from './batch.js';
import type { ReplayClock } from './clock.js';

/** Any positive multiple (`1`, `7`, `0.5`): replay time runs that many times faster than wall time; `max`: unpaced. */
export type ReplaySpeed = number | 'max';

/** What pacing needs of wall time. */
export interface WallClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

const REAL_WALL: WallClock = { now: () => performance.now(), sleep };

/** Hears the replay after the engine processed each part of it. */
export interface ReplayObserver {
  /** A replayed event (not a tick), at the replay clock's `nowMs`. */
  afterEvent(e: MarketEvent, nowMs: number): void;
  afterTick(nowMs: number): void;
  /** A batch is done: its notes (what the collector recorded about itself) can be read. */
  afterBatch(batch: EventBatch): void;
  /** A paced replay is about to wait for wall time. */
  beforeWait(): void;
}

export interface ReplaySourceOptions {
  readonly clock: ReplayClock;
  /** Start of the replayed range (ms): ticks run every `tickMs` from here. */
  readonly startMs: number;
  readonly tickMs: number;
  readonly speed: ReplaySpeed;
  /** Where `run` reads batches from (a reader over the store); `replay` takes them one by one. */
  readonly batches?: ((signal: AbortSignal) => AsyncIterable<EventBatch>) | undefined;
  readonly observer?: ReplayObserver | undefined;
  /** Wall time for pacing (tests pass a fake; default performance.now and a timer). */
  readonly wall?: WallClock | undefined;
}

const TICK: MarketEvent = { type: 'tick' };

export class ReplaySource implements DataSource {
  /** The replay stopped early (the signal aborted): what was replayed is partial. */
  aborted = false;
  private readonly clock: ReplayClock;
  private readonly tickMicros: number;
  private nextTickMicros: number;
  private readonly wall: WallClock;
  private readonly observer: ReplayObserver | undefined;
  /**
   * Where pacing starts: the wall time and replay time (ms) of the first replayed event. A range
   * usually starts before the recording does; pacing from the range start would replay nothing
   * for as long as that lead-in lasts.
   */
  private paceOrigin: { wallMs: number; replayMs: number } | undefined;

  constructor(private readonly o: ReplaySourceOptions) {
    this.clock = o.clock;
    this.tickMicros = o.tickMs * 1000;
    this.nextTickMicros = o.startMs * 1000 + this.tickMicros;
    this.wall = o.wall ?? REAL_WALL;
    this.observer = o.observer;
  }

  /** Replay every batch of `batches` into `sink`, yielding to the event loop between them (row writers flush). */
  async run(sink: EventSink, signal: AbortSignal): Promise<void> {
    if (this.o.batches === undefined) return;
    for await (const batch of this.o.batches(signal)) {
      await this.replay(batch, sink, signal);
      if (this.aborted || signal.aborted) {
        this.aborted = true;
        return;
      }
      await yieldToLoop();
    }
  }

  /** Replay one batch: flat out (speed max) or paced against wall time. */
  async replay(batch: EventBatch, sink: EventSink, signal?: AbortSignal): Promise<void> {
    if (this.o.speed === 'max') this.replayNow(batch, sink);
    else await this.replayPaced(batch, sink, this.o.speed, signal);
  }

  /** Replay a batch synchronously (no pacing). */
  replayNow(batch: EventBatch, sink: EventSink): void {
    const { events, atMicros } = batch;
    for (let i = 0; i < events.length; i++) this.feed(events[i] as MarketEvent, atMicros[i] as number, sink);
    this.ticksUpTo(batch.endMicros, sink);
    this.observer?.afterBatch(batch);
  }

  /** One event at its receive time `atMicros`, after the ticks due by then. */
  feed(e: MarketEvent, atMicros: number, sink: EventSink): void {
    while (this.nextTickMicros <= atMicros) this.tick(sink);
    this.clock.set(atMicros);
    sink.push(e);
    if (this.observer !== undefined) this.observer.afterEvent(e, this.clock.nowMs());
  }

  /** Ticks up to replay time `micros` (exclusive). */
  ticksUpTo(micros: number, sink: EventSink): void {
    while (this.nextTickMicros < micros) this.tick(sink);
  }

  private tick(sink: EventSink): void {
    this.clock.set(this.nextTickMicros);
    this.nextTickMicros += this.tickMicros;
    sink.push(TICK);
    this.observer?.afterTick(this.clock.nowMs());
  }

  private async replayPaced(batch: EventBatch, sink: EventSink, speed: number, signal?: AbortSignal): Promise<void> {
    const { events, atMicros } = batch;
    for (let i = 0; i < events.length; i++) {
      const at = atMicros[i] as number;
      this.paceOrigin ??= { wallMs: this.wall.now(), replayMs: at / 1000 };
      while (this.nextTickMicros <= at) {
        if (!(await this.pace(this.nextTickMicros, speed, signal))) return this.abort();
        this.tick(sink);
      }
      if (!(await this.pace(at, speed, signal))) return this.abort();
      this.feed(events[i] as MarketEvent, at, sink);
    }
    while (this.nextTickMicros < batch.endMicros) {
      if (!(await this.pace(this.nextTickMicros, speed, signal))) return this.abort();
      this.tick(sink);
    }
    this.observer?.afterBatch(batch);
  }

  /** Wait until wall time catches up with replay time `atMicros`; false when aborted. Nothing waits before the first event. */
  private async pace(atMicros: number, speed: number, signal?: AbortSignal): Promise<boolean> {
    const origin = this.paceOrigin;
    const wait = origin === undefined ? 0 : origin.wallMs + (atMicros / 1000 - origin.replayMs) / speed - this.wall.now();
    if (wait > 2) {
      this.observer?.beforeWait();
      await this.wall.sleep(wait, signal);
    }
    return signal?.aborted !== true;
  }

  private abort(): void {
    this.aborted = true;
  }
}
