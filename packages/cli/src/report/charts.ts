// Inline SVG charts for the HTML report: no script, no external resource, each with a title and
// a description for screen readers, and the same numbers in a table next to it.

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** One bar of a bar chart. */
export interface Bar {
  label: string;
  value: number;
  /** Fill colour (must reach 3:1 contrast with white). */
  color?: string;
}

let idCounter = 0;
/** Resets chart ids so that rendering the same input twice gives the same HTML. */
export function resetChartIds(): void {
  idCounter = 0;
}
const nextId = (p: string) => `${p}-${++idCounter}`;

/**
 * A horizontal bar chart as inline SVG.
 *
 * @example
 * ```ts
 * const svg = barChart('Assets by kind', [{ label: 'model', value: 6 }]);
 * ```
 */
export function barChart(title: string, bars: Bar[], options: { width?: number; color?: string } = {}): string {
  const width = options.width ?? 560;
  const row = 24;
  const labelW = 170;
  const valueW = 44;
  const height = Math.max(1, bars.length) * row + 8;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const id = nextId('chart');
  const desc = bars.map((b) => `${b.label}: ${b.value}`).join(', ');
  const body = bars
    .map((b, i) => {
      const y = 4 + i * row;
      const w = Math.round(((width - labelW - valueW) * b.value) / max);
      return [
        `<text x="${labelW - 8}" y="${y + 16}" text-anchor="end" class="axis">${escapeHtml(b.label)}</text>`,
        `<rect x="${labelW}" y="${y + 3}" width="${Math.max(w, b.value > 0 ? 2 : 0)}" height="${row - 8}" fill="${b.color ?? options.color ?? '#1f5fa8'}" rx="2"></rect>`,
        `<text x="${labelW + w + 6}" y="${y + 16}" class="val">${b.value}</text>`,
      ].join('');
    })
    .join('');
  return `<svg class="chart" role="img" aria-labelledby="${id}-t ${id}-d" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg"><title id="${id}-t">${escapeHtml(title)}</title><desc id="${id}-d">${escapeHtml(desc)}</desc>${body}</svg>`;
}

/** One stacked bar (e.g. coverage of one framework). */
export interface StackedBar {
  label: string;
  parts: Array<{ label: string; value: number; color: string }>;
}

/**
 * Horizontal 100% stacked bars as inline SVG, with a legend.
 *
 * @example
 * ```ts
 * stackedBars('Coverage', [{ label: 'OWASP LLM', parts: [{ label: 'gap', value: 3, color: '#b3261e' }] }]);
 * ```
 */
export function stackedBars(title: string, bars: StackedBar[], options: { width?: number } = {}): string {
  const width = options.width ?? 640;
  const row = 26;
  const labelW = 230;
  const legendH = 24;
  const height = bars.length * row + legendH + 8;
  const id = nextId('chart');
  const desc = bars.map((b) => `${b.label}: ${b.parts.map((p) => `${p.value} ${p.label}`).join(', ')}`).join('; ');
  const span = width - labelW - 10;
  const body = bars
    .map((b, i) => {
      const y = 4 + i * row;
      const total = b.parts.reduce((s, p) => s + p.value, 0) || 1;
      let x = labelW;
      const rects = b.parts
        .map((p) => {
          const w = (span * p.value) / total;
          const r = `<rect x="${x.toFixed(1)}" y="${y + 3}" width="${w.toFixed(1)}" height="${row - 8}" fill="${p.color}"></rect>`;
          x += w;
          return r;
        })
        .join('');
      return `<text x="${labelW - 8}" y="${y + 17}" text-anchor="end" class="axis">${escapeHtml(b.label.length > 34 ? `${b.label.slice(0, 33)}…` : b.label)}</text>${rects}`;
    })
    .join('');
  const legendY = bars.length * row + 14;
  let lx = labelW;
  const legend = (bars[0]?.parts ?? [])
    .map((p) => {
      const item = `<rect x="${lx}" y="${legendY - 9}" width="10" height="10" fill="${p.color}"></rect><text x="${lx + 14}" y="${legendY}" class="axis">${escapeHtml(p.label)}</text>`;
      lx += 24 + p.label.length * 7;
      return item;
    })
    .join('');
  return `<svg class="chart" role="img" aria-labelledby="${id}-t ${id}-d" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg"><title id="${id}-t">${escapeHtml(title)}</title><desc id="${id}-d">${escapeHtml(desc)}</desc>${body}${legend}</svg>`;
}

/** One series of a line chart. */
export interface Series {
  label: string;
  color: string;
  points: Array<number | undefined>;
}

/**
 * A line chart over ordered points (runs) as inline SVG.
 *
 * @example
 * ```ts
 * lineChart('Trend', ['11-01', '11-08'], [{ label: 'open findings', color: '#b3261e', points: [12, 9] }]);
 * ```
 */
export function lineChart(title: string, xLabels: string[], series: Series[], options: { width?: number; height?: number } = {}): string {
  const width = options.width ?? 640;
  const height = options.height ?? 220;
  const pad = { l: 44, r: 16, t: 12, b: 40 };
  const id = nextId('chart');
  const values = series.flatMap((s) => s.points.filter((p): p is number => typeof p === 'number'));
  const max = Math.max(1, ...values);
  const n = Math.max(1, xLabels.length - 1);
  const px = (i: number) => pad.l + ((width - pad.l - pad.r) * i) / n;
  const py = (v: number) => height - pad.b - ((height - pad.t - pad.b) * v) / max;
  const grid = [0, 0.5, 1]
    .map((f) => {
      const v = Math.round(max * f);
      return `<line x1="${pad.l}" x2="${width - pad.r}" y1="${py(v)}" y2="${py(v)}" class="grid"></line><text x="${pad.l - 6}" y="${py(v) + 4}" text-anchor="end" class="axis">${v}</text>`;
    })
    .join('');
  const xs = xLabels.map((l, i) => `<text x="${px(i)}" y="${height - pad.b + 16}" text-anchor="middle" class="axis">${escapeHtml(l)}</text>`).join('');
  const lines = series
    .map((s) => {
      const pts = s.points.map((p, i) => (typeof p === 'number' ? `${px(i).toFixed(1)},${py(p).toFixed(1)}` : null)).filter((p): p is string => p !== null);
      const dots = pts.map((p) => `<circle cx="${p.split(',')[0]}" cy="${p.split(',')[1]}" r="3" fill="${s.color}"></circle>`).join('');
      return `<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${pts.join(' ')}"></polyline>${dots}`;
    })
    .join('');
  let lx = pad.l;
  const legend = series
    .map((s) => {
      const item = `<rect x="${lx}" y="${height - 12}" width="10" height="10" fill="${s.color}"></rect><text x="${lx + 14}" y="${height - 3}" class="axis">${escapeHtml(s.label)}</text>`;
      lx += 24 + s.label.length * 7;
      return item;
    })
    .join('');
  const desc = series.map((s) => `${s.label}: ${s.points.map((p) => (p === undefined ? 'n/a' : String(p))).join(', ')}`).join('; ');
  return `<svg class="chart" role="img" aria-labelledby="${id}-t ${id}-d" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg"><title id="${id}-t">${escapeHtml(title)}</title><desc id="${id}-d">${escapeHtml(desc)}</desc>${grid}${xs}${lines}${legend}</svg>`;
}
