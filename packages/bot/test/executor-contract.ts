/**
 * The executor contract (core/executor.ts) as one test suite, run against every executor: a
 * function of a harness factory, so the live executor joins by providing a harness over poly-sim.
 *
 * A harness is an executor on one market (the test window, books empty) plus the means to make
 * things happen: set book levels, print trades, let time pass. What the contract promises:
 *  - valid orders are accepted with ids of their own; orders that break the venue rules are refused
 *    before anything is sent, with a reason;
 *  - nothing is reported from inside a call: every account event arrives later, through the sink;
 *  - every event names an accepted order; an order ends once (filled, rejected or cancelled) and
 *    nothing follows its end; fills add up, never exceed the order and respect its limit;
 *  - a `with_primary` pair sends both legs, and no second leg when the primary is refused; an
 *    `on_primary_fill` pair reports the second leg it sent on the primary's fill;
 *  - cancels end working orders with an `order_cancelled`; unknown orders cannot be cancelled;
 *  - `openOrders` lists what is still working;
 *  - an executor that cannot fill (shadow) reports nothing at all.
 */
import type { MarketWindow, Micros, OrderSide, Outcome } from '@polymarket-arb/domain';
import { describe, expect, it } from 'vitest';
import type { AccountEvent } from '../src/core/account-events.js';
import type { Executor, OrderRequest, PairIntent } from '../src/core/executor.js';
import { u } from './helpers.js';

export interface ExecutorHarness {
  readonly executor: Executor;
  readonly window: MarketWindow;
  /** Account events reported so far, in order. */
  readonly events: AccountEvent[];
  /** The venue's book of `outcome` shows `size` at `price` on `side` (0 removes the level). */
  setLevel(outcome: Outcome, side: 'bid' | 'ask', price: string, size: string): void;
  /** A trade of `size` at `price` prints; `takerSide` is the aggressor's. */
  trade(outcome: Outcome, price: string, size: string, takerSide: OrderSide): void;
  /** Let `ms` of venue time pass. */
  wait(ms: number): void;
}

export type HarnessFactory = () => ExecutorHarness;

function order(h: ExecutorHarness, over: Partial<OrderRequest> & { outcome?: Outcome } = {}): OrderRequest {
  const outcome = over.outcome ?? 'yes';
  return {
    tokenId: outcome === 'yes' ? h.window.yesTokenId : h.window.noTokenId,
    eventId: h.window.eventId,
    outcome,
    side: 'BUY',
    price: u('0.45'),
    size: u('10'),
    timeInForce: 'FAK',
    postOnly: false,
    ...over,
  };
}

/** Books with depth on both sides of both outcomes (Up 0.44/0.46, Down 0.52/0.54). */
function marketWithDepth(h: ExecutorHarness): void {
  h.setLevel('yes', 'bid', '0.44', '100');
  h.setLevel('yes', 'ask', '0.46', '100');
  h.setLevel('no', 'bid', '0.52', '100');
  h.setLevel('no', 'ask', '0.54', '100');
}

const ENDS = new Set(['order_rejected', 'order_cancelled']);

/** The contract's invariants over everything `h` reported for the orders in `accepted` (second legs it reports are added). */
function checkEventStream(h: ExecutorHarness, accepted: Map<string, OrderRequest>): void {
  const ended = new Set<string>();
  const filled = new Map<string, Micros>();
  for (const e of h.events) {
    if (e.type === 'trade_status') continue;
    expect(accepted.has(e.orderId), `event for an order that was never accepted: ${JSON.stringify(e)}`).toBe(true);
    expect(ended.has(e.orderId), `event after the end of ${e.orderId}: ${JSON.stringify(e)}`).toBe(false);
    const request = accepted.get(e.orderId) as OrderRequest;
    if (e.type === 'order_fill') {
      const before = filled.get(e.orderId) ?? 0;
      expect(e.fill.size).toBeGreaterThan(0);
      expect(e.fill.cumulative).toBe(before + e.fill.size);
      expect(e.fill.cumulative).toBeLessThanOrEqual(request.size);
      if (request.side === 'BUY') expect(e.fill.avgPrice).toBeLessThanOrEqual(request.price);
      else expect(e.fill.avgPrice).toBeGreaterThanOrEqual(request.price);
      filled.set(e.orderId, e.fill.cumulative);
      if (e.secondLeg?.ack.ok === true) accepted.set(e.secondLeg.ack.orderId, e.secondLeg.request);
      if (e.done || e.fill.cumulative === request.size) ended.add(e.orderId);
    }
    if (ENDS.has(e.type)) ended.add(e.orderId);
  }
}

