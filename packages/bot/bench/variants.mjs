/**
 * Taker-taker versus maker-taker: how far must one book lag the other before each variant clears
 * the threshold net of fees? Runs the engine's own `detectArb` on books built like this:
 *   the Up book moved down by `lag` ticks (bid b - lag, ask b - lag + spread) while the Down book
 *   still mirrors the old Up book (bid 1 - b - spread, ask 1 - b).
 * Taker gross = (lag - spread) ticks minus two taker fees; maker gross = the lag minus the
 * improvement tick, minus one fee. Prints the smallest lag (in 0.01 ticks) at which each variant
 * clears each phase threshold, by price level.
 *
 *   node packages/bot/bench/variants.mjs      (after `npx tsc -b packages/bot`)
 */
import { loadBotConfig } from '../dist/config.js';
import { ArbOpportunity, detectArb, MarketState } from '../dist/core/index.js';
import { window, T0 } from './common-setup.mjs';
import { header } from './lib.mjs';

header('taker vs maker: smallest book lag (ticks of 0.01) that clears the threshold net of fees');
const cfg = loadBotConfig({ env: {} });
const TICK = 10_000;
const phases = [
  ['late', 100],
  ['mid', 400],
  ['early', 700],
];
const o = new ArbOpportunity();

function book(b, spread, lag) {
  const m = new MarketState(window(), 0, 1, cfg.toxic);
  const yesBid = b - lag * TICK;
  m.yes.book.setLevel('bid', yesBid, 100_000_000);
  m.yes.book.setLevel('ask', yesBid + spread * TICK, 100_000_000);
  m.no.book.setLevel('bid', 1_000_000 - b - spread * TICK, 100_000_000);
  m.no.book.setLevel('ask', 1_000_000 - b, 100_000_000);
  m.yes.updatedMs = m.no.updatedMs = T0 + 900_000 - 100_000;
  m.refresh();
  return m;
}

function minLag(b, spread, variant, secondsLeft) {
  for (let lag = 1; lag <= 40; lag++) {
    if (b - lag * TICK < TICK) return undefined;
    const m = book(b, spread, lag);
    if (detectArb(m, T0 + 900_000 - secondsLeft * 1000, { ...cfg.strategy, variant }, cfg.sizing.mvp_size, o)) return lag;
  }
  return undefined;
}

const cols = phases.map(([p]) => `${p} taker/maker`.padStart(20)).join('');
for (const spread of [1, 2]) {
  console.log(`\nspread ${spread} tick${spread > 1 ? 's' : ''}          ${cols}`);
  for (const price of [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]) {
    const b = Math.round(price * 100) * TICK;
    const cells = phases
      .map(([, secs]) => `${minLag(b, spread, 'taker', secs) ?? '-'} / ${minLag(b, spread, 'maker', secs) ?? '-'}`.padStart(20))
      .join('');
    console.log(`  Up bid ${price.toFixed(2)}            ${cells}`);
  }
}
console.log('\nReading: at p = 0.50 the two taker fees cost 3.5 ticks, so a taker pair needs the lag to exceed');
console.log('spread + 3.5 + threshold; the maker pair saves one fee and the spread, clearing with a smaller lag,');
console.log('but it only completes if its bid fills while the lagging ask is still there (fill and leg risk).');
