// SVG charts drawn at build time from the figures `make bench` wrote (BENCHMARKS.json).
// Plain SVG with presentation attributes and classes: nothing for the strict CSP to refuse.
const esc = (text) => String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

// bars: [{ label, value, note?, highlight? }]; unit: appended to each value's text.
export function barChart({ title, bars, unit = '', max, format = (v) => v.toFixed(1), goal }) {
  const rowHeight = 34;
  // Room for the longest label (about 7 px a character at 13 px).
  const labelWidth = Math.max(160, ...bars.map((b) => String(b.label).length * 7 + 12));
  const plotWidth = 360;
  const width = labelWidth + plotWidth + 120;
  const height = bars.length * rowHeight + 40;
  const top = Math.max(max ?? 0, goal?.value ?? 0, ...bars.map((b) => b.value)) || 1;
  const x = (v) => labelWidth + (v / top) * plotWidth;
  const rows = bars.map((bar, i) => {
    const y = 10 + i * rowHeight;
    return `<g class="chart-row${bar.highlight ? ' chart-row--ours' : ''}">`
      + `<text x="${labelWidth - 8}" y="${y + 20}" text-anchor="end">${esc(bar.label)}</text>`
      + `<rect x="${labelWidth}" y="${y + 6}" width="${Math.max(1, x(bar.value) - labelWidth).toFixed(1)}" height="20" rx="2"/>`
      + `<text x="${(x(bar.value) + 6).toFixed(1)}" y="${y + 20}">${esc(format(bar.value) + unit)}</text></g>`;
  });
  const goalLine = goal
    ? `<g class="chart-goal"><line x1="${x(goal.value).toFixed(1)}" x2="${x(goal.value).toFixed(1)}" y1="6" y2="${height - 24}"/>`
      + `<text x="${x(goal.value).toFixed(1)}" y="${height - 8}" text-anchor="middle">${esc(goal.label)}</text></g>`
    : '';
  return `<figure class="chart"><svg role="img" aria-labelledby="${slugOf(title)}" viewBox="0 0 ${width} ${height}" width="100%">`
    + `<title id="${slugOf(title)}">${esc(title)}: ${bars.map((b) => `${esc(b.label)} ${esc(format(b.value) + unit)}`).join('; ')}</title>`
    + `${rows.join('')}${goalLine}</svg><figcaption>${esc(title)}</figcaption></figure>`;
}

// points: [{ label, value }] in order (one per released version); a line with its dots.
export function lineChart({ title, points, unit = '', format = (v) => v.toFixed(1), goal }) {
  const width = 700;
  const height = 240;
  const left = 60;
  const bottom = 200;
  const top = Math.max(goal?.value ?? 0, ...points.map((p) => p.value)) * 1.1 || 1;
  const step = points.length > 1 ? (width - left - 60) / (points.length - 1) : 0;
  const px = (i) => left + 30 + i * step;
  const py = (v) => bottom - (v / top) * (bottom - 20);
  const path = points.map((p, i) => `${i ? 'L' : 'M'}${px(i).toFixed(1)} ${py(p.value).toFixed(1)}`).join(' ');
  const dots = points.map((p, i) => `<circle cx="${px(i).toFixed(1)}" cy="${py(p.value).toFixed(1)}" r="4"/>`
    + `<text x="${px(i).toFixed(1)}" y="${(py(p.value) - 10).toFixed(1)}" text-anchor="middle">${esc(format(p.value) + unit)}</text>`
    + `<text class="chart-axis" x="${px(i).toFixed(1)}" y="${bottom + 20}" text-anchor="middle">${esc(p.label)}</text>`).join('');
  const goalLine = goal
    ? `<g class="chart-goal"><line x1="${left}" x2="${width - 20}" y1="${py(goal.value).toFixed(1)}" y2="${py(goal.value).toFixed(1)}"/>`
      + `<text x="${width - 20}" y="${(py(goal.value) - 6).toFixed(1)}" text-anchor="end">${esc(goal.label)}</text></g>`
    : '';
  return `<figure class="chart"><svg role="img" aria-labelledby="${slugOf(title)}" viewBox="0 0 ${width} ${height + 20}" width="100%">`
    + `<title id="${slugOf(title)}">${esc(title)}: ${points.map((p) => `${esc(p.label)} ${esc(format(p.value) + unit)}`).join('; ')}</title>`
    + `<line class="chart-axis-line" x1="${left}" x2="${width - 20}" y1="${bottom}" y2="${bottom}"/>`
    + `${goalLine}<path class="chart-line" d="${path}"/>${dots}</svg><figcaption>${esc(title)}</figcaption></figure>`;
}

function slugOf(title) {
  return `chart-${String(title).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
}