export function describeExecutorContract(name: string, makeHarness: HarnessFactory): void {
  describe(`executor contract: ${name}`, () => {
    it('accepts valid orders with ids of their own', () => {
      const h = makeHarness();
      const a = h.executor.placeOrder(order(h));
      const b = h.executor.placeOrder(order(h, { outcome: 'no', price: u('0.55') }));
      expect(a.ok && b.ok).toBe(true);
      expect(a.orderId).not.toBe(b.orderId);
    });

    it('refuses orders that break the venue rules before sending anything, with a reason', () => {
      const h = makeHarness();
      for (const bad of [
        order(h, { price: u('0.455') }),
        order(h, { size: u('4.99') }),
        order(h, { size: u('5.001') }),
        order(h, { postOnly: true }),
        order(h, { price: 0 }),
      ]) {
        const ack = h.executor.placeOrder(bad);
        expect(ack.ok, JSON.stringify(bad)).toBe(false);
        if (!ack.ok) expect(ack.reason.length).toBeGreaterThan(0);
      }
      h.wait(1_000);
      expect(h.events).toEqual([]);
      expect(h.executor.openOrders()).toEqual([]);
    });

    it('reports nothing from inside a call: every event comes later, through the sink', () => {
      const h = makeHarness();
      marketWithDepth(h);
      const ack = h.executor.placeOrder(order(h, { price: u('0.46') }));
      h.executor.submitPair({
        primary: order(h, { price: u('0.46') }),
        second: order(h, { outcome: 'no', price: u('0.54') }),
        secondWhen: 'with_primary',
      });
      if (ack.ok) h.executor.cancelOrder(ack.orderId);
      expect(h.events).toEqual([]);
    });

    it('a taker pair sends both legs, primary first; a refused primary sends no second leg', () => {
      const h = makeHarness();
      const pair: PairIntent = {
        primary: order(h, { price: u('0.46') }),
        second: order(h, { outcome: 'no', price: u('0.53') }),
        secondWhen: 'with_primary',
      };
      const ack = h.executor.submitPair(pair);
      expect(ack.primary.ok).toBe(true);
      expect(ack.second?.ok).toBe(true);
      expect(ack.second?.orderId).not.toBe(ack.primary.orderId);
      const refused = h.executor.submitPair({ ...pair, primary: order(h, { size: u('1') }) });
      expect(refused.primary.ok).toBe(false);
      expect(refused.second).toBeUndefined();
    });

    it('every event names an accepted order; orders end once; fills add up and respect the limit', () => {
      const h = makeHarness();
      marketWithDepth(h);
      const accepted = new Map<string, OrderRequest>();
      const place = (r: OrderRequest) => {
        const ack = h.executor.placeOrder(r);
        if (ack.ok) accepted.set(ack.orderId, r);
        return ack;
      };
      place(order(h, { price: u('0.46'), size: u('30') })); // marketable FAK
      place(order(h, { price: u('0.47'), size: u('150'), timeInForce: 'FAK' })); // more than the depth
      place(order(h, { side: 'SELL', price: u('0.44'), size: u('20') }));
      const bid = place(order(h, { price: u('0.43'), size: u('20'), timeInForce: 'GTC', postOnly: true }));
      place(order(h, { price: u('0.46'), timeInForce: 'GTC', postOnly: true })); // would cross: refused by the venue
      h.wait(1_000);
      h.trade('yes', '0.42', '50', 'SELL'); // through the resting bid
      h.wait(1_000);
      if (bid.ok) h.executor.cancelOrder(bid.orderId);
      h.wait(1_000);
      checkEventStream(h, accepted);
      if (!h.executor.canFill) return expect(h.events).toEqual([]);
      expect(h.events.filter((e) => e.type === 'order_fill').length).toBeGreaterThan(2);
    });

    it('a maker pair reports the second leg it sent on the primary fill: the other outcome, the filled size, at its limit', () => {
      const h = makeHarness();
      marketWithDepth(h);
      const second = order(h, { outcome: 'no', price: u('0.54'), size: u('20') });
      const ack = h.executor.submitPair({
        primary: order(h, { price: u('0.45'), size: u('20'), timeInForce: 'GTC', postOnly: true }),
        second,
        secondWhen: 'on_primary_fill',
      });
      expect(ack.primary.ok).toBe(true);
      expect(ack.second).toBeUndefined();
      h.wait(1_000);
      h.setLevel('yes', 'ask', '0.44', '8'); // 8 offered through the bid
      h.wait(1_000);
      const accepted = new Map<string, OrderRequest>(
        ack.primary.ok ? [[ack.primary.orderId, order(h, { price: u('0.45'), size: u('20'), timeInForce: 'GTC', postOnly: true })]] : [],
      );
      checkEventStream(h, accepted);
      if (!h.executor.canFill) return expect(h.events).toEqual([]);
      const fills = h.events.filter(
        (e): e is Extract<AccountEvent, { type: 'order_fill' }> => e.type === 'order_fill' && e.orderId === ack.primary.orderId,
      );
      expect(fills.map((f) => f.fill.size)).toEqual([u('8')]);
      expect(fills[0]?.secondLeg?.request).toEqual({ ...second, size: u('8') });
      expect(fills[0]?.secondLeg?.ack.ok).toBe(true);
    });

    it('cancels end working orders with order_cancelled; unknown orders cannot be cancelled; openOrders lists what still works', () => {
      const h = makeHarness();
      marketWithDepth(h);
      expect(h.executor.cancelOrder('no-such-order')).toBe(false);
      const ack = h.executor.placeOrder(order(h, { price: u('0.40'), timeInForce: 'GTC', postOnly: true }));
      if (!ack.ok) throw new Error(ack.reason);
      h.wait(1_000);
      if (!h.executor.canFill) {
        expect(h.executor.openOrders()).toEqual([]);
        expect(h.executor.cancelOrder(ack.orderId)).toBe(false);
        return expect(h.events).toEqual([]);
      }
      expect(h.executor.openOrders().map((o) => o.orderId)).toEqual([ack.orderId]);
      expect(h.executor.cancelOrder(ack.orderId)).toBe(true);
      h.wait(1_000);
      expect(h.events.at(-1)).toMatchObject({ type: 'order_cancelled', orderId: ack.orderId, filled: 0 });
      expect(h.executor.openOrders()).toEqual([]);
      expect(h.executor.cancelOrder(ack.orderId)).toBe(false);
    });
  });
}
