// The performance page's charts, drawn from BENCHMARKS.json, which `make bench`
// (benches/report.mjs) writes beside BENCHMARKS.md. No figure on that page is typed by hand.
import { readFileSync } from 'node:fs';
import { barChart, lineChart } from '../lib/charts.mjs';

const file = new URL('../../BENCHMARKS.json', import.meta.url);
const data = JSON.parse(readFileSync(file, 'utf8'));
const kb = (bytes) => bytes / 1000;
const table = readFileSync(new URL('../../BENCHMARKS.md', import.meta.url), 'utf8')
  .split('\n').filter((line) => line.startsWith('|')).join('\n').replace(/</g, '&lt;');

const policies = data.polling.policies;
export default {
  date: data.date.slice(0, 10),
  machine: data.machine,
  version: data.version,
  workload: data.polling.workload,
  table,
  elementKb: kb(data.size.element.gzip).toFixed(1),
  clientKb: kb(data.size.client.gzip).toFixed(1),
  budgetKb: kb(data.sizeBudgetGzip).toFixed(0),
  charts: {
    sizes: lineChart({
      title: 'What a page downloads, client and element, gzip, by released version',
      points: data.sizes.map((s) => ({ label: s.version, value: kb(s.elementGzip) })),
      unit: ' KB',
      goal: { value: kb(data.sizeBudgetGzip), label: `budget ${kb(data.sizeBudgetGzip)} KB` },
    }),
    size: barChart({
      title: `Size of what a page downloads, gzip (version ${data.version})`,
      bars: [
        { label: 'client and element', value: kb(data.size.element.gzip), highlight: true },
        { label: 'client alone', value: kb(data.size.client.gzip) },
      ],
      unit: ' KB',
      goal: { value: kb(data.sizeBudgetGzip), label: 'budget' },
    }),
    gets: barChart({
      title: 'Polling: GET requests per run',
      bars: policies.map((p) => ({ label: p.name, value: p.getsPerRun, highlight: Boolean(p.goal) })),
    }),
    lag: barChart({
      title: 'Polling: p95 of the lag after the run ended, relative to its duration',
      bars: policies.map((p) => ({ label: p.name, value: p.p95RelLag * 100, highlight: Boolean(p.goal) })),
      unit: ' %',
    }),
  },
};
