// Page-level tests of CONTRACT 7.1 for the element's start (tests/e2e/pages/start.js): a
// start that fails is shown, a click kept from before the core waits for a client given
// late, and the failures of a POST say what the server said, or that the run may have
// been queued. Requests are counted on the dev server, or by the page's own `fetch`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeInEngines } from './browser.mjs';

const BASE = process.env.DRUSH_IO_E2E_PAGES_URL;
assert.ok(BASE, 'DRUSH_IO_E2E_PAGES_URL must name the dev server (make test sets it)');

async function posts(job) {
  const path = `/proxy/v1/projects/test/jobs/${job}/runs`;
  const answer = await fetch(`${BASE}/__devserver/requests?path_prefix=${encodeURIComponent(path)}`);
  assert.equal(answer.status, 200);
  return (await answer.json()).requests.filter((r) => r.method === 'POST' && r.path === path).length;
}

async function open(browser, path) {
  const page = await browser.newPage();
  page.waitMs = 30_000;
  await page.goto(`${BASE}/${path}`);
  return page;
}

async function read(page) {
  const outcome = JSON.parse(await page.waitFor(() => document.documentElement.dataset.outcome));
  assert.equal(outcome.error, undefined, outcome.error);
  return outcome;
}

const JOB_BUTTON = ['#job', '[part~="button"]'];
const LATER_BUTTON = ['#later', '[part~="button"]'];
const seen = (page, id) => page.run((which) => window.seen[which], id);
const shown = (page, id) => page.run((which) => window.shown(which), id);

describeInEngines('element start', (browser) => {
  test('a wasm that cannot compile: the clicked element, and one clicked later, show failed and fire drush-io-error', async () => {
    const before = await posts('kept-click');
    const page = await open(browser(), 'start-blocked.html?scenario=blocked');
    await page.waitFor(() => document.documentElement.dataset.early);
    await page.click(JOB_BUTTON);
    assert.equal(await page.attribute('#job', 'state'), 'starting', 'kept until the core comes');
    await page.run(() => { document.documentElement.dataset.gate = 'open'; });
    const outcome = await read(page);
    assert.ok(outcome.thrown, 'auto.js still rejects');
    assert.equal(outcome.job.state, 'failed', JSON.stringify(outcome.job));
    assert.ok(outcome.job.message.length > 0 && outcome.thrown.includes(outcome.job.message), `the reason: ${outcome.job.message}`);
    assert.notEqual(outcome.job.busy, 'true');
    assert.notEqual(outcome.job.held, 'true', 'the button takes a click again');
    const job = await seen(page, 'job');
    assert.deepEqual(job.states, ['idle', 'starting', 'failed']);
    assert.equal(job.errors.length, 1);
    assert.equal(job.errors[0].isError, true);

    await page.click(LATER_BUTTON);
    const later = await shown(page, 'later');
    assert.equal(later.state, 'failed', 'clicked after the failure');
    assert.equal((await seen(page, 'later')).errors.length, 1);
    // A second click on the first shows it again, and fires again.
    await page.click(JOB_BUTTON);
    assert.equal((await seen(page, 'job')).errors.length, 2);
    assert.equal(await posts('kept-click'), before, 'no POST');
    assert.deepEqual(await page.errors(), []);
    await page.close();
  });

  test('a click before the core, handed to a core with messages but no client yet, waits for the client and queues one run', async () => {
    const before = await posts('kept-click');
    const page = await open(browser(), 'start.html?scenario=late');
    await page.waitFor(() => document.documentElement.dataset.early);
    await page.click(JOB_BUTTON);
    await page.run(() => { document.documentElement.dataset.gate = 'open'; });
    const outcome = await read(page);
    assert.equal(outcome.waiting.state, 'starting', 'the core keeps the click while there is no client');
    assert.match(outcome.waiting.badge, /Getting ready/, 'in the page\'s words');
    assert.equal(outcome.stillWaiting.state, 'starting');
    assert.equal(outcome.stillWaiting.held, 'true');
    assert.equal(outcome.job.state, 'complete');
    assert.ok(outcome.runId);
    assert.deepEqual((await seen(page, 'job')).errors, []);
    assert.ok(!(await seen(page, 'job')).states.includes('failed'));
    assert.equal(await posts('kept-click'), before + 1, 'one click, one POST');
    assert.deepEqual(await page.errors(), []);
    await page.close();
  });

  test('a POST refused: failed, with the server\'s own words', async () => {
    const page = await open(browser(), 'start.html?scenario=refused');
    const outcome = await read(page);
    assert.equal(outcome.job.state, 'failed');
    assert.equal(outcome.job.message, "The server answered 403. This job is not on the site's list.");
    assert.match(outcome.job.badge, /This job is not on the site's list\./);
    assert.equal(outcome.posts, 1);
    assert.deepEqual((await seen(page, 'job')).errors, [{ kind: 'http', status: 403, isError: true, run: null }]);
    assert.deepEqual(await page.errors(), []);
    await page.close();
  });

  for (const answer of ['502', '504', 'network']) {
    test(`a POST whose outcome is unknown (${answer}): failed, the run may have been queued, no second POST`, async () => {
      const page = await open(browser(), `start.html?scenario=unknown&answer=${answer}`);
      const outcome = await read(page);
      assert.equal(outcome.job.state, 'failed');
      assert.equal(outcome.job.message, 'The run may have been queued: check before running it again.');
      assert.equal(outcome.posts, 1, 'never retried by the element');
      const errors = (await seen(page, 'job')).errors;
      assert.equal(errors.length, 1);
      assert.equal(errors[0].kind, answer === 'network' ? 'network' : 'http');
      assert.deepEqual(await page.errors(), []);
      await page.close();
    });
  }
});
