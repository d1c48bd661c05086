/**
 * The periodic health line of shadow and paper modes: feed connectivity (shadow mode's job is to
 * validate it), markets followed, opportunities, decisions, fills and P&L.
 */
import { formatMicros, systemClock } from '@polymarket-arb/domain';
import { type Logger } from '@polymarket-arb/common';
import type { Engine } from '../core/engine.js';
import type { DecisionPipeline } from '../observability/pipeline.js';
import type { LiveSource } from '../source/live.js';

const STALE_FEED_MS = 30_000;

export function healthLine(logger: Logger, mode: string, engine: Engine, source: LiveSource, pipeline: DecisionPipeline): void {
  const now = systemClock.nowMs();
  const clobAge = source.channel.lastDataAtMs === 0 ? -1 : now - source.channel.lastDataAtMs;
  const spotAge = source.spot.socket.lastFrameAtMs === 0 ? -1 : now - source.spot.socket.lastFrameAtMs;
  const c = engine.counters;
  const fields = {
    mode,
    clob: source.channel.socket.state,
    clobAgeMs: clobAge,
    binance: source.spot.socket.state,
    binanceAgeMs: spotAge,
    markets: source.windows().length,
    bookUpdates: c.bookUpdates,
    opportunities: c.opportunities,
    ordersPlaced: c.ordersPlaced,
    fills: c.fills,
    decisionsWritten: pipeline.writer.stats.written,
    realizedPnl: formatMicros(engine.pnl.realizedTotal),
    markedPnlToday: formatMicros(engine.pnl.daily(now)),
    exposure: formatMicros(engine.pnl.totalExposure()),
  };
  const feedProblem =
    source.channel.socket.state !== 'open'
      ? 'market channel not connected'
      : clobAge < 0 || clobAge > STALE_FEED_MS
        ? 'no market data'
        : source.spot.socket.state !== 'open'
          ? 'Binance not connected'
          : source.windows().length === 0
            ? 'no markets discovered'
            : '';
  if (feedProblem) logger.warn({ ...fields, problem: feedProblem }, 'feed check failed');
  else logger.info(fields, 'health');
}
