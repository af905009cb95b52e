// The Drupal module's script (cms/drupal/drush_io/js/drush-io-drupal.js) from the module's
// zip, in each engine, on a stand-in Drupal page (./site.mjs): the block's HTML built by
// the module's PHP, Drupal.t and drupalSettings (pages/drupal.js), session/token, and the
// module's route checking X-CSRF-Token in front of the dev server. Requests are counted
// on that stand-in. `scripts/drupal-script.sh` starts the dev server and runs this.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeInEngines } from '../e2e/browser.mjs';
import { startSite } from './site.mjs';

const API = process.env.DRUSH_IO_E2E_URL;
const TOKEN = process.env.DRUSH_IO_TOKEN;
assert.ok(API && TOKEN, 'DRUSH_IO_E2E_URL and DRUSH_IO_TOKEN name the dev server and its token');

const JOBS = [
  { project: 'test', job: 'vars', label: 'Greet', variables: ['GREETING'] },
  { project: 'test', job: 'slow', label: 'Slow' },
  { project: 'test', job: 'ok', label: 'OK' },
];
const PERMISSIONS = ['use drush_io', 'run drush_io test/vars', 'run drush_io test/slow', 'run drush_io test/ok'];
const button = (job) => [`drush-io-run-button[job="${job}"]`, '[part~="button"]'];

