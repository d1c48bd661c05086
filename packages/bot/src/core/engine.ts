/**
 * The strategy engine (spec 4.4): one synchronous `process(event)` over the market state, with
 * an injected clock and executor. Live, paper, shadow and backtest differ only in the wiring
 * (DataSource, Executor, Clock); this code is the same for all of them. Its input is one stream
 * (driver.ts): market events, and account events (what the venue says about our orders), so a
 * run is replayable from its input alone.
 *
 * Per book update (`onBookUpdate`): refresh derived fields -> manage working orders and leg risk
 * -> read can_trade (two fields) -> detect (taker and maker variants, net of fees) -> first
 * filter (some variant priced below 1 before fees) -> threshold -> market gates -> toxic flow ->
 * pre-trade risk -> size -> risk with the size -> executor -> decision capture (fire and forget).
 * Every evaluation that passes the first filter leaves exactly one decision with its reason.
 */
import type { BookSide, Clock, Micros, Outcome } from '@polymarket-arb/domain';
import { ArbOpportunity, detectArb } from './arb.js';
import { CircuitBreaker } from './circuit-breaker.js';
import {
  Action,
  InventoryState,
  Reason,
  Severity,
  Variant,
  type ActionCode,
  type InventoryStateCode,
  type ReasonCode,
  type SeverityCode,
} from './codes.js';
import { canTrade, ControlFlags, Counters } from './control.js';
import { PairDepth, walkTakerLeg, walkTakerPair } from './depth.js';
import type { EngineEvent } from './account-events.js';
import type { BookSnapshotEvent } from './events.js';
import { chaseCeiling } from './leg-risk.js';
import type { MarketState } from './market-state.js';
import type { Executor } from './executor.js';
import type { MarketRegistry } from './markets.js';
import { ExecutionTracker, orderRequest, Purpose } from './orders.js';
import { preTradeReason, type RiskInput, type RiskLimits } from './risk-checks.js';
import { pairOrderCost, sizePair, type PairSize } from './sizing.js';
import { assessToxicity, ToxicAssessment } from './toxic.js';
import { PnlTracker } from './pnl.js';
import type { DecisionRecorder } from './ports.js';
import type { EngineSettings } from './settings.js';

export interface EngineOptions {
  readonly config: EngineSettings;
  readonly clock: Clock;
  readonly executor: Executor;
  readonly markets: MarketRegistry;
  readonly recorder: DecisionRecorder;
}

/** A flat market is forgotten this long after its window ended (the feed may still send for it). */
const RETIRE_AFTER_MS = 10 * 60_000;

const INVENTORY_BLOCK: Record<string, InventoryStateCode> = {
  skewed: InventoryState.SKEWED,
  exposed: InventoryState.EXPOSED,
  crisis: InventoryState.CRISIS,
};

export class Engine {
  readonly flags = new ControlFlags();
  readonly counters = new Counters();
  readonly breaker: CircuitBreaker;
  readonly execution: ExecutionTracker;
  readonly pnl: PnlTracker;
  readonly config: EngineSettings;
  readonly clock: Clock;
  readonly executor: Executor;
  readonly markets: MarketRegistry;
  readonly recorder: DecisionRecorder;
  private readonly opp = new ArbOpportunity();
  private readonly scratch = new ArbOpportunity();
  private readonly depth = new PairDepth();
  private readonly sizes: PairSize = { yes: 0, no: 0 };
  private readonly toxic = new ToxicAssessment();
  private readonly limits: RiskLimits;
  private readonly risk: RiskInput = {
    remainingSecs: 0,
    positionYesAfter: 0,
    positionNoAfter: 0,
    exposureAfter: 0,
    inventoryState: InventoryState.BALANCED,
    dailyPnl: 0,
    toxicSeverity: Severity.NONE,
  };
  private readonly dirty: MarketState[] = [];

