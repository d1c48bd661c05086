/**
 * ReplayDataSource (spec 3.4): the recorded range as the engine's `DataSource`, the same interface
 * the live source implements. It sets the replay clock to each event's receive time before
 * yielding it and yields a `tick` every `tick_ms` of replay time, so `runBot(source, engine,
 * signal, 0)` replays a range through any engine. (The backtest runner consumes the reader's
 * batches directly, which avoids one promise per event, with the same clock and tick rule.)
 */
import type { DataSource, MarketEvent } from '../core/events.js';
import type { ReplayClock } from './clock.js';
import type { EventBatch } from './batch.js';

const TICK: MarketEvent = { type: 'tick' };

export class ReplayDataSource implements DataSource {
  constructor(
    private readonly batches: (signal: AbortSignal) => AsyncIterable<EventBatch>,
    private readonly clock: ReplayClock,
    private readonly startMs: number,
    private readonly tickMs: number,
  ) {}

  async *events(signal: AbortSignal): AsyncIterable<MarketEvent> {
    const tick = this.tickMs * 1000;
    let nextTick = this.startMs * 1000 + tick;
    for await (const batch of this.batches(signal)) {
      for (let i = 0; i < batch.events.length; i++) {
        const at = batch.atMicros[i] as number;
        for (; nextTick <= at; nextTick += tick) {
          this.clock.set(nextTick);
          yield TICK;
        }
        this.clock.set(at);
        yield batch.events[i] as MarketEvent;
        if (signal.aborted) return;
      }
      for (; nextTick < batch.endMicros; nextTick += tick) {
        this.clock.set(nextTick);
        yield TICK;
      }
    }
  }
}
