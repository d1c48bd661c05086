/**
 * Minimal inline-SVG charts for the self-contained report page (no script, no CDN): a line chart
 * over time, a bar chart of signed values, and a stacked histogram. Inputs are plain numbers for
 * the geometry (pUSD as floats is fine for pixels); labels are the exact strings of the report.
 */

export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

interface Frame {
  id: string;
  title: string;
  width?: number;
  height?: number;
}

const PAD = { left: 70, right: 16, top: 28, bottom: 36 };

function open(fr: Frame, w: number, h: number): string {
  return `<svg id="${esc(fr.id)}" class="chart" xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-label="${esc(fr.title)}"><title>${esc(fr.title)}</title><text x="${PAD.left}" y="18" class="t">${esc(fr.title)}</text>`;
}

function range(values: number[], includeZero: boolean): [number, number] {
  let lo = Math.min(...values, includeZero ? 0 : Number.POSITIVE_INFINITY);
  let hi = Math.max(...values, includeZero ? 0 : Number.NEGATIVE_INFINITY);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) [lo, hi] = [0, 1];
  if (hi - lo < 1e-9) [lo, hi] = [lo - 1, hi + 1];
  return [lo, hi];
}

function fmt(v: number): string {
  const a = Math.abs(v);
  return a >= 100 ? v.toFixed(0) : a >= 1 ? v.toFixed(2) : v.toFixed(4);
}

function clock(ms: number): string {
  return new Date(ms).toISOString().slice(5, 16).replace('T', ' ');
}

function yAxis(lo: number, hi: number, y: (v: number) => number, w: number): string {
  let out = '';
  for (let k = 0; k <= 4; k++) {
    const v = lo + ((hi - lo) * k) / 4;
    out += `<line x1="${PAD.left}" x2="${w - PAD.right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" class="g"/><text x="${PAD.left - 6}" y="${(y(v) + 4).toFixed(1)}" class="l" text-anchor="end">${fmt(v)}</text>`;
  }
  if (lo < 0 && hi > 0) out += `<line x1="${PAD.left}" x2="${w - PAD.right}" y1="${y(0).toFixed(1)}" y2="${y(0).toFixed(1)}" class="z"/>`;
  return out;
}

export interface Series {
  name: string;
  color: string;
  points: [number, number][];
}

/** Lines over time (x = unix ms). */
export function lineChart(fr: Frame, series: Series[]): string {
  const w = fr.width ?? 900;
  const h = fr.height ?? 280;
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const [x0, x1] = range(xs, false);
  const [lo, hi] = range(
    series.flatMap((s) => s.points.map((p) => p[1])),
    true,
  );
  const x = (v: number) => PAD.left + ((v - x0) / (x1 - x0)) * (w - PAD.left - PAD.right);
  const y = (v: number) => h - PAD.bottom - ((v - lo) / (hi - lo)) * (h - PAD.top - PAD.bottom);
  let out = open(fr, w, h) + yAxis(lo, hi, y, w);
  out += `<text x="${PAD.left}" y="${h - 10}" class="l">${esc(clock(x0))}</text><text x="${w - PAD.right}" y="${h - 10}" class="l" text-anchor="end">${esc(clock(x1))} UTC</text>`;
  series.forEach((s, i) => {
    if (s.points.length === 0) return;
    const d = s.points.map((p, k) => `${k === 0 ? 'M' : 'L'}${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join('');
    out += `<path class="series" data-series="${esc(s.name)}" d="${d}" fill="none" stroke="${s.color}" stroke-width="1.6"/>`;
    out += `<text x="${w - PAD.right - 4}" y="${PAD.top + 12 + i * 14}" class="l" text-anchor="end" fill="${s.color}">${esc(s.name)}</text>`;
  });
  return `${out}</svg>`;
}

export interface Bar {
  label: string;
  value: number;
  /** Shown in the tooltip (exact). */
  text: string;
}

/** One bar per item, green above zero, red below. */
export function barChart(fr: Frame, bars: Bar[]): string {
  const w = fr.width ?? 900;
  const h = fr.height ?? 280;
  const [lo, hi] = range(
    bars.map((b) => b.value),
    true,
  );
  const y = (v: number) => h - PAD.bottom - ((v - lo) / (hi - lo)) * (h - PAD.top - PAD.bottom);
  const slot = (w - PAD.left - PAD.right) / Math.max(1, bars.length);
  let out = open(fr, w, h) + yAxis(lo, hi, y, w);
  bars.forEach((b, i) => {
    const top = y(Math.max(0, b.value));
    const height = Math.max(1, Math.abs(y(b.value) - y(0)));
    out += `<rect class="bar" x="${(PAD.left + i * slot + slot * 0.1).toFixed(1)}" y="${top.toFixed(1)}" width="${Math.max(1, slot * 0.8).toFixed(1)}" height="${height.toFixed(1)}" fill="${b.value >= 0 ? '#2e8b57' : '#c0392b'}"><title>${esc(`${b.label}: ${b.text}`)}</title></rect>`;
  });
  if (bars.length > 0 && bars.length <= 24)
    bars.forEach(
      (b, i) =>
        (out += `<text x="${(PAD.left + (i + 0.5) * slot).toFixed(1)}" y="${h - 10}" class="l" text-anchor="middle">${esc(b.label)}</text>`),
    );
  return `${out}</svg>`;
}

export interface StackedBin {
  label: string;
  a: number;
  b: number;
}

/** Stacked counts per bin (a below, b above), e.g. opportunities taken and skipped by net margin. */
export function stackedHistogram(fr: Frame, bins: StackedBin[], names: [string, string]): string {
  const w = fr.width ?? 900;
  const h = fr.height ?? 280;
  const hi = Math.max(1, ...bins.map((b) => b.a + b.b));
  const y = (v: number) => h - PAD.bottom - (v / hi) * (h - PAD.top - PAD.bottom);
  const slot = (w - PAD.left - PAD.right) / Math.max(1, bins.length);
  let out = open(fr, w, h) + yAxis(0, hi, y, w);
  bins.forEach((bin, i) => {
    const x = (PAD.left + i * slot + slot * 0.08).toFixed(1);
    const bw = Math.max(1, slot * 0.84).toFixed(1);
    out += `<rect class="bar" x="${x}" y="${y(bin.a).toFixed(1)}" width="${bw}" height="${(y(0) - y(bin.a)).toFixed(1)}" fill="#2e8b57"><title>${esc(`${bin.label}: ${bin.a} ${names[0]}`)}</title></rect>`;
    out += `<rect class="bar" x="${x}" y="${y(bin.a + bin.b).toFixed(1)}" width="${bw}" height="${(y(bin.a) - y(bin.a + bin.b)).toFixed(1)}" fill="#b0b7c3"><title>${esc(`${bin.label}: ${bin.b} ${names[1]}`)}</title></rect>`;
  });
  const every = Math.max(1, Math.ceil(bins.length / 12));
  bins.forEach((bin, i) => {
    if (i % every === 0)
      out += `<text x="${(PAD.left + (i + 0.5) * slot).toFixed(1)}" y="${h - 10}" class="l" text-anchor="middle">${esc(bin.label)}</text>`;
  });
  out += `<text x="${w - PAD.right - 4}" y="${PAD.top + 12}" class="l" text-anchor="end" fill="#2e8b57">${esc(names[0])}</text><text x="${w - PAD.right - 4}" y="${PAD.top + 26}" class="l" text-anchor="end" fill="#7f8794">${esc(names[1])}</text>`;
  return `${out}</svg>`;
}
