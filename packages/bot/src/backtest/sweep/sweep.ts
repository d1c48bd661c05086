/**
 * Parameter sweeps on all cores. The embedded store allows one process per data directory (and
 * chDB's in-process engine is one per process, not per thread), so worker threads do not open the
 * store: the main thread reads the range once, slice by slice, encodes each slice as a tape on a
 * SharedArrayBuffer and posts it to every worker (no copy); each worker replays it through its
 * share of the combinations. At most two slices are in flight per worker, so memory stays bounded
 * however long the range. Results come back as one report per combination, ranked by net P&L.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { formatMicros, type CryptoAsset } from '@polymarket-arb/domain';
import { type Logger, type Store } from '@polymarket-arb/common';
import type { BotConfig } from '../../config.js';
import { ReplayReader } from '../reader/reader.js';
import { encodeTape } from '../replay/tape.js';
import type { ReplaySpeed } from '../replay/source.js';
import { reportMeta, type BacktestReport, type SweepRow } from '../report/model.js';
import type { LateResolution } from '../run/runner.js';
import { sweepCombinations, type SweepAxis, type SweepCombination } from './spec.js';
import type { ComboResult, FromWorker, SweepWorkerData, ToWorker } from './worker.js';
import { SweepWorkerError } from '../../errors.js';

/** What a sweep runs over: the base configuration, the recorded range, and the axes to vary. */
export interface SweepOptions {
  readonly config: BotConfig;
  readonly store: Store;
  readonly startMs: number;
  /** Exclusive end (unix ms). */
  readonly endMs: number;
  readonly assets: readonly CryptoAsset[];
  readonly sweeps: readonly SweepAxis[];
  readonly speed?: ReplaySpeed | undefined;
  readonly runId: string;
  readonly logger: Logger;
  readonly signal?: AbortSignal | undefined;
  /** Worker threads (default: the available cores). */
  readonly workers?: number | undefined;
}

const IN_FLIGHT = 2;

/** The compiled worker (tests run the TypeScript sources, whose worker is the build's). */
export function sweepWorkerPath(): string {
  const url = import.meta.url.endsWith('.ts')
    ? new URL('../../../dist/backtest/sweep/worker.js', import.meta.url)
    : new URL('./worker.js', import.meta.url);
  const path = fileURLToPath(url);
  if (!existsSync(path))
    throw new SweepWorkerError(`The sweep worker ${path} does not exist.`, { hint: 'Build the bot first: npx tsc -b packages/bot.' });
  return path;
}

/** One worker thread and its message flow (acks bound the slices in flight). */
class SweepThread {
  private readonly worker: Worker;
  private inFlight = 0;
  private waiters: (() => void)[] = [];
  private replies: ((m: FromWorker) => void)[] = [];
  private failure: Error | undefined;

  constructor(path: string, data: SweepWorkerData) {
    this.worker = new Worker(path, { workerData: data });
    this.worker.on('message', (m: FromWorker) => this.onMessage(m));
    this.worker.on('error', (err) => this.fail(err));
    this.worker.on('exit', (code) => code !== 0 && this.fail(new Error(`exited with code ${code}`)));
  }

  private onMessage(m: FromWorker): void {
    if (m.type === 'error') return this.fail(new Error(m.message));
    if (m.type === 'ack') {
      this.inFlight--;
      this.waiters.shift()?.();
      return;
    }
    this.replies.shift()?.(m);
  }

  private fail(err: Error): void {
    this.failure ??= new SweepWorkerError(`A sweep worker failed: ${err.message.split('\n')[0]}`, { cause: err });
    for (const w of this.waiters.splice(0)) w();
    for (const r of this.replies.splice(0)) r({ type: 'error', message: err.message });
  }

  private check(): void {
    if (this.failure !== undefined) throw this.failure;
  }

  async send(m: ToWorker): Promise<void> {
    while (this.inFlight >= IN_FLIGHT && this.failure === undefined) await new Promise<void>((r) => this.waiters.push(r));
    this.check();
    this.inFlight++;
    this.worker.postMessage(m);
  }

