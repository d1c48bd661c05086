/**
 * The replay clock: the engine's only "now" during a backtest. It is set to each event's local
 * receive time (microseconds, as the collector stamped it) before the event is processed, so the
 * engine, the executor and the decision log see the time the live bot would have seen.
 */
import type { Clock } from '@polymarket-arb/common';

export class ReplayClock implements Clock {
  /** Current replay time, unix microseconds. */
  micros = 0;

  constructor(startMicros = 0) {
    this.micros = startMicros;
  }

  nowMs(): number {
    return Math.floor(this.micros / 1000);
  }

  nowMicros(): number {
    return this.micros;
  }

  /** Move to `micros`; the clock never runs backwards. */
  set(micros: number): void {
    if (micros > this.micros) this.micros = micros;
  }
}