  constructor(o: EngineOptions) {
    this.config = o.config;
    this.clock = o.clock;
    this.executor = o.executor;
    this.markets = o.markets;
    this.recorder = o.recorder;
    this.flags.tradingEnabled = o.config.strategy.trading_enabled;
    this.breaker = new CircuitBreaker(this.flags, o.config.circuit_breaker);
    this.pnl = new PnlTracker(o.markets);
    const c = o.config;
    this.limits = {
      min_time_remaining_secs: c.strategy.min_time_remaining_secs,
      max_position_per_market: c.sizing.max_position_per_market,
      max_total_exposure: c.sizing.max_total_exposure,
      daily_loss_limit: c.risk.daily_loss_limit,
      blockInventoryState: INVENTORY_BLOCK[c.risk.block_inventory_state] ?? InventoryState.EXPOSED,
      blockToxicSeverity: c.risk.block_toxic_severity as SeverityCode,
    };
    this.execution = new ExecutionTracker({
      executor: o.executor,
      recorder: o.recorder,
      breaker: this.breaker,
      counters: this.counters,
      clock: o.clock,
      config: c,
      describe: (m, now) => this.describe(m, now),
      onRealized: (pnl, now) => this.pnl.realize(pnl, now),
    });
  }

  /**
   * A snapshot for health logs and shadow mode's feed check: counters, and per market whether
   * both books are synced and how long ago each last changed (ms, -1 = never).
   */
  health(nowMs: number): {
    counters: Counters;
    canTrade: boolean;
    markets: { slug: string; synced: boolean; yesAgeMs: number; noAgeMs: number; openOrders: number; inventoryState: number }[];
  } {
    const age = (t: number): number => (t === 0 ? -1 : nowMs - t);
    return {
      counters: { ...this.counters },
      canTrade: this.canTrade(nowMs),
      markets: this.markets.all.map((m) => ({
        slug: m.window.slug,
        synced: m.synced(),
        yesAgeMs: age(m.yes.updatedMs),
        noAgeMs: age(m.no.updatedMs),
        openOrders: m.openOrders,
        inventoryState: m.inventory.state,
      })),
    };
  }

  /** Two field reads: the operator switch and the circuit breaker's deadline. */
  canTrade(nowMs: number): boolean {
    return canTrade(this.flags, nowMs);
  }

  /**
   * Apply one market event and evaluate every market it changed, or follow one account event, at
   * `now` (the clock's time: the driver passes the reading it already holds).
   */
  process(e: EngineEvent, now: number = this.clock.nowMs()): void {
    switch (e.type) {
      case 'market':
        this.markets.add(e.window);
        break;
      case 'book':
        this.applySnapshot(e, now);
        break;
      case 'price_change':
        for (const c of e.changes) this.applyLevel(c.tokenId, c.side, c.price, c.size, now);
        break;
      case 'tick_size':
        this.applyTickSize(e.tokenId, e.tickSize);
        break;
      case 'trade':
        break; // prints matter to a simulated venue (the driver shows them to it), not to the strategy
      case 'spot':
        this.markets.spot(e.asset).record(e.price, now);
        this.counters.spotUpdates++;
        break;
      case 'resolved':
        this.resolve(e.eventId, e.winner, now);
        break;
      case 'feed':
        if (e.feed === 'clob' && !e.connected) for (const m of this.markets.all) m.yes.synced = m.no.synced = false;
        break;
      case 'tick':
        this.housekeeping(now);
        break;
      default:
        this.counters.accountEvents++;
        this.execution.onAccountEvent(e, now);
        return;
    }
    this.counters.events++;
    this.flush(now);
  }

  /**
   * Apply one level change without evaluating (a frame's entries are applied together, then
   * `flush`). Allocation-free. Returns false for an unknown token or an unrepresentable level.
   */
  applyLevel(tokenId: string, side: BookSide, price: Micros, size: Micros, nowMs: number): boolean {
    const ref = this.markets.token(tokenId);
    if (ref === undefined) {
      this.counters.unknownTokens++;
      return false;
    }
    const leg = ref.market.leg(ref.outcome);
    const before = leg.book.sizeAt(side, price);
    if (!leg.book.setLevel(side, price, size)) return false;
    leg.flow.onLevel(side === 'ask', price, before, size, nowMs);
    leg.updatedMs = nowMs;
    this.markDirty(ref.market);
    this.counters.bookUpdates++;
    return true;
  }

