/**
 * One import run, start to end: resolve the markets (or look up explicit tokens), plan the work
 * items, skip those a checkpoint marks done, run the rest with bounded concurrency through the
 * rate-limited client, and flush rows and checkpoints. On abort (SIGINT/SIGTERM) no new request
 * starts, what was fetched is flushed with its checkpoints, and the summary says so.
 */
import { describeError, systemClock, type Clock } from '@polymarket-arb/domain';
import { sleep as defaultSleep, type Logger, type Store } from '@polymarket-arb/common';
import { AbortedError, HttpClient, RateLimits, type Sleep } from '@polymarket-arb/venue';
import { checkpointId, loadCheckpoints } from './checkpoints.js';
import { Committer, compactSink } from './committer.js';
import { CommitError } from './errors.js';
import { tokensMeta, type GammaContext, type MarketRef } from './gamma.js';
import type { Endpoints, JobContext, PieceResult } from './jobs/context.js';
import { importPriceItem, priceCheckpointKey, type PriceItem } from './jobs/prices.js';
import { importTradeItem, type TradeItem } from './jobs/trades.js';
import { resolveMarkets } from './market-targets.js';
import { runPool } from './pool.js';
import type { ProgressSnapshot } from './progress.js';
import { splitRange } from './ranges.js';
import type { ImportRequest } from './request.js';
import { objectRows, type SeriesMeta } from './rows.js';
import type { ImportSettings } from './settings.js';
import { finished, ImportStats, type ItemCounters } from './stats.js';
import type { ImportSummary } from './summary.js';
import { ExactNumbers } from './wire/numbers.js';

export interface ImportDeps {
  readonly store: Store;
  readonly logger: Logger;
  readonly endpoints: Endpoints;
  readonly settings: ImportSettings;
  readonly clock?: Clock;
  readonly signal?: AbortSignal;
  /** Transport, clock-driven sleep and randomness: injectable for tests. */
  readonly fetch?: typeof fetch;
  readonly sleep?: Sleep;
  readonly random?: () => number;
}

/** A market's price history is asked from 2 days before its window (it is listed about 1 day ahead)... */
export const PRICE_LEAD_SEC = 2 * 86_400;
/** ...to 1 hour after it (it resolves within minutes). */
export const PRICE_TAIL_SEC = 3_600;
/** An explicit token's range is final once it ended this long ago. */
const SETTLED_AFTER_SEC = 300;

type Phase = 'markets' | 'tokens' | 'prices' | 'trades' | 'done';

export class Importer {
  readonly stats = new ImportStats();
  readonly http: HttpClient;
  readonly committer: Committer;
  private readonly limits: RateLimits;
  private readonly numbers = new ExactNumbers();
  private readonly clock: Clock;
  private readonly signal: AbortSignal;
  private phase: Phase = 'markets';
  private phaseStartedMs: number;
  private startedMs: number;

  constructor(
    private readonly deps: ImportDeps,
    private readonly request: ImportRequest,
  ) {
    this.clock = deps.clock ?? systemClock;
    this.signal = deps.signal ?? new AbortController().signal;
    const sleep = deps.sleep ?? defaultSleep;
    this.limits = new RateLimits(deps.settings.rateLimits, this.clock, sleep);
    this.http = new HttpClient({
      limits: this.limits,
      policy: deps.settings.retry,
      clock: this.clock,
      sleep,
      random: deps.random ?? Math.random,
      fetch: deps.fetch,
      logger: deps.logger,
    });
    this.committer = new Committer(compactSink(deps.store), this.clock, deps.settings.committer, deps.logger);
    this.startedMs = this.phaseStartedMs = this.clock.nowMs();
  }

