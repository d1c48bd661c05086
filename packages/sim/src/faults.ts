/**
 * Fault injection: the `--faults SPEC` grammar (DESIGN.md), the live state the WebSocket channels
 * consult on every frame (frame-fault rates, stall), and the scheduler that fires timed faults.
 *
 * SPEC: comma-separated items; T and D are seconds after start (decimals allowed), R a fraction:
 *   drop[@T]               drop every WebSocket connection (now, or at T)
 *   drop-every=N           drop every WebSocket connection every N seconds
 *   stall@T:D              connections stay open but receive nothing (not even PONG) for D s
 *   delay@T:D:MS           stream frames made during D s reach clients MS ms late, in order
 *   malformed=R            extra truncated-JSON frames before a fraction R of market frames
 *   unknown-events=R       extra frames with an unknown event_type
 *   legacy-price-change=R  price_change sent in the legacy one-asset `changes[]` format instead
 *   empty-numbers=R        price_change sent with best_bid/best_ask as empty strings
 *   duplicates=R           market frames sent twice
 *   out-of-order=R         market frames held back and sent after the next one
 *   http-429@T:D[:RA]      REST answers 429 for D s (Retry-After RA); also http-500, http-503
 *   slow@T:D:MS            REST responses delayed MS ms for D s
 *   rest-drop@T            the next REST response is cut mid-body
 *   binance-shutdown@T     Binance connections get `serverShutdown`, then are closed
 * Times are wall-clock seconds after the simulator starts (or after the control call that applies
 * the SPEC); REST fault periods are measured on the simulator's clock, which is the same thing
 * unless a test injects a manual clock.
 */
import { type UsageError } from '@polymarket-arb/domain';
import type { FailStatus, RestFaults } from './rest/index.js';
import { FaultSpecError } from './errors.js';

export interface FrameFaultRates {
  malformed: number;
  unknownEvents: number;
  legacyPriceChange: number;
  emptyNumbers: number;
  duplicates: number;
  outOfOrder: number;
}

const RATE_KEYS: Readonly<Record<string, keyof FrameFaultRates>> = {
  malformed: 'malformed',
  'unknown-events': 'unknownEvents',
  'legacy-price-change': 'legacyPriceChange',
  'empty-numbers': 'emptyNumbers',
  duplicates: 'duplicates',
  'out-of-order': 'outOfOrder',
};

export type FaultItem =
  | { readonly kind: 'drop'; readonly atSec: number }
  | { readonly kind: 'drop-every'; readonly everySec: number }
  | { readonly kind: 'stall'; readonly atSec: number; readonly forSec: number }
  | { readonly kind: 'delay'; readonly atSec: number; readonly forSec: number; readonly delayMs: number }
  | { readonly kind: 'rate'; readonly fault: keyof FrameFaultRates; readonly rate: number }
  | {
      readonly kind: 'http';
      readonly status: FailStatus;
      readonly atSec: number;
      readonly forSec: number;
      readonly retryAfterSec: number | undefined;
    }
  | { readonly kind: 'slow'; readonly atSec: number; readonly forSec: number; readonly delayMs: number }
  | { readonly kind: 'rest-drop'; readonly atSec: number }
  | { readonly kind: 'binance-shutdown'; readonly atSec: number };

export const FAULT_SPEC_HELP = `Fault SPEC (--faults): comma-separated items; T and D are seconds after start, R a fraction 0..1:
  drop[@T]               drop every WebSocket connection (now, or at T)
  drop-every=N           drop every WebSocket connection every N seconds
  stall@T:D              connections stay open but receive nothing (not even PONG) for D seconds
  delay@T:D:MS           stream frames (market and Binance) made during D seconds reach clients
                         MS milliseconds late, in order (a client then reads old data: feed lag)
  malformed=R            extra truncated-JSON frames before a fraction R of market frames
  unknown-events=R       extra frames with an unknown event_type
  legacy-price-change=R  price_change sent in the legacy one-asset "changes" format instead
  empty-numbers=R        price_change sent with best_bid/best_ask as empty strings
  duplicates=R           market frames sent twice
  out-of-order=R         market frames held back and sent after the next one
  http-429@T:D[:RA]      REST answers 429 for D seconds (Retry-After RA); also http-500, http-503
  slow@T:D:MS            REST responses delayed MS milliseconds for D seconds
  rest-drop@T            the next REST response is cut mid-body
  binance-shutdown@T     Binance connections get serverShutdown, then are closed
Example: --faults "drop@30,malformed=0.01,http-503@60:10:5"`;

