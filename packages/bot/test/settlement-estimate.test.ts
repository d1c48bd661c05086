/**
 * The estimated settlement of a window that has neither a wire resolution nor a stored outcome:
 * the recorded Binance price with the markets' rule "end >= start means Up", read back from a real
 * embedded store. The cases sit exactly on the tie and one price step (1e-8) either side of it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type MarketWindow } from '@polymarket-arb/domain';
import { openStore, type Store } from '@polymarket-arb/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estimateWinner, settleWithoutWire } from '../src/backtest/reader/resolutions.js';
import { Recording, window } from './backtest-rows.js';
import { fixture } from './helpers.js';

interface TieCase {
  name: string;
  start: string;
  end: string;
  winner: 'yes' | 'no';
}

const { cases } = JSON.parse(readFileSync(fixture('settlement/reference-ties.json'), 'utf8')) as { cases: TieCase[] };
const B = Date.UTC(2026, 0, 1, 10, 0, 0);
const us = (ms: number) => ms * 1000;
// One window per case, 15 minutes apart so their recorded prices never mix.
const windows: MarketWindow[] = cases.map((_, i) => window('BTC', B + (i + 1) * 900_000, i + 1));

/** The price at a boundary is the last trade at or before it, counted only if trading went on after it. */
function record(): Recording {
  const r = new Recording(windows);
  cases.forEach((c, i) => {
    const w = windows[i] as MarketWindow;
    r.window(w, w.windowStart - 60_000);
    r.spot('BTC', us(w.windowStart - 1_000), w.windowStart - 1_000, c.start);
    r.spot('BTC', us(w.windowStart + 2_000), w.windowStart + 2_000, '95100.00000000');
    r.spot('BTC', us(w.windowEnd - 500), w.windowEnd - 500, c.end);
    r.spot('BTC', us(w.windowEnd + 5_000), w.windowEnd + 5_000, '94900.00000000');
  });
  return r;
}

describe('estimated settlement from the recorded reference price', () => {
  const dir = mkdtempSync(join(tmpdir(), 'poly-settle-'));
  let store: Store;

  beforeAll(async () => {
    store = await openStore({ dataDir: join(dir, 'data') });
    await record().insert(store);
  });
  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a tie (end price equal to the start price) goes to Up; one step below is Down, one above Up', async () => {
    const winners = await Promise.all(windows.map((w) => estimateWinner(store, w)));
    expect(cases.map((c, i) => `${c.name}: ${winners[i]}`)).toEqual(cases.map((c) => `${c.name}: ${c.winner}`));
    expect(await settleWithoutWire(store, windows[0] as MarketWindow, '')).toEqual({ winner: 'yes', source: 'estimated' });
  });
});