  /** Evaluate every market changed since the last flush. */
  flush(nowMs: number): void {
    while (this.dirty.length > 0) this.onBookUpdate(this.dirty.pop() as MarketState, nowMs);
  }

  /** The strategy loop for one market after its books changed (spec 4.4). */
  onBookUpdate(m: MarketState, nowMs: number): void {
    m.dirty = false;
    m.refresh();
    m.evaluations++;
    this.counters.evaluations++;
    if (m.openOrders > 0 || m.inventory.imbalanceSinceMs !== 0) this.execution.manage(m, nowMs);
    const tradable = canTrade(this.flags, nowMs);
    const o = this.opp;
    detectArb(m, nowMs, this.config.strategy, this.config.sizing.mvp_size, o);
    if (o.bestGross <= this.config.strategy.capture_floor) return; // first filter: nothing priced below 1
    if (!tradable) return this.skip(m, nowMs, this.flags.tradingEnabled ? Reason.CIRCUIT_OPEN : Reason.TRADING_DISABLED);
    if (!o.passes) return this.skip(m, nowMs, Reason.BELOW_THRESHOLD);
    this.counters.opportunities++;
    m.opportunities++;
    const gate = this.gate(m, nowMs);
    if (gate !== Reason.NONE) return this.skip(m, nowMs, gate);
    this.execute(m, nowMs);
  }

  /** Market state, toxic flow, pre-trade risk at the current position, confidence. */
  private gate(m: MarketState, nowMs: number): ReasonCode {
    if (m.closed) return Reason.MARKET_CLOSED;
    if (!m.synced()) return Reason.STALE_BOOK;
    if (nowMs < m.cooldownUntilMs) return Reason.COOLDOWN;
    if (m.openOrders > 0) return Reason.PENDING_ORDERS;
    this.assessToxic(m, nowMs);
    const reason = this.riskReason(m, nowMs, 0, 0, 0);
    if (reason !== Reason.NONE) return reason;
    return this.opp.confidence * 1_000_000 < this.config.strategy.min_confidence ? Reason.LOW_CONFIDENCE : Reason.NONE;
  }

  private assessToxic(m: MarketState, nowMs: number): void {
    const o = this.opp;
    const takerYes = o.variant === Variant.TAKER || o.variant === Variant.MAKER_NO;
    const takerNo = o.variant === Variant.TAKER || o.variant === Variant.MAKER_YES;
    m.yes.price = o.yesPrice;
    m.no.price = o.noPrice;
    const a = takerYes ? m.yes : m.no;
    const b = takerYes && takerNo ? m.no : undefined;
    assessToxicity(a, b, m.spot, m.oldestBookMs(), nowMs, this.config.toxic, this.toxic);
  }

  private riskReason(m: MarketState, nowMs: number, addYes: Micros, addNo: Micros, addCost: Micros): ReasonCode {
    const r = this.risk;
    r.remainingSecs = m.remainingSecs(nowMs);
    r.positionYesAfter = m.inventory.yes + addYes;
    r.positionNoAfter = m.inventory.no + addNo;
    r.exposureAfter = this.pnl.totalExposure() + addCost;
    r.inventoryState = m.inventory.state;
    r.dailyPnl = this.pnl.daily(nowMs);
    r.toxicSeverity = this.toxic.severity;
    return preTradeReason(r, this.limits);
  }

