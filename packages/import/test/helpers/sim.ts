/** The simulator's REST services for the importer's tests (see @polymarket-arb/sim's `startRestSimulator`), and the markets of a range. */
import { startRestSimulator, type Catalog, type RestSimulator, type SimMarket } from '@polymarket-arb/sim';

export type SimHarness = RestSimulator;
export const startSim = startRestSimulator;

/** The markets of `asset` whose window opens in [startSec, endSec). */
export function marketsIn(catalog: Catalog, asset: 'BTC' | 'ETH' | 'SOL' | 'XRP', startSec: number, endSec: number): SimMarket[] {
  const out: SimMarket[] = [];
  for (let s = Math.ceil(startSec / 900) * 900; s < endSec; s += 900) out.push(catalog.market(asset, s));
  return out;
}
