/**
 * A sweep worker thread: runs its share of the combinations in lockstep over the same replay. The
 * main thread reads the store once and posts each slice as a tape on a SharedArrayBuffer; every
 * runner here replays the decoded slice (no anomaly or counterfactual bookkeeping, no rows
 * written), then the worker acknowledges it. At the end it reports the windows still open, gets
 * their late settlements, and returns one report per combination.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ReportMeta } from '../report/model.js';
import { buildReport, type BacktestReport } from '../report/model.js';
import { describeSettings } from '../report/settings.js';
import { BacktestRunner, type LateResolution } from '../run/runner.js';
import type { SweepCombination } from './spec.js';
import { decodeTape, type Tape } from '../replay/tape.js';

export interface SweepWorkerData {
  readonly combos: readonly SweepCombination[];
  readonly startMs: number;
  readonly endMs: number;
  readonly runId: string;
  readonly assets: readonly string[];
  readonly clockOffsetMs: number;
}

export type ToWorker =
  | { type: 'batch'; tape: Tape }
  | { type: 'end' }
  | { type: 'finish'; late: [string, LateResolution][]; aborted: boolean; meta: Omit<ReportMeta, 'runId' | 'settings'> };

export interface ComboResult {
  readonly index: number;
  readonly label: string;
  readonly settings: Record<string, string>;
  readonly pnlMicros: number;
  readonly drawdownMicros: number;
  readonly report: BacktestReport;
}

export type FromWorker =
  { type: 'ack' } | { type: 'open'; eventIds: string[] } | { type: 'result'; results: ComboResult[] } | { type: 'error'; message: string };

function main(): void {
  const port = parentPort;
  if (port === null) return;
  const data = workerData as SweepWorkerData;
  const runners = data.combos.map((c) => ({
    combo: c,
    runner: new BacktestRunner({
      config: c.config,
      startMs: data.startMs,
      endMs: data.endMs,
      runId: `${data.runId}#${c.index}`,
      speed: 'max',
      observe: false,
      clockOffsetMs: data.clockOffsetMs,
    }),
  }));
  const post = (m: FromWorker) => port.postMessage(m);
  port.on('message', (m: ToWorker) => {
    try {
      if (m.type === 'batch') {
        const batch = decodeTape(m.tape);
        for (const r of runners) r.runner.runBatchNow(batch);
        post({ type: 'ack' });
      } else if (m.type === 'end') {
        post({ type: 'open', eventIds: [...new Set(runners.flatMap((r) => r.runner.openWindows()))] });
      } else {
        const late = new Map(m.late);
        const results = runners.map(({ combo, runner }) => {
          runner.aborted = m.aborted;
          runner.finish(late);
          const report = buildReport(
            runner,
            { ...m.meta, runId: `${data.runId}#${combo.index}`, settings: describeSettings(combo.config) },
            undefined,
            undefined,
          );
          return {
            index: combo.index,
            label: combo.label,
            settings: { ...combo.settings },
            pnlMicros: runner.pnl(),
            drawdownMicros: runner.metrics.maxDrawdown,
            report,
          };
        });
        post({ type: 'result', results });
      }
    } catch (err) {
      post({ type: 'error', message: err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err) });
    }
  });
}

main();
