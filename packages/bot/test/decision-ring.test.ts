import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '@polymarket-arb/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArbOpportunity, detectArb } from '../src/core/arb.js';
import { Action, Reason, Severity } from '../src/core/codes.js';
import { MarketRegistry } from '../src/core/markets.js';
import { RingRecorder } from '../src/observability/capture.js';
import { enrichDecision, type DecisionRow } from '../src/observability/enrich.js';
import { createDecisionPipeline } from '../src/observability/pipeline.js';
import { DecisionProcessor } from '../src/observability/processor.js';
import { DecisionRing, F } from '../src/observability/ring.js';
import { T0, testConfig, testWindow, u } from './helpers.js';

const cfg = testConfig();
const END = T0 + 900_000;
const NOW = END - 100_500; // 100 s left (late phase)

function fixtureMarket(): { markets: MarketRegistry; opp: ArbOpportunity } {
  const markets = new MarketRegistry(cfg.toxic);
  const m = markets.add(testWindow(END));
  m.yes.book.setLevel('ask', u('0.48'), u('50'));
  m.no.book.setLevel('ask', u('0.49'), u('40'));
  m.yes.book.setLevel('bid', u('0.46'), u('10'));
  m.no.book.setLevel('bid', u('0.47'), u('10'));
  m.inventory.buy('yes', u('12.5'), u('6'), u('0.2184'));
  m.inventory.update(cfg.inventory, NOW);
  m.refresh();
  const opp = new ArbOpportunity();
  detectArb(m, NOW, cfg.strategy, cfg.sizing.mvp_size, opp);
  return { markets, opp };
}

