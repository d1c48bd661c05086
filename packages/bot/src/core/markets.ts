/**
 * The markets the engine tracks: `MarketState` by index, token id, event id and event hash, plus
 * the reference-spot trackers per asset. Implements the executors' `MarketView` (books and order
 * rules by token) and the decision writer's `EventDirectory` (strings behind an event hash).
 */
import type { CryptoAsset, MarketWindow, OrderBook, Outcome } from '@polymarket-arb/domain';
import type { MarketView } from './executor.js';
import { hashEventId } from './hash.js';
import { MarketState } from './market-state.js';
import type { EventDirectory } from './ports.js';
import { SpotTracker, type ToxicSettings } from './toxic.js';

export interface TokenRef {
  readonly market: MarketState;
  readonly outcome: Outcome;
}

export class MarketRegistry implements MarketView, EventDirectory {
  readonly all: MarketState[] = [];
  private readonly byToken = new Map<string, TokenRef>();
  private readonly byEvent = new Map<string, MarketState>();
  private readonly byHash = new Map<number, MarketState>();
  private readonly spots = new Map<CryptoAsset, SpotTracker>();
  /** Removed markets, so decisions still in the ring can be enriched after the market is gone. */
  private readonly retired = new Map<number, { eventId: string; asset: string }>();

  constructor(private readonly toxic: ToxicSettings) {}

  /** Track a market (idempotent by event id); returns its state. */
  add(window: MarketWindow): MarketState {
    const existing = this.byEvent.get(window.eventId);
    if (existing !== undefined) return existing;
    const m = new MarketState(window, this.all.length, hashEventId(window.eventId), this.toxic, this.spot(window.asset));
    this.all.push(m);
    this.byEvent.set(window.eventId, m);
    this.byHash.set(m.eventHash, m);
    this.byToken.set(window.yesTokenId, { market: m, outcome: 'yes' });
    this.byToken.set(window.noTokenId, { market: m, outcome: 'no' });
    return m;
  }

  /**
   * Stop tracking a market (its books hold ~320 KB of typed arrays). The strings behind its event
   * hash stay available to the decision writer.
   */
  remove(m: MarketState): void {
    if (this.byEvent.get(m.window.eventId) !== m) return;
    this.byEvent.delete(m.window.eventId);
    this.byHash.delete(m.eventHash);
    this.byToken.delete(m.window.yesTokenId);
    this.byToken.delete(m.window.noTokenId);
    this.all.splice(this.all.indexOf(m), 1);
    this.retired.set(m.eventHash, { eventId: m.window.eventId, asset: m.window.asset });
    if (this.retired.size > 10_000) this.retired.delete(this.retired.keys().next().value as number);
  }

  token(tokenId: string): TokenRef | undefined {
    return this.byToken.get(tokenId);
  }

  event(eventId: string): MarketState | undefined {
    return this.byEvent.get(eventId);
  }

  spot(asset: CryptoAsset): SpotTracker {
    let s = this.spots.get(asset);
    if (s === undefined) {
      s = new SpotTracker();
      this.spots.set(asset, s);
    }
    return s;
  }

  /** Spot tracker if any price has been seen for the asset. */
  spotIfAny(asset: CryptoAsset): SpotTracker | undefined {
    return this.spots.get(asset);
  }

  book(tokenId: string): OrderBook | undefined {
    const ref = this.byToken.get(tokenId);
    return ref === undefined ? undefined : ref.market.leg(ref.outcome).book;
  }

  rules(tokenId: string): { tickSize: number; minOrderSize: number; feeSchedule: MarketWindow['feeSchedule'] } | undefined {
    const m = this.byToken.get(tokenId)?.market;
    return m === undefined ? undefined : { tickSize: m.tickSize, minOrderSize: m.window.minOrderSize, feeSchedule: m.window.feeSchedule };
  }

  windowEndMs(tokenId: string): number | undefined {
    return this.byToken.get(tokenId)?.market.window.windowEnd;
  }

  lookup(eventHash: number): { eventId: string; asset: string } | undefined {
    const m = this.byHash.get(eventHash);
    return m === undefined ? this.retired.get(eventHash) : { eventId: m.window.eventId, asset: m.window.asset };
  }
}
