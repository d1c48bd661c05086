/**
 * What the replay reader hands the runner: a slice of replay time as engine events in replay order,
 * each with its local receive time (µs), plus notes that are not engine events (what the collector
 * recorded about its own health, for the anomaly log). Resolutions carry where they came from.
 */
import type { MarketEvent, ResolvedEvent } from '../../core/events.js';

/** Where a settlement came from: the market channel, a stored outcome, or the Binance proxy rule. */
export type ResolutionSource = 'wire' | 'stored' | 'estimated';

export interface ReplayResolvedEvent extends ResolvedEvent {
  readonly source: ResolutionSource;
}

export interface ReplayNote {
  readonly atMicros: number;
  readonly kind: 'book_mismatch' | 'feed_gap' | 'collector_stopped' | 'invalid_row';
  readonly eventId: string | null;
  readonly detail: Record<string, unknown>;
}

export interface EventBatch {
  readonly events: MarketEvent[];
  /** Receive time of each event, unix µs, non-decreasing. */
  readonly atMicros: number[];
  readonly notes: ReplayNote[];
  /** The batch covers replay time up to here (exclusive), µs: ticks run up to it. */
  readonly endMicros: number;
}

export function isReplayResolved(e: MarketEvent): e is ReplayResolvedEvent {
  return e.type === 'resolved' && (e as Partial<ReplayResolvedEvent>).source !== undefined;
}