  /** Depth, size, risk with the size, then the orders. */
  private execute(m: MarketState, nowMs: number): void {
    const o = this.opp;
    const c = this.config;
    const maker = o.variant !== Variant.TAKER;
    const makerOutcome: Outcome = o.variant === Variant.MAKER_YES ? 'yes' : 'no';
    const walkMax = 2 * c.sizing.mvp_size;
    if (!maker) walkTakerPair(m.yes.book, m.no.book, m.fees, m.tickSize, walkMax, o.threshold, c.strategy.depth_levels, this.depth);
    else {
      const takeLeg = makerOutcome === 'yes' ? m.no : m.yes;
      const limit = walkTakerLeg(
        takeLeg.book,
        m.fees,
        m.tickSize,
        makerOutcome === 'yes' ? o.yesPrice : o.noPrice,
        walkMax,
        o.threshold,
        c.strategy.depth_levels,
        this.depth,
      );
      this.depth.yesLimit = makerOutcome === 'yes' ? o.yesPrice : limit;
      this.depth.noLimit = makerOutcome === 'yes' ? limit : o.noPrice;
    }
    const d = this.depth;
    const sizes = sizePair(
      {
        limits: c.sizing,
        minOrderSize: m.window.minOrderSize,
        inventoryYes: m.inventory.yes,
        inventoryNo: m.inventory.no,
        state: m.inventory.state,
        totalExposure: this.pnl.totalExposure(),
        depth: d.size,
        yesPrice: d.yesLimit,
        noPrice: d.noLimit,
        yesFee: m.fees.takerFee(d.yesLimit),
        noFee: m.fees.takerFee(d.noLimit),
      },
      this.sizes,
    );
    if (sizes.yes === 0 && sizes.no === 0) return this.skip(m, nowMs, this.zeroSizeReason(m, d.size));
    const cost = pairOrderCost(sizes.yes, d.yesLimit, m.fees.takerFee(d.yesLimit), sizes.no, d.noLimit, m.fees.takerFee(d.noLimit));
    const reason = this.riskReason(m, nowMs, sizes.yes, sizes.no, cost);
    if (reason !== Reason.NONE) return this.skip(m, nowMs, reason);
    m.cooldownUntilMs = nowMs + c.strategy.market_cooldown_ms;
    m.trades++;
    if (maker) this.placeMaker(m, nowMs, makerOutcome, makerOutcome === 'yes' ? sizes.yes : sizes.no);
    else this.placeTaker(m, nowMs, sizes);
  }

  /** Both legs at once as a pair (yes first); one leg alone when sizing rebalances a lopsided inventory. */
  private placeTaker(m: MarketState, nowMs: number, sizes: PairSize): void {
    this.record(m, nowMs, Action.BUY_PAIR, Reason.ARB_TAKER, Math.min(sizes.yes, sizes.no) || Math.max(sizes.yes, sizes.no));
    const d = this.depth;
    const yes = orderRequest(m, 'yes', 'BUY', d.yesLimit, sizes.yes, 'FAK', false);
    const no = orderRequest(m, 'no', 'BUY', d.noLimit, sizes.no, 'FAK', false);
    if (sizes.yes > 0 && sizes.no > 0)
      this.execution.placePair(m, { primary: yes, second: no, secondWhen: 'with_primary' }, Purpose.PAIR, this.opp);
    else this.execution.placeRequest(m, sizes.yes > 0 ? yes : no, Purpose.PAIR, this.opp);
  }

  /** A resting bid on one leg, and the other leg to take when (and as far as) it fills. */
  private placeMaker(m: MarketState, nowMs: number, outcome: Outcome, size: Micros): void {
    const bid = outcome === 'yes' ? this.opp.yesPrice : this.opp.noPrice;
    // Once the bid fills, completing the pair matters more than the margin: take up to breakeven.
    const ceiling = chaseCeiling(m, bid, 0);
    this.record(m, nowMs, Action.POST_MAKER, Reason.ARB_MAKER, size);
    const primary = orderRequest(m, outcome, 'BUY', bid, size, 'GTC', true);
    const second = orderRequest(m, outcome === 'yes' ? 'no' : 'yes', 'BUY', ceiling, size, 'FAK', false);
    this.execution.placePair(m, { primary, second, secondWhen: 'on_primary_fill' }, Purpose.MAKER, this.opp);
  }

