/**
 * Execution tracking: places orders and pairs through the Executor, follows every account event
 * back into the inventory, the circuit breaker and the decision log, manages resting maker bids,
 * and carries out leg-risk plans (spec 5.4, 6.2, 6.3).
 *
 * A maker bid goes out as a pair intent whose second leg the executor sends as the bid fills (a
 * live executor pre-signs it); the fill event names the second leg it triggered, which is then
 * followed like any other order. Fills reported MATCHED stay provisional until the venue confirms
 * them; a FAILED trade is reversed in the inventory and counts as a failure for the breaker.
 */
import type { Clock, Micros, OrderSide, Outcome } from '@polymarket-arb/domain';
import type { AccountEvent, OrderFillEvent, SecondLegSent, TradeStatusEvent } from './account-events.js';
import { ArbOpportunity, phaseOf, thresholdOf } from './arb.js';
import type { CircuitBreaker } from './circuit-breaker.js';
import { Action, Reason, Severity, type ActionCode, type ReasonCode } from './codes.js';
import type { Counters } from './control.js';
import type { Executor, FillReport, OrderRequest, PairIntent, PlaceAck, TimeInForce } from './executor.js';
import { assessLegRisk, LegAction, LegRiskPlan } from './leg-risk.js';
import type { MarketState } from './market-state.js';
import type { DecisionRecorder } from './ports.js';
import type { EngineSettings } from './settings.js';

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
}

/** A fill the venue reported MATCHED and has not confirmed yet: what to undo if it FAILS. */
interface ProvisionalFill {
  readonly ctx: OrderContext;
  readonly fill: FillReport;
  /** P&L a sell realised (0 for a buy). */
  readonly realized: Micros;
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

/** The order for one leg of market `m`. */
export function orderRequest(
  m: MarketState,
  outcome: Outcome,
  side: OrderSide,
  price: Micros,
  size: Micros,
  tif: TimeInForce,
  postOnly: boolean,
): OrderRequest {
  return { tokenId: m.leg(outcome).tokenId, eventId: m.window.eventId, outcome, side, price, size, timeInForce: tif, postOnly };
}

export class ExecutionTracker {
  private readonly open = new Map<string, OrderContext>();
  private readonly provisional = new Map<string, ProvisionalFill>();
  private readonly plan = new LegRiskPlan();

  constructor(private readonly d: ExecutionDeps) {}

  /** Orders in flight (for tests and the state file). */
  get openCount(): number {
    return this.open.size;
  }

  /** Place one order; returns its id, or undefined when refused (recorded as a rejection). */
  place(
    m: MarketState,
    outcome: Outcome,
    side: OrderSide,
    price: Micros,
    size: Micros,
    tif: TimeInForce,
    postOnly: boolean,
    purpose: PurposeCode,
    decision: ArbOpportunity,
  ): string | undefined {
    return this.placeRequest(m, orderRequest(m, outcome, side, price, size, tif, postOnly), purpose, decision);
  }

  placeRequest(m: MarketState, request: OrderRequest, purpose: PurposeCode, decision: ArbOpportunity): string | undefined {
    return this.follow(m, request, this.d.executor.placeOrder(request), purpose, decision);
  }

  /** Place a pair in market `m`: the primary leg with `purpose`; a second leg sent with it is a PAIR leg. */
  placePair(m: MarketState, pair: PairIntent, purpose: PurposeCode, decision: ArbOpportunity): void {
    const ack = this.d.executor.submitPair(pair);
    if (this.follow(m, pair.primary, ack.primary, purpose, decision) === undefined || ack.second === undefined) return;
    this.follow(m, pair.second, ack.second, Purpose.PAIR, decision);
  }