/** Waits, on the test's side, for something the stand-in site records. */
async function until(what, check) {
  const deadline = Date.now() + 60_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Opens the node page and records, in the page, every state each button went through. */
async function open(browser, site, query = '') {
  const page = await browser.newPage();
  page.waitMs = 60_000;
  await page.goto(`${site.url}/node/1${query}`);
  await page.addScript(() => {
    window.seenStates = {};
    for (const type of ['drush-io-status', 'drush-io-error', 'drush-io-complete']) {
      document.addEventListener(type, (event) => {
        const job = event.target.getAttribute('job');
        (window.seenStates[job] ??= []).push(`${type}:${event.target.getAttribute('state')}`);
      });
    }
  });
  return page;
}

const finished = (job) => {
  const state = document.querySelector(`drush-io-run-button[job="${job}"]`).getAttribute('state');
  return ['complete', 'error', 'failed'].includes(state) ? state : null;
};

describeInEngines('Drupal module script', (browser) => {
  let site;
  before(async () => {
    site = await startSite({ api: API, token: TOKEN, jobs: JOBS, permissions: PERMISSIONS });
  });
  after(async () => {
    await site?.close();
  });

  test("a run with a variable from the block's field, in Drupal.t's words", async () => {
    const page = await open(browser(), site);
    await page.waitFor(() => customElements.get('drush-io-run-button') && window.Drupal.tCalls.includes('Cancel'));
    await page.type('input[name="GREETING"]', 'Bonjour');
    await page.run(() => { window.stayed = true; });
    await page.press('input[name="GREETING"]', 'Enter');
    assert.equal(await page.run(() => window.stayed), true, 'Enter in a field does not submit its form');
    const tokens = site.count('session/token');
    await page.click(button('vars'));
    assert.equal(await page.waitFor(finished, 'vars'), 'complete');
    assert.match(await page.text(['drush-io-run-button[job="vars"]', '[part~="log"]']), /Bonjour, world!/);
    assert.match(await page.text(['drush-io-run-button[job="vars"]', '[part~="badge"]']), /Abgeschlossen/, 'the badge speaks through Drupal.t');
    const calls = await page.run(() => window.Drupal.tCalls);
    for (const text of ['Run job', 'Run this job now?', 'Your session expired: reload to keep following this run.', 'The server answered {status}.']) {
      assert.ok(calls.includes(text), `Drupal.t("${text}")`);
    }
    const posts = site.route('POST', 'vars');
    assert.equal(posts.length, 1, 'one click, one POST');
    assert.deepEqual(JSON.parse(posts[0].body), { env: { GREETING: 'Bonjour' } }, 'the field, and nothing else of its form');
    assert.ok(site.route('GET', 'vars').length >= 1);
    assert.equal(site.requests.filter((r) => r.kind === 'route' && r.stale).length, 0, 'every request carried the CSRF token');
    assert.ok(site.count('session/token') - tokens <= 1, 'the CSRF token is read once');
    assert.deepEqual(await page.errors(), []);
    await page.close();
  });

  test('the CSRF token expires mid-run: fetched again, the poll retried once, the run followed to its end', async () => {
    const page = await open(browser(), site);
    await page.waitFor(() => window.Drupal.tCalls.includes('Cancel'));
    await page.click(button('slow'));
    await page.waitFor(() => document.querySelector('drush-io-run-button[job="slow"]').getAttribute('state') === 'running');
    const tokens = site.count('session/token');
    const polls = site.route('GET', 'slow').length;
    site.csrf = 'csrf-2'; // the session was renewed: the page's token is stale
    assert.equal(await page.waitFor(finished, 'slow'), 'complete');
    const refused = site.route('GET', 'slow').slice(polls).filter((r) => r.stale);
    assert.equal(refused.length, 1, 'one poll found the token stale, and was retried with the new one');
    assert.equal(site.count('session/token'), tokens + 1, 'the token was fetched again once');
    assert.equal(site.route('POST', 'slow').length, 1);
    const states = await page.run(() => window.seenStates.slow);
    assert.ok(!states.some((s) => s.includes('failed') || s.startsWith('drush-io-error')), states.join());
    assert.match(await page.text(['drush-io-run-button[job="slow"]', '[part~="log"]']), /step 4 of 4/);
    assert.deepEqual(await page.errors(), []);
    await page.close();
  });

  test('a click before the wasm has loaded shows starting, then queues one run', async () => {
    site.holdWasm();
    const posts = site.route('POST', 'ok').length;
    const page = await open(browser(), site);
    await page.waitFor(() => customElements.get('drush-io-run-button') && document.querySelector('drush-io-run-button[job="ok"]').shadowRoot);
    await until('the wasm to be asked for', () => site.wasmHeld?.asked >= 1);
    await page.click(button('ok'));
    assert.equal(await page.attribute('drush-io-run-button[job="ok"]', 'state'), 'starting');
    assert.equal(site.route('POST', 'ok').length, posts, 'nothing is sent before the wasm is ready');
    site.releaseWasm();
    assert.equal(await page.waitFor(finished, 'ok'), 'complete', `states: ${await page.run(() => JSON.stringify(window.seenStates))}`);
    assert.equal(site.route('POST', 'ok').length, posts + 1, 'one click, one POST');
    assert.deepEqual(await page.errors(), []);
    await page.close();
  });

  test("the buttons take Claro's colours, a sub-theme's included, and stay light when the OS is dark", async () => {
    for (const [query, background] of [['', 'rgb(0, 62, 204)'], ['?claro', 'rgb(0, 90, 40)']]) {
      const page = await open(browser(), site, query);
      // WebKit's driver cannot emulate a dark preference: there the light case is checked alone.
      const dark = await page.emulate({ 'prefers-color-scheme': 'dark' });
      await page.waitFor(() => window.Drupal.tCalls.includes('Cancel'));
      const look = await page.run(() => {
        const host = document.querySelector('drush-io-run-button[job="ok"]');
        const inner = host.shadowRoot.querySelector('[part~="button"]');
        return {
          background: getComputedStyle(inner).backgroundColor,
          scheme: getComputedStyle(host).colorScheme,
          text: getComputedStyle(host).color,
          dark: matchMedia('(prefers-color-scheme: dark)').matches,
        };
      });
      assert.deepEqual(look, { background, scheme: 'light', text: 'rgb(35, 36, 41)', dark }, query);
      await page.emulate({});
      await page.close();
    }
  });
});
