/**
 * The one loop step every mode runs: the `EventSink` sources deliver market events to. Live,
 * paper and backtest differ only in the source that calls it, the executor and the clock.
 *
 * One step, for a market event at the clock's `now`:
 *  1. a simulated venue is told time passed (`advance(now)`): arrivals, delayed matches and cancels
 *     due by then happen, and the account events they produce are fed to the engine first (they
 *     happened before the market data stamped `now`);
 *  2. the engine processes the market event (applies it and evaluates what it changed);
 *  3. a simulated venue sees the data the engine applied (`onBookChanged`, `onTrade`), and the
 *     account events that produces are fed to the engine: as on a live venue, our fills are heard
 *     of after the market data that caused them.
 * Account events that arrive outside a step (a live executor's socket callback) are fed at once.
 *
 * Every input the engine processes (market and account events) goes through `feed`, which can
 * write it, with the clock time, to an `EventLog`: a run's log replays into a fresh engine with the
 * same decisions and P&L. The `level`/`endLevels` path applies a frame's entries without building
 * an event (allocation-free when nothing is logged).
 */
import type { BookSide, Micros } from '@polymarket-arb/domain';
import type { AccountQueue, EngineEvent } from './account-events.js';
import type { Engine } from './engine.js';
import type { EventSink, LevelChange, MarketEvent } from './events.js';
import type { SimulatedVenue } from './executor.js';

/** Where a run's engine inputs are written, in the order they were processed. */
export interface EventLog {
  input(atMs: number, event: EngineEvent): void;
}

export interface DriverOptions {
  readonly engine: Engine;
  /** The queue the executor reports account events to. */
  readonly account: AccountQueue;
  /** The executor when it is a simulated venue (paper, backtest): the driver tells it about time and data. */
  readonly venue?: SimulatedVenue | undefined;
  readonly log?: EventLog | undefined;
}

export class EventDriver implements EventSink {
  private readonly engine: Engine;
  private readonly account: AccountQueue;
  private readonly venue: SimulatedVenue | undefined;
  private readonly log: EventLog | undefined;
  /**
   * Tokens whose books changed in this step (told to the venue at its end): the first
   * `touchedCount` slots of a reused array (truncating it would free its storage and the next
   * push allocate it again, every step).
   */
  private readonly touched: string[] = [];
  private touchedCount = 0;
  /** The entries of the frame being applied through `level` (only while logging). */
  private frame: LevelChange[] = [];
  /**
   * Clock time of the frame being applied, undefined between frames. Held as the boxed number the
   * clock returned (a field that only ever held doubles would store it unboxed, and every call it
   * is passed to would box it again: an allocation per call on the hot path).
   */
  private frameNowMs: number | undefined = undefined;

  constructor(o: DriverOptions) {
    this.engine = o.engine;
    this.account = o.account;
    this.venue = o.venue;
    this.log = o.log;
    o.account.onIdlePush = () => this.feedArrived();
  }

  push(e: MarketEvent): void {
    const now = this.engine.clock.nowMs();
    const account = this.account;
    const venue = this.venue;
    // begin() and end() written out, with the empty-queue checks inline: this runs once per replayed event
    account.busy = true;
    venue?.advance(now);
    if (account.size !== 0) this.feedWaiting(now);
    this.log?.input(now, e);
    this.engine.process(e, now);
    if (venue !== undefined) this.showVenue(venue, e, now);
    if (account.size !== 0) this.feedWaiting(now);
    account.busy = false;
  }

  level(tokenId: string, side: BookSide, price: Micros, size: Micros): void {
    let now = this.frameNowMs;
    if (now === undefined) {
      now = this.frameNowMs = this.engine.clock.nowMs();
      this.begin(now);
    }
    this.engine.applyLevel(tokenId, side, price, size, now);
    if (this.venue !== undefined) this.touch(tokenId);
    if (this.log !== undefined) this.frame.push({ tokenId, side, price, size });
  }

  endLevels(): void {
    const now = this.frameNowMs;
    if (now === undefined) return;
    this.frameNowMs = undefined;
    this.engine.counters.events++;
    if (this.log !== undefined) {
      // The frame path carries no exchange time (the engine does not read it): the log has the clock's.
      this.log.input(now, { type: 'price_change', changes: this.frame, timestampMs: now });
      this.frame = [];
    }
    this.engine.flush(now);
    if (this.venue !== undefined) this.showTouched(this.venue, now);
    this.end(now);
  }

  /** Start of a step: the venue catches up to `now`, and what it reported is fed first. */
  private begin(nowMs: number): void {
    this.account.busy = true;
    this.venue?.advance(nowMs);
    this.feedWaiting(nowMs);
  }

  private end(nowMs: number): void {
    this.feedWaiting(nowMs);
    this.account.busy = false;
  }

  /** Account events that arrived between steps (a live executor's I/O): a step of their own. */
  private feedArrived(): void {
    this.account.busy = true;
    this.feedWaiting(this.engine.clock.nowMs());
    this.account.busy = false;
  }

  private feedWaiting(nowMs: number): void {
    for (let e = this.account.take(); e !== undefined; e = this.account.take()) this.feed(nowMs, e);
  }

  private feed(nowMs: number, e: EngineEvent): void {
    this.log?.input(nowMs, e);
    this.engine.process(e, nowMs);
  }

  /** What the engine just applied, as the venue needs it: books changed, trades printed. */
  private showVenue(venue: SimulatedVenue, e: MarketEvent, nowMs: number): void {
    switch (e.type) {
      case 'book':
        venue.onBookChanged(e.tokenId, nowMs);
        return;
      case 'price_change': {
        // entries come grouped by token; showing a book twice changes nothing, so consecutive ones suffice
        const changes = e.changes;
        let last = '';
        for (let i = 0; i < changes.length; i++) {
          const tokenId = (changes[i] as LevelChange).tokenId;
          if (tokenId !== last) venue.onBookChanged(tokenId, nowMs);
          last = tokenId;
        }
        return;
      }
      case 'trade':
        venue.onTrade(e.tokenId, e.price, e.size, nowMs, e.side);
        return;
      default:
    }
  }

  private touch(tokenId: string): void {
    for (let i = 0; i < this.touchedCount; i++) if (this.touched[i] === tokenId) return;
    this.touched[this.touchedCount++] = tokenId;
  }

  private showTouched(venue: SimulatedVenue, nowMs: number): void {
    for (let i = 0; i < this.touchedCount; i++) venue.onBookChanged(this.touched[i] as string, nowMs);
    this.touchedCount = 0;
  }
}
