// Turns the JSON figures of scripts/bench.sh into one table, printed and written to
// BENCHMARKS.md with the machine, the date and the exact command.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

const [sizeFile, browserFile, pollingFile, outFile, firstPaintFile, wordpressFile, soakFile] = process.argv.slice(2);
const size = JSON.parse(readFileSync(sizeFile, 'utf8'));
const browser = JSON.parse(readFileSync(browserFile, 'utf8'));
const polling = JSON.parse(readFileSync(pollingFile, 'utf8'));

const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;
const pct = (x) => `${(x * 100).toFixed(1)} %`;
const verdict = (ok) => (ok ? 'met' : '**not met**');
const rows = [];
const row = (what, ours, baseline, goal, ok) => rows.push({ what, ours, baseline, goal, ok });

const KB45 = 45_000;
row('Size, client alone (wasm + JS + snippets), gzip', kb(size.client.gzip),
  `${kb(size.client.bytes)} uncompressed`, '-', null);
row('Size, client and element (+ auto.js), gzip', kb(size.element.gzip),
  `${kb(size.element.bytes)} uncompressed`, '<= 45 KB', size.element.gzip <= KB45);

const o = browser.overhead;
row('1000 sequential getRun vs fetch + JSON.parse (median ratio of 5 rounds)',
  `${o.ratio.toFixed(3)} (${o.oursMs.toFixed(3)} ms/call)`, `${o.baselineMs.toFixed(3)} ms/call`,
  '<= 1.10', o.ratio <= 1.1);
const l = browser.largeLog;
row('getRun of a 10 MB log vs fetch + JSON.parse (median ratio)',
  `${l.ratio.toFixed(3)} (${l.oursMs.toFixed(1)} ms/call)`, `${l.baselineMs.toFixed(1)} ms/call`,
  '<= 1.5', l.ratio <= 1.5);

for (const p of polling.policies) {
  const figures = `${p.getsPerRun.toFixed(1)} GETs/run; lag mean ${p.meanLagS.toFixed(1)} s, `
    + `p95 ${p.p95LagS.toFixed(1)} s; relative lag mean ${pct(p.meanRelLag)}, p95 ${pct(p.p95RelLag)}`;
  let goal = '-';
  let ok = null;
  if (p.goal === 'default') {
    goal = '<= 25 GETs/run, p95 relative lag <= 25 %';
    ok = p.getsPerRun <= 25 && p.p95RelLag <= 0.25;
  } else if (p.goal === 'history') {
    goal = '<= 18 GETs/run, mean relative lag <= 5 %';
    ok = p.getsPerRun <= 18 && p.meanRelLag <= 0.05;
  }
  row(`Polling: ${p.name}`, figures, p.goal ? 'fixed 5 s above' : 'baseline', goal, ok);
}

const m = browser.memory;
const wasmGrowth = m.after1000.wasmBytes - m.after100.wasmBytes;
const heapGrowth = m.after1000.jsHeapBytes - m.after100.jsHeapBytes;
row('Memory after 100 / 1000 runJobAndWait: wasm memory',
  `${kb(m.after100.wasmBytes)} / ${kb(m.after1000.wasmBytes)} (growth ${wasmGrowth} B)`, '-',
  'growth <= 64 KiB', wasmGrowth <= 65_536);
row('Memory after 100 / 1000 runJobAndWait: JS heap (after GC)',
  `${kb(m.after100.jsHeapBytes)} / ${kb(m.after1000.jsHeapBytes)} (growth ${heapGrowth} B)`, '-',
  'growth <= 64 KiB', heapGrowth <= 65_536);

const t = browser.tabs;
if (t) {
  const ratio = t.fiveTabGets / t.oneTabGets;
  row(`Five tabs waiting on one run of a ${t.job} job: GETs per run (mean of ${t.rounds} rounds)`,
    `${t.fiveTabGets.toFixed(1)} (${ratio.toFixed(2)} x one tab)`, `${t.oneTabGets.toFixed(1)} in one tab`,
    '<= 1.2 x one tab', ratio <= 1.2);
}
const idle = browser.idle;
if (idle) {
  const timers = Object.values(idle.scheduled).reduce((a, b) => a + b, 0);
  const which = Object.entries(idle.scheduled).map(([name, n]) => `${name} ${n}`).join(', ');
  row(`${idle.count} idle elements: defineElements (upgrade and render all) / until the next frame`,
    `${idle.defineMs.toFixed(1)} ms / ${idle.renderMs.toFixed(1)} ms (${idle.rendered} rendered)`, '-', '-', null);
  row(`${idle.count} idle elements: timers scheduled in 3 s idle`, `${timers} (${which})`, '-', '0', timers === 0);
  row(`${idle.count} idle elements: memory (JS heap after GC; wasm memory growth)`,
    `${kb(idle.jsHeapBytes)} (${kb(idle.jsHeapBytes / idle.count)} each); ${idle.wasmGrowthBytes} B`, '-', '-', null);
}

