/**
 * The replay clock: the engine's only "now" during a backtest. It is set to each event's local
 * receive time (microseconds, as the collector stamped it) before the event is processed, so the
 * engine, the executor and the decision log see the time the live bot would have seen. Like the
 * live modes' exchange-aligned clock, it can run `offsetMs` ahead of the recording machine's clock
 * when that clock was off (the reader measures it; 0 when within a second).
 */
import type { Clock } from '@polymarket-arb/domain';

export class ReplayClock implements Clock {
  /** Current replay time, unix microseconds. */
  micros = 0;

  constructor(
    startMicros = 0,
    readonly offsetMs = 0,
  ) {
    this.micros = startMicros;
  }

  nowMs(): number {
    return Math.floor(this.micros / 1000) + this.offsetMs;
  }

  nowMicros(): number {
    return this.micros + this.offsetMs * 1000;
  }

  /** Move to `micros`; the clock never runs backwards. */
  set(micros: number): void {
    if (micros > this.micros) this.micros = micros;
  }
}
