/**
 * Specialised, allocation-free scanner for `price_change` frames: the bulk of the market channel.
 *
 * It reads the UTF-8 bytes of a frame straight into a preallocated columnar batch (token index,
 * side, price and size in Micros, exchange best bid/ask, hash offsets) without building strings or
 * objects. It accepts exactly the current batched shape (`{"market", "price_changes":[{...}],
 * "timestamp", "event_type":"price_change"}` in any key order, or an array of such events) and
 * returns false for anything else (escapes, unknown token ids, numbers not as strings, legacy
 * shapes, other event types), in which case the caller takes the generic path (`parseMarketFrame`).
 * A property test checks that both paths agree on every frame the fast one accepts.
 */
import type { BookSide, Micros } from '@polymarket-arb/domain';

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const LBRACE = 123;
const RBRACE = 125;
const LBRACKET = 91;
const RBRACKET = 93;

/** Token ids known to the fast path, each with a small stable index. */
export class TokenRegistry {
  private readonly ids: string[] = [];
  private readonly bytes: Buffer[] = [];
  private readonly byHash = new Map<number, number>();
  private readonly collisions = new Map<number, number[]>();

  /** Register a token id (idempotent); returns its index. */
  add(tokenId: string): number {
    const known = this.indexOf(tokenId);
    if (known >= 0) return known;
    const index = this.ids.length;
    const encoded = Buffer.from(tokenId, 'latin1');
    this.ids.push(tokenId);
    this.bytes.push(encoded);
    const h = hashBytes(encoded, 0, encoded.length);
    const first = this.byHash.get(h);
    if (first === undefined) this.byHash.set(h, index);
    else this.collisions.set(h, [...(this.collisions.get(h) ?? [first]), index]);
    return index;
  }

  indexOf(tokenId: string): number {
    return this.ids.indexOf(tokenId);
  }

  idOf(index: number): string {
    return this.ids[index] ?? '';
  }

  get size(): number {
    return this.ids.length;
  }

  /** Index of the token whose id is `buf[start, end)`, or -1. */
  lookup(buf: Uint8Array, start: number, end: number): number {
    const h = hashBytes(buf, start, end);
    const index = this.byHash.get(h);
    if (index === undefined) return -1;
    const many = this.collisions.get(h);
    if (many === undefined) return this.matches(index, buf, start, end) ? index : -1;
    for (const i of many) if (this.matches(i, buf, start, end)) return i;
    return -1;
  }

  private matches(index: number, buf: Uint8Array, start: number, end: number): boolean {
    const id = this.bytes[index] as Buffer;
    const n = id.length;
    if (n !== end - start) return false;
    // A plain loop beats Buffer#compare here: its JS wrapper validates arguments on every call.
    for (let i = n - 1; i >= 0; i--) if (id[i] !== buf[start + i]) return false;
    return true;
  }
}

/**
 * A cheap key for a token id: its length and its last 12 bytes (token ids are uint256 in decimal,
 * so their low digits are as random as any). Only a key: every hit is verified byte for byte.
 */
function hashBytes(buf: Uint8Array, start: number, end: number): number {
  let h = (end - start) * 0x9e3779b1;
  for (let i = Math.max(start, end - 12); i < end; i++) h = Math.imul(h ^ (buf[i] as number), 0x01000193);
  return h & 0x3fffffff;
}

/** Preallocated columns for the entries of one frame. */
export class PriceChangeBatch {
  readonly capacity: number;
  count = 0;
  /** The frame the offsets point into. */
  buffer: Uint8Array = new Uint8Array(0);
  readonly token: Int32Array;
  /** 0 = bid (BUY), 1 = ask (SELL). */
  readonly side: Uint8Array;
  readonly price: Float64Array;
  readonly size: Float64Array;
  /** -1 when absent. */
  readonly bestBid: Float64Array;
  readonly bestAsk: Float64Array;
  readonly timestampMs: Float64Array;
  readonly hashStart: Int32Array;
  readonly hashEnd: Int32Array;
  readonly marketStart: Int32Array;
  readonly marketEnd: Int32Array;

  constructor(capacity = 256) {
    this.capacity = capacity;
    this.token = new Int32Array(capacity);
    this.side = new Uint8Array(capacity);
    this.price = new Float64Array(capacity);
    this.size = new Float64Array(capacity);
    this.bestBid = new Float64Array(capacity);
    this.bestAsk = new Float64Array(capacity);
    this.timestampMs = new Float64Array(capacity);
    this.hashStart = new Int32Array(capacity);
    this.hashEnd = new Int32Array(capacity);
    this.marketStart = new Int32Array(capacity);
    this.marketEnd = new Int32Array(capacity);
  }

