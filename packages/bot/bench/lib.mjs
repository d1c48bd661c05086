/**
 * Tiny bench harness: median ns/op over rounds (after warm-up), re-exec with --expose-gc when
 * heap statistics are needed, the real book fixture, and a result line printer.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Re-run this script under `node --expose-gc --max-semi-space-size=256` if gc() is not available:
 * with a young generation that large, no scavenge runs during a measurement, so the heap growth
 * it reports is everything the measured code allocated.
 */
export function ensureGc(scriptUrl) {
  if (typeof globalThis.gc === 'function') return true;
  const r = spawnSync(process.execPath, ['--expose-gc', '--max-semi-space-size=256', fileURLToPath(scriptUrl), ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  process.exit(r.status ?? 1);
}

let sink = 0;
/** Keep a value alive so the optimiser cannot drop the work that produced it. */
export function consume(v) {
  sink = (sink + (typeof v === 'number' ? v : v ? 1 : 0)) | 0;
}
export function sinkValue() {
  return sink;
}

/** Median ns per call of `fn(i)` over `rounds` rounds of `n` calls, after one warm-up round. */
export function measure(fn, n, rounds = 7) {
  for (let i = 0; i < n; i++) fn(i);
  const samples = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn(i);
    samples.push(Number(process.hrtime.bigint() - t0) / n);
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(rounds / 2)], min: samples[0], max: samples[rounds - 1] };
}

export function fmt(ns) {
  return ns >= 1000 ? `${(ns / 1000).toFixed(2)} µs` : `${ns.toFixed(2)} ns`;
}

/** Print one figure against its baseline and target. */
export function report(name, ours, baseline, target) {
  const ratio = baseline.median / ours.median;
  const verdict =
    target === undefined ? '' : ours.median <= target ? `  [target < ${fmt(target)}: met]` : `  [target < ${fmt(target)}: NOT met]`;
  console.log(
    `${name.padEnd(44)} ${fmt(ours.median).padStart(10)} (min ${fmt(ours.min)}, max ${fmt(ours.max)})  baseline ${fmt(baseline.median).padStart(10)}  ${ratio.toFixed(1)}x faster${verdict}`,
  );
}

/** The real ETH 15m Up book (test fixture) as [price, size] string pairs. */
export function realBook() {
  const text = readFileSync(new URL('../test/fixtures/eth-15m-up-book.json', import.meta.url), 'utf8');
  return JSON.parse(text);
}

export function header(title) {
  console.log(`\n# ${title}  (node ${process.version}, ${new Date().toISOString()})`);
}
