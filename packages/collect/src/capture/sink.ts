/**
 * Where captured rows go: one queue per table. In the collector each is a `BatchWriter`; tests can
 * pass arrays. Pushing never blocks and never throws.
 */
import type { BatchWriter } from '@polymarket-arb/common';

export interface RowQueue {
  push(row: object): boolean;
}

export interface CaptureSink {
  deltas: RowQueue;
  snapshots: RowQueue;
  marketEvents: RowQueue;
  rawFrames: RowQueue;
  gaps: RowQueue;
  collectorEvents: RowQueue;
  spot: RowQueue;
  windows: RowQueue;
}

export const CAPTURE_TABLES = {
  deltas: 'orderbook_deltas',
  snapshots: 'orderbook_snapshots',
  marketEvents: 'market_events',
  rawFrames: 'raw_frames',
  gaps: 'collector_gaps',
  collectorEvents: 'collector_events',
  spot: 'spot_prices',
  windows: 'market_windows',
} as const satisfies Record<keyof CaptureSink, string>;

/** Gap reason (and detail) when shutdown cut a socket before every frame sent was read. */
export const UNREAD_AT_SHUTDOWN = 'unread at shutdown';
export const UNREAD_DETAIL = 'the socket was cut before every frame sent was read (backlog too long to read at shutdown)';

export type CaptureWriters = { [K in keyof CaptureSink]: BatchWriter };

/** An in-memory sink (tests, tools). */
export function arraySink(): CaptureSink & { rows: Record<keyof CaptureSink, object[]> } {
  const rows = {
    deltas: [],
    snapshots: [],
    marketEvents: [],
    rawFrames: [],
    gaps: [],
    collectorEvents: [],
    spot: [],
    windows: [],
  } as Record<keyof CaptureSink, object[]>;
  const queue = (list: object[]): RowQueue => ({ push: (row) => (list.push(row), true) });
  return {
    rows,
    deltas: queue(rows.deltas),
    snapshots: queue(rows.snapshots),
    marketEvents: queue(rows.marketEvents),
    rawFrames: queue(rows.rawFrames),
    gaps: queue(rows.gaps),
    collectorEvents: queue(rows.collectorEvents),
    spot: queue(rows.spot),
    windows: queue(rows.windows),
  };
}