function specError(item: string, problem: string, fix: string): UsageError {
  return new FaultSpecError(`Fault ${JSON.stringify(item)} ${problem}.`, { hint: `${fix} (see poly-sim --help for the SPEC syntax).` });
}

function seconds(text: string | undefined, item: string, what: string): number {
  const value = text === undefined || text === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(value) || value < 0)
    throw specError(
      item,
      `has ${what} ${JSON.stringify(text ?? '')}, which is not a number of seconds`,
      `Write ${what} as seconds, e.g. 30 or 2.5`,
    );
  return value;
}

function fraction(text: string, item: string): number {
  const value = text === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(value) || value < 0 || value > 1)
    throw specError(
      item,
      `has rate ${JSON.stringify(text)}, which is not a fraction between 0 and 1`,
      'Write the rate as a fraction, e.g. 0.01 for 1% of frames',
    );
  return value;
}

/** Parse a fault SPEC; throws a UsageError naming the bad item and the fix. */
export function parseFaultSpec(spec: string): FaultItem[] {
  const items: FaultItem[] = [];
  for (const raw of spec.split(',')) {
    const item = raw.trim();
    if (item === '') continue;
    items.push(parseItem(item));
  }
  return items;
}

function parseItem(item: string): FaultItem {
  const eq = item.indexOf('=');
  if (eq >= 0) {
    const name = item.slice(0, eq);
    const value = item.slice(eq + 1);
    if (name === 'drop-every') {
      const everySec = seconds(value, item, 'the period');
      if (everySec <= 0) throw specError(item, 'has a period of 0', 'Use a period above 0 seconds, e.g. drop-every=30');
      return { kind: 'drop-every', everySec };
    }
    const fault = RATE_KEYS[name];
    if (fault) return { kind: 'rate', fault, rate: fraction(value, item) };
    throw specError(
      item,
      `is not a fault this simulator knows (${JSON.stringify(name)})`,
      `Use one of drop-every, ${Object.keys(RATE_KEYS).join(', ')} with "="`,
    );
  }
  const [name = '', when] = item.split('@', 2);
  const args = when === undefined ? [] : when.split(':');
  const at = (): number => seconds(args[0], item, 'the start time T');
  const need = (n: number, form: string): void => {
    if (when === undefined || args.length < n) throw specError(item, `is missing its times`, `Write it as ${form}`);
  };
  switch (name) {
    case 'drop':
      return { kind: 'drop', atSec: when === undefined ? 0 : at() };
    case 'stall':
      need(2, 'stall@T:D, e.g. stall@10:5');
      return { kind: 'stall', atSec: at(), forSec: seconds(args[1], item, 'the duration D') };
    case 'delay':
      need(3, 'delay@T:D:MS, e.g. delay@10:5:3000');
      return {
        kind: 'delay',
        atSec: at(),
        forSec: seconds(args[1], item, 'the duration D'),
        delayMs: seconds(args[2], item, 'the delay MS'),
      };
    case 'http-429':
    case 'http-500':
    case 'http-503': {
      need(2, `${name}@T:D[:RA], e.g. ${name}@10:5:2`);
      const status = Number(name.slice(5)) as FailStatus;
      const retryAfterSec = args[2] === undefined ? undefined : Math.round(seconds(args[2], item, 'the Retry-After RA'));
      return { kind: 'http', status, atSec: at(), forSec: seconds(args[1], item, 'the duration D'), retryAfterSec };
    }
    case 'slow':
      need(3, 'slow@T:D:MS, e.g. slow@10:5:800');
      return {
        kind: 'slow',
        atSec: at(),
        forSec: seconds(args[1], item, 'the duration D'),
        delayMs: seconds(args[2], item, 'the delay MS'),
      };
    case 'rest-drop':
      need(1, 'rest-drop@T, e.g. rest-drop@10');
      return { kind: 'rest-drop', atSec: at() };
    case 'binance-shutdown':
      need(1, 'binance-shutdown@T, e.g. binance-shutdown@10');
      return { kind: 'binance-shutdown', atSec: at() };
    default:
      throw specError(
        item,
        `is not a fault this simulator knows (${JSON.stringify(name)})`,
        'Use drop, stall, delay, http-429, http-500, http-503, slow, rest-drop or binance-shutdown with "@T"',
      );
  }
}