  /** Where the run is, for the progress line. */
  snapshot(): ProgressSnapshot {
    const c = this.phase === 'markets' || this.phase === 'tokens' ? this.stats.pieces : this.stats.items;
    const preDone = this.phase === 'markets' ? 0 : c.alreadyDone;
    const done = finished(c) + (this.phase === 'markets' ? c.alreadyDone : 0);
    return {
      phase: this.phase,
      done,
      total: c.total - preDone,
      rows: this.stats.rowsFetched,
      requests: this.http.stats.requests,
      retries: this.http.stats.retries,
      elapsedMs: this.clock.nowMs() - this.phaseStartedMs,
    };
  }

  async run(): Promise<ImportSummary> {
    this.startedMs = this.clock.nowMs();
    let fatal: unknown;
    try {
      await this.importAll();
    } catch (err) {
      fatal = err;
    }
    // Whatever happened, write what was fetched (and its checkpoints) before reporting.
    try {
      await this.committer.flush();
    } catch (err) {
      fatal ??= err;
    }
    this.phase = 'done';
    if (fatal !== undefined && !(fatal instanceof AbortedError)) throw fatal;
    return this.summary();
  }

  private async importAll(): Promise<void> {
    const { request } = this;
    if (request.kind === 'prices' && request.tokens) return this.importTokens(request.tokens);
    const markets = await resolveMarkets(
      {
        store: this.deps.store,
        committer: this.committer,
        gamma: this.gammaContext(),
        stats: this.stats,
        logger: this.deps.logger,
        concurrency: this.deps.settings.concurrency,
        runItem: (c, l, w) => this.runItem(c, l, w),
      },
      request.assets,
      request.startSec,
      request.endSec,
    );
    if (this.signal.aborted) return;
    if (request.kind === 'prices') await this.runPrices(this.priceItemsOf(markets), markets);
    else await this.runTrades(markets);
  }

  private gammaContext(): GammaContext {
    return {
      http: this.http,
      gammaUrl: this.deps.endpoints.gammaUrl,
      signal: this.signal,
      nowMs: this.clock.nowMs(),
      batch: this.deps.settings.gammaBatch,
    };
  }

  private priceItemsOf(markets: readonly MarketRef[]): PriceItem[] {
    const fidelity = this.request.fidelity;
    return markets.flatMap((m) =>
      (
        [
          ['yes', m.yesTokenId],
          ['no', m.noTokenId],
        ] as const
      ).map(([side, tokenId]) => ({
        series: { tokenId, eventId: m.eventId, asset: m.asset, side },
        fidelity,
        planned: { from: m.windowStart - PRICE_LEAD_SEC, to: m.windowEnd + PRICE_TAIL_SEC },
        final: m.closed,
      })),
    );
  }

  /** Explicit tokens: metadata from Gamma when it knows them, the range cut into accepted pieces. */
  private async importTokens(tokens: readonly string[]): Promise<void> {
    this.phase = 'tokens';
    const found = await tokensMeta(this.gammaContext(), tokens);
    await this.committer.add('market_windows', objectRows(found.rows));
    this.stats.problems.push(...found.problems);
    const nowSec = Math.floor(this.clock.nowMs() / 1000);
    const items: PriceItem[] = [];
    for (const tokenId of tokens) {
      const meta = found.meta.get(tokenId);
      if (!meta)
        this.stats.problems.push(`token ${tokenId}: Gamma has no market for it; its prices are stored without event, asset and side`);
      const series: SeriesMeta = { tokenId, eventId: meta?.eventId ?? '', asset: meta?.asset ?? '', side: meta?.side ?? '' };
      for (const planned of splitRange(
        { from: this.request.startSec, to: this.request.endSec - 1 },
        this.deps.settings.pricesMaxRangeSec,
      )) {
        items.push({ series, fidelity: this.request.fidelity, planned, final: planned.to <= nowSec - SETTLED_AFTER_SEC });
      }
    }
    await this.runPrices(items, []);
  }