  onAccountEvent(e: AccountEvent, nowMs: number): void {
    if (e.type === 'trade_status') return this.onTradeStatus(e, nowMs);
    const ctx = this.open.get(e.orderId);
    if (ctx === undefined) return;
    const m = ctx.market;
    switch (e.type) {
      case 'order_resting':
        this.capture(nowMs, m, ctx.decision, Action.ORDER_RESTING, Reason.EXEC_RESTING, ctx.request.size);
        return;
      case 'order_fill':
        return this.onFill(ctx, e, nowMs);
      case 'order_rejected':
        this.d.counters.ordersRejected++;
        this.capture(nowMs, m, ctx.decision, Action.ORDER_REJECTED, Reason.EXEC_REJECTED, ctx.request.size);
        this.close(ctx);
        this.failure(nowMs, m, ctx.decision);
        return;
      case 'order_cancelled': {
        const unfilledTaker = e.filled === 0 && ctx.purpose !== Purpose.MAKER;
        this.capture(
          nowMs,
          m,
          ctx.decision,
          Action.ORDER_CANCELLED,
          unfilledTaker ? Reason.EXEC_NO_FILL : Reason.EXEC_CANCELLED,
          ctx.request.size - e.filled,
        );
        this.close(ctx);
        if (unfilledTaker) this.failure(nowMs, m, ctx.decision);
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

  /** The executor's answer to a placement: a rejection is recorded (and counts as a failure), an accepted order followed. */
  private follow(m: MarketState, request: OrderRequest, ack: PlaceAck, purpose: PurposeCode, decision: ArbOpportunity): string | undefined {
    const now = this.d.clock.nowMs();
    this.d.counters.ordersPlaced++;
    if (!ack.ok) {
      this.d.counters.ordersRejected++;
      this.capture(now, m, decision, Action.ORDER_REJECTED, Reason.EXEC_REJECTED, request.size);
      this.failure(now, m, decision);
      return undefined;
    }
    if (this.d.executor.canFill) {
      this.open.set(ack.orderId, {
        orderId: ack.orderId,
        market: m,
        request,
        purpose,
        placedMs: now,
        decision: Object.assign(new ArbOpportunity(), decision),
      });
      m.openOrders++;
    }
    return ack.orderId;
  }

  private onFill(ctx: OrderContext, e: OrderFillEvent, nowMs: number): void {
    const realized = this.applyFill(ctx, e.fill, nowMs);
    if (e.status === 'matched') this.provisional.set(e.tradeId, { ctx, fill: e.fill, realized });
    const complete = e.fill.cumulative >= ctx.request.size;
    this.captureFill(nowMs, ctx, e.fill, complete ? Action.FILLED : Action.PARTIAL_FILL, e.atMs);
    this.d.breaker.recordSuccess(nowMs);
    if (e.secondLeg !== undefined) this.onSecondLeg(ctx, e.secondLeg, nowMs);
    if (complete || e.done) this.close(ctx);
  }

  /** The executor took the other leg for the filled part of a maker bid. */
  private onSecondLeg(primary: OrderContext, leg: SecondLegSent, nowMs: number): void {
    this.capture(nowMs, primary.market, primary.decision, Action.TAKE_LEG, Reason.MAKER_FILLED, leg.request.size);
    this.follow(primary.market, leg.request, leg.ack, Purpose.TAKE_LEG, primary.decision);
  }

  /** A provisional fill settled: CONFIRMED keeps it, FAILED undoes it. */
  private onTradeStatus(e: TradeStatusEvent, nowMs: number): void {
    const p = this.provisional.get(e.tradeId);
    if (p === undefined || (e.status !== 'CONFIRMED' && e.status !== 'FAILED')) return;
    this.provisional.delete(e.tradeId);
    if (e.status === 'CONFIRMED') return;
    const { ctx, fill } = p;
    const inv = ctx.market.inventory;
    if (ctx.request.side === BUY) inv.unbuy(ctx.request.outcome, fill.size, fill.notional, fill.fee);
    else {
      inv.unsell(ctx.request.outcome, fill.size, fill.notional - fill.fee - p.realized, p.realized);
      this.d.onRealized(-p.realized, nowMs);
    }
    inv.update(this.d.config.inventory, nowMs);
    this.d.counters.fillsReversed++;
    this.capture(nowMs, ctx.market, ctx.decision, Action.FILL_REVERSED, Reason.EXEC_TRADE_FAILED, fill.size);
    this.failure(nowMs, ctx.market, ctx.decision);
  }

  /** Book a fill into the inventory; returns the P&L a sell realised (0 for a buy). */
  private applyFill(ctx: OrderContext, fill: FillReport, nowMs: number): Micros {
    const inv = ctx.market.inventory;
    let realized = 0;
    if (ctx.request.side === BUY) inv.buy(ctx.request.outcome, fill.size, fill.notional, fill.fee);
    else {
      realized = inv.sell(ctx.request.outcome, fill.size, fill.notional, fill.fee);
      this.d.onRealized(realized, nowMs);
    }
    inv.update(this.d.config.inventory, nowMs);
    this.d.counters.fills++;
    return realized;
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
    if (this.d.recorder.recordExecution(ctx.market, ctx.decision, action, reason, fill.size, fill.avgPrice, slippage, latencyUs))
      this.d.counters.decisionsCaptured++;
  }
}

/** The price the decision expected on this order's leg (slippage is measured against it). */
function expectedPrice(ctx: OrderContext): Micros {
  if (ctx.purpose === Purpose.CHASE || ctx.purpose === Purpose.CLOSE) return ctx.request.price;
  return ctx.request.outcome === 'yes' ? ctx.decision.yesPrice : ctx.decision.noPrice;
}