describe('decision ring', () => {
  it('drops and counts captures when full, and accepts again after a drain', () => {
    const { markets, opp } = fixtureMarket();
    const m = markets.all[0]!;
    const rec = new RingRecorder(new DecisionRing(4));
    const accepted = [0, 1, 2, 3, 4, 5].map((i) => {
      rec.nowMs = NOW + i;
      return rec.record(m, opp, Action.SKIP, Reason.BELOW_THRESHOLD, 0, Severity.NONE);
    });
    expect(accepted).toEqual([true, true, true, true, false, false]);
    expect(rec.ring.dropped).toBe(2);
    expect(rec.ring.length).toBe(4);
    const seen: number[] = [];
    for (let i = rec.ring.peek(); i >= 0 && seen.length < 2; i = rec.ring.peek()) {
      seen.push(rec.ring.float(i, F.TS_MS));
      rec.ring.release();
    }
    expect(seen).toEqual([NOW, NOW + 1]); // oldest first
    expect(rec.record(m, opp, Action.SKIP, Reason.COOLDOWN, 0, Severity.NONE)).toBe(true);
    expect(rec.ring.length).toBe(3);
    rec.enabled = false;
    expect(rec.record(m, opp, Action.SKIP, Reason.COOLDOWN, 0, Severity.NONE)).toBe(false);
    expect(rec.ring.dropped).toBe(2);
  });

  it('enriches a snapshot into an exact decisions row', () => {
    const { markets, opp } = fixtureMarket();
    const m = markets.all[0]!;
    const ring = new DecisionRing(8);
    m.spot.record(u('95123.456789'), NOW - 5);
    const rec = new RingRecorder(ring);
    rec.nowMs = NOW;
    rec.recordExecution(m, opp, Action.FILLED, Reason.EXEC_FILLED, u('10'), u('0.4812'), u('0.0012'), 50_000);
    const row = enrichDecision(ring, ring.peek(), { directory: markets, mode: 'paper', runId: 'run-1' });
    // taker net: 1 - 0.97 - (0.07x0.48x0.52 = 0.017472) - (0.07x0.49x0.51 = 0.017493) = -0.004965
    expect(row).toMatchObject({
      timestamp: '2026-08-22 16:13:19.500',
      event_id: '3763487',
      asset: 'BTC',
      yes_ask: '0.48',
      no_ask: '0.49',
      combined_cost: '0.97',
      spot_price: '95123.456789',
      time_remaining_secs: 100,
      inventory_yes: '12.5',
      inventory_no: '0',
      inventory_state: 'Crisis',
      action: 'FILLED',
      reason_code: 'EXEC_FILLED',
      size: '10',
      executed_price: '0.4812',
      slippage: '0.0012',
      latency_us: 50_000,
      threshold: '0.005',
      mode: 'paper',
      run_id: 'run-1',
    } satisfies Partial<DecisionRow>);
    expect(row.decision_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(opp.takerNet).toBe(-4_965);
    expect(row.reason_detail).toContain('taker net -0.004965');
    expect(row.reason_detail).toContain('executed at 0.4812');
    markets.remove(m); // a market dropped from memory is still enrichable
    expect(enrichDecision(ring, ring.peek(), { directory: markets, mode: 'paper', runId: 'run-1' })).toMatchObject({
      event_id: '3763487',
      asset: 'BTC',
    });
  });

  it('the background processor drains in order and counts what the writer refused', () => {
    const { markets, opp } = fixtureMarket();
    const m = markets.all[0]!;
    const ring = new DecisionRing(16);
    const rec = new RingRecorder(ring);
    for (let i = 0; i < 10; i++) {
      rec.nowMs = NOW + i;
      rec.record(m, opp, Action.SKIP, Reason.BELOW_THRESHOLD, 0, Severity.NONE);
    }
    const rows: DecisionRow[] = [];
    const sink = { push: (r: DecisionRow) => (rows.length < 7 ? (rows.push(r), true) : false), flush: async () => {} };
    const p = new DecisionProcessor(ring, sink, { directory: markets, mode: 'shadow', runId: 'r', drainIntervalMs: 10, maxPerDrain: 4 });
    expect(p.drainOnce()).toBe(4);
    expect(p.drainOnce()).toBe(4);
    expect(p.drainOnce()).toBe(2);
    expect(p.stats()).toMatchObject({ captured: 10, dropped: 0, pending: 0, written: 7, refused: 3 });
    expect(rows.map((r) => r.timestamp.slice(-3))).toEqual(['500', '501', '502', '503', '504', '505', '506']);
    expect(rows[0]?.reason_detail).toMatch(/below the 0\.005 threshold with 100 s left/);
  });
});

describe('decision pipeline into the decisions table (embedded ClickHouse)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'poly-bot-decisions-'));
  let store: Store;
  beforeAll(async () => {
    store = await openStore({ dataDir: dir });
    await store.migrate();
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes every captured decision with exact decimals, and nulls where there is no execution', async () => {
    const { markets, opp } = fixtureMarket();
    const m = markets.all[0]!;
    const ring = new DecisionRing(1024);
    const rec = new RingRecorder(ring);
    const pipeline = createDecisionPipeline({
      ring,
      directory: markets,
      sink: store,
      observability: { batch_size: 100, flush_interval_ms: 20, drain_interval_ms: 5 },
      mode: 'paper',
      runId: 'it-1',
    });
    pipeline.start();
    m.spot.record(u('95000.5'), NOW);
    for (let i = 0; i < 250; i++) {
      rec.nowMs = NOW + i;
      rec.record(m, opp, Action.SKIP, Reason.BELOW_THRESHOLD, 0, Severity.NONE);
    }
    rec.nowMs = NOW + 300;
    rec.recordExecution(m, opp, Action.FILLED, Reason.EXEC_FILLED, u('10'), u('0.4812'), -u('0.0003'), 1234);
    await pipeline.stop();
    expect(pipeline.writer.stats).toMatchObject({ written: 251, dropped: 0 });
    const rows = await store.queryRows<Record<string, string | number | null>>(
      "SELECT action, reason_code, yes_ask, no_ask, combined_cost, net_margin, fee_per_pair, threshold, spot_price, inventory_yes, inventory_state, size, executed_price, slippage, latency_us, mode, run_id FROM decisions WHERE run_id = 'it-1' ORDER BY timestamp",
    );
    expect(rows).toHaveLength(251);
    expect(rows[0]).toMatchObject({
      action: 'SKIP',
      reason_code: 'BELOW_THRESHOLD',
      yes_ask: '0.48',
      no_ask: '0.49',
      combined_cost: '0.97',
      threshold: '0.005',
      spot_price: '95000.5',
      inventory_yes: '12.5',
      inventory_state: 'Crisis',
      size: '0',
      executed_price: null,
      slippage: null,
      latency_us: null,
      mode: 'paper',
    });
    expect(rows[0]?.net_margin).toBe((opp.netMargin / 1e6).toFixed(6).replace(/0+$/, '').replace(/\.$/, ''));
    expect(rows[250]).toMatchObject({ action: 'FILLED', executed_price: '0.4812', slippage: '-0.0003', latency_us: 1234, size: '10' });
  });
});