  /** The book side of entry i. */
  bookSideOf(i: number): BookSide {
    return this.side[i] === 0 ? 'bid' : 'ask';
  }

  /** The hash of entry i as a string (allocates: for storage, off the hot path). */
  hashOf(i: number): string {
    return latin1(this.buffer, this.hashStart[i] as number, this.hashEnd[i] as number);
  }

  marketOf(i: number): string {
    return latin1(this.buffer, this.marketStart[i] as number, this.marketEnd[i] as number);
  }
}

/** A flat string of a byte range (a concatenation loop would build a rope that pins memory). */
function latin1(buf: Uint8Array, start: number, end: number): string {
  if (buf instanceof Buffer) return buf.toString('latin1', start, end);
  return Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString('latin1');
}

/**
 * The scanner: one preallocated instance; hot loops copy fields into locals so V8 keeps them in
 * registers. Every method returns false (or a negative value) as soon as the input leaves the
 * shape it knows.
 */
class Scanner {
  buf: Buffer = Buffer.alloc(0);
  pos = 0;
  end = 0;
  /** Content bounds of the last string read (without quotes). */
  strStart = 0;
  strEnd = 0;

  skipWs(): void {
    const buf = this.buf;
    const end = this.end;
    let p = this.pos;
    while (p < end) {
      const c = buf[p] as number;
      if (c !== 32 && c !== 10 && c !== 13 && c !== 9) break;
      p++;
    }
    this.pos = p;
  }

  /**
   * Read a JSON string; sets strStart/strEnd. The frame was checked to hold no backslash, so the
   * next quote ends the string: found with the native memchr of Buffer#indexOf.
   */
  readString(): boolean {
    const buf = this.buf;
    const end = this.end;
    let p = this.pos;
    if (buf[p] !== QUOTE) return false;
    const start = ++p;
    // Short strings (keys, prices) end within a few bytes: a plain loop beats a native call.
    const stop = p + 16 < end ? p + 16 : end;
    while (p < stop && buf[p] !== QUOTE) p++;
    if (p === stop) {
      if (stop === end) return false;
      p = buf.indexOf(QUOTE, p);
      if (p < 0) return false;
    }
    this.strStart = start;
    this.strEnd = p;
    this.pos = p + 1;
    return true;
  }

  /** After a value: `,` (more) -> 1, `close` -> 0, anything else -> -1. */
  next(close: number): number {
    this.skipWs();
    const c = this.buf[this.pos];
    this.pos++;
    if (c === close) return 0;
    if (c !== COMMA) return -1;
    this.skipWs();
    return 1;
  }

  /** A key and its colon; returns the key's length (its bytes start at strStart), or -1. */
  key(): number {
    if (!this.readString()) return -1;
    const len = this.strEnd - this.strStart;
    this.skipWs();
    if (this.buf[this.pos] !== COLON) return -1;
    this.pos++;
    this.skipWs();
    return len;
  }

  keyIs(start: number, key: Uint8Array): boolean {
    const buf = this.buf;
    for (let i = 0; i < key.length; i++) if (buf[start + i] !== key[i]) return false;
    return true;
  }

  /** Unsigned decimal in [start, stop) with up to 6 decimals, as Micros; -2 when not exact. */
  micros(start: number, stop: number): Micros {
    if (stop <= start || stop - start > 24) return -2;
    const buf = this.buf;
    let whole = 0;
    let i = start;
    let wholeDigits = 0;
    for (; i < stop; i++) {
      const d = (buf[i] as number) - 48;
      if (d === -2) break; // '.'
      if (d < 0 || d > 9) return -2;
      whole = whole * 10 + d;
      wholeDigits++;
    }
    let frac = 0;
    let fracDigits = 0;
    if (i < stop) {
      for (i++; i < stop; i++) {
        const d = (buf[i] as number) - 48;
        if (d < 0 || d > 9) return -2;
        if (fracDigits < 6) {
          frac = frac * 10 + d;
          fracDigits++;
        } else if (d !== 0) return -2;
      }
      if (wholeDigits === 0 && fracDigits === 0) return -2;
    } else if (wholeDigits === 0) return -2;
    if (whole > 9_007_199_254) return -2;
    for (let k = fracDigits; k < 6; k++) frac *= 10;
    return whole * 1_000_000 + frac;
  }

