// Page-level tests of CONTRACT 7 for the element: pages left open for hours, offline, in
// several tabs, Back and Forward. The page is tests/e2e/pages/lifecycle.html under the
// strict policy, driven by its `?scenario=`; requests are counted on the dev server, and
// each test has jobs of its own in tests/jobs.toml. Hours pass on a fake clock
// (@sinonjs/fake-timers, bundled for the page by tests/e2e/fake-timers.mjs).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { describeInEngines } from './browser.mjs';
import { bundleFakeTimers } from './fake-timers.mjs';

const BASE = process.env.DRUSH_IO_E2E_PAGES_URL;
assert.ok(BASE, 'DRUSH_IO_E2E_PAGES_URL must name the dev server (make test sets it)');

before(bundleFakeTimers);

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
    assert.equal(outcome.answered.state, 'running', 'an answer with the same status clears the hint');
    assert.equal(outcome.final, 'complete');
    assert.ok(!outcome.end.includes(hint), outcome.end);
    await closeAll([page]);
  });

  test('a run that ends while offline keeps no offline hint', async () => {
    const page = await open(browser(), 'offlineEnd');
    const outcome = await read(page);
    const hint = 'Offline, waiting for the network';
    assert.ok(outcome.hinted.includes(hint), outcome.hinted);
    assert.equal(outcome.ended.state, 'complete');
    assert.ok(!outcome.ended.badge.includes(hint), `the final answer clears it: ${outcome.ended.badge}`);
    assert.ok(!outcome.offlineAfter.includes(hint), `an ended run gets none: ${outcome.offlineAfter}`);
    await closeAll([page]);
  });

  test('an element out of the page follows no later run of its job, even before it has left', async () => {
    const page = await open(browser(), 'removed');
    const outcome = await read(page);
    assert.ok(outcome.followed.gets > 0, 'in the page, it follows the run another element queued');
    assert.equal(outcome.followed.state, 'complete');
    assert.deepEqual(outcome.afterRemoval, { gets: 0, state: 'complete' }, 'out of it, it sends nothing and shows its last run');
    assert.equal(outcome.second, 'complete');
    assert.equal(await posts('removed-later'), 2);
    await closeAll([page]);
  });

  test('a run going on past the hour ends complete, never taking a click meanwhile', async () => {
    const before = await posts('past-the-hour');
    const page = await open(browser(), 'hour');
    const outcome = await read(page);
    assert.ok(outcome.hours >= 2, `${outcome.hours} hours passed`);
    assert.deepEqual(outcome.afterJump, { state: 'running', activatable: false });
    assert.equal(outcome.final, 'complete', outcome.states.join());
    assert.ok(!outcome.states.includes('failed'), outcome.states.join());
    assert.equal(outcome.activatableInFlight, 0);
    assert.equal(outcome.activatableAtEnd, true);
    assert.equal(outcome.saved, 0);
    assert.equal(await posts('past-the-hour'), before + 1, 'one POST');
    await closeAll([page]);
  });

  test('elements on two APIs do not follow each other; base-url and a default client on one base do', async () => {
    const page = await open(browser(), 'keys');
    const outcome = await read(page);
    assert.deepEqual(outcome.baseUrls, [`${outcome.origin}/proxy/v1`, `${outcome.origin}/proxy/v1`, 'http://127.0.0.1:1/v1']);
    assert.equal(outcome.first, 'complete');
    assert.deepEqual(outcome.second, ['idle'], 'the element of the other API stayed idle');
    assert.equal(await gets('other-api', '/v1'), 0, 'and sent nothing');
    assert.equal(outcome.attributed[0], 'complete');
    assert.ok(outcome.defaulted[0].includes('running') || outcome.defaulted[0].includes('queued'), outcome.defaulted[0].join());
    assert.deepEqual(outcome.defaulted, [outcome.defaulted[0], outcome.attributed[1]], 'the same run');
    assert.equal(outcome.defaulted[0].at(-1), 'complete');
    assert.equal(await posts('same-api'), 1);
    await closeAll([page]);
  });

  test('a Drupal-shaped form sends only its variables', async () => {
    const page = await open(browser(), 'form');
    const outcome = await read(page);
    // The dev server refuses any variable the job does not declare (form_token...).
    assert.deepEqual(outcome.all, ['complete', 'Bonjour, Drupal!']);
    assert.deepEqual(outcome.some, ['complete', 'Bonjour, world!']);
    assert.equal(outcome.missing[0], 'failed');
    // The element shows the reason of its kind (messages `errors`); the event's error says which.
    assert.ok(outcome.missing[1], 'a reason is shown');
    assert.equal(outcome.missing[2].length, 2, 'one error');
    assert.equal(outcome.missing[2][0], 'invalid-argument');
    assert.match(outcome.missing[2][1], /vars attribute/);
    assert.equal(await posts('drupal-form-missing'), 0, 'no POST');
    await closeAll([page]);
  });

  test('a saved run lasts a day after it was last seen in flight; markers of jobs no element loads are swept', async () => {
    const before = await posts('past-the-day');
    const page = await open(browser(), 'day');
    const outcome = await read(page);
    assert.deepEqual(outcome.swept, ['drush-io-run|/elsewhere|test|elsewhere'], 'the stale markers are gone, the fresh one stays');
    assert.deepEqual(outcome.refreshed, [true, true], 'each answer after a jump wrote the marker again');
    assert.deepEqual(outcome.secondShown, { state: 'running', activatable: false },
      'twenty-six hours after the click, a new element of the job shows the run and holds its button');
    assert.equal(outcome.final, 'complete');
    assert.equal(outcome.second, 'complete');
    assert.equal(outcome.saved, 0);
    assert.equal(await posts('past-the-day'), before + 1, 'one POST');
    await closeAll([page]);
  });

  test('a proxy 401 mid-run: not failed, the run saved and held, the server\'s words; a reload resumes it', async () => {
    const page = await open(browser(), 'expired&start');
    const failed = await read(page);
    assert.ok(['queued', 'running'].includes(failed.state), `the run's last status is kept, not ${failed.state}`);
    assert.match(failed.message, /^Your session expired: reload to keep following this run\. the session has expired \(rehearsed fault\)$/);
    assert.match(failed.badge, /Your session expired/, 'the badge says it');
    assert.deepEqual(failed.errors, [{ kind: 'http', status: 401, run: failed.runId }], 'drush-io-error once, with the last run');
    assert.equal(failed.saved, 1, 'the run stays saved');
    assert.equal(failed.activatable, false, 'and its button takes no click');
    await page.goto(`${BASE}/lifecycle.html?scenario=expired`);
    const resumed = await read(page);
    assert.equal(resumed.runId, failed.runId);
    assert.equal(resumed.states.at(-1), 'complete', resumed.states.join());
    assert.equal(resumed.saved, 0);
    assert.equal(await posts('expired-session'), 1);
    await closeAll([page]);
  });

  test('two tabs clicking at the same instant queue one run', async () => {
    const tabs = [await open(browser(), 'race&job=race'), await open(browser(), 'race&job=race')];
    for (const tab of tabs) await read(tab, 'ready');
    const at = Date.now() + 1500;
    for (const tab of tabs) await tab.run((when) => { document.documentElement.dataset.startAt = when; }, at);
    const outcomes = [await read(tabs[0]), await read(tabs[1])];
    assert.equal(await posts('race'), 1, 'one POST');
    for (const outcome of outcomes) assert.equal(outcome.final, 'complete', outcome.states.join());
    assert.equal(outcomes[0].runId, outcomes[1].runId);
    assert.equal(outcomes[0].queued + outcomes[1].queued, 1);
    await closeAll(tabs);
  });

  test('a confirmation accepted while another tab queues a run queues nothing', async () => {
    const [asking, queuing] = [await open(browser(), 'race&job=race-confirm&confirm'), await open(browser(), 'race&job=race-confirm')];
    for (const tab of [asking, queuing]) await read(tab, 'ready');
    await asking.click(ELEMENT_BUTTON);
    await asking.waitFor(() => document.getElementById('race').shadowRoot.querySelector('dialog').open);
    // The other tab's POST takes a second (latency fault); this one is accepted meanwhile.
    await queuing.run(() => { document.documentElement.dataset.startAt = Date.now(); });
    await queuing.waitFor(() => document.getElementById('race').getAttribute('state') === 'starting');
    await asking.click(ACCEPT);
    const outcomes = [await read(asking), await read(queuing)];
    assert.equal(await posts('race-confirm'), 1, 'one POST');
    assert.equal(outcomes[0].queued, 0, 'the confirming tab queued nothing');
    assert.equal(outcomes[0].runId, outcomes[1].runId, 'and followed the other run');
    for (const outcome of outcomes) assert.equal(outcome.final, 'complete', outcome.states.join());
    await closeAll([asking, queuing]);
  });

  test('an open confirmation closes when another tab queues a run, and follows it', async () => {
    const [asking, queuing] = [await open(browser(), 'race&job=race-dialog&confirm'), await open(browser(), 'race&job=race-dialog')];
    for (const tab of [asking, queuing]) await read(tab, 'ready');
    await asking.click(ELEMENT_BUTTON);
    await asking.waitFor(() => document.getElementById('race').shadowRoot.querySelector('dialog').open);
    await queuing.run(() => { document.documentElement.dataset.startAt = Date.now(); });
    const outcomes = [await read(asking), await read(queuing)];
    assert.equal(outcomes[0].dialogOpen, false, 'the question closed');
    assert.equal(outcomes[0].runId, outcomes[1].runId, 'the other run followed');
    assert.equal(outcomes[0].final, 'complete', outcomes[0].states.join());
    assert.equal(outcomes[0].activatableInFlight, 0);
    assert.equal(await posts('race-dialog'), 1, 'one POST');
    await closeAll([asking, queuing]);
  });

  test('back and forward mid-run: one POST, and the run ends complete', async () => {
    const page = await open(browser(), 'leave');
    await page.waitFor(() => document.documentElement.dataset.running);
    await page.goto(`${BASE}/lifecycle.html?scenario=away`);
    await page.back();
    await page.waitFor(() => document.documentElement.dataset.running);
    await page.forward();
    await page.back();
    const outcome = await read(page);
    assert.equal(outcome.final, 'complete');
    assert.equal(await posts('back-forward'), 1, 'one POST');
    await closeAll([page]);
  });

  test("an idle element's page is restored from the back/forward cache", async (t) => {
    const page = await browser().newPage();
    page.waitMs = 60_000;
    // Whether a page left for another and gone back to came from the cache, in one of
    // three tries: Firefox keeps some pages out of it now and then, for its own reasons.
    const restored = async (scenario) => {
      for (let attempt = 0; attempt < 3; attempt += 1) {
        await page.goto(`${BASE}/lifecycle.html?scenario=${scenario}`);
        await read(page, 'ready');
        await page.goto(`${BASE}/lifecycle.html?scenario=away`);
        await page.back();
        if (await page.run(() => document.documentElement.dataset.persisted === '1')) return true;
      }
      return false;
    };
    if (!(await restored('idle&bare'))) {
      await page.close();
      t.skip(`${browser().engine} restores no page from its back/forward cache when driven over WebDriver`);
      return;
    }
    assert.ok(await restored('idle'), 'the page of an idle element came back from the cache');
    await closeAll([page]);
  });
});
