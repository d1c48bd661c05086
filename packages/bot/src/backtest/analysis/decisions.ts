/**
 * Draining the decision ring during a backtest. The live pipeline drains it on a timer; a replay at
 * full speed never yields to timers, so the runner drains it itself (after each batch and whenever
 * it is half full), through the same enrichment as live into the `decisions` table. Decision ids
 * are derived from the run id and the decision's sequence number (not random), so the same data and
 * configuration give bit-identical rows. Consumers (counts, counterfactuals) see every decision.
 */
import { createHash } from 'node:crypto';
import { Action, Reason } from '../../core/codes.js';
import { NO_MARGIN } from '../../core/market-state.js';
import type { EventDirectory } from '../../core/ports.js';
import { enrichDecision, type DecisionRow } from '../../observability/enrich.js';
import { I, type DecisionRing } from '../../observability/ring.js';

export interface RowQueue<Row> {
  push(row: Row): boolean;
}

export interface DecisionConsumer {
  /** True when the consumer reads `decisionId` (ids cost a hash each; sweeps need none). */
  readonly needsIds?: boolean;
  onDecision(ring: DecisionRing, slot: number, decisionId: string): void;
}

/** A UUID (version nibble 8, "custom") from the run id and a sequence number. */
export function deterministicUuid(runId: string, seq: number): string {
  const h = createHash('sha256').update(`${runId}/${seq}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16] as string, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Net margin histogram bin width (micros): 0.25 cent per pair; margins beyond [-5, +15] cents land in the edge bins. */
export const MARGIN_BIN = 2_500;
export const MARGIN_BIN_MIN = -20;
export const MARGIN_BIN_MAX = 60;

/** Counts over every decision: what the report says about opportunities and leg risk. */
export class DecisionCounts implements DecisionConsumer {
  readonly byAction = new Map<number, number>();
  /** Evaluations that became a pair order (taker pair or maker bid). */
  taken = 0;
  /** Evaluations skipped although their variant cleared the threshold (a gate said no). */
  gatedSkips = 0;
  /** Net margin bins (bin index -> [taken, skipped]) of every evaluation that was recorded. */
  readonly margins = new Map<number, [number, number]>();

  onDecision(ring: DecisionRing, slot: number): void {
    const action = ring.action(slot);
    this.byAction.set(action, (this.byAction.get(action) ?? 0) + 1);
    const evaluation = action === Action.SKIP || action === Action.BUY_PAIR || action === Action.POST_MAKER;
    if (!evaluation) return;
    const taken = action !== Action.SKIP;
    if (taken) this.taken++;
    else if (ring.reason(slot) !== Reason.BELOW_THRESHOLD) this.gatedSkips++;
    const net = ring.int(slot, I.NET);
    if (net === NO_MARGIN) return;
    const bin = Math.min(MARGIN_BIN_MAX, Math.max(MARGIN_BIN_MIN, Math.floor(net / MARGIN_BIN)));
    const counts = this.margins.get(bin) ?? [0, 0];
    counts[taken ? 0 : 1]++;
    this.margins.set(bin, counts);
  }

  count(action: number): number {
    return this.byAction.get(action) ?? 0;
  }
}

export class DecisionDrain {
  private seq = 0;
  private readonly withIds: boolean;

  constructor(
    private readonly ring: DecisionRing,
    private readonly directory: EventDirectory,
    private readonly runId: string,
    private readonly consumers: readonly DecisionConsumer[],
    private readonly sink?: RowQueue<DecisionRow>,
  ) {
    this.withIds = sink !== undefined || consumers.some((c) => c.needsIds === true);
  }

  /** Decisions drained so far. */
  get drained(): number {
    return this.seq;
  }

  drain(): number {
    const ctx = { directory: this.directory, mode: 'backtest', runId: this.runId };
    let n = 0;
    for (let slot = this.ring.peek(); slot >= 0; slot = this.ring.peek()) {
      const id = this.withIds ? deterministicUuid(this.runId, this.seq) : '';
      this.seq++;
      if (this.sink !== undefined) {
        const row = enrichDecision(this.ring, slot, ctx);
        row.decision_id = id;
        this.sink.push(row);
      }
      for (const c of this.consumers) c.onDecision(this.ring, slot, id);
      this.ring.release();
      n++;
    }
    return n;
  }
}