  /** Unsigned integer (a ms timestamp) in [start, stop), or -1. */
  digits(start: number, stop: number): number {
    if (stop <= start || stop - start > 15) return -1;
    const buf = this.buf;
    let n = 0;
    for (let i = start; i < stop; i++) {
      const d = (buf[i] as number) - 48;
      if (d < 0 || d > 9) return -1;
      n = n * 10 + d;
    }
    return n;
  }

  side(start: number, stop: number): number {
    const buf = this.buf;
    const len = stop - start;
    if (len === 3 && buf[start] === 66 && buf[start + 1] === 85 && buf[start + 2] === 89) return 0; // BUY
    if (len === 4 && buf[start] === 83 && buf[start + 1] === 69 && buf[start + 2] === 76 && buf[start + 3] === 76) return 1; // SELL
    return -1;
  }
}

const scanner = new Scanner();

/**
 * Scan one frame into `out`. Returns false, leaving `out.count` meaningless, when the frame is not
 * a current-format `price_change` (or array of them) that the fast path can read exactly.
 */
export function scanPriceChangeFrame(frame: Uint8Array, registry: TokenRegistry, out: PriceChangeBatch): boolean {
  const sc = scanner;
  const buf = frame instanceof Buffer ? frame : Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength);
  // Escapes never occur in these frames; one native scan lets every string read skip checking.
  if (buf.indexOf(BACKSLASH) >= 0) return false;
  sc.buf = buf;
  sc.pos = 0;
  sc.end = frame.length;
  out.count = 0;
  out.buffer = frame;
  sc.skipWs();
  if (sc.pos >= sc.end) return false;
  if (frame[sc.pos] === LBRACKET) {
    sc.pos++;
    sc.skipWs();
    if (frame[sc.pos] === RBRACKET) return false;
    for (;;) {
      if (!scanEvent(sc, registry, out)) return false;
      const more = sc.next(RBRACKET);
      if (more < 0) return false;
      if (more === 0) break;
    }
  } else if (!scanEvent(sc, registry, out)) {
    return false;
  }
  sc.skipWs();
  return sc.pos === sc.end;
}

/** One `{...}` price_change event: the live layout first, any other key order second. */
function scanEvent(sc: Scanner, registry: TokenRegistry, out: PriceChangeBatch): boolean {
  const start = sc.pos;
  const first = out.count;
  if (scanCanonicalEvent(sc, registry, out)) return true;
  sc.pos = start;
  out.count = first;
  return scanAnyEvent(sc, registry, out);
}

/**
 * {"market":"0x..","price_changes":[..],"timestamp":"..","event_type":"price_change"}, the order
 * the live service sends. Literals are checked byte for byte; a mismatch returns false.
 */
function scanCanonicalEvent(sc: Scanner, registry: TokenRegistry, out: PriceChangeBatch): boolean {
  const buf = sc.buf;
  let p = sc.pos;
  if (!literalAt(buf, p, L_MARKET)) return false;
  const marketStart = p + L_MARKET.length;
  const marketEnd = buf[marketStart + 66] === QUOTE ? marketStart + 66 : buf.indexOf(QUOTE, marketStart); // 0x + 64 hex
  if (marketEnd < 0 || !literalAt(buf, marketEnd, L_CHANGES)) return false;
  const first = out.count;
  sc.pos = marketEnd + L_CHANGES.length;
  if (!scanEntries(sc, registry, out)) return false;
  p = sc.pos;
  if (!literalAt(buf, p, L_TIMESTAMP)) return false;
  p += L_TIMESTAMP.length;
  const tsEnd = quoteAfter(buf, p);
  const timestamp = sc.digits(p, tsEnd);
  if (timestamp < 0 || !literalAt(buf, tsEnd, L_EVENT_TAIL)) return false;
  sc.pos = tsEnd + L_EVENT_TAIL.length;
  backfill(out, first, timestamp, marketStart, marketEnd);
  return true;
}

/** An event's timestamp and market apply to every entry it added (from `first`). */
function backfill(out: PriceChangeBatch, first: number, timestamp: number, marketStart: number, marketEnd: number): void {
  for (let i = first; i < out.count; i++) {
    out.timestampMs[i] = timestamp;
    out.marketStart[i] = marketStart;
    out.marketEnd[i] = marketEnd;
  }
}

