/**
 * Wiring of the decision pipeline for a CLI: ring -> processor -> BatchWriter -> `decisions`.
 * `stop()` drains the ring, flushes and closes the writer (a graceful shutdown awaits it).
 */
import { BatchWriter, type Logger, type RowSink } from '@polymarket-arb/common';
import type { EventDirectory } from '../core/ports.js';
import type { DecisionRow } from './enrich.js';
import { DecisionProcessor } from './processor.js';
import type { DecisionRing } from './ring.js';

export interface DecisionPipelineOptions {
  readonly ring: DecisionRing;
  readonly directory: EventDirectory;
  /** The store (or any sink) rows are inserted into. */
  readonly sink: RowSink;
  readonly observability: { readonly batch_size: number; readonly flush_interval_ms: number; readonly drain_interval_ms: number };
  readonly mode: string;
  readonly runId: string;
  readonly logger?: Logger | undefined;
}

export interface DecisionPipeline {
  readonly processor: DecisionProcessor;
  readonly writer: BatchWriter<DecisionRow>;
  start(): void;
  stop(deadlineMs?: number): Promise<void>;
}

export function createDecisionPipeline(o: DecisionPipelineOptions): DecisionPipeline {
  const writer = new BatchWriter<DecisionRow>(o.sink, {
    table: 'decisions',
    batchRows: o.observability.batch_size,
    flushIntervalMs: o.observability.flush_interval_ms,
    logger: o.logger,
  });
  const processor = new DecisionProcessor(o.ring, writer, {
    directory: o.directory,
    mode: o.mode,
    runId: o.runId,
    drainIntervalMs: o.observability.drain_interval_ms,
  });
  return {
    processor,
    writer,
    start: () => processor.start(),
    async stop(deadlineMs = 10_000) {
      await processor.stop();
      await writer.close(deadlineMs);
    },
  };
}
