/**
 * The backtest's own books, kept from the executor's fills and the resolutions alone (independent
 * of the engine's Inventory code, so the two can be checked against each other): per window the
 * cash spent and received with fees, and the shares held; settled at the resolution (winning shares
 * pay 1 pUSD), or marked at the end (hedged pairs at 1, the excess at the best bid). Sampled over
 * replay time: equity (realised + marked), exposure (cost basis held), inventory imbalance, and the
 * maximum drawdown. Exact micros; samples are decimated to stay a few thousand points.
 */
import type { CryptoAsset, MarketWindow, Micros, Outcome } from '@polymarket-arb/domain';
import type { MarketRegistry } from '../../core/markets.js';
import type { ResolutionSource } from '../replay/batch.js';
import type { FillRecord } from '../../executor/simulated/stats.js';

export type Settlement = ResolutionSource | 'unsettled';

export interface WindowLedger {
  readonly eventId: string;
  readonly slug: string;
  readonly asset: CryptoAsset;
  readonly windowStart: number;
  readonly windowEnd: number;
  /** Sells minus buys, fees deducted (micros; negative while holding). */
  cash: Micros;
  yes: Micros;
  no: Micros;
  yesBought: Micros;
  noBought: Micros;
  sold: Micros;
  fees: Micros;
  fills: number;
  settlement: Settlement | undefined;
  winner: Outcome | undefined;
  pnl: Micros;
  settledAtMs: number;
}

const MAX_SAMPLES = 4_000;

export class ReplayMetrics {
  readonly ledgers = new Map<string, WindowLedger>();
  /** P&L of settled windows. */
  settledPnl: Micros = 0;
  maxDrawdown: Micros = 0;
  peakEquity: Micros = 0;
  maxExposure: Micros = 0;
  maxImbalance: Micros = 0;
  /** Every `stride`-th sample is kept (doubles when the arrays fill). */
  private stride = 1;
  private sampleCount = 0;
  readonly times: number[] = [];
  readonly equity: Micros[] = [];
  readonly exposure: Micros[] = [];
  readonly imbalance: Micros[] = [];

  constructor(private readonly markets: MarketRegistry) {}

  onFill(f: FillRecord): void {
    const l = this.ledger(f.eventId);
    if (l === undefined) return;
    l.fills++;
    l.fees += f.fee;
    if (f.side === 'BUY') {
      l.cash -= f.notional + f.fee;
      if (f.outcome === 'yes') {
        l.yes += f.size;
        l.yesBought += f.size;
      } else {
        l.no += f.size;
        l.noBought += f.size;
      }
    } else {
      l.cash += f.notional - f.fee;
      l.sold += f.size;
      if (f.outcome === 'yes') l.yes -= f.size;
      else l.no -= f.size;
    }
  }

  /** The window resolved: winning shares pay 1 pUSD each. */
  settle(eventId: string, winner: Outcome, source: ResolutionSource, atMs: number): WindowLedger | undefined {
    const l = this.ledgers.get(eventId);
    if (l === undefined || l.settlement !== undefined) return undefined;
    l.winner = winner;
    l.settlement = source;
    l.pnl = l.cash + (winner === 'yes' ? l.yes : l.no);
    l.settledAtMs = atMs;
    this.settledPnl += l.pnl;
    return l;
  }

  /** Cash plus holdings marked: pairs at 1, the unhedged excess at the heavy side's best bid. */
  markedValue(l: WindowLedger): Micros {
    const pairs = Math.min(l.yes, l.no);
    const heavyYes = l.yes > l.no;
    const excess = Math.abs(l.yes - l.no);
    const m = this.markets.event(l.eventId);
    const bid = m === undefined ? -1 : heavyYes ? m.yes.book.bestBid() : m.no.book.bestBid();
    const excessValue = bid > 0 ? Number((BigInt(excess) * BigInt(bid)) / 1_000_000n) : 0;
    return l.cash + pairs + excessValue;
  }

  /** Realised P&L plus every open window marked to market. */
  currentEquity(): Micros {
    let total = this.settledPnl;
    for (const l of this.ledgers.values()) if (l.settlement === undefined) total += this.markedValue(l);
    return total;
  }

  /** Record equity, exposure (cost basis held) and imbalance at `nowMs`. */
  sample(nowMs: number, exposure: Micros): void {
    const equity = this.currentEquity();
    this.trackDrawdown(equity);
    let imbalance = 0;
    for (const l of this.ledgers.values()) if (l.settlement === undefined) imbalance += Math.abs(l.yes - l.no);
    if (exposure > this.maxExposure) this.maxExposure = exposure;
    if (imbalance > this.maxImbalance) this.maxImbalance = imbalance;
    if (this.sampleCount++ % this.stride !== 0) return;
    this.times.push(nowMs);
    this.equity.push(equity);
    this.exposure.push(exposure);
    this.imbalance.push(imbalance);
    if (this.times.length >= MAX_SAMPLES) this.decimate();
  }

  trackDrawdown(equity: Micros): void {
    if (equity > this.peakEquity) this.peakEquity = equity;
    if (this.peakEquity - equity > this.maxDrawdown) this.maxDrawdown = this.peakEquity - equity;
  }

  /** End of the replay: windows still open are marked, not settled. */
  finish(nowMs: number): void {
    for (const l of this.ledgers.values()) {
      if (l.settlement !== undefined) continue;
      l.settlement = 'unsettled';
      l.pnl = this.markedValue(l);
      l.settledAtMs = nowMs;
    }
  }

  totalPnl(): Micros {
    let total = 0;
    for (const l of this.ledgers.values()) total += l.settlement === undefined ? this.markedValue(l) : l.pnl;
    return total;
  }

  private ledger(eventId: string): WindowLedger | undefined {
    let l = this.ledgers.get(eventId);
    if (l !== undefined) return l;
    const m = this.markets.event(eventId);
    if (m === undefined) return undefined;
    l = newLedger(m.window);
    this.ledgers.set(eventId, l);
    return l;
  }

  private decimate(): void {
    for (const a of [this.times, this.equity, this.exposure, this.imbalance]) {
      let j = 0;
      for (let i = 0; i < a.length; i += 2) a[j++] = a[i] as number;
      a.length = j;
    }
    this.stride *= 2;
  }
}

function newLedger(w: MarketWindow): WindowLedger {
  return {
    eventId: w.eventId,
    slug: w.slug,
    asset: w.asset,
    windowStart: w.windowStart,
    windowEnd: w.windowEnd,
    cash: 0,
    yes: 0,
    no: 0,
    yesBought: 0,
    noBought: 0,
    sold: 0,
    fees: 0,
    fills: 0,
    settlement: undefined,
    winner: undefined,
    pnl: 0,
    settledAtMs: 0,
  };
}