/** One `{...}` price_change event in any key order; fills entries and back-fills its timestamp and market. */
function scanAnyEvent(sc: Scanner, registry: TokenRegistry, out: PriceChangeBatch): boolean {
  if (sc.buf[sc.pos] !== LBRACE) return false;
  sc.pos++;
  sc.skipWs();
  const first = out.count;
  let timestamp = -1;
  let isPriceChange = false;
  let sawChanges = false;
  let marketStart = 0;
  let marketEnd = 0;
  for (;;) {
    const kLen = sc.key();
    if (kLen < 0) return false;
    const kStart = sc.strStart;
    if (kLen === 13 && sc.keyIs(kStart, K_PRICE_CHANGES)) {
      if (!scanEntries(sc, registry, out)) return false;
      sawChanges = true;
    } else {
      if (!sc.readString()) return false;
      if (kLen === 9 && sc.keyIs(kStart, K_TIMESTAMP)) {
        timestamp = sc.digits(sc.strStart, sc.strEnd);
        if (timestamp < 0) return false;
      } else if (kLen === 10 && sc.keyIs(kStart, K_EVENT_TYPE)) {
        isPriceChange = sc.strEnd - sc.strStart === 12 && sc.keyIs(sc.strStart, K_PRICE_CHANGE);
      } else if (kLen === 6 && sc.keyIs(kStart, K_MARKET)) {
        marketStart = sc.strStart;
        marketEnd = sc.strEnd;
      }
    }
    const more = sc.next(RBRACE);
    if (more < 0) return false;
    if (more === 0) break;
  }
  if (!isPriceChange || !sawChanges || timestamp < 0) return false;
  backfill(out, first, timestamp, marketStart, marketEnd);
  return true;
}

/** The `price_changes` array: objects whose values are all strings. */
function scanEntries(sc: Scanner, registry: TokenRegistry, out: PriceChangeBatch): boolean {
  if (sc.buf[sc.pos] !== LBRACKET) return false;
  sc.pos++;
  sc.skipWs();
  if (sc.buf[sc.pos] === RBRACKET) {
    sc.pos++;
    return true;
  }
  for (;;) {
    if (out.count >= out.capacity) return false;
    // The live key order first (no key parsing at all); any other order takes the general path.
    const start = sc.pos;
    if (!scanCanonicalEntry(sc, registry, out, out.count)) {
      sc.pos = start;
      if (!scanEntry(sc, registry, out, out.count)) return false;
    }
    out.count++;
    const more = sc.next(RBRACKET);
    if (more < 0) return false;
    if (more === 0) return true;
  }
}

/**
 * An entry in the live service's exact layout:
 * {"asset_id":"..","price":"..","size":"..","side":"..","hash":"..","best_bid":"..","best_ask":".."}
 * Every literal between values is compared byte for byte, so anything else fails here (and is
 * read by `scanEntry` instead).
 */
function scanCanonicalEntry(sc: Scanner, registry: TokenRegistry, out: PriceChangeBatch, i: number): boolean {
  const buf = sc.buf;
  let p = sc.pos;
  if (!literalAt(buf, p, L_ASSET_ID)) return false;
  p += L_ASSET_ID.length;
  // Token ids are 75-78 digits: probe the usual lengths before a native search. A wrong guess
  // cannot pass: the exact literal that must follow the value is checked at the guessed end.
  let end = buf[p + 77] === QUOTE ? p + 77 : buf[p + 78] === QUOTE ? p + 78 : buf.indexOf(QUOTE, p);
  if (end < 0) return false;
  const token = registry.lookup(buf, p, end);
  if (token < 0 || !literalAt(buf, end, L_PRICE)) return false;
  p = end + L_PRICE.length;
  end = quoteAfter(buf, p);
  const price = sc.micros(p, end);
  if (price < 0 || !literalAt(buf, end, L_SIZE)) return false;
  p = end + L_SIZE.length;
  end = quoteAfter(buf, p);
  const size = sc.micros(p, end);
  if (size < 0 || !literalAt(buf, end, L_SIDE)) return false;
  p = end + L_SIDE.length;
  end = quoteAfter(buf, p);
  const side = sc.side(p, end);
  if (side < 0 || !literalAt(buf, end, L_HASH)) return false;
  p = end + L_HASH.length;
  const hashS = p;
  end = buf[p + 40] === QUOTE ? p + 40 : buf.indexOf(QUOTE, p); // hashes are 40 hex digits (same check as above)
  if (end < 0 || !literalAt(buf, end, L_BEST_BID)) return false;
  const hashE = end;
  p = end + L_BEST_BID.length;
  end = quoteAfter(buf, p);
  const bestBid = end > p ? sc.micros(p, end) : -1;
  if (bestBid < -1 || !literalAt(buf, end, L_BEST_ASK)) return false;
  p = end + L_BEST_ASK.length;
  end = quoteAfter(buf, p);
  const bestAsk = end > p ? sc.micros(p, end) : -1;
  if (bestAsk < -1 || buf[end + 1] !== RBRACE) return false;
  setEntry(out, i, token, side, price, size, bestBid, bestAsk, hashS, hashE);
  sc.pos = end + 2;
  return true;
}

