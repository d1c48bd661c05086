/**
 * Binance spot trades generated from the catalog's reference spot path: for each symbol, trade k
 * happens at start + floor(k * 1000 / rate) ms at the spot price of that instant rounded to the
 * symbol's tick, with consecutive trade ids, so the stream is a pure function of the seed and the
 * start time. Payloads are the real `<symbol>@trade` shape, `e,E,s,t,p,q,T,m,M`, with price and
 * quantity written with 8 decimals as the live stream writes them ("4149.74000000").
 */
import { CRYPTO_ASSETS, type CryptoAsset } from '@polymarket-arb/domain';
import type { Catalog } from '../market/catalog-port.js';
import { deriveSeed, Rng } from '../market/rng.js';

/** Price tick and lot step of each symbol, in units of 1e-8 (as Binance's filters). */
const SYMBOL_RULES: Readonly<Record<CryptoAsset, { tick: number; step: number; maxSteps: number }>> = {
  BTC: { tick: 1_000_000, step: 1_000, maxSteps: 50_000 },
  ETH: { tick: 1_000_000, step: 10_000, maxSteps: 50_000 },
  SOL: { tick: 1_000_000, step: 100_000, maxSteps: 20_000 },
  XRP: { tick: 10_000, step: 10_000_000, maxSteps: 50_000 },
};

const E8 = 100_000_000;

/** A non-negative count of 1e-8 units as Binance writes it: always 8 decimals. */
export function e8Text(units: number): string {
  const whole = Math.floor(units / E8);
  const frac = units - whole * E8;
  return `${whole}.${frac.toString().padStart(8, '0')}`;
}

export interface BinanceTrade {
  /** Lower-case stream name, e.g. "btcusdt@trade". */
  readonly stream: string;
  /** The raw payload text. */
  readonly payload: string;
  readonly tradeTimeMs: number;
}

interface SymbolState {
  readonly asset: CryptoAsset;
  readonly symbol: string;
  readonly stream: string;
  readonly rng: Rng;
  nextId: number;
  index: number;
}

export class BinanceFeed {
  private readonly symbols: SymbolState[];
  private startMs = 0;

  /** `rate`: trades per second per symbol (0 = none). Every symbol the catalog prices is served. */
  constructor(
    private readonly catalog: Catalog,
    seed: number,
    private readonly rate: number,
    private readonly emit: (trade: BinanceTrade) => void,
  ) {
    this.symbols = CRYPTO_ASSETS.map((asset) => {
      const symbol = `${asset}USDT`;
      const rng = new Rng(deriveSeed(seed, `binance:${symbol}`));
      return { asset, symbol, stream: `${symbol.toLowerCase()}@trade`, rng, nextId: 1_000_000_000 + rng.int(2_000_000_000), index: 0 };
    });
  }

  /** Lower-case trade stream names this feed produces. */
  streams(): string[] {
    return this.symbols.map((s) => s.stream);
  }

  start(nowMs: number): void {
    this.startMs = nowMs;
  }

  /** Emit every trade due up to `nowMs` (in time order across symbols). */
  advanceTo(nowMs: number, budget = 100_000): boolean {
    if (this.rate <= 0) return true;
    for (let done = 0; done < budget; done++) {
      let next: SymbolState | undefined;
      let nextAt = Number.POSITIVE_INFINITY;
      for (const s of this.symbols) {
        const at = this.startMs + Math.floor((s.index * 1000) / this.rate);
        if (at < nextAt) {
          nextAt = at;
          next = s;
        }
      }
      if (!next || nextAt > nowMs) return true;
      next.index++;
      this.emit(this.trade(next, nextAt));
    }
    return false;
  }

  private trade(s: SymbolState, at: number): BinanceTrade {
    const rules = SYMBOL_RULES[s.asset];
    const spot = this.catalog.spotAt(s.asset, at);
    const price = Math.max(1, Math.round((spot * E8) / rules.tick)) * rules.tick;
    const qty = s.rng.logUniformInt(1, rules.maxSteps) * rules.step;
    const buyerIsMaker = s.rng.chance(0.5);
    // The event is stamped a hair after the match, as on the live stream (E >= T).
    const eventTime = at + s.rng.int(3);
    const id = s.nextId++;
    const payload = `{"e":"trade","E":${eventTime},"s":"${s.symbol}","t":${id},"p":"${e8Text(price)}","q":"${e8Text(qty)}","T":${at},"m":${buyerIsMaker},"M":true}`;
    return { stream: s.stream, payload, tradeTimeMs: at };
  }
}
