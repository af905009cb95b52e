// End-to-end tests of the demo page (www/index.html) in every engine of DRUSH_IO_ENGINES,
// against the dev server serving www/jobs.toml. `make test` starts the server and sets
// DRUSH_IO_E2E_URL; requests are counted on the server, through /__devserver/requests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { describeInEngines } from './browser.mjs';

const BASE = process.env.DRUSH_IO_E2E_URL;
// Finished runs take a few seconds; the slow demo job about 20.
const RUN_LIMIT_MS = 60_000;
const ENDED = ['complete', 'error', 'failed'];

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

/**
 * Uncaught errors in the page, and proxy requests that arrived at the server carrying an
 * Authorization header (the proxy adds the token server-side; the page must never send
 * one). The server's log records whether the header came, never its value.
 */
async function problems(page) {
  const leaks = (await requests('/proxy/v1/')).filter((r) => r.authorization);
  return [...(await page.errors()), ...leaks.map((r) => `a proxy request carried a token: ${r.method} ${r.path}`)];
}

/**
 * Waits until the page's auto.js has initialised the wasm and called `defineElements()`
 * (the element itself is defined before, by auto.js's class shell, so
 * `customElements.whenDefined` no longer tells): the elements' cores then write the texts
 * the class shell leaves empty, such as the confirmation's accept button. (Read from the
 * DOM: Firefox runs these scripts in a sandbox with module instances of its own.) When
 * that does not happen, calling what auto.js calls shows the engine's own error instead
 * of a bare timeout.
 */
async function loaded(page) {
  const defined = await page.run(async () => {
    const cored = () => [...document.querySelectorAll('drush-io-run-button')].every((element) =>
      element.shadowRoot?.querySelector('[part~="confirm-accept"]')?.textContent);
    for (let waited = 0; waited < 20_000 && !cored(); waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return cored();
  });
  if (defined) return;
  const why = await page.run(async () => {
    try {
      const drushIo = await import('/pkg/drush_io_embed.js');
      await drushIo.default();
      drushIo.defineElements();
      return 'a second defineElements() threw nothing';
    } catch (error) {
      return String(error);
    }
  });
  assert.fail(`auto.js did not define <drush-io-run-button>: ${why}`);
}

async function openDemo(browser) {
  const page = await browser.newPage();
  page.waitMs = RUN_LIMIT_MS;
  await page.goto(`${BASE}/`);
  await loaded(page);
  return page;
}

function stateOf(page, id) {
  return page.attribute(`#${id}`, 'state');
}

function waitForState(page, id, states) {
  return page.waitFor(
    (id, states) => {
      const state = document.getElementById(id)?.getAttribute('state');
      return states.includes(state) && state;
    },
    id,
    states,
  );
}

assert.ok(BASE, 'DRUSH_IO_E2E_URL must name the dev server (make test sets it)');

describeInEngines('demo page', (browser, engine) => {
  test('a job runs to complete through the proxy route, with badge, log and events', async () => {
    const page = await openDemo(browser());
    assert.equal(await stateOf(page, 'cache-clear'), 'idle');
    assert.equal(await page.attribute('#cache-clear', 'base-url'), '/proxy/v1');
    const before = await posts('cache-clear');

    await page.click(['#cache-clear', '[part~="button"]']);
    assert.equal(await waitForState(page, 'cache-clear', ENDED), 'complete');
    assert.equal(await posts('cache-clear'), before + 1, 'one click, one POST');

    const badge = ['#cache-clear', '[part~="badge"]'];
    assert.match(await page.text(badge), /Complete/);
    assert.equal(await page.attribute(badge, 'role'), 'status');

    await page.click(['#cache-clear', 'summary']);
    const log = ['#cache-clear', '[part~="log"]'];
    assert.ok(await page.visible(log), 'the log panel opens');
    assert.match(await page.text(log), /Cache rebuild complete\./);

    // The page lists events newest first: queued, each new status, then complete.
    const events = await page.run(() =>
      [...document.querySelectorAll('#events .event__name')].map((e) => e.textContent).reverse());
    assert.equal(events[0], 'drush-io-queued');
    assert.equal(events.at(-1), 'drush-io-complete');
    const statuses = events.slice(1, -1);
    assert.ok(statuses.length >= 2 && statuses.every((name) => name === 'drush-io-status'), events.join());
    assert.match(await page.text('#events .event__detail'), /cache-clear · complete/);

    // The form-driven job on the same page, so the screenshot shows a second outcome too.
    await page.type('input[name="MESSAGE"]', 'Release 2.4 is live');
    await page.click(['#announce', '[part~="button"]']);
    assert.equal(await waitForState(page, 'announce', ENDED), 'complete');
    const announced = await page.run(() => document.getElementById('announce').run.log);
    assert.match(announced, /Message: Release 2\.4 is live/);

    // The failing job asks first, in the element's own <dialog>, then ends in error.
    await page.click(['#config-import', '[part~="button"]']);
    const dialog = ['#config-import', '[part~="dialog"]'];
    assert.ok(await page.visible(dialog), 'the confirmation is shown');
    assert.match(await page.text(dialog), /Import configuration into the live site\?/);
    await page.click(['#config-import', '[part~="confirm-accept"]']);
    assert.equal(await waitForState(page, 'config-import', ENDED), 'error');
    assert.match(await page.text(['#config-import', '[part~="badge"]']), /Error/);
    const failedLog = ['#config-import', '[part~="log"]'];
    assert.ok(await page.visible(failedLog), 'an error run opens its log');
    assert.match(await page.text(failedLog), /The import failed\./);

    // Back from the log's summary to the button by keyboard, so its focus ring shows.
    await page.press(['#cache-clear', 'summary'], 'Shift+Tab');
    await page.screenshot(fileURLToPath(new URL(`../../target/e2e/demo-${engine}.png`, import.meta.url)));
    assert.deepEqual(await problems(page), []);
    await page.close();
  });

  test('a reload mid-run resumes the same run without a second POST', async () => {
    const page = await openDemo(browser());
    // Started from the keyboard: the button is a real, focusable <button>.
    await page.press(['#deploy', '[part~="button"]'], 'Enter');
    await waitForState(page, 'deploy', ['running']);
    const runId = await page.run(() => document.getElementById('deploy').run.id);
    const postsBefore = await posts('deploy');
    const runPath = `${runsPath('deploy')}/${encodeURIComponent(runId)}`;
    const pollsBefore = (await requests(runPath)).length;

    await page.reload();
    await loaded(page);
    // The resumed element shows the run in flight, then follows it to its end.
    assert.ok(['queued', 'running'].includes(await waitForState(page, 'deploy', ['queued', 'running', 'complete'])));
    assert.equal(await waitForState(page, 'deploy', ENDED), 'complete');
    assert.equal(await page.run(() => document.getElementById('deploy').run.id), runId);
    assert.equal(await posts('deploy'), postsBefore, 'the reload sent no POST');
    assert.ok((await requests(runPath)).length > pollsBefore, 'the same run was polled after the reload');
    assert.match(await page.text(['#deploy', '[part~="log"]']), /Deployment finished\./);
    assert.deepEqual(await problems(page), []);
    await page.close();
  });
});
