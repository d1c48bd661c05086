/**
 * Per-connection delivery statistics, kept for closed connections too, so a test can check that
 * every delta the simulator sent was stored exactly once: per token, how many `price_change`
 * entries each connection was sent (in either format), how many book snapshots, which faults were
 * injected, and, with `recordSent`, the sent frames themselves in order.
 */

/** Why a frame was sent: the stream itself, or something a fault added. */
export type SentTag = 'live' | 'dump' | 'reply' | 'duplicate' | 'malformed' | 'unknown-event' | 'legacy' | 'empty-numbers' | 'out-of-order';

export interface SentFrame {
  readonly text: string;
  readonly tag: SentTag;
}

export interface FaultCounts {
  malformed: number;
  unknownEvents: number;
  legacyPriceChange: number;
  emptyNumbers: number;
  duplicates: number;
  outOfOrder: number;
  /** Frames not sent because a stall was in force. */
  stalledDropped: number;
}

export interface ConnectionStats {
  readonly id: number;
  readonly channel: 'market' | 'binance';
  readonly path: string;
  readonly openedAtMs: number;
  closedAtMs: number | undefined;
  closeReason: string | undefined;
  /** Token ids (market) or stream names (Binance) subscribed now. */
  subscriptions: string[];
  framesSent: number;
  bytesSent: number;
  /** Frames by `event_type` (market) or stream (Binance), counting each stream frame once. */
  byKind: Record<string, number>;
  /** Distinct `price_change` entries delivered, per token (duplicates not counted twice). */
  priceChangeEntries: Record<string, number>;
  /** `book` snapshots delivered, per token (initial dumps and after trades). */
  books: Record<string, number>;
  faults: FaultCounts;
  /** Every frame sent, in order (only with `recordSent`). */
  sent: SentFrame[] | undefined;
}

export function newConnectionStats(
  id: number,
  channel: 'market' | 'binance',
  path: string,
  openedAtMs: number,
  record: boolean,
): ConnectionStats {
  return {
    id,
    channel,
    path,
    openedAtMs,
    closedAtMs: undefined,
    closeReason: undefined,
    subscriptions: [],
    framesSent: 0,
    bytesSent: 0,
    byKind: {},
    priceChangeEntries: {},
    books: {},
    faults: { malformed: 0, unknownEvents: 0, legacyPriceChange: 0, emptyNumbers: 0, duplicates: 0, outOfOrder: 0, stalledDropped: 0 },
    sent: record ? [] : undefined,
  };
}

export function bump(counts: Record<string, number>, key: string, by = 1): void {
  counts[key] = (counts[key] ?? 0) + by;
}

/** The registry of every connection's stats (open and closed), in connection order. */
export class StatsRegistry {
  private readonly all: ConnectionStats[] = [];
  private nextId = 1;

  open(channel: 'market' | 'binance', path: string, openedAtMs: number, record: boolean): ConnectionStats {
    const stats = newConnectionStats(this.nextId++, channel, path, openedAtMs, record);
    this.all.push(stats);
    return stats;
  }

  list(): readonly ConnectionStats[] {
    return this.all;
  }
}
