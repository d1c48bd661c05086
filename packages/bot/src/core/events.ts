/**
 * What a DataSource yields: the domain's market events (defined in @polymarket-arb/domain, where the
 * venue layer that produces them can see them too). A mode = (DataSource, Executor, Clock).
 */
import type { MarketEvent } from '@polymarket-arb/domain';

export type { MarketAddedEvent, BookSnapshotEvent, LevelChange, PriceChangeEvent, TickSizeEvent, TradeEvent, SpotEvent, ResolvedEvent, FeedStatusEvent, TickEvent, MarketEvent } from '@polymarket-arb/domain';

/** A source of market events; ends when the iterable ends or the signal aborts. */
export interface DataSource {
  events(signal: AbortSignal): AsyncIterable<MarketEvent>;
}
