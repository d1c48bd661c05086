/** The terminal summary of a backtest: the figures that answer "does it earn, net of fees?". */
import type { BacktestReport } from './model.js';

export function renderTerminal(r: BacktestReport): string {
  const s = r.summary;
  const lines = [
    `poly-bot backtest ${r.runId}: ${r.assets.join(',')} ${r.range.start} .. ${r.range.end} (speed ${r.speed})`,
    `  replayed         ${r.data.events} events, ${r.data.windowsSeen} windows, ${r.data.decisions} decisions${r.data.invalidRows > 0 ? `, ${r.data.invalidRows} invalid rows skipped` : ''}`,
    `  net P&L          ${s.pnl} pUSD after ${s.fees} fees (settled ${s.settledPnl}, marked ${s.markedPnl})`,
    `  trades           ${s.trades} fills (${s.takerFills} taker, ${s.makerFills} maker) from ${s.orders} orders, fill rate ${s.fillRate}`,
    `  risk             max drawdown ${s.maxDrawdown}, max exposure ${s.maxExposure}, max unhedged ${s.maxImbalance} shares, leg-risk incidents ${s.legRiskIncidents}`,
    `  opportunities    ${s.opportunitiesSeen} seen, ${s.opportunitiesTaken} taken, ${s.opportunitiesGated} stopped by a gate`,
    `  execution        ${s.delayedOrders} held by the taker delay (${s.missedAfterDelay} missed), ${s.failedTrades} failed trades`,
    `  windows          ${s.windowsTraded} traded: ${Object.entries(s.settlements)
      .map(([k, n]) => `${n} ${k}`)
      .join(', ')}`,
  ];
  const anomalies = Object.entries(r.anomalies.counts);
  if (anomalies.length > 0) lines.push(`  anomalies        ${anomalies.map(([k, n]) => `${k} ${n}`).join(', ')}`);
  if (r.sweep !== undefined && r.sweep.length > 0) {
    lines.push(`  sweep            ${r.sweep.length} combinations, best first:`);
    for (const row of r.sweep.slice(0, 10))
      lines.push(
        `    #${String(row.rank).padEnd(3)} ${row.pnl.padStart(12)} pUSD  ${String(row.trades).padStart(5)} fills  dd ${row.maxDrawdown.padStart(8)}  ${row.label}`,
      );
  }
  lines.push(
    `  wall time        ${(r.run.wallMs / 1000).toFixed(1)} s (${r.run.eventsPerSecond} events/s)${r.run.aborted ? ', ABORTED: partial results' : ''}`,
  );
  return `${lines.join('\n')}\n`;
}
