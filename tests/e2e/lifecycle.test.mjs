// Page-level tests of CONTRACT 7 for the element: pages left open for hours, offline, in
// several tabs, Back and Forward. The page is tests/e2e/pages/lifecycle.html under the
// strict policy, driven by its `?scenario=`; requests are counted on the dev server, and
// each test has jobs of its own in tests/jobs.toml. Hours pass on a fake clock
// (@sinonjs/fake-timers, bundled here for the page by esbuild, as it ships no ES module).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { renameSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { build } from 'esbuild';
import { describeInEngines } from './browser.mjs';

const BASE = process.env.DRUSH_IO_E2E_PAGES_URL;
assert.ok(BASE, 'DRUSH_IO_E2E_PAGES_URL must name the dev server (make test sets it)');

before(async () => {
  const vendor = fileURLToPath(new URL('pages/vendor/', import.meta.url));
  const bundled = await build({
    entryPoints: [createRequire(import.meta.url).resolve('@sinonjs/fake-timers')],
    // (`util` is required only under Node.)
    bundle: true, format: 'esm', platform: 'browser', external: ['util'], write: false, logLevel: 'error',
  });
  // Each engine's suite runs in its own process: written whole, then renamed into place.
  mkdirSync(vendor, { recursive: true });
  const temporary = `${vendor}fake-timers.${process.pid}.js`;
  writeFileSync(temporary, bundled.outputFiles[0].contents);
  renameSync(temporary, `${vendor}fake-timers.js`);
});

async function requests(path) {
  const answer = await fetch(`${BASE}/__devserver/requests?path_prefix=${encodeURIComponent(path)}`);
  assert.equal(answer.status, 200);
  return (await answer.json()).requests;
}

const runs = (job, base = '/proxy/v1') => `${base}/projects/test/jobs/${job}/runs`;
const posts = async (job) => (await requests(runs(job))).filter((r) => r.method === 'POST' && r.path === runs(job)).length;
const gets = async (job, base) => (await requests(runs(job, base))).filter((r) => r.method === 'GET').length;

async function open(browser, scenario) {
  const page = await browser.newPage();
  page.waitMs = 60_000;
  await page.goto(`${BASE}/lifecycle.html?scenario=${scenario}`);
  return page;
}

/** What the page wrote to `data-<name>` once it did; `outcome` is parsed and error-free. */
async function read(page, name = 'outcome') {
  const text = await page.waitFor((key) => document.documentElement.dataset[key], name);
  if (name !== 'outcome') return text;
  const outcome = JSON.parse(text);
  assert.equal(outcome.error, undefined, outcome.error);
  return outcome;
}

async function closeAll(pages) {
  for (const page of pages) {
    assert.deepEqual(await page.errors(), []);
    await page.close();
  }
}

const ELEMENT_BUTTON = ['#race', '[part~="button"]'];
const ACCEPT = ['#race', '[part~="confirm-accept"]'];

describeInEngines('element lifecycle', (browser) => {
  test('offline, the badge says so and the state stays; the hint goes with the next answer', async () => {
    const page = await open(browser(), 'offline');
    const outcome = await read(page);
    const hint = 'Offline, waiting for the network';
    assert.ok(!outcome.before.includes(hint), outcome.before);
    assert.deepEqual(outcome.atOnce.state, 'running');
    assert.ok(outcome.atOnce.badge.includes(hint), outcome.atOnce.badge);
    assert.equal(outcome.later.state, 'running', 'the state is kept while offline');
    assert.ok(outcome.later.badge.includes(hint), 'answers while offline do not clear it');
    assert.ok(outcome.online.includes(hint), 'back online, the hint waits for an answer');
    assert.ok(!outcome.answered.badge.includes(hint), outcome.answered.badge);
    assert.equal(outcome.final, 'complete');
    assert.ok(!outcome.end.includes(hint), outcome.end);
    await closeAll([page]);
  });
});