// The first-paint figures of the package before auto.js fetched the wasm beside the
// glue, measured by benches/first-paint.mjs on the same machine (means of two runs).
const BEFORE = { buttonAfterDclMs: 170, buttonMs: 772, dclMs: 610, postMs: 927, shift: 0.015 };
if (firstPaintFile) {
  const { linked: f, bare } = JSON.parse(readFileSync(firstPaintFile, 'utf8'));
  const ms = (x) => `${Math.round(x)} ms`;
  const slow = 'CPU / 4, 150 ms latency';
  row(`First paint (${slow}, median of ${f.loads} loads, the <head> lines of docs/element.md): the element's button has a size, after DOMContentLoaded`,
    `${ms(f.buttonAfterDclMs)} (at ${ms(f.buttonMs)}; DOMContentLoaded ${ms(f.dclMs)}, plain button's first paint ${ms(f.fcpMs)})`,
    `${ms(BEFORE.buttonAfterDclMs)} before (at ${ms(BEFORE.buttonMs)}; DOMContentLoaded ${ms(BEFORE.dclMs)})`,
    '<= 50 ms', f.buttonAfterDclMs <= 50);
  row(`First paint (${slow}): layout shift until the click (largest of ${f.loads} loads)`, f.shift.toFixed(3),
    `${BEFORE.shift} before`, '0', f.shift === 0);
  row(`First paint (${slow}): a click given once the button is painted is acted on (its POST leaves)`,
    ms(f.postMs), `${ms(BEFORE.postMs)} before`, '-', null);
  row(`First paint (${slow}), the script tag alone: button after DOMContentLoaded; layout shift; click acted on; plain button's first paint`,
    `${ms(bare.buttonAfterDclMs)}; ${bare.shift.toFixed(3)}; ${ms(bare.postMs)}; ${ms(bare.fcpMs)}`,
    `${ms(BEFORE.buttonAfterDclMs)}; ${BEFORE.shift}; ${ms(BEFORE.postMs)} before`, '-', null);
}

if (wordpressFile) {
  const w = JSON.parse(readFileSync(wordpressFile, 'utf8'));
  const ms = (f) => `${f.medianMs.toFixed(1)} ms (p90 ${f.p90Ms.toFixed(1)} ms)`;
  row(`A poll of a finished run through the WordPress plugin's route (WordPress 6.1 on PHP's built-in server, median of ${w.rounds})`,
    ms(w.route), `${ms(w.devserver)} straight to the dev server; ${ms(w.wordpress)} for a WordPress REST route that only checks the user`,
    '-', null);
}

if (soakFile && existsSync(soakFile)) {
  const s = JSON.parse(readFileSync(soakFile, 'utf8'));
  const day = `Soak, ${s.hours} simulated hours (seed ${s.seed}, ${Math.round(s.wallSeconds)} s)`;
  row(`${day}: POSTs per run queued (${s.accepted} queued by ${s.clicks} clicks on enabled buttons)`,
    `${s.postsPerAcceptedClick.toFixed(2)} (${s.posts} POSTs)`, '-', '1.00', s.postsPerAcceptedClick === 1);
  row(`${day}: states shown out of order (of ${s.statusesShown} drush-io-status)`, String(s.outOfOrder), '-', '0',
    s.outOfOrder === 0);
  const change = (before, after) => `${after >= before ? '+' : ''}${pct(after / before - 1)}`;
  const growth = (read) => `${kb(read(s.hour1))} / ${kb(read(s.last))} (${change(read(s.hour1), read(s.last))})`;
  // The bound holds the heap without V8's compiled code, which the soak measures apart
  // (docs/soak.md says why).
  row(`${day}: JS heap after GC, hour 1 / hour ${s.last.hour}`, growth((at) => at.jsHeapBytes),
    `of which V8's compiled code ${growth((at) => at.codeBytes)}`, '-', null);
  row(`${day}: JS heap after GC without V8's compiled code, hour 1 / hour ${s.last.hour}`,
    growth((at) => at.jsHeapBytes - at.codeBytes), '-', '<= +10 %',
    s.last.jsHeapBytes - s.last.codeBytes <= (s.hour1.jsHeapBytes - s.hour1.codeBytes) * 1.1);
  row(`${day}: wasm memory, hour 1 / hour ${s.last.hour}`, growth((at) => at.wasmBytes), '-', '<= +10 %',
    s.last.wasmBytes <= s.hour1.wasmBytes * 1.1);
}

const table = [
  '| benchmark | drush-io-embed | baseline | goal | verdict |',
  '| --- | --- | --- | --- | --- |',
  ...rows.map((r) => `| ${r.what} | ${r.ours} | ${r.baseline} | ${r.goal} | ${r.ok === null ? '' : verdict(r.ok)} |`),
].join('\n');

const machine = `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), `
  + `${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${browser.chromium ?? 'Chromium'}`;
const doc = `# Benchmarks

Written by \`make bench\` (scripts/bench.sh); do not edit by hand.

- Date: ${new Date().toISOString()}
- Machine: ${machine}
- Command: \`make bench\`
- Polling workload: ${polling.workload}

${table}
`;
writeFileSync(outFile, doc);
console.log(table);

// The same run's figures as data, beside BENCHMARKS.md: the docs site draws its charts from
// this file alone (docs/_data/bench.mjs). The size of each released version is kept from the
// previous file, so the chart of sizes grows one point per version.
const dataFile = outFile.replace(/\.md$/, '.json');
const version = JSON.parse(readFileSync(new URL('../pkg/package.json', import.meta.url), 'utf8')).version;
const previous = existsSync(dataFile) ? JSON.parse(readFileSync(dataFile, 'utf8')) : { sizes: [] };
const date = new Date().toISOString();
const sizes = previous.sizes.filter((entry) => entry.version !== version);
sizes.push({ version, date, elementGzip: size.element.gzip, clientGzip: size.client.gzip });
const data = {
  '//': 'Written by `make bench` (benches/report.mjs) beside BENCHMARKS.md; do not edit by hand.',
  date,
  machine,
  version,
  sizeBudgetGzip: KB45,
  sizes,
  size,
  polling,
  browser,
  firstPaint: firstPaintFile ? JSON.parse(readFileSync(firstPaintFile, 'utf8')) : null,
  wordpress: wordpressFile ? JSON.parse(readFileSync(wordpressFile, 'utf8')) : null,
};
writeFileSync(dataFile, `${JSON.stringify(data, null, 2)}\n`);
