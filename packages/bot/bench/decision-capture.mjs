/**
 * Decision capture (spec target < 10 ns, no allocation): `RingRecorder.record` into the
 * preallocated typed-array ring, 1e6 captures, with heap statistics and GC counts around them;
 * baseline: the allocating way (an object per decision pushed into an array).
 *
 *   node packages/bot/bench/decision-capture.mjs     (re-runs itself with --expose-gc)
 */
import { PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';
import { Action, ArbOpportunity, detectArb, Reason, Severity } from '../dist/core/index.js';
import { benchBot, T0 } from './common-setup.mjs';
import { ensureGc, fmt, header, measure, report } from './lib.mjs';

ensureGc(import.meta.url);
header('decision capture');
const N = 1_000_000;
const bot = benchBot('shadow', {
  observability: { capture_decisions: true, ring_size: 1 << 20, batch_size: 1000, flush_interval_ms: 1000, drain_interval_ms: 50 },
});
const m = bot.markets.all[0];
const rec = bot.recorder;
const ring = bot.ring;
const opp = new ArbOpportunity();
const now = T0 + 100_000;
detectArb(m, now, bot.config.strategy, bot.config.sizing.mvp_size, opp);
m.spot.record(95_000_123_456, now);
rec.nowMs = now;

let gcs = 0;
const obs = new PerformanceObserver((list) => (gcs += list.getEntries().length));
obs.observe({ entryTypes: ['gc'] });

const settle = () => new Promise((resolve) => setTimeout(resolve, 30)); // GC entries are delivered asynchronously

async function heapRun(label, fn, n = N) {
  fn(N); // a full warm-up run first: compilation (code, feedback) happens outside the measured run
  globalThis.gc();
  globalThis.gc();
  await settle();
  const gcBefore = gcs;
  const before = v8.getHeapStatistics();
  const mem0 = process.memoryUsage().heapUsed;
  const t0 = process.hrtime.bigint();
  fn(n);
  const ns = Number(process.hrtime.bigint() - t0) / n;
  const after = v8.getHeapStatistics();
  const mem1 = process.memoryUsage().heapUsed;
  await settle();
  const result = { ns, delta: after.used_heap_size - before.used_heap_size, gcs: gcs - gcBefore };
  console.log(
    `${label.padEnd(40)} ${fmt(ns).padStart(9)}/op  used_heap_size delta ${String(result.delta).padStart(10)} B  heapUsed delta ${String(mem1 - mem0).padStart(10)} B  GCs during run: ${result.gcs}`,
  );
  return result;
}

const captureRun = (n) => {
  ring.tail = ring.head; // start empty
  for (let i = 0; i < n; i++) {
    if ((i & 0xfffff) === 0) ring.tail = ring.head; // the drain keeps up: nothing dropped
    rec.nowMs = now + i; // what the engine does once per event
    rec.record(m, opp, Action.SKIP, Reason.BELOW_THRESHOLD, 0, Severity.NONE);
  }
};
let objects = [];
const allocRun = (n) => {
  objects = [];
  for (let i = 0; i < n; i++)
    objects.push({
      ts: now + i,
      event: m.window.eventId,
      yesAsk: m.yesAsk,
      noAsk: m.noAsk,
      combined: m.combinedCost,
      gross: opp.grossMargin,
      net: opp.netMargin,
      fee: opp.fee,
      threshold: opp.threshold,
      remaining: m.remainingSecs(now),
      invYes: m.inventory.yes,
      invNo: m.inventory.no,
      state: 'Balanced',
      action: 'SKIP',
      reason: 'BELOW_THRESHOLD',
      size: 0,
      confidence: opp.confidence,
    });
};

console.log(`heap statistics over ${N.toLocaleString('en')} captures (after gc):`);
const ours = await heapRun('ring capture (RingRecorder), 1e6', captureRun);
const ours4 = await heapRun('ring capture (RingRecorder), 4e6', captureRun, 4 * N);
const theirs = await heapRun('baseline: object per decision, 1e6', allocRun);
console.log(`  ring dropped: ${ring.dropped}, captured total: ${rec.captured}`);
// Timing in tight loops (no closure per call), 7 rounds of 1e6, median; the empty loop is subtracted.
function rounds(fn) {
  fn(N);
  const out = [];
  for (let r = 0; r < 7; r++) {
    const t0 = process.hrtime.bigint();
    fn(N);
    out.push(Number(process.hrtime.bigint() - t0) / N);
  }
  out.sort((a, b) => a - b);
  return { median: out[3], min: out[0], max: out[6] };
}
const captureLoop = (n) => {
  for (let i = 0; i < n; i++) {
    if ((i & 0xffff) === 0) ring.tail = ring.head; // the background drain keeps up
    rec.record(m, opp, Action.SKIP, Reason.BELOW_THRESHOLD, 0, Severity.NONE);
  }
};
let _emptySink = 0;
const emptyLoop = (n) => {
  for (let i = 0; i < n; i++) if ((i & 0xffff) === 0) _emptySink++;
};
const allocLoop = (n) => {
  for (let i = 0; i < n; i++) {
    if ((i & 0xffff) === 0) objects = [];
    objects.push({
      ts: now,
      event: m.window.eventId,
      yesAsk: m.yesAsk,
      noAsk: m.noAsk,
      combined: m.combinedCost,
      gross: opp.grossMargin,
      net: opp.netMargin,
      fee: opp.fee,
      threshold: opp.threshold,
      remaining: m.remainingSecs(now),
      invYes: m.inventory.yes,
      invNo: m.inventory.no,
      state: 'Balanced',
      action: 'SKIP',
      reason: 'BELOW_THRESHOLD',
      size: 0,
      confidence: opp.confidence,
    });
  }
};
const full = rounds(captureLoop);
const empty = rounds(emptyLoop);
const base = rounds(allocLoop);
report('record() into the ring (loop included)', full, base, 10);
console.log(`  empty loop: ${fmt(empty.median)}/iteration -> record() alone ~ ${fmt(full.median - empty.median)}`);
rec.enabled = false;
const off = measure(() => rec.record(m, opp, Action.SKIP, Reason.BELOW_THRESHOLD, 0, Severity.NONE), N);
console.log(`  with capture disabled: ${fmt(off.median)}/op; ring full (drop+count): see drops above`);
rec.enabled = true;
while (ring.length < ring.capacity) rec.record(m, opp, Action.SKIP, Reason.BELOW_THRESHOLD, 0, Severity.NONE);
const full2 = measure(() => rec.record(m, opp, Action.SKIP, Reason.BELOW_THRESHOLD, 0, Severity.NONE), N);
console.log(`  ring full (each call drops and counts): ${fmt(full2.median)}/op, dropped ${ring.dropped.toLocaleString('en')}`);
// A per-capture allocation (a HeapNumber is 12 bytes, an object far more) would grow the heap in
// proportion to the number of captures and trigger scavenges; a constant (code, feedback) would not.
const marginal = (ours4.delta - ours.delta) / (3 * N);
const clean = ours.gcs === 0 && ours4.gcs === 0 && marginal < 1; // one 12-byte HeapNumber per capture would be 12
console.log(
  `verdict: ${clean ? 'no allocation on the capture path' : 'ALLOCATION DETECTED'}: marginal heap growth ${marginal.toFixed(4)} B per capture, ${ours.gcs + ours4.gcs} GCs over 5e6 captures (baseline: ${(theirs.delta / N).toFixed(0)} B per decision, ${theirs.gcs} GCs over 1e6)`,
);
obs.disconnect();
