// First paint of the element (`make bench`): loads a plain <button> beside a
// <drush-io-run-button> embedded with auto.js, in headless Chromium with the CPU slowed 4
// times and 150 ms of latency on every request, the cache off, LOADS times per page, and
// prints the median of each figure as one JSON object per page. Times are from the
// navigation's start, in ms. Two pages: benches/www/first-paint.html has the <head> lines
// the README gives (the placeholder stylesheet, the module and wasm preloads);
// first-paint-bare.html has the script tag alone.
import { chromium } from 'playwright-core';

const base = process.env.DRUSH_IO_BENCH_URL;
if (!base) {
  console.error('first-paint.mjs: set DRUSH_IO_BENCH_URL');
  process.exit(2);
}
const LOADS = 7;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
    '--disable-background-networking', '--disable-component-update', '--no-first-run',
    '--disable-sync', '--disable-quic'],
});

async function load(name) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 150, downloadThroughput: -1, uploadThroughput: -1,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.goto(`${base}/${name}`);
  await page.waitForFunction(() => window.firstPaint?.postMs !== undefined, null, { timeout: 30_000 });
  // One more second for a late shift to be seen.
  await page.waitForTimeout(1000);
  const figures = await page.evaluate(() => {
    const [nav] = performance.getEntriesByType('navigation');
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    const { buttonMs, clickMs, postMs, shift, shifts } = window.firstPaint;
    return { fcpMs: fcp?.startTime, dclMs: nav.domContentLoadedEventStart, buttonMs, clickMs, postMs, shift, shifts };
  });
  await context.close();
  if (process.env.DRUSH_IO_BENCH_DEBUG) console.error(name, JSON.stringify(figures));
  return figures;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

try {
  const result = {};
  for (const [key, name] of [['linked', 'first-paint.html'], ['bare', 'first-paint-bare.html']]) {
    await load(name); // warms the server and the browser; not counted
    const loads = [];
    for (let i = 0; i < LOADS; i++) loads.push(await load(name));
    const of = (figure) => median(loads.map((figures) => figures[figure]));
    result[key] = {
      loads: LOADS,
      fcpMs: of('fcpMs'),
      dclMs: of('dclMs'),
      buttonMs: of('buttonMs'),
      buttonAfterDclMs: median(loads.map((f) => f.buttonMs - f.dclMs)),
      shift: Math.max(...loads.map((f) => f.shift)),
      postMs: of('postMs'),
    };
  }
  console.log(JSON.stringify(result));
} finally {
  await browser.close();
}
