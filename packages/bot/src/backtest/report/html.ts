/**
 * report.html: one self-contained page (inline CSS and SVG, no network) with the summary, the
 * equity curve, per-window P&L, the net-margin distribution of opportunities taken and skipped,
 * exposure and unhedged shares over time, the sweep ranking, windows, settings and anomalies. A
 * few lines of inline script only stamp each chart with its rendered size (tests read it back
 * from headless Chromium); the page is complete without them.
 */
import type { BacktestReport } from './model.js';
import { barChart, esc, lineChart, stackedHistogram } from './svg.js';

const CSS = `body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#1d2330;max-width:1000px}
h1{font-size:20px}h2{font-size:16px;margin-top:28px}table{border-collapse:collapse;margin:8px 0}td,th{padding:3px 10px;border-bottom:1px solid #e3e6ea;text-align:right}
th{background:#f4f6f8}td:first-child,th:first-child{text-align:left}.neg{color:#c0392b}.pos{color:#2e8b57}.chart{display:block;margin:10px 0;background:#fbfcfd;border:1px solid #e3e6ea}
.chart .t{font-weight:600;font-size:13px}.chart .l{font-size:11px;fill:#59616e}.chart .g{stroke:#e8ebef}.chart .z{stroke:#8a93a0;stroke-dasharray:3 3}.note{color:#59616e}`;

const STAMP = `<script>for(const s of document.querySelectorAll('svg.chart')){const b=s.getBBox();s.setAttribute('data-rendered',Math.round(b.width)+'x'+Math.round(b.height)+':'+s.querySelectorAll('path.series,rect.bar').length)}document.body.setAttribute('data-charts',String(document.querySelectorAll('svg.chart[data-rendered]').length))</script>`;

function money(v: string): string {
  return `<span class="${v.startsWith('-') ? 'neg' : 'pos'}">${esc(v)}</span>`;
}

function table(head: string[], rows: string[][]): string {
  return `<table><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</table>`;
}

function summary(r: BacktestReport): string {
  const s = r.summary;
  const rows: [string, string][] = [
    ['Net P&L (after fees), pUSD', money(s.pnl)],
    ['of which settled / marked at the end', `${money(s.settledPnl)} / ${money(s.markedPnl)}`],
    ['Fees paid', esc(s.fees)],
    ['Trades (fills): taker / maker', `${s.trades}: ${s.takerFills} / ${s.makerFills}`],
    ['Orders: placed / with fills / rejected / cancelled', `${s.orders} / ${s.ordersFilled} / ${s.ordersRejected} / ${s.ordersCancelled}`],
    ['Fill rate (shares filled / ordered)', esc(s.fillRate)],
    ['Max drawdown', esc(s.maxDrawdown)],
    ['Max exposure (cost held) / max unhedged shares', `${esc(s.maxExposure)} / ${esc(s.maxImbalance)}`],
    ['Opportunities seen / taken / stopped by a gate', `${s.opportunitiesSeen} / ${s.opportunitiesTaken} / ${s.opportunitiesGated}`],
    ['Leg-risk incidents / actions (chase, emergency close)', `${s.legRiskIncidents} / ${s.legRiskActions}`],
    ['Failed trades / orders held by the taker delay / missed after it', `${s.failedTrades} / ${s.delayedOrders} / ${s.missedAfterDelay}`],
    [
      'Windows traded; settled wire / stored / estimated / unsettled',
      `${s.windowsTraded}; ${s.settlements.wire ?? 0} / ${s.settlements.stored ?? 0} / ${s.settlements.estimated ?? 0} / ${s.settlements.unsettled ?? 0}`,
    ],
    ['Engine realised P&L (cross-check of settled P&L)', esc(s.engineRealizedPnl)],
  ];
  return table(
    ['', ''],
    rows.map(([k, v]) => [esc(k), v]),
  );
}

