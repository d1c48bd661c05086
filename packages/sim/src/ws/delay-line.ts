/**
 * The `delay` fault on a stream: items made while it is on are held and delivered `delayMs` late, in
 * the order they were made, as a congested path or a venue that fell behind would deliver them. An
 * item made after the delay ended still waits behind any item held, so order is never broken.
 * Without the fault an item goes straight through (no timer, no allocation).
 */
import type { FaultState } from '../faults.js';

interface HeldItem<T> {
  readonly dueMs: number;
  readonly item: T;
}

export class DelayLine<T> {
  private held: HeldItem<T>[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly faults: FaultState,
    private readonly deliver: (item: T) => void,
  ) {}

  push(item: T): void {
    const delayMs = this.faults.frameDelayMs();
    if (delayMs === 0 && this.held.length === 0) return this.deliver(item);
    this.held.push({ dueMs: Date.now() + delayMs, item });
    this.timer ??= this.releaseLater();
  }

  /** Forget what is held (the channel is closing). */
  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.held = [];
  }

  private releaseLater(): NodeJS.Timeout {
    const timer = setTimeout(() => this.release(), Math.max(0, (this.held[0] as HeldItem<T>).dueMs - Date.now()));
    timer.unref();
    return timer;
  }

  private release(): void {
    this.timer = undefined;
    const now = Date.now();
    let due = 0;
    while (due < this.held.length && (this.held[due] as HeldItem<T>).dueMs <= now) due++;
    const out = this.held.splice(0, due);
    for (const h of out) this.deliver(h.item);
    if (this.held.length > 0) this.timer = this.releaseLater();
  }
}
