/**
 * The state at the start of the range. Windows discovered earlier are announced at the start, and
 * each of their books is rebuilt from its last stored snapshot before the start (an exchange `book`
 * or the collector's periodic copy of its verified local book) plus the deltas received after that
 * snapshot, then handed to the engine as one `book` at the start. A book the collector was not
 * following at the start (inside a recorded gap, or the collector stopped) is not seeded: it stays
 * unsynced until its next exchange snapshot, exactly as the live bot would have it.
 */
import type { BookSide, MarketWindow, Micros, OrderBookLevel } from '@polymarket-arb/domain';
import type { Store } from '@polymarket-arb/common';
import type { BookSnapshotEvent } from '../../core/events.js';
import { bookEvent, levelChange } from './convert.js';
import {
  compactRows,
  WARM_DELTAS_SQL,
  WARM_GAPS_SQL,
  WARM_LAST_RUN_SQL,
  WARM_SNAPSHOTS_SQL,
  type DeltaRow,
  type SnapshotRow,
} from './sql.js';

const DAY_MS = 86_400_000;

interface Book {
  bid: Map<Micros, Micros>;
  ask: Map<Micros, Micros>;
  seq: number;
  timestampMs: number;
  tickSize: Micros | undefined;
}

function levels(m: Map<Micros, Micros>): OrderBookLevel[] {
  return [...m]
    .filter(([, size]) => size > 0)
    .sort((a, b) => a[0] - b[0])
    .map(([price, size]) => ({ price, size }));
}

/** Tokens the collector was not following at `startMs` (a gap spans it, or the collector was stopped). */
async function unfollowed(store: Store, startMs: number, tokens: readonly string[]): Promise<Set<string>> {
  const params = { rx0: (startMs - DAY_MS) * 1000, rx1: startMs * 1000 };
  const lastRun = await compactRows<[string]>(store, WARM_LAST_RUN_SQL, params);
  if (lastRun[0]?.[0] === 'stop') return new Set(tokens);
  const gaps = await compactRows<[string]>(store, WARM_GAPS_SQL, params);
  return new Set(gaps.map((g) => g[0]));
}

/** `book` events for the tokens of `windows` as their books stood at `startMs`. */
export async function warmBooks(
  store: Store,
  windows: readonly MarketWindow[],
  startMs: number,
  bad: { count: number },
): Promise<BookSnapshotEvent[]> {
  if (windows.length === 0) return [];
  const ids = windows.map((w) => w.eventId);
  const tokens = windows.flatMap((w) => [w.yesTokenId, w.noTokenId]);
  const skip = await unfollowed(store, startMs, tokens);
  const lo = startMs - DAY_MS;
  const snaps = await compactRows<SnapshotRow>(store, WARM_SNAPSHOTS_SQL, { ids, lo, rx1: startMs * 1000 });
  const books = new Map<string, Book>();
  let earliest = Number.POSITIVE_INFINITY;
  for (const s of snaps) {
    if (skip.has(s[0])) continue;
    const e = bookEvent(s, bad);
    const toMap = (ls: readonly OrderBookLevel[]) => new Map(ls.map((l) => [l.price, l.size] as [Micros, Micros]));
    books.set(s[0], { bid: toMap(e.bids), ask: toMap(e.asks), seq: Number(s[6]), timestampMs: e.timestampMs, tickSize: e.tickSize });
    earliest = Math.min(earliest, Number(s[5]));
  }
  if (books.size === 0) return [];
  const deltas = await compactRows<DeltaRow>(store, WARM_DELTAS_SQL, { ids, lo, rx0: earliest, rx1: startMs * 1000 });
  for (const d of deltas) {
    const b = books.get(d[0]);
    if (b === undefined || Number(d[6]) <= b.seq) continue;
    const c = levelChange(d);
    if (c === undefined) {
      bad.count++;
      continue;
    }
    (c.side === ('bid' as BookSide) ? b.bid : b.ask).set(c.price, c.size);
    b.timestampMs = Number(d[1]);
  }
  const out: BookSnapshotEvent[] = [];
  for (const token of tokens) {
    const b = books.get(token);
    if (b === undefined) continue;
    const e: BookSnapshotEvent = { type: 'book', tokenId: token, bids: levels(b.bid), asks: levels(b.ask), timestampMs: b.timestampMs };
    out.push(b.tickSize === undefined ? e : { ...e, tickSize: b.tickSize });
  }
  return out;
}