export function noFrameFaults(): FrameFaultRates {
  return { malformed: 0, unknownEvents: 0, legacyPriceChange: 0, emptyNumbers: 0, duplicates: 0, outOfOrder: 0 };
}

/** What the WebSocket channels consult per frame. Stall and delay ends are wall-clock instants. */
export class FaultState {
  rates: FrameFaultRates = noFrameFaults();
  private stalledUntil = 0;
  private delayedUntil = 0;
  private delayMs = 0;
  private readonly stallListeners: Array<() => void> = [];

  /** True while no connection may receive anything. */
  stalled(): boolean {
    return Date.now() < this.stalledUntil;
  }

  stall(forMs: number): void {
    this.stalledUntil = Math.max(this.stalledUntil, Date.now() + forMs);
    const timer = setTimeout(() => {
      if (!this.stalled()) for (const listener of this.stallListeners) listener();
    }, forMs + 1);
    timer.unref();
  }

  /** Stream frames made in the next `forMs` reach clients `delayMs` late. */
  delay(delayMs: number, forMs: number): void {
    this.delayMs = delayMs;
    this.delayedUntil = Date.now() + forMs;
  }

  /** How late a stream frame made now is to be delivered, ms (0: at once). */
  frameDelayMs(): number {
    return Date.now() < this.delayedUntil ? this.delayMs : 0;
  }

  /** Called when a stall is over (channels flush what they held back, e.g. book dumps). */
  onStallEnd(listener: () => void): void {
    this.stallListeners.push(listener);
  }

  anyFrameFault(): boolean {
    const r = this.rates;
    return r.malformed + r.unknownEvents + r.legacyPriceChange + r.emptyNumbers + r.duplicates + r.outOfOrder > 0;
  }

  clear(): void {
    this.rates = noFrameFaults();
    this.stalledUntil = 0;
    this.delayedUntil = 0;
    for (const listener of this.stallListeners) listener();
  }
}

/** What timed faults act on. */
export interface FaultTargets {
  readonly state: FaultState;
  readonly rest: RestFaults;
  /** Drop every WebSocket connection; returns how many were dropped. */
  dropAll(): number;
  /** Send `serverShutdown` to every Binance connection and close them. */
  binanceShutdown(): number;
}

/** Fires the items of a SPEC at their times (relative to when `apply` is called). */
export class FaultScheduler {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly targets: FaultTargets) {}

  apply(items: readonly FaultItem[]): void {
    for (const item of items) this.applyOne(item);
  }

  /** Stop every pending timed fault (frame-fault rates stay as set). */
  cancel(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private at(sec: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, sec * 1000);
    timer.unref();
    this.timers.add(timer);
  }

  private applyOne(item: FaultItem): void {
    const t = this.targets;
    switch (item.kind) {
      case 'rate':
        t.state.rates = { ...t.state.rates, [item.fault]: item.rate };
        return;
      case 'drop':
        if (item.atSec === 0) t.dropAll();
        else this.at(item.atSec, () => t.dropAll());
        return;
      case 'drop-every': {
        const timer = setInterval(() => t.dropAll(), item.everySec * 1000);
        timer.unref();
        this.timers.add(timer);
        return;
      }
      case 'stall':
        return this.at(item.atSec, () => t.state.stall(item.forSec * 1000));
      case 'delay':
        return this.at(item.atSec, () => t.state.delay(item.delayMs, item.forSec * 1000));
      case 'http':
        return this.at(item.atSec, () => t.rest.failWith(item.status, item.forSec * 1000, item.retryAfterSec));
      case 'slow':
        return this.at(item.atSec, () => t.rest.slow(item.delayMs, item.forSec * 1000));
      case 'rest-drop':
        return this.at(item.atSec, () => t.rest.dropNextResponse());
      case 'binance-shutdown':
        return this.at(item.atSec, () => t.binanceShutdown());
    }
  }
}
