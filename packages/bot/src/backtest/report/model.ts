/**
 * The backtest report as data (report.json): what the run earned net of fees, per window and over
 * time, how it traded, what it saw and skipped, and what looked wrong. Every amount is an exact
 * decimal string (pUSD or shares); times are unix ms. Everything except `run` (wall-clock figures)
 * is a pure function of the data and the configuration: two runs give identical reports.
 */
import { formatMicros, type Micros } from '@polymarket-arb/domain';
import type { BotConfig } from '../../config.js';
import { Action } from '../../core/codes.js';
import type { FillRecord } from '../../executor/simulated/stats.js';
import { MARGIN_BIN } from '../analysis/decisions.js';
import type { AnomalyRow } from '../analysis/anomalies.js';
import type { CounterfactualSummary } from '../analysis/counterfactuals.js';
import type { BacktestRunner } from '../run/runner.js';
import type { WindowLedger } from '../analysis/metrics.js';
import type { ReaderStats } from '../reader/reader.js';
import type { ReplaySpeed } from '../replay/source.js';
import { describeSettings } from './settings.js';

export interface WindowReport {
  eventId: string;
  slug: string;
  asset: string;
  windowStart: number;
  windowEnd: number;
  settlement: string;
  winner: string | null;
  pnl: string;
  fees: string;
  fills: number;
  upBought: string;
  downBought: string;
  sold: string;
  /** Shares not matched by the other side at settlement. */
  unhedged: string;
}

export interface SweepRow {
  rank: number;
  label: string;
  settings: Record<string, string>;
  pnl: string;
  fees: string;
  trades: number;
  fillRate: string;
  maxDrawdown: string;
  opportunitiesSeen: number;
  opportunitiesTaken: number;
  legRiskIncidents: number;
}

export interface ReportSummary {
  pnl: string;
  settledPnl: string;
  markedPnl: string;
  fees: string;
  trades: number;
  takerFills: number;
  makerFills: number;
  orders: number;
  ordersFilled: number;
  ordersRejected: number;
  ordersCancelled: number;
  /** Filled shares / ordered shares. */
  fillRate: string;
  maxDrawdown: string;
  maxExposure: string;
  maxImbalance: string;
  opportunitiesSeen: number;
  opportunitiesTaken: number;
  opportunitiesGated: number;
  legRiskIncidents: number;
  legRiskActions: number;
  failedTrades: number;
  delayedOrders: number;
  missedAfterDelay: number;
  crossedBookFills: number;
  windowsTraded: number;
  settlements: Record<string, number>;
  /** The engine's realised P&L (its Inventory accounting): equals settledPnl when both are right. */
  engineRealizedPnl: string;
}

export interface BacktestReport {
  version: 1;
  runId: string;
  range: { start: string; end: string; startMs: number; endMs: number };
  assets: string[];
  speed: string;
  settings: Record<string, string>;
  data: {
    events: number;
    byType: Record<string, number>;
    ticks: number;
    slices: number;
    windowsSeen: number;
    invalidRows: number;
    rows: Record<string, number>;
    decisions: number;
  };
  summary: ReportSummary;
  windows: WindowReport[];
  /** [t, equity] (realised + marked P&L over time). */
  equity: [number, string][];
  /** [t, exposure (cost basis held), unhedged shares]. */
  exposure: [number, string, string][];
  margins: { binWidth: string; bins: { from: string; taken: number; skipped: number }[] };
  fills: (Omit<FillRecord, 'size' | 'notional' | 'fee' | 'avgPrice'> & { size: string; notional: string; fee: string; price: string })[];
  anomalies: { counts: Record<string, number>; sample: AnomalyRow[] };
  counterfactuals: { rows: number; bad: number; good: number; skippedRegret: string };
  sweep?: SweepRow[];
  run: { wallMs: number; eventsPerSecond: number; aborted: boolean };
}

export interface ReportMeta {
  runId: string;
  startMs: number;
  endMs: number;
  assets: readonly string[];
  speed: string;
  settings: Record<string, string>;
  slices: number;
  rows: Record<string, number>;
  invalidRows: number;
  windowsSeen: number;
  wallMs: number;
}

/** What the run was (range, assets, pace, settings) and what the reader read, for the report. */
export function reportMeta(
  run: {
    readonly config: BotConfig;
    readonly startMs: number;
    readonly endMs: number;
    readonly assets: readonly string[];
    readonly speed?: ReplaySpeed | undefined;
  },
  runId: string,
  read: ReaderStats,
  wallMs: number,
): ReportMeta {
  return {
    runId,
    startMs: run.startMs,
    endMs: run.endMs,
    assets: run.assets,
    speed: String(run.speed ?? 'max'),
    settings: describeSettings(run.config),
    slices: read.slices,
    rows: read.rows,
    invalidRows: read.invalidRows,
    windowsSeen: read.windows,
    wallMs,
  };
}

/** Fills kept in report.json (all of them are counted in the summary). */
export const MAX_REPORT_FILLS = 10_000;

const f = formatMicros;

/** a / b as a decimal with 4 places ("0.9523"), "0" when b is 0. */
export function ratio(a: Micros, b: Micros): string {
  if (b <= 0) return '0';
  return f(Number((BigInt(a) * 1_000_000n) / BigInt(b) / 100n) * 100);
}

