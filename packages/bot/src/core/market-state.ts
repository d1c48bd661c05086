/**
 * State of one market (spec 3.2/3.3): the two books (yes = Up, no = Down), the window metadata,
 * the derived top-of-book figures the strategy reads (combined cost, gross and net-of-fee margin),
 * the inventory, order-flow trackers and per-market control fields.
 *
 * All prices and margins are Micros; a margin is per pair of shares against the 1 pUSD a pair
 * pays, so 25_000 is a 2.5% margin. `refresh()` recomputes the derived fields after book changes
 * without allocating.
 */
import { OrderBook, type MarketWindow, type Micros, type Outcome } from '@polymarket-arb/domain';
import { feeTableFor, type FeeTable } from './fee-table.js';
import { Inventory } from './inventory.js';
import { OrderFlowTracker, SpotTracker, type LegView, type ToxicSettings } from './toxic.js';

/** Margin reported when a side has no ask (so comparisons fail without branching on -1). */
export const NO_MARGIN = -1_000_000;

/** One token of a market: its book, order-flow tracker and the price a strategy would pay. */
export class TokenLeg implements LegView {
  readonly book = new OrderBook();
  readonly flow: OrderFlowTracker;
  /** Clock time (ms) of the last change applied to this book; 0 before the first snapshot. */
  updatedMs = 0;
  /** Set before a toxicity assessment: the price the strategy would pay. */
  price: Micros = 0;
  /** A full snapshot arrived since the feed (re)connected: the book can be trusted. */
  synced = false;

  constructor(
    readonly outcome: Outcome,
    readonly tokenId: string,
    toxic: ToxicSettings,
  ) {
    this.flow = new OrderFlowTracker(toxic);
  }

  sizeAtLarge(price: Micros): Micros {
    return this.book.sizeAt('ask', price);
  }
}

export class MarketState {
  readonly yes: TokenLeg;
  readonly no: TokenLeg;
  readonly fees: FeeTable;
  readonly inventory = new Inventory();
  /** Current tick (a `tick_size_change` can tighten it near 0 and 1). */
  tickSize: Micros;
  /** Window end in unix seconds (an int32 for the decision ring). */
  readonly windowEndSecs: number;

  // derived top of book (refresh())
  yesAsk: Micros = -1;
  noAsk: Micros = -1;
  yesBid: Micros = -1;
  noBid: Micros = -1;
  yesAskSize: Micros = 0;
  noAskSize: Micros = 0;
  /** yesAsk + noAsk, or -1 when a side has no ask. */
  combinedCost: Micros = -1;
  /** 1 - combinedCost per pair, before fees. */
  grossMargin: Micros = NO_MARGIN;
  /** Taker fees of one yes and one no share at the asks (rounded up). */
  takerFeePerPair: Micros = 0;
  /** grossMargin - takerFeePerPair: what a taker-taker pair locks in per share. */
  netMargin: Micros = NO_MARGIN;

  // control fields and counters
  /** Resolved, expired or removed: nothing trades here any more. */
  closed = false;
  cooldownUntilMs = 0;
  /** Orders of this market currently working at the executor. */
  openOrders = 0;
  /** Set by book changes; cleared when the engine evaluates the market. */
  dirty = false;
  evaluations = 0;
  opportunities = 0;
  trades = 0;

  /** @param spot the reference-spot tracker of the market's asset (shared by its markets). */
  constructor(
    readonly window: MarketWindow,
    readonly index: number,
    readonly eventHash: number,
    toxic: ToxicSettings,
    readonly spot: SpotTracker = new SpotTracker(16),
  ) {
    this.yes = new TokenLeg('yes', window.yesTokenId, toxic);
    this.no = new TokenLeg('no', window.noTokenId, toxic);
    this.fees = feeTableFor(window.feeSchedule);
    this.tickSize = window.tickSize;
    this.windowEndSecs = Math.floor(window.windowEnd / 1000);
  }

  leg(outcome: Outcome): TokenLeg {
    return outcome === 'yes' ? this.yes : this.no;
  }

  /** Recompute the derived fields from the books. */
  refresh(): void {
    const yb = this.yes.book;
    const nb = this.no.book;
    this.yesAsk = yb.bestAsk();
    this.noAsk = nb.bestAsk();
    this.yesBid = yb.bestBid();
    this.noBid = nb.bestBid();
    this.yesAskSize = yb.bestAskSize();
    this.noAskSize = nb.bestAskSize();
    if (this.yesAsk < 0 || this.noAsk < 0) {
      this.combinedCost = -1;
      this.grossMargin = NO_MARGIN;
      this.takerFeePerPair = 0;
      this.netMargin = NO_MARGIN;
      return;
    }
    this.combinedCost = this.yesAsk + this.noAsk;
    this.grossMargin = 1_000_000 - this.combinedCost;
    this.takerFeePerPair = this.fees.takerFee(this.yesAsk) + this.fees.takerFee(this.noAsk);
    this.netMargin = this.grossMargin - this.takerFeePerPair;
  }

  /** Seconds left in the window at `nowMs` (negative after the end). */
  remainingSecs(nowMs: number): number {
    return Math.floor((this.window.windowEnd - nowMs) / 1000);
  }

  /** Both books were rebuilt from a snapshot since the feed last (re)connected. */
  synced(): boolean {
    return this.yes.synced && this.no.synced;
  }

  /** Time of the older of the two books' last changes. */
  oldestBookMs(): number {
    return Math.min(this.yes.updatedMs, this.no.updatedMs);
  }
}
