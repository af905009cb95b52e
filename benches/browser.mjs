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

async function openPage() {
  const page = await browser.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(`${base}/`);
  await page.waitForFunction(() => window.bench?.ready === true);
  return page;
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

  const chromium = `Chromium ${browser.version()}`;
  console.log(JSON.stringify({ chromium, overhead, largeLog, memory: { after100, after1000 } }));
} finally {
  await browser.close();
}
