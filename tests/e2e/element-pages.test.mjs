// Page-level tests of <drush-io-run-button> on test pages (tests/e2e/pages/) served by the
// dev server with the strict Content-Security-Policy of a hardened admin page and the
// jobs of tests/jobs.toml. Each page does its work itself and resolves `window.outcome`,
// read here with one evaluate call; requests are counted on the server.
// `make test` starts that server and sets DRUSH_IO_E2E_PAGES_URL.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const BASE = process.env.DRUSH_IO_E2E_PAGES_URL;
const POLICY = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
  + "connect-src 'self'; img-src 'self'; require-trusted-types-for 'script'; trusted-types 'none'";

let browser;

before(async () => {
  assert.ok(BASE, 'DRUSH_IO_E2E_PAGES_URL must name the dev server (make test sets it)');
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
      '--disable-background-networking', '--disable-component-update', '--no-first-run',
      '--disable-sync', '--disable-quic',
    ],
  });
});

after(async () => {
  await browser?.close();
});

async function posts(job) {
  const path = `/proxy/v1/projects/test/jobs/${job}/runs`;
  const answer = await fetch(`${BASE}/__devserver/requests?path_prefix=${encodeURIComponent(path)}`);
  assert.equal(answer.status, 200);
  return (await answer.json()).requests.filter((r) => r.method === 'POST' && r.path === path).length;
}

/** A page whose uncaught errors and CSP or Trusted Types console reports are recorded. */
async function open() {
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (/Content Security Policy|Trusted Type/i.test(message.text())) problems.push(message.text());
  });
  return { page, problems };
}

test('the element works, styled, under the strict policy with no violation', async () => {
  const { page, problems } = await open();
  const response = await page.goto(`${BASE}/csp.html`);
  assert.equal(response.headers()['content-security-policy'], POLICY, 'served with the strict policy');
  const outcome = await page.evaluate(() => window.outcome);
  assert.equal(outcome.state, 'complete');
  assert.match(outcome.log, /hello from ok/);
  assert.deepEqual(outcome.violations, []);
  assert.equal(outcome.hostDisplay, 'inline-flex');
  assert.equal(outcome.buttonBackground, 'rgb(0, 62, 204)');
  assert.equal(outcome.buttonColor, 'rgb(255, 255, 255)');
  assert.equal(outcome.badgeVisibility, 'visible', 'the badge of a finished run shows');
  assert.deepEqual(outcome.sheets, [1, 1]);
  assert.ok(outcome.sharedSheet, 'one stylesheet shared by every element');
  assert.deepEqual(outcome.inlineStyles, [0, 0]);
  assert.deepEqual(problems, []);
  await page.close();
});

test('after a reload, a saved run waits for the default client given late', async () => {
  const { page, problems } = await open();
  const before = await posts('slow');
  await page.goto(`${BASE}/late-client.html?start`);
  const { runId } = await page.evaluate(() => window.outcome);
  await page.goto(`${BASE}/late-client.html?late`);
  const outcome = await page.evaluate(() => window.outcome);

  assert.deepEqual(outcome.waiting, { state: 'running', saved: 1 }, 'shown and kept while there is no client');
  assert.equal(outcome.runId, runId, 'the same run');
  assert.deepEqual(outcome.states, ['running', 'complete']);
  assert.ok(!outcome.events.some((name) => name.startsWith('drush-io-error')), outcome.events.join());
  assert.equal(outcome.events.at(-1), 'drush-io-complete:complete');
  assert.equal(outcome.saved, 0, 'a finished run is forgotten');
  assert.equal(await posts('slow'), before + 1, 'one POST');
  assert.deepEqual(problems, []);
  await page.close();
});
