// Page-level tests of CONTRACT 7 for the client's waits: a page that sleeps past a
// deadline, goes offline and back, turns visible, and a polling tab that stops polling.
// The page is tests/e2e/pages/wait.html under the strict policy. Time on the page is a
// fake clock that moves only when a test says so: a GET sent without the clock moving was
// sent at once. Requests are counted on the dev server; each test has its own job.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { describeInEngines } from './browser.mjs';
import { bundleFakeTimers } from './fake-timers.mjs';

const BASE = process.env.DRUSH_IO_E2E_PAGES_URL;
assert.ok(BASE, 'DRUSH_IO_E2E_PAGES_URL must name the dev server (make test sets it)');

before(bundleFakeTimers);

const runs = (job) => `/proxy/v1/projects/test/jobs/${job}/runs`;
async function gets(job) {
  const answer = await fetch(`${BASE}/__devserver/requests?path_prefix=${encodeURIComponent(runs(job))}`);
  assert.equal(answer.status, 200);
  return (await answer.json()).requests.filter((r) => r.method === 'GET' && r.path.startsWith(`${runs(job)}/`));
}

async function open(browser, query) {
  const page = await browser.newPage();
  page.waitMs = 30_000;
  await page.goto(`${BASE}/wait.html?${query}`);
  return page;
}

const data = (page, key) => page.waitFor((name) => document.documentElement.dataset[name], key);
const send = (page, name) => page.run((event) => document.dispatchEvent(new Event(event)), name);

/**
 * Waits until the page's run has ended on the server (the page's clock stands still), read
 * from the project's list of runs, a path no count of these tests includes. (A fixed
 * sleep stood for this, and on a busy machine the run could still be going.)
 */
async function finished(page) {
  const id = await data(page, 'run');
  for (;;) {
    const answer = await fetch(`${BASE}/proxy/v1/projects/test/runs`);
    assert.equal(answer.status, 200);
    const run = (await answer.json()).runs.find((r) => r.id === id);
    assert.ok(run, `run ${id} is listed`);
    if (run.status === 'complete' || run.status === 'error') return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits until the page's wait has seen the run once, and answers the GETs so far. */
async function firstLook(page, job) {
  assert.equal(await data(page, 'status'), 'running');
  return (await gets(job)).length;
}

describeInEngines('waits that sleep, go offline and come back', (browser) => {
  test('a sleep past the deadline is followed by one more GET, and the wait resolves complete', async () => {
    const job = 'wait-sleep';
    const page = await open(browser(), `job=${job}&fake&timeout=5000`);
    await data(page, 'run');
    const before = await firstLook(page, job);
    await finished(page);
    await send(page, 'e2e-sleep');
    assert.equal(await data(page, 'outcome'), 'complete');
    assert.equal((await gets(job)).length, before + 1, 'one more look after the sleep');
    assert.deepEqual(await page.errors(), []);
    await page.close();
  });

  test('offline then online: the wait polls as the network comes back', async () => {
    const job = 'wait-online';
    const page = await open(browser(), `job=${job}&fake`);
    await data(page, 'run');
    const before = await firstLook(page, job);
    await send(page, 'e2e-offline');
    await finished(page);
    assert.equal((await gets(job)).length, before, 'nothing sent while pausing offline');
    // The page's clock moves a second, far from the pause's end: the GET comes from the
    // `online` event alone.
    await send(page, 'e2e-tick');
    assert.equal((await gets(job)).length, before);
    await send(page, 'e2e-online');
    assert.equal(await data(page, 'outcome'), 'complete');
    assert.equal((await gets(job)).length, before + 1);
    await page.close();
  });

  test('turning visible polls at once, and ten flaps add one GET', async () => {
    const job = 'wait-visible';
    const page = await open(browser(), `job=${job}&fake`);
    await data(page, 'run');
    const before = await firstLook(page, job);
    await send(page, 'e2e-flap');
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal((await gets(job)).length, before, 'the run shown was seen no time ago');
    await send(page, 'e2e-tick');
    await send(page, 'e2e-flap');
    await page.waitFor(async (path, count) => {
      const answer = await fetch(`/__devserver/requests?path_prefix=${encodeURIComponent(path)}`);
      return (await answer.json()).requests.filter((r) => r.method === 'GET').length === count;
    }, `${runs(job)}/`, before + 1);
    // Let anything more arrive, then check nothing did.
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal((await gets(job)).length, before + 1, 'ten flaps in no time: one GET');
    await send(page, 'e2e-tick');
    await send(page, 'e2e-flap');
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal((await gets(job)).length, before + 1, 'no second early GET within initialDelayMs');
    assert.deepEqual(await page.errors(), []);
    await page.close();
  });

  test('a polling tab that stops polling: the visible tab still ends complete', async () => {
    const job = 'wait-stalled';
    // The first tab takes the run's lock, polls once, and then neither its clock moves
    // nor a page event reaches it.
    const stalled = await open(browser(), `job=${job}&fake&frozen`);
    const id = await data(stalled, 'run');
    await firstLook(stalled, job);
    const visible = await open(browser(), `job=${job}&run=${id}`);
    assert.equal(await data(visible, 'outcome'), 'complete');
    const times = (await gets(job)).map((r) => r.at_ms);
    assert.ok(times.length >= 2, 'the visible tab polled itself');
    assert.equal(await stalled.run(() => document.documentElement.dataset.outcome ?? null), null,
      'the stalled tab never moved');
    await visible.close();
    await stalled.close();
  });

  test('a polling tab that turns hidden hands the lock to a waiting tab, which polls', async () => {
    const job = 'wait-hidden';
    // The lock's holder and waiters (their client ids), once a tab waits for it.
    const lock = (page, name) => page.waitFor(async (n) => {
      const { held, pending } = await navigator.locks.query();
      const ids = [held, pending].map((locks) => locks.filter((l) => l.name.endsWith(n)).map((l) => l.clientId));
      return ids[1].length ? JSON.stringify(ids) : null;
    }, name);
    // The first tab polls once and then its clock stands still: only a hand-over moves on.
    const hiding = await open(browser(), `job=${job}&fake`);
    const id = await data(hiding, 'run');
    await firstLook(hiding, job);
    const visible = await open(browser(), `job=${job}&run=${id}`);
    const name = `${job}/runs/${id}`;
    const [[holder], [waiter]] = JSON.parse(await lock(hiding, name));
    await send(hiding, 'e2e-hide');
    const newHolder = await hiding.waitFor(async (n, old) => {
      const { held } = await navigator.locks.query();
      const id = held.find((l) => l.name.endsWith(n))?.clientId;
      return id !== old && id;
    }, name, holder);
    assert.notEqual(newHolder, holder, 'the hidden tab gave the lock up');
    assert.equal(newHolder, waiter, 'to the tab that waited for it');
    assert.equal(await data(visible, 'outcome'), 'complete');
    await visible.close();
    await hiding.close();
  });
});