function charts(r: BacktestReport): string {
  const equity = lineChart({ id: 'equity-curve', title: 'Equity: realised + marked P&L (pUSD)' }, [
    { name: 'equity', color: '#1f6feb', points: r.equity.map(([t, v]) => [t, Number(v)]) },
  ]);
  const windows = barChart(
    { id: 'window-pnl', title: 'P&L per window (pUSD, net of fees)' },
    r.windows.map((w) => ({
      label: `${w.asset} ${new Date(w.windowStart).toISOString().slice(11, 16)}`,
      value: Number(w.pnl),
      text: `${w.slug} ${w.pnl} (${w.settlement})`,
    })),
  );
  const margins = stackedHistogram(
    { id: 'margin-distribution', title: `Net margin per pair of recorded opportunities (bins of ${r.margins.binWidth})` },
    r.margins.bins.map((b) => ({ label: b.from, a: b.taken, b: b.skipped })),
    ['taken', 'skipped'],
  );
  const exposure = lineChart({ id: 'exposure', title: 'Exposure (cost held, pUSD) and unhedged shares' }, [
    { name: 'exposure', color: '#8250df', points: r.exposure.map(([t, e]) => [t, Number(e)]) },
    { name: 'unhedged shares', color: '#d1242f', points: r.exposure.map(([t, , i]) => [t, Number(i)]) },
  ]);
  return equity + windows + margins + exposure;
}

function sweep(r: BacktestReport): string {
  if (r.sweep === undefined || r.sweep.length === 0) return '';
  const rows = r.sweep.map((s) => [
    String(s.rank),
    esc(s.label),
    money(s.pnl),
    esc(s.fees),
    String(s.trades),
    esc(s.fillRate),
    esc(s.maxDrawdown),
    `${s.opportunitiesTaken}/${s.opportunitiesSeen}`,
    String(s.legRiskIncidents),
  ]);
  return `<h2>Parameter sweep (${r.sweep.length} combinations, ranked by net P&L)</h2>${table(['rank', 'settings', 'net P&L', 'fees', 'trades', 'fill rate', 'max drawdown', 'taken/seen', 'leg risk'], rows)}`;
}

function windows(r: BacktestReport): string {
  const rows = r.windows
    .slice(0, 500)
    .map((w) => [
      esc(w.slug),
      esc(w.settlement),
      esc(w.winner ?? ''),
      money(w.pnl),
      esc(w.fees),
      String(w.fills),
      esc(w.upBought),
      esc(w.downBought),
      esc(w.unhedged),
    ]);
  const more = r.windows.length > 500 ? `<p class="note">First 500 of ${r.windows.length} windows; all are in report.json.</p>` : '';
  return `<h2>Windows traded</h2>${table(['window', 'settlement', 'winner', 'P&L', 'fees', 'fills', 'Up bought', 'Down bought', 'unhedged'], rows)}${more}`;
}

function anomalies(r: BacktestReport): string {
  const counts =
    Object.entries(r.anomalies.counts)
      .map(([k, n]) => `${esc(k)}: ${n}`)
      .join(', ') || 'none';
  const rows = r.anomalies.sample.slice(0, 50).map((a) => [esc(a.timestamp), esc(a.anomaly_type), esc(a.severity), esc(a.description)]);
  return `<h2>Anomalies</h2><p>${counts}</p>${rows.length > 0 ? table(['time (UTC)', 'type', 'severity', 'description'], rows) : ''}`;
}

export function renderHtml(r: BacktestReport): string {
  const settings = table(
    ['setting', 'value'],
    Object.entries(r.settings).map(([k, v]) => [esc(k), esc(v)]),
  );
  const cf = r.counterfactuals;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>poly-bot backtest ${esc(r.runId)}</title><style>${CSS}</style></head><body>
<h1>poly-bot backtest: ${esc(r.assets.join(', '))}, ${esc(r.range.start)} to ${esc(r.range.end)}</h1>
<p class="note">Run ${esc(r.runId)}, speed ${esc(r.speed)}; ${r.data.events} events replayed (${r.data.ticks} ticks), ${r.data.decisions} decisions. Amounts in pUSD, exact.</p>
<h2>Summary</h2>${summary(r)}
<h2>Plots</h2>${charts(r)}${sweep(r)}${windows(r)}
<h2>Counterfactuals</h2><p>${cf.rows} comparisons written (${cf.bad} bad, ${cf.good} good decisions); skipped opportunities would have made up to ${esc(cf.skippedRegret)} pUSD (optimistic: every maker bid assumed filled).</p>
${anomalies(r)}<h2>Settings</h2>${settings}
${STAMP}</body></html>
`;
}
