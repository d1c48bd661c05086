/**
 * Execution tracking: places orders through the Executor, follows every result back into the
 * inventory, the circuit breaker and the decision log, hedges maker fills by taking the other leg,
 * manages resting maker bids, and carries out leg-risk plans (spec 5.4, 6.2, 6.3).
 */
import type { Clock, Micros, OrderSide, Outcome } from '@polymarket-arb/domain';
import { ArbOpportunity, phaseOf, thresholdOf } from './arb.js';
import type { CircuitBreaker } from './circuit-breaker.js';
import { Action, Reason, Severity, type ActionCode, type ReasonCode } from './codes.js';
import type { Counters } from './control.js';
import type { Executor, FillReport, OrderRequest, OrderResult, TimeInForce } from './executor.js';
import { assessLegRisk, LegAction, LegRiskPlan } from './leg-risk.js';
import type { MarketState } from './market-state.js';
import type { DecisionRecorder } from './ports.js';
import type { EngineSettings } from './settings.js';
import { roundSize } from './sizing.js';

export const Purpose = { PAIR: 0, MAKER: 1, TAKE_LEG: 2, CHASE: 3, CLOSE: 4 } as const;
export type PurposeCode = (typeof Purpose)[keyof typeof Purpose];

interface OrderContext {
  readonly orderId: string;
  readonly market: MarketState;
  readonly request: OrderRequest;
  readonly purpose: PurposeCode;
  readonly placedMs: number;
  /** The opportunity as it was when the order was decided (copied). */
  readonly decision: ArbOpportunity;
  /** MAKER: highest price at which the other leg is taken when the bid fills. */
  readonly takeCeiling: Micros;
  /** MAKER: filled shares not hedged yet (below the minimum order size). */
  unhedged: Micros;
}

export interface ExecutionDeps {
  readonly executor: Executor;
  readonly recorder: DecisionRecorder;
  readonly breaker: CircuitBreaker;
  readonly counters: Counters;
  readonly clock: Clock;
  readonly config: EngineSettings;
  /** Evaluate `m` now into a scratch opportunity (figures for decisions outside the main loop). */
  readonly describe: (m: MarketState, nowMs: number) => ArbOpportunity;
  readonly onRealized: (pnl: Micros, nowMs: number) => void;
}

const SELL: OrderSide = 'SELL';
const BUY: OrderSide = 'BUY';

export class ExecutionTracker {
  private readonly open = new Map<string, OrderContext>();
  private readonly plan = new LegRiskPlan();

  constructor(private readonly d: ExecutionDeps) {}

  /** Orders in flight (for tests and the state file). */
  get openCount(): number {
    return this.open.size;
  }

  /** Place one order; returns its id, or undefined when refused (recorded as a rejection). */
  place(m: MarketState, outcome: Outcome, side: OrderSide, price: Micros, size: Micros, tif: TimeInForce, postOnly: boolean, purpose: PurposeCode, decision: ArbOpportunity, takeCeiling = 0): string | undefined {
    const request: OrderRequest = { tokenId: m.leg(outcome).tokenId, eventId: m.window.eventId, outcome, side, price, size, timeInForce: tif, postOnly };
    const ack = this.d.executor.placeOrder(request);
    const now = this.d.clock.nowMs();
    this.d.counters.ordersPlaced++;
    if (!ack.ok) {
      this.d.counters.ordersRejected++;
      this.capture(now, m, decision, Action.ORDER_REJECTED, Reason.EXEC_REJECTED, size);
      this.failure(now, m, decision);
      return undefined;
    }
    if (this.d.executor.canFill) {
      this.open.set(ack.orderId, { orderId: ack.orderId, market: m, request, purpose, placedMs: now, decision: Object.assign(new ArbOpportunity(), decision), takeCeiling, unhedged: 0 });
      m.openOrders++;
    }
    return ack.orderId;
  }

  onResult(r: OrderResult): void {
    const ctx = this.open.get(r.orderId);
    if (ctx === undefined) return;
    const now = this.d.clock.nowMs();
    const m = ctx.market;
    switch (r.kind) {
      case 'resting':
        this.capture(now, m, ctx.decision, Action.ORDER_RESTING, Reason.EXEC_RESTING, ctx.request.size);
        return;
      case 'filled':
      case 'partial_fill': {
        this.applyFill(ctx, r.fill, now);
        const done = r.kind === 'filled' || r.done;
        this.captureFill(now, ctx, r.fill, r.kind === 'filled' ? Action.FILLED : Action.PARTIAL_FILL, r.atMs);
        this.d.breaker.recordSuccess(now);
        if (ctx.purpose === Purpose.MAKER) this.hedgeMakerFill(ctx, r.fill.size);
        if (done) this.close(ctx);
        return;
      }
      case 'rejected':
        this.d.counters.ordersRejected++;
        this.capture(now, m, ctx.decision, Action.ORDER_REJECTED, Reason.EXEC_REJECTED, ctx.request.size);
        this.close(ctx);
        this.failure(now, m, ctx.decision);
        return;
      case 'cancelled': {
        const unfilledTaker = r.filled === 0 && ctx.purpose !== Purpose.MAKER;
        this.capture(now, m, ctx.decision, Action.ORDER_CANCELLED, unfilledTaker ? Reason.EXEC_NO_FILL : Reason.EXEC_CANCELLED, ctx.request.size - r.filled);
        this.close(ctx);
        if (unfilledTaker) this.failure(now, m, ctx.decision);
      }
    }
  }

  /** Resting maker bids and leg risk of market `m` at `nowMs` (called on every evaluation and tick). */
  manage(m: MarketState, nowMs: number): void {
    if (m.openOrders > 0) this.manageMakers(m, nowMs);
    if (m.inventory.imbalanceSinceMs !== 0) this.manageLegRisk(m, nowMs);
  }

