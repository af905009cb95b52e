// Page-level tests of <drush-io-run-button> on test pages (tests/e2e/pages/) served by the
// dev server with the strict Content-Security-Policy of a hardened admin page and the
// jobs of tests/jobs.toml, in every engine of DRUSH_IO_ENGINES. Each page does its work
// itself and writes what happened to its root element's `data-outcome`; requests are
// counted on the server. `make test` starts that server and sets DRUSH_IO_E2E_PAGES_URL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeInEngines } from './browser.mjs';

const BASE = process.env.DRUSH_IO_E2E_PAGES_URL;
const POLICY = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
  + "connect-src 'self'; img-src 'self'; require-trusted-types-for 'script'; trusted-types 'none'";

async function posts(job) {
  const path = `/proxy/v1/projects/test/jobs/${job}/runs`;
  const answer = await fetch(`${BASE}/__devserver/requests?path_prefix=${encodeURIComponent(path)}`);
  assert.equal(answer.status, 200);
  return (await answer.json()).requests.filter((r) => r.method === 'POST' && r.path === path).length;
}

/** Opens a test page and waits for what it wrote (runs take a few seconds). */
async function outcomeOf(page, path) {
  await page.goto(`${BASE}/${path}`);
  page.waitMs = 60_000;
  const outcome = JSON.parse(await page.waitFor(() => document.documentElement.dataset.outcome));
  assert.equal(outcome.error, undefined, outcome.error);
  return outcome;
}

assert.ok(BASE, 'DRUSH_IO_E2E_PAGES_URL must name the dev server (make test sets it)');

describeInEngines('element pages', (browser) => {
  test('the element works, styled, under the strict policy with no violation', async () => {
    // WebDriver shows no response headers: the page is read once from here to prove
    // that the browser gets it with exactly the strict policy.
    const served = await fetch(`${BASE}/csp.html`);
    assert.equal(served.headers.get('content-security-policy'), POLICY);
    const page = await browser().newPage();
    const outcome = await outcomeOf(page, 'csp.html');
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
    assert.deepEqual(await page.errors(), []);
    await page.close();
  });

  test('before the wasm: the undefined element has its final size; a key press and a click show starting, then one POST', async () => {
    const page = await browser().newPage();
    const before = { early: await posts('ok'), translated: await posts('early-translated') };
    await page.goto(`${BASE}/early-click.html`);
    page.waitMs = 60_000;
    const early = JSON.parse(await page.waitFor(() => document.documentElement.dataset.early));
    early.drawn.forEach((drawn, index) => {
      const held = early.before[index];
      assert.equal(held.defined, false, `#${drawn.id} was measured before its definition`);
      assert.ok(drawn.width > 40 && drawn.height >= 40, `#${drawn.id} is drawn: ${JSON.stringify(drawn)}`);
      // Sub-pixel text widths round differently in a pseudo-element and a shadow root.
      assert.ok(Math.abs(held.width - drawn.width) < 1 && Math.abs(held.height - drawn.height) < 1,
        `#${drawn.id} kept its size: ${JSON.stringify(held)} then ${JSON.stringify(drawn)}`);
      assert.equal(drawn.state, 'idle');
    });
    assert.deepEqual(early.drawn.map((drawn) => drawn.label), ['Early', 'Run job', 'Aufgabe starten', 'Saved']);
    // A constructor may not add attributes to an element made by `createElement` (the DOM
    // throws), as frameworks make them: drawn once connected, before the core and after.
    assert.deepEqual(early.created, { attributes: [], state: 'idle' }, 'createElement before the core');

    const early1 = ['#early', '[part~="button"]'];
    await page.press(early1, 'Enter');
    await page.click(early1);
    assert.equal(await page.attribute('#early', 'state'), 'starting', 'a key press before the core shows starting');
    assert.match(await page.text(['#early', '[part~="badge"]']), /Starting/);
    await page.click(['#translated', '[part~="button"]']);
    assert.match(await page.text(['#translated', '[part~="badge"]']), /Startet/, 'in the element\'s own words');
    assert.equal(await posts('ok'), before.early, 'nothing is sent before the core is ready');

    await page.run(() => { document.documentElement.dataset.gate = 'open'; });
    const outcome = JSON.parse(await page.waitFor(() => document.documentElement.dataset.outcome));
    assert.equal(outcome.error, undefined, outcome.error);
    assert.deepEqual(outcome.states, { early: 'complete', translated: 'complete' });
    assert.deepEqual(outcome.violations, [], 'the strict policy is kept');
    assert.deepEqual(outcome.createdLater, { attributes: [], state: 'idle' }, 'createElement with the core');
    assert.equal(await posts('ok'), before.early + 1, 'a key press and a click, one POST');
    assert.equal(await posts('early-translated'), before.translated + 1);
    assert.deepEqual(await page.errors(), []);
    await page.close();
  });

  test('before the wasm: a reloaded page shows the saved run of a job at once, and the core follows it without a POST', async () => {
    const page = await browser().newPage();
    const before = await posts('early-saved');
    await page.goto(`${BASE}/early-click.html`);
    page.waitMs = 60_000;
    await page.waitFor(() => document.documentElement.dataset.early);
    await page.run(() => { document.documentElement.dataset.gate = 'open'; });
    await page.waitFor(() => document.documentElement.dataset.outcome);
    await page.click(['#saved', '[part~="button"]']);
    await page.waitFor(() => ['queued', 'running'].includes(document.querySelector('#saved').getAttribute('state')) || null);

    await page.goto(`${BASE}/early-click.html`);
    const early = JSON.parse(await page.waitFor(() => document.documentElement.dataset.early));
    const saved = early.drawn.find((drawn) => drawn.id === 'saved');
    assert.ok(['queued', 'running'].includes(saved.state), `shown before the core: ${JSON.stringify(saved)}`);
    assert.match(saved.badge, saved.state === 'queued' ? /Queued/ : /Running/);
    assert.equal(saved.held, true, 'a job with a run in flight is not started again');
    assert.deepEqual(early.drawn.filter((drawn) => drawn.id !== 'saved').map((drawn) => drawn.state), ['idle', 'idle', 'idle']);
    await page.click(['#saved', '[part~="button"]']);

    await page.run(() => { document.documentElement.dataset.gate = 'open'; });
    const outcome = JSON.parse(await page.waitFor(() => document.documentElement.dataset.outcome));
    assert.equal(outcome.error, undefined, outcome.error);
    assert.deepEqual(outcome.states, { saved: 'complete' }, 'the core followed the saved run to its end');
    assert.equal(await posts('early-saved'), before + 1, 'one POST, before the reload');
    assert.deepEqual(await page.errors(), []);
    await page.close();
  });

  test('after a reload, a saved run waits for the default client given late', async () => {
    const page = await browser().newPage();
    const before = await posts('slow');
    const { runId } = await outcomeOf(page, 'late-client.html?start');
    const outcome = await outcomeOf(page, 'late-client.html?late');

    assert.deepEqual(outcome.waiting, { state: 'running', saved: 1 }, 'shown and kept while there is no client');
    assert.equal(outcome.runId, runId, 'the same run');
    assert.deepEqual(outcome.states, ['running', 'complete']);
    assert.ok(!outcome.events.some((name) => name.startsWith('drush-io-error')), outcome.events.join());
    assert.equal(outcome.events.at(-1), 'drush-io-complete:complete');
    assert.equal(outcome.saved, 0, 'a finished run is forgotten');
    assert.equal(await posts('slow'), before + 1, 'one POST');
    assert.deepEqual(await page.errors(), []);
    await page.close();
  });
});
