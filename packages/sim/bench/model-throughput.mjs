#!/usr/bin/env node
/**
 * How fast the live market model produces frames on one core, without sockets: the engine at a
 * rate far above what it can do, for a few seconds of simulated time, with a sink that only counts.
 * Baseline, same run: JSON.stringify of one captured price_change object per event (the cost of
 * merely serialising a frame with the generic serialiser).
 *
 *   node packages/sim/bench/model-throughput.mjs      (after `npx tsc -b packages/sim`)
 */
import { readFileSync } from 'node:fs';
import { MarketEngine } from '../dist/market/engine.js';
import { Catalog } from '../dist/market/catalog-port.js';
import { TruthLog } from '../dist/market/truth-log.js';

const burst = JSON.parse(readFileSync(new URL('../test/fixtures/ws_market_crossing_burst_2026-09.json', import.meta.url), 'utf8'));
const START = Date.UTC(2026, 10, 26, 12, 5, 0);
const SIM_SECONDS = 3;
const RATE = 100_000;

function model() {
  let frames = 0;
  let bytes = 0;
  const engine = new MarketEngine({
    catalog: new Catalog({ seed: 1 }),
    seed: 1,
    assets: ['BTC', 'ETH', 'SOL'],
    rate: RATE,
    truth: new TruthLog(),
    sink: (f) => {
      frames++;
      bytes += f.text.length;
    },
  });
  engine.start(START);
  const t0 = performance.now();
  engine.advanceTo(START + SIM_SECONDS * 1000, Number.MAX_SAFE_INTEGER);
  const s = (performance.now() - t0) / 1000;
  return { events: (RATE * SIM_SECONDS) / s, frames: frames / s, mb: bytes / s / 1e6 };
}

function baseline() {
  const n = RATE * SIM_SECONDS;
  let bytes = 0;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) bytes += JSON.stringify(burst[1 + (i % 49)]).length;
  if (bytes === 0) throw new Error('nothing was serialised'); // also keeps the loop from being optimised away
  return n / ((performance.now() - t0) / 1000);
}

const runs = [0, 1, 2].map(() => ({ base: baseline(), model: model() }));
for (const [i, r] of runs.entries()) {
  console.log(
    `run ${i + 1}: model ${Math.round(r.model.events).toLocaleString('en')} events/s, ${Math.round(r.model.frames).toLocaleString('en')} frames/s (${r.model.mb.toFixed(1)} MB/s); ` +
      `baseline JSON.stringify ${Math.round(r.base).toLocaleString('en')} frames/s; model/baseline ${(r.model.frames / r.base).toFixed(2)}`,
  );
}
