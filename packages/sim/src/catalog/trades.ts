/**
 * The public trade history of a simulated market (what the Data API serves): 50-400 taker trades
 * per market, deterministic from the seed, mostly inside the window and some during the day it is
 * listed, priced around the fair value of the traded token at that moment (a BUY pays the ask, a
 * SELL gets the bid, on the 0.01 tick), sizes in shares with 2 or 6 decimals, and wallets drawn
 * from a fixed population of traders so the same wallets recur across markets. Wallets and
 * transaction hashes are derived on demand (`trader`, `tradeTransactionHash`): sums such as Gamma's
 * volume need only prices and sizes.
 */
import type { Micros } from '@polymarket-arb/domain';
import { hashInts, normalAt, uniformAt } from './hash.js';
import { hexId } from './ids.js';
import { assetIndex } from './spot.js';

export interface SimTrade {
  /** Position in the market's chronological order (0 = oldest); unique within the market. */
  readonly seq: number;
  /** Unix seconds. */
  readonly timestamp: number;
  readonly outcome: 'yes' | 'no';
  /** The taker's side. */
  readonly side: 'BUY' | 'SELL';
  readonly price: Micros;
  readonly size: Micros;
  /** Which trader of the seed's population took it (see `trader`). */
  readonly traderIndex: number;
}

export interface Trader {
  /** Proxy wallet, 0x + 40 hex. */
  readonly wallet: string;
  /** Username, often empty. */
  readonly name: string;
  /** Auto-generated "Adjective-Noun" pseudonym. */
  readonly pseudonym: string;
}

/** What the generator needs to know about a market (the catalog passes itself in). */
export interface TradeSource {
  readonly seed: number;
  fairUp(ms: number): number;
}

export interface TradeWindow {
  readonly asset: 'BTC' | 'ETH' | 'SOL' | 'XRP';
  readonly windowStart: number;
  readonly windowEnd: number;
  readonly listedAtMs: number;
  readonly conditionId: string;
}

const TRADERS = 600;
const TICK: Micros = 10_000;
const ADJECTIVES = [
  'Grimy',
  'Frilly',
  'Bold',
  'Quiet',
  'Lucky',
  'Brisk',
  'Mellow',
  'Shiny',
  'Witty',
  'Vast',
  'Prime',
  'Sly',
  'Rapid',
  'Calm',
  'Noble',
  'Zesty',
];
const NOUNS = [
  'Oats',
  'Ecstasy',
  'Harbor',
  'Falcon',
  'Meadow',
  'Comet',
  'Ledger',
  'Pebble',
  'Summit',
  'Tundra',
  'Ripple',
  'Beacon',
  'Canyon',
  'Orchid',
  'Quartz',
  'Willow',
];
const SALT_COUNT = 0xc0417;
const SALT_TIME = 0x71be;
const SALT_TOKEN = 0x70c3;
const SALT_SIDE = 0x51de;
const SALT_SPREAD = 0x5b2d;
const SALT_SIZE = 0x512e;
const SALT_WHO = 0x3b0;

/** On-chain hash of a trade (0x + 64 hex); computed on demand, hashing is the costly part. */
export function tradeTransactionHash(seed: number, conditionId: string, seq: number): string {
  return hexId(`poly-sim|${seed}|tx|${conditionId}|${seq}`, 32);
}

/** The trader behind wallet number `index` of a seed's population. */
export function trader(seed: number, index: number): Trader {
  const h = hashInts(seed, index, 0x7a3d);
  const pseudonym = `${ADJECTIVES[h % ADJECTIVES.length]}-${NOUNS[(h >>> 8) % NOUNS.length]}`;
  const hasName = (h >>> 16) % 3 === 0;
  return {
    wallet: hexId(`poly-sim|${seed}|wallet|${index}`, 20),
    name: hasName ? `${pseudonym.toLowerCase().replace('-', '')}${index}` : '',
    pseudonym,
  };
}

/** Every trade of the market, oldest first (including trades after "now": callers filter by time). */
export function generateTrades(source: TradeSource, market: TradeWindow): SimTrade[] {
  const { seed } = source;
  const a = assetIndex(market.asset);
  const w = market.windowStart;
  const count = 50 + (hashInts(seed, a, w, SALT_COUNT) % 351);
  const listedSec = Math.ceil(market.listedAtMs / 1000);
  const drafts: { timestamp: number; draw: number }[] = [];
  for (let i = 0; i < count; i++) {
    const u = uniformAt(seed, a, w, i, SALT_TIME);
    // 15% of trades while the market waits for its window, 85% inside it.
    const timestamp =
      u < 0.15 ? listedSec + Math.floor((u / 0.15) * (w - listedSec)) : w + Math.floor(((u - 0.15) / 0.85) * (market.windowEnd - w));
    drafts.push({ timestamp, draw: i });
  }
  drafts.sort((x, y) => x.timestamp - y.timestamp || x.draw - y.draw);
  return drafts.map((draft, seq) => buildTrade(source, market, a, seq, draft.timestamp, draft.draw));
}

function buildTrade(source: TradeSource, market: TradeWindow, a: number, seq: number, timestamp: number, draw: number): SimTrade {
  const { seed } = source;
  const w = market.windowStart;
  const outcome = uniformAt(seed, a, w, draw, SALT_TOKEN) < 0.5 ? 'yes' : 'no';
  const side = uniformAt(seed, a, w, draw, SALT_SIDE) < 0.6 ? 'BUY' : 'SELL';
  const up = source.fairUp(timestamp * 1000);
  const fair = outcome === 'yes' ? up : 1 - up;
  const halfSpread = 0.005 + 0.01 * uniformAt(seed, a, w, draw, SALT_SPREAD);
  const quoted = side === 'BUY' ? fair + halfSpread : fair - halfSpread;
  const price = Math.min(1_000_000 - TICK, Math.max(TICK, Math.round((quoted * 1_000_000) / TICK) * TICK));
  return {
    seq,
    timestamp,
    outcome,
    side,
    price,
    size: tradeSize(seed, a, w, draw),
    traderIndex: hashInts(seed, a, w, draw, SALT_WHO) % TRADERS,
  };
}

/** Shares, log-normal around 20; a third of trades carry 6 decimals (market orders sized in pUSD). */
function tradeSize(seed: number, a: number, w: number, draw: number): Micros {
  const shares = Math.min(5_000, Math.exp(Math.log(20) + 1.2 * normalAt(seed, a, w, draw, SALT_SIZE)));
  const sixDecimals = hashInts(seed, a, w, draw, SALT_SIZE) % 3 === 0;
  const micros = sixDecimals ? Math.round(shares * 1_000_000) : Math.round(shares * 100) * 10_000;
  return Math.max(10_000, micros);
}
