/**
 * Market events (defined in @polymarket-arb/domain, where the venue layer that produces them can
 * see them too) and the two interfaces every mode's input goes through: a `DataSource` delivers
 * market events to an `EventSink` (the driver, driver.ts). A mode = (DataSource, Executor, Clock):
 * the live feed, or a replay of a recording, with the same sink behind both.
 */
import type { BookSide, MarketEvent, Micros } from '@polymarket-arb/domain';

export type {
  MarketAddedEvent,
  BookSnapshotEvent,
  LevelChange,
  PriceChangeEvent,
  TickSizeEvent,
  TradeEvent,
  SpotEvent,
  ResolvedEvent,
  FeedStatusEvent,
  TickEvent,
  MarketEvent,
} from '@polymarket-arb/domain';

/**
 * Where a source delivers market events, synchronously, each at the clock's current time.
 * `level` + `endLevels` is the allocation-free form of a `price_change` event for a hot feed: the
 * entries of one frame one by one, then the end of the frame (the markets they changed are
 * evaluated once, so a half-applied pair of books is never traded on).
 */
export interface EventSink {
  push(e: MarketEvent): void;
  level(tokenId: string, side: BookSide, price: Micros, size: Micros): void;
  endLevels(): void;
}

/** A source of market events: delivers them to `sink` until it ends or `signal` aborts. */
export interface DataSource {
  run(sink: EventSink, signal: AbortSignal): Promise<void>;
}
