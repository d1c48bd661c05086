/**
 * The hot-path side of decision capture (spec 7.2): copy the primitives of one evaluation into
 * the next ring slot. No allocation, no I/O, nothing awaited; when capture is disabled the cost is
 * one branch, when the ring is full one increment.
 */
import type { Micros } from '@polymarket-arb/common';
import type { ArbOpportunity } from '../core/arb.js';
import type { ActionCode, ReasonCode, SeverityCode } from '../core/codes.js';
import type { MarketState } from '../core/market-state.js';
import type { DecisionRing } from './ring.js';

export class DecisionRecorder {
  /** Config `observability.capture_decisions`. */
  enabled: boolean;
  captured = 0;

  constructor(readonly ring: DecisionRing, enabled = true) {
    this.enabled = enabled;
  }

  /**
   * Record one decision about market `m`. `o` supplies the opportunity figures (threshold, net
   * margins, confidence); execution fields are NaN when not applicable. Returns false if dropped.
   */
  record(nowMs: number, m: MarketState, o: ArbOpportunity, action: ActionCode, reason: ReasonCode, size: Micros, severity: SeverityCode, spot: Micros, execPrice = Number.NaN, slippage = Number.NaN, latencyUs = Number.NaN): boolean {
    if (!this.enabled) return false;
    const r = this.ring;
    const i = r.claim();
    if (i < 0) return false;
    r.tsMs[i] = nowMs;
    r.eventHash[i] = m.eventHash;
    r.yesAsk[i] = m.yesAsk;
    r.noAsk[i] = m.noAsk;
    r.combined[i] = m.combinedCost;
    r.gross[i] = o.grossMargin;
    r.net[i] = o.netMargin;
    r.fee[i] = o.fee;
    r.threshold[i] = o.threshold;
    r.takerNet[i] = o.takerNet;
    r.makerYesNet[i] = o.makerYesNet;
    r.makerNoNet[i] = o.makerNoNet;
    r.remainingSecs[i] = m.remainingSecs(nowMs);
    r.spot[i] = spot;
    r.invYes[i] = m.inventory.yes;
    r.invNo[i] = m.inventory.no;
    r.size[i] = size;
    r.execPrice[i] = execPrice;
    r.slippage[i] = slippage;
    r.latencyUs[i] = latencyUs;
    r.confidence[i] = o.confidence;
    r.invState[i] = m.inventory.state;
    r.action[i] = action;
    r.reason[i] = reason;
    r.variant[i] = o.variant;
    r.severity[i] = severity;
    this.captured++;
    return true;
  }
}
