/**
 * Counterfactuals (spec 7.4): after a window settles, what the other choices would have made.
 *
 * Every evaluation of the window that became a pair order, and every skip whose best variant
 * netted more than zero, is kept (consecutive identical skips collapse into one). At settlement
 * each is compared with its alternatives: the taker pair, a maker bid on Up or on Down (assuming it
 * fills: the optimistic case), and not trading. A hypothetical pair of q = min(MVP size, shares at
 * the top) earns q x the alternative's net margin per pair (a hedged pair pays 1 whatever wins).
 * The actual P&L of a taken decision is its share (by size) of the window's settled P&L; a skip's
 * is 0. regret = hypothetical - actual; quality Bad above +1 cent, Good below -1 cent, else Neutral.
 */
import { chTimeMs, formatMicros, type Micros } from '@polymarket-arb/domain';
import { Action, actionName } from '../../core/codes.js';
import { NO_MARGIN } from '../../core/market-state.js';
import { roundSize } from '../../core/sizing.js';
import type { EventDirectory } from '../../core/ports.js';
import { F, I, type DecisionRing } from '../../observability/ring.js';
import type { DecisionConsumer, RowQueue } from './decisions.js';

export interface CounterfactualRow {
  timestamp: string;
  decision_id: string;
  event_id: string;
  actual_action: string;
  actual_pnl: string;
  hypothetical_action: string;
  hypothetical_pnl: string;
  regret: string;
  decision_quality: 'Good' | 'Bad' | 'Neutral';
  mode: string;
  run_id: string;
}

interface Tracked {
  readonly id: string;
  readonly tsMs: number;
  readonly action: number;
  readonly size: Micros;
  readonly topSize: Micros;
  /** Net margin per pair of each alternative (NO_MARGIN = not available). */
  readonly nets: readonly [taker: Micros, makerYes: Micros, makerNo: Micros];
}

const ALTERNATIVES = ['TAKER_PAIR', 'MAKER_YES', 'MAKER_NO'] as const;
const QUALITY_TOLERANCE: Micros = 10_000;

export interface CounterfactualSummary {
  rows: number;
  bad: number;
  good: number;
  /** Sum of the best positive regret per skipped opportunity (what skipping cost, optimistically). */
  skippedRegret: Micros;
}

export class CounterfactualTracker implements DecisionConsumer {
  readonly needsIds = true;
  readonly summary: CounterfactualSummary = { rows: 0, bad: 0, good: 0, skippedRegret: 0 };
  private readonly byEvent = new Map<string, Tracked[]>();
  private readonly lastKey = new Map<string, string>();

  constructor(
    private readonly directory: EventDirectory,
    private readonly mvpSize: Micros,
    private readonly runId: string,
    private readonly sink?: RowQueue<CounterfactualRow>,
  ) {}

  onDecision(ring: DecisionRing, slot: number, decisionId: string): void {
    const action = ring.action(slot);
    if (action !== Action.SKIP && action !== Action.BUY_PAIR && action !== Action.POST_MAKER) return;
    const nets: [Micros, Micros, Micros] = [ring.int(slot, I.TAKER_NET), ring.int(slot, I.MAKER_YES_NET), ring.int(slot, I.MAKER_NO_NET)];
    if (action === Action.SKIP && Math.max(...nets) <= 0) return;
    const eventId = this.directory.lookup(ring.float(slot, F.EVENT_HASH))?.eventId;
    if (eventId === undefined) return;
    const key = `${action}/${ring.reason(slot)}/${ring.int(slot, I.YES_ASK)}/${ring.int(slot, I.NO_ASK)}/${nets.join('/')}`;
    if (action === Action.SKIP && this.lastKey.get(eventId) === key) return; // the same opportunity, seen again
    this.lastKey.set(eventId, key);
    const list = this.byEvent.get(eventId) ?? [];
    list.push({
      id: decisionId,
      tsMs: ring.float(slot, F.TS_MS),
      action,
      size: ring.float(slot, F.SIZE),
      topSize: ring.float(slot, F.TOP_SIZE),
      nets,
    });
    this.byEvent.set(eventId, list);
  }

  /** Window `eventId` settled with `windowPnl`: write its counterfactual rows. */
  onSettled(eventId: string, windowPnl: Micros, atMs: number): void {
    const list = this.byEvent.get(eventId);
    this.byEvent.delete(eventId);
    this.lastKey.delete(eventId);
    if (list === undefined) return;
    const takenSize = list.reduce((s, d) => s + (d.action === Action.SKIP ? 0 : d.size), 0);
    for (const d of list) {
      const actual = d.action === Action.SKIP || takenSize === 0 ? 0 : Number((BigInt(windowPnl) * BigInt(d.size)) / BigInt(takenSize));
      const q = roundSize(Math.min(this.mvpSize, d.topSize));
      let bestRegret = 0;
      for (let k = 0; k < ALTERNATIVES.length; k++) {
        const net = d.nets[k] as Micros;
        if (net === NO_MARGIN) continue;
        bestRegret = Math.max(
          bestRegret,
          this.write(d, eventId, actual, ALTERNATIVES[k] as string, Number((BigInt(q) * BigInt(net)) / 1_000_000n), atMs),
        );
      }
      if (d.action !== Action.SKIP) this.write(d, eventId, actual, 'SKIP', 0, atMs);
      else this.summary.skippedRegret += bestRegret;
    }
  }

  /** Windows with decisions but no settlement by the end: compared at their marked P&L. */
  pending(): string[] {
    return [...this.byEvent.keys()];
  }

  private write(d: Tracked, eventId: string, actual: Micros, hypothetical: string, hypotheticalPnl: Micros, atMs: number): Micros {
    const regret = hypotheticalPnl - actual;
    const quality = regret > QUALITY_TOLERANCE ? 'Bad' : regret < -QUALITY_TOLERANCE ? 'Good' : 'Neutral';
    this.summary.rows++;
    if (quality === 'Bad') this.summary.bad++;
    if (quality === 'Good') this.summary.good++;
    this.sink?.push({
      timestamp: chTimeMs(atMs),
      decision_id: d.id,
      event_id: eventId,
      actual_action: actionName(d.action),
      actual_pnl: formatMicros(actual),
      hypothetical_action: hypothetical,
      hypothetical_pnl: formatMicros(hypotheticalPnl),
      regret: formatMicros(regret),
      decision_quality: quality,
      mode: 'backtest',
      run_id: this.runId,
    });
    return regret;
  }
}
