// End-to-end tests of the demo page (www/index.html) in headless Chromium against the
// dev server serving www/jobs.toml. `make test` starts the server and sets
// DRUSH_IO_E2E_URL; requests are counted on the server, through /__devserver/requests.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const BASE = process.env.DRUSH_IO_E2E_URL;
const SCREENSHOT = fileURLToPath(new URL('../../target/e2e/demo.png', import.meta.url));
// Finished runs take a few seconds; the slow demo job about 20.
const RUN_LIMIT_MS = 60_000;

let browser;

before(async () => {
  assert.ok(BASE, 'DRUSH_IO_E2E_URL must name the dev server (make test sets it)');
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

async function requests(prefix) {
  const answer = await fetch(`${BASE}/__devserver/requests?path_prefix=${encodeURIComponent(prefix)}`);
  assert.equal(answer.status, 200);
  return (await answer.json()).requests;
}

function runsPath(job) {
  return `/proxy/v1/projects/demo/jobs/${job}/runs`;
}

async function posts(job) {
  const path = runsPath(job);
  return (await requests(path)).filter((r) => r.method === 'POST' && r.path === path).length;
}

/** A demo page whose uncaught errors and Authorization headers are recorded. */
async function openDemo() {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('request', (request) => {
    if (request.url().includes('/proxy/v1/') && request.headers().authorization) {
      problems.push(`a proxy request carried a token: ${request.url()}`);
    }
  });
  await page.goto(`${BASE}/`);
  await page.waitForFunction(() => customElements.get('drush-io-run-button') !== undefined);
  return { page, problems };
}

function stateOf(page, id) {
  return page.evaluate((id) => document.getElementById(id).getAttribute('state'), id);
}

async function waitForState(page, id, states) {
  await page.waitForFunction(
    ({ id, states }) => states.includes(document.getElementById(id)?.getAttribute('state')),
    { id, states },
    { timeout: RUN_LIMIT_MS },
  );
  return stateOf(page, id);
}

test('a job runs to complete through the proxy route, with badge, log and events', async () => {
  const { page, problems } = await openDemo();
  const element = page.locator('#cache-clear');
  assert.equal(await stateOf(page, 'cache-clear'), 'idle');
  assert.equal(await element.getAttribute('base-url'), '/proxy/v1');
  const before = await posts('cache-clear');

  // CSS locators pierce open shadow roots.
  await element.locator('[part~="button"]').click();
  assert.equal(await waitForState(page, 'cache-clear', ['complete', 'error', 'failed']), 'complete');
  assert.equal(await posts('cache-clear'), before + 1, 'one click, one POST');

  const badge = element.locator('[part~="badge"]');
  assert.match(await badge.textContent(), /Complete/);
  assert.equal(await badge.getAttribute('role'), 'status');

  await element.locator('summary').click();
  const log = element.locator('[part~="log"]');
  assert.ok(await log.isVisible(), 'the log panel opens');
  assert.match(await log.textContent(), /Cache rebuild complete\./);

  // The page lists events newest first: queued, each new status, then complete.
  const events = (await page.locator('#events .event__name').allTextContents()).reverse();
  assert.equal(events[0], 'drush-io-queued');
  assert.equal(events.at(-1), 'drush-io-complete');
  const statuses = events.slice(1, -1);
  assert.ok(statuses.length >= 2 && statuses.every((name) => name === 'drush-io-status'), events.join());
  assert.match(await page.locator('#events .event__detail').first().textContent(), /cache-clear · complete/);

  // The form-driven job on the same page, so the screenshot shows a second outcome too.
  await page.fill('input[name="MESSAGE"]', 'Release 2.4 is live');
  await page.locator('#announce [part~="button"]').click();
  assert.equal(await waitForState(page, 'announce', ['complete', 'error', 'failed']), 'complete');
  const announced = await page.evaluate(() => document.getElementById('announce').run.log);
  assert.match(announced, /Message: Release 2\.4 is live/);

  // The failing job asks first, in the element's own <dialog>, then ends in error.
  const failing = page.locator('#config-import');
  await failing.locator('[part~="button"]').click();
  const dialog = failing.locator('[part~="dialog"]');
  assert.ok(await dialog.isVisible(), 'the confirmation is shown');
  assert.match(await dialog.textContent(), /Import configuration into the live site\?/);
  await failing.locator('[part~="confirm-accept"]').click();
  assert.equal(await waitForState(page, 'config-import', ['complete', 'error', 'failed']), 'error');
  assert.match(await failing.locator('[part~="badge"]').textContent(), /Error/);
  assert.ok(await failing.locator('[part~="log"]').isVisible(), 'an error run opens its log');
  assert.match(await failing.locator('[part~="log"]').textContent(), /The import failed\./);

  await page.mouse.move(0, 0);
  // Back from the log's summary to the button by keyboard, so its focus ring shows.
  await element.locator('summary').focus();
  await page.keyboard.press('Shift+Tab');
  mkdirSync(new URL('.', `file://${SCREENSHOT}`).pathname, { recursive: true });
  await page.screenshot({ path: SCREENSHOT, fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('a reload mid-run resumes the same run without a second POST', async () => {
  const { page, problems } = await openDemo();
  // Started from the keyboard: the button is a real, focusable <button>.
  await page.locator('#deploy [part~="button"]').press('Enter');
  await waitForState(page, 'deploy', ['running']);
  const runId = await page.evaluate(() => document.getElementById('deploy').run.id);
  const postsBefore = await posts('deploy');
  const runPath = `${runsPath('deploy')}/${encodeURIComponent(runId)}`;
  const pollsBefore = (await requests(runPath)).length;

  await page.reload();
  await page.waitForFunction(() => customElements.get('drush-io-run-button') !== undefined);
  // The resumed element shows the run in flight, then follows it to its end.
  assert.ok(['queued', 'running'].includes(await waitForState(page, 'deploy', ['queued', 'running', 'complete'])));
  assert.equal(await waitForState(page, 'deploy', ['complete', 'error', 'failed']), 'complete');
  assert.equal(await page.evaluate(() => document.getElementById('deploy').run.id), runId);
  assert.equal(await posts('deploy'), postsBefore, 'the reload sent no POST');
  assert.ok((await requests(runPath)).length > pollsBefore, 'the same run was polled after the reload');
  assert.match(await page.locator('#deploy [part~="log"]').textContent(), /Deployment finished\./);
  assert.deepEqual(problems, []);
  await page.close();
});
