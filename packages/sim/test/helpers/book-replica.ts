/**
 * The tests' own order-book rebuilder: applies market-channel frames (book snapshots and batched
 * price_change entries) to per-token books, independently of the simulator's code, and checks each
 * entry's best_bid/best_ask against the rebuilt top, as the collector does.
 */
import { parseMicros } from '@polymarket-arb/domain';

export interface ReplicaBook {
  bids: Map<number, number>;
  asks: Map<number, number>;
}

export interface EntryMismatch {
  assetId: string;
  timestamp: string;
  field: 'best_bid' | 'best_ask';
  wire: string;
  rebuilt: string;
}

type Json = Record<string, unknown>;

function best(levels: Map<number, number>, highest: boolean): number | undefined {
  let out: number | undefined;
  for (const p of levels.keys()) if (out === undefined || (highest ? p > out : p < out)) out = p;
  return out;
}

export class BookReplica {
  readonly books = new Map<string, ReplicaBook>();
  readonly mismatches: EntryMismatch[] = [];
  entries = 0;

  /** Apply one raw frame (object or array of objects); returns the parsed events. */
  applyFrame(text: string): Json[] {
    if (text === 'PONG') return [];
    const parsed = JSON.parse(text) as Json | Json[];
    const events = Array.isArray(parsed) ? parsed : [parsed];
    for (const e of events) this.apply(e);
    return events;
  }

  apply(e: Json): void {
    if (e.event_type === 'book') this.applyBook(e);
    else if (e.event_type === 'price_change' && Array.isArray(e.price_changes)) {
      for (const c of e.price_changes as Json[]) this.applyEntry(c, String(e.timestamp));
    } else if (e.event_type === 'price_change' && Array.isArray(e.changes)) {
      // Legacy format: one asset per frame, no best bid/ask to check.
      for (const c of e.changes as Json[]) this.applyEntry({ ...c, asset_id: e.asset_id }, String(e.timestamp));
    }
  }

  book(assetId: string): ReplicaBook {
    let b = this.books.get(assetId);
    if (!b) {
      b = { bids: new Map(), asks: new Map() };
      this.books.set(assetId, b);
    }
    return b;
  }

  /** A book as sorted [price, size] text pairs, for comparing with a REST or control snapshot. */
  levels(assetId: string): { bids: string[]; asks: string[] } {
    const b = this.book(assetId);
    const list = (m: Map<number, number>): string[] => [...m].sort((x, y) => x[0] - y[0]).map(([p, s]) => `${p}:${s}`);
    return { bids: list(b.bids), asks: list(b.asks) };
  }

  bestBid(assetId: string): number | undefined {
    return best(this.book(assetId).bids, true);
  }

  bestAsk(assetId: string): number | undefined {
    return best(this.book(assetId).asks, false);
  }

  private applyBook(e: Json): void {
    const b = this.book(String(e.asset_id));
    b.bids.clear();
    b.asks.clear();
    for (const l of e.bids as Json[]) b.bids.set(parseMicros(String(l.price)), parseMicros(String(l.size)));
    for (const l of e.asks as Json[]) b.asks.set(parseMicros(String(l.price)), parseMicros(String(l.size)));
  }

  private applyEntry(c: Json, timestamp: string): void {
    this.entries++;
    const assetId = String(c.asset_id);
    const b = this.book(assetId);
    const levels = c.side === 'BUY' ? b.bids : b.asks;
    const price = parseMicros(String(c.price));
    const size = parseMicros(String(c.size));
    if (size === 0) levels.delete(price);
    else levels.set(price, size);
    const bid = this.bestBid(assetId);
    const ask = this.bestAsk(assetId);
    const rebuiltBid = bid === undefined ? 0 : bid;
    const rebuiltAsk = ask === undefined ? 1_000_000 : ask;
    // An empty best_bid/best_ask (the empty-numbers fault) says nothing to check.
    if (c.best_bid !== undefined && c.best_bid !== '' && parseMicros(String(c.best_bid)) !== rebuiltBid) {
      this.mismatches.push({ assetId, timestamp, field: 'best_bid', wire: String(c.best_bid), rebuilt: String(rebuiltBid) });
    }
    if (c.best_ask !== undefined && c.best_ask !== '' && parseMicros(String(c.best_ask)) !== rebuiltAsk) {
      this.mismatches.push({ assetId, timestamp, field: 'best_ask', wire: String(c.best_ask), rebuilt: String(rebuiltAsk) });
    }
  }
}
