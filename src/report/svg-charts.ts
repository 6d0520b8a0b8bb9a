/**
 * Small server-side SVG charts for the report: no scripts, no external fonts or requests, so they render
 * the same in any browser and when the HTML file is opened offline.
 */
export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function fmt(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e6 || a < 1e-3) return v.toExponential(1);
  if (a >= 100) return String(Math.round(v));
  return String(Math.round(v * 100) / 100);
}

/** "Nice" tick values covering [lo, hi], about `count` of them. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.round(v / step) * step);
  return out;
}

export interface HistogramChartInput {
  /** bin counts over [min, max) */
  counts: ArrayLike<number>;
  min: number;
  max: number;
  /** vertical marker (the threshold) */
  threshold: number | null;
  title: string;
  xLabel: string;
  width?: number;
  height?: number;
}

/**
 * Histogram as SVG bars, with the threshold as a red line. The x range is cut to the bins holding data
 * up to the 99.9th percentile (and the threshold), merged into at most 200 bars; y is sqrt-scaled so the
 * tail near the threshold stays visible beside the no-change peak.
 */
export function histogramSvg(h: HistogramChartInput): string {
  const W = h.width ?? 640;
  const H = h.height ?? 260;
  const m = { l: 56, r: 16, t: 28, b: 40 };
  const n = h.counts.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += h.counts[i];
  const binW = (h.max - h.min) / Math.max(1, n);
  let last = 0;
  let acc = 0;
  for (let i = 0; i < n; i++) {
    acc += h.counts[i];
    if (acc >= total * 0.999) {
      last = i;
      break;
    }
  }
  if (h.threshold !== null) last = Math.max(last, Math.ceil((h.threshold - h.min) / binW) + 2);
  last = Math.min(n - 1, Math.max(last, 1));
  const group = Math.max(1, Math.ceil((last + 1) / 200));
  const bars: number[] = [];
  for (let i = 0; i <= last; i += group) {
    let s = 0;
    for (let j = i; j < Math.min(i + group, last + 1); j++) s += h.counts[j];
    bars.push(s);
  }
  const xMax = h.min + (last + 1) * binW;
  const yMax = Math.max(1, ...bars);
  const px = (v: number) => m.l + ((v - h.min) / (xMax - h.min)) * (W - m.l - m.r);
  const py = (c: number) => H - m.b - Math.sqrt(c / yMax) * (H - m.t - m.b);
  const bw = (W - m.l - m.r) / bars.length;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" class="chart histogram" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeXml(h.title)}">`);
  parts.push(`<text x="${W / 2}" y="16" text-anchor="middle" font-size="13" font-family="sans-serif">${escapeXml(h.title)}</text>`);
  bars.forEach((c, i) => {
    if (c <= 0) return;
    const y = py(c);
    parts.push(`<rect x="${(m.l + i * bw).toFixed(2)}" y="${y.toFixed(2)}" width="${Math.max(0.5, bw - 0.3).toFixed(2)}" height="${(H - m.b - y).toFixed(2)}" fill="#4c6ef5"/>`);
  });
  parts.push(`<line x1="${m.l}" y1="${H - m.b}" x2="${W - m.r}" y2="${H - m.b}" stroke="#333"/>`);
  parts.push(`<line x1="${m.l}" y1="${m.t}" x2="${m.l}" y2="${H - m.b}" stroke="#333"/>`);
  for (const t of niceTicks(h.min, xMax, 6)) {
    const x = px(t);
    parts.push(`<line x1="${x.toFixed(1)}" y1="${H - m.b}" x2="${x.toFixed(1)}" y2="${H - m.b + 4}" stroke="#333"/><text x="${x.toFixed(1)}" y="${H - m.b + 16}" text-anchor="middle" font-size="10" font-family="sans-serif">${fmt(t)}</text>`);
  }
  for (const t of niceTicks(0, yMax, 4)) {
    const y = py(t);
    parts.push(`<text x="${m.l - 6}" y="${(y + 3).toFixed(1)}" text-anchor="end" font-size="10" font-family="sans-serif">${fmt(t)}</text>`);
  }
  parts.push(`<text x="${(m.l + W - m.r) / 2}" y="${H - 6}" text-anchor="middle" font-size="11" font-family="sans-serif">${escapeXml(h.xLabel)}</text>`);
  parts.push(`<text x="12" y="${(m.t + H - m.b) / 2}" text-anchor="middle" font-size="11" font-family="sans-serif" transform="rotate(-90 12 ${(m.t + H - m.b) / 2})">pixels (√ scale)</text>`);
  if (h.threshold !== null && h.threshold >= h.min && h.threshold <= xMax) {
    const x = px(h.threshold);
    parts.push(`<line class="threshold" x1="${x.toFixed(1)}" y1="${m.t}" x2="${x.toFixed(1)}" y2="${H - m.b}" stroke="#e03131" stroke-width="2"/>`);
    parts.push(`<text x="${(x + 4).toFixed(1)}" y="${m.t + 12}" font-size="11" fill="#e03131" font-family="sans-serif">threshold ${fmt(h.threshold)}</text>`);
  }
  parts.push('</svg>');
  return parts.join('');
}

export interface BarDatum {
  label: string;
  value: number;
  color: string;
}

/** Horizontal bar chart (one bar per change type), values printed at the bar ends. */
export function barChartSvg(data: readonly BarDatum[], title: string, unit: string, width = 640): string {
  const rowH = 22;
  const m = { l: 260, r: 90, t: 28, b: 8 };
  const H = m.t + m.b + Math.max(1, data.length) * rowH;
  const vMax = Math.max(1e-9, ...data.map((d) => d.value));
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" class="chart bars" width="${width}" height="${H}" viewBox="0 0 ${width} ${H}" role="img" aria-label="${escapeXml(title)}">`);
  parts.push(`<text x="${width / 2}" y="16" text-anchor="middle" font-size="13" font-family="sans-serif">${escapeXml(title)}</text>`);
  data.forEach((d, i) => {
    const y = m.t + i * rowH;
    const w = (d.value / vMax) * (width - m.l - m.r);
    parts.push(`<text x="${m.l - 6}" y="${y + 15}" text-anchor="end" font-size="11" font-family="sans-serif">${escapeXml(d.label)}</text>`);
    parts.push(`<rect x="${m.l}" y="${y + 3}" width="${Math.max(1, w).toFixed(2)}" height="${rowH - 6}" fill="${escapeXml(d.color)}"/>`);
    parts.push(`<text x="${(m.l + w + 4).toFixed(2)}" y="${y + 15}" font-size="11" font-family="sans-serif">${escapeXml(`${fmt(d.value)} ${unit}`)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}