  async drained(): Promise<void> {
    while (this.inFlight > 0 && this.failure === undefined) await new Promise<void>((r) => this.waiters.push(r));
    this.check();
  }

  async ask(m: ToWorker): Promise<FromWorker> {
    this.check();
    const reply = new Promise<FromWorker>((r) => this.replies.push(r));
    this.worker.postMessage(m);
    const answer = await reply;
    this.check();
    return answer;
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

function rank(results: ComboResult[]): SweepRow[] {
  const sorted = [...results].sort((a, b) => b.pnlMicros - a.pnlMicros || a.drawdownMicros - b.drawdownMicros || a.index - b.index);
  return sorted.map((r, i) => {
    const s = r.report.summary;
    return {
      rank: i + 1,
      label: r.label,
      settings: r.settings,
      pnl: formatMicros(r.pnlMicros),
      fees: s.fees,
      trades: s.trades,
      fillRate: s.fillRate,
      maxDrawdown: s.maxDrawdown,
      opportunitiesSeen: s.opportunitiesSeen,
      opportunitiesTaken: s.opportunitiesTaken,
      legRiskIncidents: s.legRiskIncidents,
    };
  });
}

function groups(combos: SweepCombination[], n: number): SweepCombination[][] {
  const out: SweepCombination[][] = Array.from({ length: n }, () => []);
  combos.forEach((c, i) => out[i % n]?.push(c));
  return out;
}

/** Run every combination of `o.sweeps`; the report is the best combination's, with the ranking. */
export async function runSweep(o: SweepOptions): Promise<BacktestReport> {
  const wall0 = performance.now();
  const combos = sweepCombinations(o.config, o.sweeps);
  const n = Math.max(1, Math.min(o.workers ?? availableParallelism(), combos.length));
  const path = sweepWorkerPath();
  o.logger.info({ combinations: combos.length, workers: n }, 'backtest sweep: starting');
  const reader = new ReplayReader({
    store: o.store,
    startMs: o.startMs,
    endMs: o.endMs,
    assets: o.assets,
    chunkSeconds: o.config.backtest.chunk_seconds,
    settleGraceMs: o.config.backtest.settle_grace_ms,
  });
  await reader.open();
  const threads = groups(combos, n).map(
    (g) =>
      new SweepThread(path, {
        combos: g,
        startMs: o.startMs,
        endMs: o.endMs,
        runId: o.runId,
        assets: [...o.assets],
        clockOffsetMs: reader.clockOffsetMs,
      }),
  );
  try {
    let aborted = false;
    for await (const batch of reader.batches(o.signal)) {
      const tape = encodeTape(batch);
      await Promise.all(threads.map((t) => t.send({ type: 'batch', tape })));
      if (o.signal?.aborted === true) {
        aborted = true;
        break;
      }
    }
    await Promise.all(threads.map((t) => t.drained()));
    const open = await Promise.all(threads.map((t) => t.ask({ type: 'end' })));
    const ids = [...new Set(open.flatMap((m) => (m.type === 'open' ? m.eventIds : [])))];
    const late: [string, LateResolution][] = [...(await reader.lateResolutions(ids))];
    const { runId: _r, settings: _s, ...meta } = reportMeta(o, o.runId, reader.stats, performance.now() - wall0);
    const answers = await Promise.all(threads.map((t) => t.ask({ type: 'finish', late, aborted, meta })));
    const results = answers.flatMap((m) => (m.type === 'result' ? m.results : []));
    const ranking = rank(results);
    const best = results.find((r) => r.label === ranking[0]?.label) as ComboResult;
    const wallMs = performance.now() - wall0;
    const events = best.report.data.events * combos.length;
    o.logger.info(
      { combinations: combos.length, best: best.label, pnl: ranking[0]?.pnl, wallMs: Math.round(wallMs) },
      'backtest sweep: done',
    );
    return {
      ...best.report,
      runId: o.runId,
      sweep: ranking,
      run: { wallMs: Math.round(wallMs), eventsPerSecond: Math.round((events / wallMs) * 1000), aborted },
    };
  } finally {
    await Promise.all(threads.map((t) => t.close()));
  }
}
