// Drives the in-browser benchmarks (benches/www/bench.js) in headless Chromium against a
// dev server started by scripts/bench.sh, and prints one JSON object on stdout.
import { chromium } from 'playwright-core';

const base = process.env.DRUSH_IO_BENCH_URL;
const token = process.env.DRUSH_IO_BENCH_TOKEN;
if (!base || !token) {
  console.error('browser.mjs: set DRUSH_IO_BENCH_URL and DRUSH_IO_BENCH_TOKEN');
  process.exit(2);
}
const project = 'bench';

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: [
    '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
    '--disable-background-networking', '--disable-component-update', '--no-first-run',
    '--disable-sync', '--disable-quic',
  ],
});

async function openPage(context = browser) {
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(`${base}/`);
  await page.waitForFunction(() => window.bench?.ready === true);
  return page;
}

async function getsOf(job, runId) {
  const path = `/v1/projects/${project}/jobs/${job}/runs/${runId}`;
  const answer = await fetch(`${base}/__devserver/requests?path_prefix=${encodeURIComponent(path)}`);
  const { requests } = await answer.json();
  return requests.filter((r) => r.method === 'GET' && r.path === path).length;
}

// Five tabs of one browser context (one profile: shared locks and channels) wait on one
// run, beside one tab waiting on a run of the same job; rounds alternate which goes first.
async function fiveTabs() {
  const job = 'seconds';
  const context = await browser.newContext();
  const pages = [];
  for (let i = 0; i < 5; i++) pages.push(await openPage(context));
  const waitIn = async (tabs) => {
    const runId = await pages[0].evaluate((a) => window.bench.queue(a), { token, project, job });
    await Promise.all(tabs.map((page) => page.evaluate((a) => window.bench.waitOn(a), { token, project, job, runId })));
    return getsOf(job, runId);
  };
  const five = [];
  const one = [];
  for (let round = 0; round < 4; round++) {
    if (round % 2) {
      five.push(await waitIn(pages));
      one.push(await waitIn(pages.slice(0, 1)));
    } else {
      one.push(await waitIn(pages.slice(0, 1)));
      five.push(await waitIn(pages));
    }
  }
  await context.close();
  const sum = (values) => values.reduce((a, b) => a + b, 0);
  return { job, rounds: five.length, fiveTabGets: sum(five) / five.length, oneTabGets: sum(one) / one.length };
}

// 100 idle elements on a fresh page: time to define and render, timers, memory.
async function idleCost() {
  const page = await openPage();
  const cdp = await page.context().newCDPSession(page);
  const heap = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize;
  };
  const heapBefore = await heap();
  const wasmBefore = await page.evaluate(() => window.bench.wasmBytes());
  const figures = await page.evaluate(
    (a) => window.bench.idleElements(a), { token, project, job: 'instant', count: 100, idleMs: 3000 },
  );
  const heapAfter = await heap();
  await page.close();
  return { count: 100, ...figures, jsHeapBytes: heapAfter - heapBefore, wasmGrowthBytes: figures.wasmBytes - wasmBefore };
}

try {
  const page = await openPage();
  const smallRun = await page.evaluate((a) => window.bench.queueAndWait(a), { token, project, job: 'instant' });
  const bigRun = await page.evaluate((a) => window.bench.queueAndWait(a), { token, project, job: 'big-log' });

  const overhead = await page.evaluate(
    (a) => window.bench.compareGets(a),
    { token, project, job: 'instant', runId: smallRun, calls: 1000, rounds: 5 },
  );
  const largeLog = await page.evaluate(
    (a) => window.bench.compareGets(a),
    { token, project, job: 'big-log', runId: bigRun, calls: 10, rounds: 5 },
  );
  await page.close();

  // A fresh page, so the memory figures are those of the runs alone.
  const memoryPage = await openPage();
  const cdp = await memoryPage.context().newCDPSession(memoryPage);
  const measure = async (count) => {
    const wasmBytes = await memoryPage.evaluate(
      (a) => window.bench.runMany(a), { token, project, job: 'instant', count },
    );
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    return { wasmBytes, jsHeapBytes: usedSize };
  };
  const after100 = await measure(100);
  const after1000 = await measure(900);

  const tabs = await fiveTabs();
  const idle = await idleCost();

  const chromium = `Chromium ${browser.version()}`;
  console.log(JSON.stringify({ chromium, overhead, largeLog, memory: { after100, after1000 }, tabs, idle }));
} finally {
  await browser.close();
}