  private async runPrices(all: PriceItem[], markets: readonly MarketRef[]): Promise<void> {
    this.startPhase('prices');
    const from = earliestWindow(markets, this.request.startSec) - PRICE_LEAD_SEC;
    const checkpoints = await loadCheckpoints(this.deps.store, 'prices', from, this.request.endSec + PRICE_TAIL_SEC + 900);
    const todo = all.filter(
      (item) =>
        checkpoints.get(checkpointId('prices', priceCheckpointKey(item.series.tokenId, item.fidelity), item.planned.from, item.planned.to))
          ?.status !== 'done',
    );
    this.stats.items.total += all.length;
    this.stats.items.alreadyDone += all.length - todo.length;
    const ctx = this.jobContext();
    await runPool(todo, this.deps.settings.concurrency, this.signal, (item) =>
      this.runItem(this.stats.items, `prices ${item.series.tokenId} ${item.planned.from}..${item.planned.to}`, () =>
        importPriceItem(ctx, item),
      ),
    );
  }

  private async runTrades(markets: readonly MarketRef[]): Promise<void> {
    this.startPhase('trades');
    const from = earliestWindow(markets, this.request.startSec);
    const checkpoints = await loadCheckpoints(this.deps.store, 'trades', from, this.request.endSec + 900);
    const todo: TradeItem[] = [];
    for (const market of markets) {
      const resume = checkpoints.get(checkpointId('trades', market.conditionId, market.windowStart, market.windowEnd));
      if (resume?.status === 'done') continue;
      if (resume?.status === 'partial') this.stats.items.resumed++;
      todo.push({ market, resume });
    }
    this.stats.items.total += markets.length;
    this.stats.items.alreadyDone += markets.length - todo.length;
    const ctx = this.jobContext();
    const settings = { ...this.deps.settings.trades, api: this.request.tradesApi };
    await runPool(todo, this.deps.settings.concurrency, this.signal, (item) =>
      this.runItem(this.stats.items, `trades ${item.market.slug}`, () => importTradeItem(ctx, settings, item)),
    );
  }

  /** Run one item; its failure is reported and skipped, unless the store failed (fatal) or we were interrupted. */
  private async runItem(counters: ItemCounters, label: string, work: () => Promise<PieceResult>): Promise<void> {
    try {
      const result = await work();
      if (result === 'stored') counters.alreadyDone++;
      else if (result === 'done') counters.completed++;
      else counters[result]++;
    } catch (err) {
      if (err instanceof CommitError) throw err;
      if (err instanceof AbortedError || this.signal.aborted) return;
      counters.failed++;
      this.stats.skipped.push({ item: label, reason: describeError(err) });
      this.deps.logger.warn({ item: label, err: describeError(err) }, 'skipped');
    }
  }

  private jobContext(): JobContext {
    return {
      http: this.http,
      committer: this.committer,
      numbers: this.numbers,
      endpoints: this.deps.endpoints,
      clock: this.clock,
      signal: this.signal,
      stats: this.stats,
    };
  }

  private startPhase(phase: Phase): void {
    this.phase = phase;
    this.phaseStartedMs = this.clock.nowMs();
  }

  private summary(): ImportSummary {
    const s = this.stats;
    return {
      kind: this.request.kind,
      startSec: this.request.startSec,
      endSec: this.request.endSec,
      interrupted: this.signal.aborted,
      durationMs: this.clock.nowMs() - this.startedMs,
      markets: { ...s.markets },
      missingExamples: [...s.missingExamples],
      pieces: { ...s.pieces },
      items: { ...s.items },
      rowsWritten: Object.fromEntries(this.committer.written),
      checkpointsWritten: this.committer.checkpointsWritten,
      http: { ...this.http.stats },
      throttledMs: this.limits.waitedMs(),
      storeRetries: this.committer.storeRetries,
      roundedValues: this.numbers.rounded,
      emptyItems: s.emptyItems,
      rangeSplits: s.rangeSplits,
      switchedToV2: [...s.switchedToV2],
      capped: [...s.capped],
      skipped: [...s.skipped],
      problems: [...s.problems],
    };
  }
}

function earliestWindow(markets: readonly MarketRef[], fallback: number): number {
  return markets.reduce((min, m) => Math.min(min, m.windowStart), fallback);
}