  private zeroSizeReason(m: MarketState, depth: Micros): ReasonCode {
    const c = this.config.sizing;
    const min = m.window.minOrderSize;
    if (depth < min) return Reason.NO_DEPTH;
    if (m.inventory.state >= InventoryState.EXPOSED) return Reason.IMBALANCE_LIMIT;
    if (c.max_position_per_market - Math.max(m.inventory.yes, m.inventory.no) < min) return Reason.POSITION_LIMIT;
    if (c.max_total_exposure - this.pnl.totalExposure() < min) return Reason.EXPOSURE_LIMIT;
    return Reason.SIZE_BELOW_MIN;
  }

  private skip(m: MarketState, nowMs: number, reason: ReasonCode): void {
    this.counters.skips++;
    this.record(m, nowMs, Action.SKIP, reason, 0);
  }

  private record(m: MarketState, nowMs: number, action: ActionCode, reason: ReasonCode, size: Micros): void {
    const severity = reason === Reason.TOXIC_FLOW ? this.toxic.severity : Severity.NONE;
    this.recorder.nowMs = nowMs;
    if (this.recorder.record(m, this.opp, action, reason, size, severity)) this.counters.decisionsCaptured++;
  }

  /** Current figures of `m` in a scratch record (for decisions made outside the main loop). */
  describe(m: MarketState, nowMs: number): ArbOpportunity {
    m.refresh();
    detectArb(m, nowMs, this.config.strategy, this.config.sizing.mvp_size, this.scratch);
    return this.scratch;
  }

  private applySnapshot(e: BookSnapshotEvent, nowMs: number): void {
    const ref = this.markets.token(e.tokenId);
    if (ref === undefined) {
      this.counters.unknownTokens++;
      return;
    }
    const leg = ref.market.leg(ref.outcome);
    leg.book.clear();
    for (const l of e.bids) leg.book.setLevel('bid', l.price, l.size);
    for (const l of e.asks) leg.book.setLevel('ask', l.price, l.size);
    leg.book.timestampMs = e.timestampMs;
    leg.flow.clearLarge();
    leg.synced = true;
    leg.updatedMs = nowMs;
    if (e.tickSize !== undefined) ref.market.tickSize = e.tickSize;
    this.counters.bookUpdates++;
    this.markDirty(ref.market);
  }

  private applyTickSize(tokenId: string, tickSize: Micros): void {
    const ref = this.markets.token(tokenId);
    if (ref !== undefined) ref.market.tickSize = tickSize;
  }

  private markDirty(m: MarketState): void {
    if (m.dirty) return;
    m.dirty = true;
    this.dirty.push(m);
  }

  /** Settle a resolved market: cancel its orders, pay the winning shares, close it. */
  private resolve(eventId: string, winner: Outcome, nowMs: number): void {
    const m = this.markets.event(eventId);
    if (m === undefined || m.closed) return;
    this.execution.cancelAll(m);
    const held = m.inventory.yes + m.inventory.no;
    this.pnl.realize(m.inventory.settle(winner), nowMs);
    m.inventory.update(this.config.inventory, nowMs);
    m.closed = true;
    const o = this.describe(m, nowMs);
    this.recorder.nowMs = nowMs;
    if (this.recorder.record(m, o, Action.SETTLE, Reason.WINDOW_RESOLVED, held, Severity.NONE)) this.counters.decisionsCaptured++;
  }

  /**
   * Time-driven work in quiet markets: maker expiry and leg-risk timeouts; and markets that are
   * flat with nothing working, resolved or ended `RETIRE_AFTER_MS` ago, are dropped from memory.
   */
  private housekeeping(nowMs: number): void {
    for (let i = this.markets.all.length - 1; i >= 0; i--) {
      const m = this.markets.all[i] as MarketState;
      const flat = m.inventory.yes === 0 && m.inventory.no === 0 && m.openOrders === 0;
      if (flat && (m.closed || nowMs > m.window.windowEnd + RETIRE_AFTER_MS)) {
        this.markets.remove(m);
        continue;
      }
      if (!m.closed && (m.openOrders > 0 || m.inventory.imbalanceSinceMs !== 0)) {
        m.refresh();
        this.execution.manage(m, nowMs);
      }
    }
  }
}
