/** A job context whose committer writes into memory: for testing jobs against the simulator without a store. */
import { systemClock } from '@polymarket-arb/domain';
import { HttpClient, RateLimits } from '@polymarket-arb/venue';
import type { SimMarket } from '@polymarket-arb/sim';
import { Committer, type TableSink } from '../../src/committer.js';
import type { MarketRef } from '../../src/gamma.js';
import type { JobContext } from '../../src/jobs/context.js';
import { ImportStats } from '../../src/stats.js';
import { ExactNumbers } from '../../src/wire/numbers.js';
import type { SimHarness } from './sim.js';
import { testSettings } from './quiet.js';

/** Keeps every inserted row, as an object keyed by column. */
export class MemorySink implements TableSink {
  readonly tables = new Map<string, Record<string, unknown>[]>();
  async insert(table: string, columns: readonly string[], values: unknown[][]): Promise<void> {
    const list = this.tables.get(table) ?? [];
    for (const row of values) list.push(Object.fromEntries(columns.map((c, i) => [c, row[i]])));
    this.tables.set(table, list);
  }
  rows(table: string): Record<string, unknown>[] {
    return this.tables.get(table) ?? [];
  }
}

export function memoryContext(sim: SimHarness, signal = new AbortController().signal): { ctx: JobContext; sink: MemorySink } {
  const sink = new MemorySink();
  const settings = testSettings();
  const sleep = async (): Promise<void> => undefined;
  const http = new HttpClient({
    limits: new RateLimits(settings.rateLimits, systemClock, sleep),
    policy: settings.retry,
    clock: systemClock,
    sleep,
    random: Math.random,
  });
  const committer = new Committer(sink, systemClock, {
    batchRows: 1,
    flushIntervalMs: 10,
    maxBufferedRows: 100_000,
    storeAttempts: 1,
    retryDelayMs: 1,
  });
  return {
    ctx: { http, committer, numbers: new ExactNumbers(), endpoints: sim.endpoints, clock: systemClock, signal, stats: new ImportStats() },
    sink,
  };
}

export function refOf(m: SimMarket, closed = true): MarketRef {
  return {
    slug: m.slug,
    asset: m.asset,
    eventId: m.eventId,
    conditionId: m.conditionId,
    yesTokenId: m.yesTokenId,
    noTokenId: m.noTokenId,
    windowStart: m.windowStart,
    windowEnd: m.windowEnd,
    closed,
  };
}
