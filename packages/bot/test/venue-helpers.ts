/**
 * Helpers for the simulated venue's tests: an executor whose account events are collected, and a
 * compact view of them ('filled' when a fill completes the order, 'partial_fill' otherwise).
 */
import { ManualClock } from '@polymarket-arb/domain';
import type { AccountEvent } from '../src/core/account-events.js';
import type { FillReport, OrderRequest, PlaceAck } from '../src/core/executor.js';
import { MarketRegistry } from '../src/core/markets.js';
import type { SimulatedVenueSettings } from '../src/executor/simulated/settings.js';
import { SimulatedExecutor } from '../src/executor/simulated/simulated-executor.js';
import { T0, testConfig, testWindow } from './helpers.js';

export type ResultView =
  | { kind: 'resting'; orderId: string; atMs: number }
  | { kind: 'filled'; orderId: string; atMs: number; fill: FillReport; done: boolean }
  | { kind: 'partial_fill'; orderId: string; atMs: number; fill: FillReport; done: boolean }
  | { kind: 'rejected'; orderId: string; atMs: number; reason: string }
  | { kind: 'cancelled'; orderId: string; atMs: number; filled: number; reason: string };

export interface VenueSetup {
  readonly ex: SimulatedExecutor;
  readonly markets: MarketRegistry;
  readonly clock: ManualClock;
  readonly events: AccountEvent[];
  /** The events so far, as `ResultView`s. */
  readonly results: ResultView[];
  /** Place through the executor, remembering the order's size (to tell complete fills). */
  place(order: OrderRequest): PlaceAck;
}

export const window = testWindow(T0 + 900_000);

/** A simulated venue over one market (the test window), on a ManualClock at `startMs`. */
export function venueSetup(kind: 'paper' | 'backtest', settings: SimulatedVenueSettings, startMs = T0 + 60_000): VenueSetup {
  const markets = new MarketRegistry(testConfig().toxic);
  markets.add(window);
  const clock = new ManualClock(startMs);
  const events: AccountEvent[] = [];
  const ex = new SimulatedExecutor({ markets, events: { push: (e) => events.push(e) }, nowMs: () => clock.nowMs() }, settings, {
    kind,
    keepFills: true,
  });
  const sizes = new Map<string, number>();
  return {
    ex,
    markets,
    clock,
    events,
    get results() {
      return events.map((e) => view(e, sizes));
    },
    place(order) {
      const ack = ex.placeOrder(order);
      sizes.set(ack.orderId, order.size);
      return ack;
    },
  };
}

function view(e: AccountEvent, sizes: ReadonlyMap<string, number>): ResultView {
  switch (e.type) {
    case 'order_resting':
      return { kind: 'resting', orderId: e.orderId, atMs: e.atMs };
    case 'order_fill': {
      const complete = e.fill.cumulative >= (sizes.get(e.orderId) ?? Number.POSITIVE_INFINITY);
      return { kind: complete ? 'filled' : 'partial_fill', orderId: e.orderId, atMs: e.atMs, fill: e.fill, done: e.done };
    }
    case 'order_rejected':
      return { kind: 'rejected', orderId: e.orderId, atMs: e.atMs, reason: e.reason };
    case 'order_cancelled':
      return { kind: 'cancelled', orderId: e.orderId, atMs: e.atMs, filled: e.filled, reason: e.reason };
    case 'trade_status':
      throw new Error('simulated venues report no trade status changes');
  }
}
