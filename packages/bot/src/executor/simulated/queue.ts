/**
 * Queue position of one resting (maker) order, hftbacktest-style. The order joins behind every
 * share resting at its price when it arrives (`ahead`); later orders at that price queue behind it.
 * It fills only when trades printed at its price have consumed the shares ahead of it (or when the
 * price trades through it, handled by the executor).
 *
 * Depth drops at the price are either trades (from the front) or cancellations. A cancellation is
 * taken from behind us when it can be (`risk_averse`, the conservative default) or from ahead and
 * behind in proportion (`proportional`). A depth drop often arrives just before the print of the
 * same trade (the simulator and the live feed send the level change first): whatever part of a drop
 * was already taken off `ahead` is "prepaid", and a print within `matchMs` of it only consumes the
 * rest, so one trade is never counted twice.
 */
import type { Micros } from '@polymarket-arb/domain';

export type QueueModel = 'risk_averse' | 'proportional';

export class QueuePosition {
  /** Shares resting ahead of the order at its price. */
  ahead: Micros;
  /** Last seen aggregate size of others at the price. */
  level: Micros;
  /** Part of recent depth drops already taken off `ahead`, not yet matched by a trade print. */
  private prepaid: Micros = 0;
  private prepaidAtMs = Number.NEGATIVE_INFINITY;

  constructor(
    level: Micros,
    private readonly model: QueueModel,
    private readonly matchMs: number,
  ) {
    this.ahead = level;
    this.level = level;
  }

  /** The aggregate size at the order's price is now `size` (after a delta or a snapshot). */
  onDepth(size: Micros, nowMs: number): void {
    const before = this.level;
    this.level = size;
    const drop = before - size;
    if (drop <= 0) return; // new orders join behind us
    let cut = this.model === 'risk_averse' ? 0 : Math.floor(drop * (this.ahead / before));
    cut = Math.min(this.ahead, Math.max(cut, this.ahead - size)); // never more ahead than the level holds
    if (cut <= 0) return;
    this.ahead -= cut;
    this.prepaid = (nowMs - this.prepaidAtMs <= this.matchMs ? this.prepaid : 0) + cut;
    this.prepaidAtMs = nowMs;
  }

  /** A trade of `size` printed at the order's price against its side: the shares that reach the order. */
  onTrade(size: Micros, nowMs: number): Micros {
    let consume = size;
    if (this.prepaid > 0 && nowMs - this.prepaidAtMs <= this.matchMs) {
      const used = Math.min(this.prepaid, consume);
      this.prepaid -= used;
      consume -= used;
    }
    if (consume <= this.ahead) {
      this.ahead -= consume;
      return 0;
    }
    const reach = consume - this.ahead;
    this.ahead = 0;
    return reach;
  }
}