function windowReport(l: WindowLedger): WindowReport {
  return {
    eventId: l.eventId,
    slug: l.slug,
    asset: l.asset,
    windowStart: l.windowStart,
    windowEnd: l.windowEnd,
    settlement: l.settlement ?? 'unsettled',
    winner: l.winner === undefined ? null : l.winner === 'yes' ? 'Up' : 'Down',
    pnl: f(l.pnl),
    fees: f(l.fees),
    fills: l.fills,
    upBought: f(l.yesBought),
    downBought: f(l.noBought),
    sold: f(l.sold),
    unhedged: f(Math.abs(l.yes - l.no)),
  };
}

export function buildSummary(r: BacktestRunner): ReportSummary {
  const s = r.bot.executor.stats;
  const settlements: Record<string, number> = { wire: 0, stored: 0, estimated: 0, unsettled: 0 };
  let settled = 0;
  let marked = 0;
  for (const l of r.metrics.ledgers.values()) {
    const kind = l.settlement ?? 'unsettled';
    settlements[kind] = (settlements[kind] ?? 0) + 1;
    if (kind === 'unsettled') marked += l.pnl;
    else settled += l.pnl;
  }
  return {
    pnl: f(r.pnl()),
    settledPnl: f(settled),
    markedPnl: f(marked),
    fees: f(s.feesPaid),
    trades: s.takerFills + s.makerFills,
    takerFills: s.takerFills,
    makerFills: s.makerFills,
    orders: s.ordersPlaced,
    ordersFilled: s.ordersFilled,
    ordersRejected: s.ordersRejected,
    ordersCancelled: s.ordersCancelled,
    fillRate: ratio(s.filledSize, s.orderedSize),
    maxDrawdown: f(r.metrics.maxDrawdown),
    maxExposure: f(r.metrics.maxExposure),
    maxImbalance: f(r.metrics.maxImbalance),
    opportunitiesSeen: r.bot.engine.counters.opportunities,
    opportunitiesTaken: r.counts.taken,
    opportunitiesGated: r.counts.gatedSkips,
    legRiskIncidents: r.legRiskIncidents,
    legRiskActions: r.counts.count(Action.CHASE) + r.counts.count(Action.EMERGENCY_CLOSE),
    failedTrades: s.failedTrades,
    delayedOrders: s.delayedOrders,
    missedAfterDelay: s.missedAfterDelay,
    crossedBookFills: s.crossedFills,
    windowsTraded: r.metrics.ledgers.size,
    settlements,
    engineRealizedPnl: f(r.bot.engine.pnl.realizedTotal),
  };
}

/** Contiguous bins from the lowest to the highest occupied one. */
function marginBins(r: BacktestRunner): BacktestReport['margins'] {
  const keys = [...r.counts.margins.keys()];
  const bins: BacktestReport['margins']['bins'] = [];
  if (keys.length > 0) {
    for (let bin = Math.min(...keys); bin <= Math.max(...keys); bin++) {
      const [taken, skipped] = r.counts.margins.get(bin) ?? [0, 0];
      bins.push({ from: f(bin * MARGIN_BIN), taken, skipped });
    }
  }
  return { binWidth: f(MARGIN_BIN), bins };
}

export function buildReport(
  r: BacktestRunner,
  meta: ReportMeta,
  anomalies: { counts: Map<string, number>; sample: AnomalyRow[] } | undefined,
  counterfactuals: CounterfactualSummary | undefined,
): BacktestReport {
  const m = r.metrics;
  const fills = r.bot.executor.fills.slice(0, MAX_REPORT_FILLS).map((x) => ({
    atMs: x.atMs,
    orderId: x.orderId,
    eventId: x.eventId,
    tokenId: x.tokenId,
    outcome: x.outcome,
    side: x.side,
    liquidity: x.liquidity,
    size: f(x.size),
    notional: f(x.notional),
    fee: f(x.fee),
    price: f(x.avgPrice),
  }));
  return {
    version: 1,
    runId: meta.runId,
    range: {
      start: new Date(meta.startMs).toISOString(),
      end: new Date(meta.endMs).toISOString(),
      startMs: meta.startMs,
      endMs: meta.endMs,
    },
    assets: [...meta.assets],
    speed: meta.speed,
    settings: meta.settings,
    data: {
      events: r.events,
      byType: Object.fromEntries([...r.eventCounts].sort()),
      ticks: r.ticks,
      slices: meta.slices,
      windowsSeen: meta.windowsSeen,
      invalidRows: meta.invalidRows,
      rows: meta.rows,
      decisions: r.drain.drained,
    },
    summary: buildSummary(r),
    windows: [...m.ledgers.values()].sort((a, b) => a.windowStart - b.windowStart || a.slug.localeCompare(b.slug)).map(windowReport),
    equity: m.times.map((t, i) => [t, f(m.equity[i] as number)]),
    exposure: m.times.map((t, i) => [t, f(m.exposure[i] as number), f(m.imbalance[i] as number)]),
    margins: marginBins(r),
    fills,
    anomalies: { counts: Object.fromEntries([...(anomalies?.counts ?? new Map())].sort()), sample: anomalies?.sample ?? [] },
    counterfactuals: {
      rows: counterfactuals?.rows ?? 0,
      bad: counterfactuals?.bad ?? 0,
      good: counterfactuals?.good ?? 0,
      skippedRegret: f(counterfactuals?.skippedRegret ?? 0),
    },
    run: {
      wallMs: Math.round(meta.wallMs),
      eventsPerSecond: meta.wallMs > 0 ? Math.round((r.events / meta.wallMs) * 1000) : 0,
      aborted: r.aborted,
    },
  };
}