  /** Cancel every working order of `m` (resolution, shutdown). */
  cancelAll(m: MarketState): void {
    for (const ctx of this.open.values()) if (ctx.market === m) this.d.executor.cancelOrder(ctx.orderId);
  }

  private applyFill(ctx: OrderContext, fill: FillReport, nowMs: number): void {
    const inv = ctx.market.inventory;
    if (ctx.request.side === BUY) inv.buy(ctx.request.outcome, fill.size, fill.notional, fill.fee);
    else this.d.onRealized(inv.sell(ctx.request.outcome, fill.size, fill.notional, fill.fee), nowMs);
    inv.update(this.d.config.inventory, nowMs);
    this.d.counters.fills++;
  }

  private hedgeMakerFill(ctx: OrderContext, filled: Micros): void {
    ctx.unhedged += filled;
    const m = ctx.market;
    const size = roundSize(ctx.unhedged);
    if (size < m.window.minOrderSize) return; // too small to trade yet; leg risk covers it if it stays
    const other: Outcome = ctx.request.outcome === 'yes' ? 'no' : 'yes';
    const now = this.d.clock.nowMs();
    this.capture(now, m, ctx.decision, Action.TAKE_LEG, Reason.MAKER_FILLED, size);
    if (this.place(m, other, BUY, ctx.takeCeiling, size, 'FAK', false, Purpose.TAKE_LEG, ctx.decision) !== undefined) ctx.unhedged -= size;
  }

  private manageMakers(m: MarketState, nowMs: number): void {
    for (const ctx of this.open.values()) {
      if (ctx.market !== m || ctx.purpose !== Purpose.MAKER) continue;
      const reason = this.makerCancelReason(ctx, nowMs);
      if (reason === Reason.NONE || !this.d.executor.cancelOrder(ctx.orderId)) continue;
      this.capture(nowMs, m, this.d.describe(m, nowMs), Action.CANCEL, reason, ctx.request.size);
    }
  }

  private makerCancelReason(ctx: OrderContext, nowMs: number): ReasonCode {
    const m = ctx.market;
    const s = this.d.config.strategy;
    const remaining = m.remainingSecs(nowMs);
    if (remaining <= s.min_time_remaining_secs) return Reason.TOO_LATE;
    if (nowMs - ctx.placedMs > s.maker_max_rest_ms) return Reason.MAKER_EXPIRED;
    const otherAsk = ctx.request.outcome === 'yes' ? m.noAsk : m.yesAsk;
    const net = otherAsk < 0 ? -1 : 1_000_000 - ctx.request.price - otherAsk - m.fees.takerFee(otherAsk);
    return net < thresholdOf(phaseOf(remaining, s), s) ? Reason.BELOW_THRESHOLD : Reason.NONE;
  }

  private manageLegRisk(m: MarketState, nowMs: number): void {
    const p = assessLegRisk(m, nowMs, this.d.config.leg_risk, this.d.config.inventory.min_imbalance_shares, this.plan);
    if (p.action !== LegAction.CHASE && p.action !== LegAction.EMERGENCY_CLOSE) return;
    this.d.counters.legRiskActions++;
    const o = this.d.describe(m, nowMs);
    const chase = p.action === LegAction.CHASE;
    this.capture(nowMs, m, o, chase ? Action.CHASE : Action.EMERGENCY_CLOSE, p.reason, p.size);
    this.place(m, p.outcome, chase ? BUY : SELL, p.price, p.size, 'FAK', false, chase ? Purpose.CHASE : Purpose.CLOSE, o);
    if (!chase) this.failure(nowMs, m, o);
  }

  private close(ctx: OrderContext): void {
    if (this.open.delete(ctx.orderId)) ctx.market.openOrders--;
  }

  private failure(nowMs: number, m: MarketState, o: ArbOpportunity): void {
    if (!this.d.breaker.recordFailure(nowMs)) return;
    this.d.counters.circuitTrips++;
    this.capture(nowMs, m, o, Action.CIRCUIT_TRIP, Reason.FAILURES_TRIPPED, 0);
  }

  private capture(nowMs: number, m: MarketState, o: ArbOpportunity, action: ActionCode, reason: ReasonCode, size: Micros): void {
    this.d.recorder.nowMs = nowMs;
    if (this.d.recorder.record(m, o, action, reason, size, Severity.NONE)) this.d.counters.decisionsCaptured++;
  }

  private captureFill(nowMs: number, ctx: OrderContext, fill: FillReport, action: ActionCode, atMs: number): void {
    const r = ctx.request;
    const expected = expectedPrice(ctx);
    const slippage = r.side === BUY ? fill.avgPrice - expected : expected - fill.avgPrice;
    const latencyUs = Math.min(2_147_483_647, (atMs - ctx.placedMs) * 1000);
    const reason = action === Action.FILLED ? Reason.EXEC_FILLED : Reason.EXEC_PARTIAL;
    this.d.recorder.nowMs = nowMs;
    if (this.d.recorder.recordExecution(ctx.market, ctx.decision, action, reason, fill.size, fill.avgPrice, slippage, latencyUs)) this.d.counters.decisionsCaptured++;
  }
}

/** The price the decision expected on this order's leg (slippage is measured against it). */
function expectedPrice(ctx: OrderContext): Micros {
  if (ctx.purpose === Purpose.CHASE || ctx.purpose === Purpose.CLOSE) return ctx.request.price;
  return ctx.request.outcome === 'yes' ? ctx.decision.yesPrice : ctx.decision.noPrice;
}