function setEntry(
  out: PriceChangeBatch,
  i: number,
  token: number,
  side: number,
  price: Micros,
  size: Micros,
  bestBid: Micros,
  bestAsk: Micros,
  hashS: number,
  hashE: number,
): void {
  out.token[i] = token;
  out.side[i] = side;
  out.price[i] = price;
  out.size[i] = size;
  out.bestBid[i] = bestBid;
  out.bestAsk[i] = bestAsk;
  out.hashStart[i] = hashS;
  out.hashEnd[i] = hashE;
}

function literalAt(buf: Buffer, p: number, lit: Uint8Array): boolean {
  const n = lit.length;
  if (p + n > buf.length) return false;
  for (let k = 0; k < n; k++) if (buf[p + k] !== lit[k]) return false;
  return true;
}

/** Index of the quote closing a short value that starts at p (or the buffer end). */
function quoteAfter(buf: Buffer, p: number): number {
  const n = buf.length;
  while (p < n && buf[p] !== QUOTE) p++;
  return p;
}

function scanEntry(sc: Scanner, registry: TokenRegistry, out: PriceChangeBatch, i: number): boolean {
  if (sc.buf[sc.pos] !== LBRACE) return false;
  sc.pos++;
  sc.skipWs();
  let token = -1;
  let side = -1;
  let price = -1;
  let size = -1;
  let hashS = 0;
  let hashE = 0;
  let bestBid = -1;
  let bestAsk = -1;
  for (;;) {
    const kLen = sc.key();
    if (kLen < 0) return false;
    const kStart = sc.strStart;
    if (!sc.readString()) return false;
    const vs = sc.strStart;
    const ve = sc.strEnd;
    switch (kLen) {
      case 8:
        if (sc.keyIs(kStart, K_ASSET_ID)) token = registry.lookup(sc.buf, vs, ve);
        else if (sc.keyIs(kStart, K_BEST_BID)) bestBid = ve > vs ? sc.micros(vs, ve) : -1;
        else if (sc.keyIs(kStart, K_BEST_ASK)) bestAsk = ve > vs ? sc.micros(vs, ve) : -1;
        break;
      case 5:
        if (sc.keyIs(kStart, K_PRICE)) price = sc.micros(vs, ve);
        break;
      case 4:
        if (sc.keyIs(kStart, K_SIZE)) size = sc.micros(vs, ve);
        else if (sc.keyIs(kStart, K_SIDE)) side = sc.side(vs, ve);
        else if (sc.keyIs(kStart, K_HASH)) {
          hashS = vs;
          hashE = ve;
        }
        break;
      default:
        break;
    }
    const more = sc.next(RBRACE);
    if (more < 0) return false;
    if (more === 0) break;
  }
  // best_bid/best_ask that are present but unreadable make micros() return -2.
  if (token < 0 || side < 0 || price < 0 || size < 0 || bestBid < -1 || bestAsk < -1) return false;
  setEntry(out, i, token, side, price, size, bestBid, bestAsk, hashS, hashE);
  return true;
}

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const K_PRICE_CHANGES = enc('price_changes');
const K_PRICE_CHANGE = enc('price_change');
const K_TIMESTAMP = enc('timestamp');
const K_EVENT_TYPE = enc('event_type');
const K_MARKET = enc('market');
const K_ASSET_ID = enc('asset_id');
const K_BEST_BID = enc('best_bid');
const K_BEST_ASK = enc('best_ask');
const K_PRICE = enc('price');
const K_SIZE = enc('size');
const K_SIDE = enc('side');
const K_HASH = enc('hash');
const L_MARKET = enc('{"market":"');
const L_CHANGES = enc('","price_changes":');
const L_TIMESTAMP = enc(',"timestamp":"');
const L_EVENT_TAIL = enc('","event_type":"price_change"}');
const L_ASSET_ID = enc('{"asset_id":"');
const L_PRICE = enc('","price":"');
const L_SIZE = enc('","size":"');
const L_SIDE = enc('","side":"');
const L_HASH = enc('","hash":"');
const L_BEST_BID = enc('","best_bid":"');
const L_BEST_ASK = enc('","best_ask":"');
