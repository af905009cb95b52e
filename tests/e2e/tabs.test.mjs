// Page-level tests of CONTRACT 5.4 (tabs): several tabs of one browser share storage, Web
// Locks and BroadcastChannels, so elements of one job follow one run and waits on one run
// share one poller. Pages are tests/e2e/pages/tabs-*.html under the strict policy; requests
// are counted on the dev server. The tests of shared polling compare their GETs with a
// reference tab that follows a run of the same job, started at the same time, with
// `tabs: false`: one tab's worth of polling on this machine, now.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeInEngines } from './browser.mjs';

const BASE = process.env.DRUSH_IO_E2E_PAGES_URL;
const RUNS = '/proxy/v1/projects/test/jobs/';

async function logged() {
  const answer = await fetch(`${BASE}/__devserver/requests?path_prefix=${encodeURIComponent(RUNS)}`);
  assert.equal(answer.status, 200);
  return (await answer.json()).requests;
}

const runs = (job) => `${RUNS}${job}/runs`;
const posts = async (job) => (await logged()).filter((r) => r.method === 'POST' && r.path === runs(job)).length;
const getTimes = async (job, id) => (await logged())
  .filter((r) => r.method === 'GET' && r.path === `${runs(job)}/${encodeURIComponent(id)}`)
  .map((r) => r.at_ms);
/** The GETs of a run of `slow`, and when each came (ms after the first) for messages. */
async function gets(id, job = 'slow') {
  const times = await getTimes(job, id);
  return { count: times.length, times: times.map((at) => at - times[0]).join(' ') };
}

/** What a page wrote to `data-<name>`, once it did. */
async function read(page, name) {
  const text = await page.waitFor((key) => document.documentElement.dataset[key], name);
  if (name !== 'outcome') return text;
  const outcome = JSON.parse(text);
  assert.equal(outcome.error, undefined, outcome.error);
  return outcome;
}

/** Opens a tab on a test page. */
async function open(browser, path) {
  const page = await browser.newPage();
  page.waitMs = 60_000;
  await page.goto(`${BASE}/${path}`);
  return page;
}

/**
 * A tab that queues a run of `slow-twin` (as long as `slow`, and not queued behind it) and
 * polls it alone; resolves with its GETs at the end.
 */
async function reference(browser, job = 'slow-twin') {
  const page = await open(browser, `tabs-wait.html?queue&tabs=false&job=${job}`);
  return async () => {
    const outcome = await read(page, 'outcome');
    assert.equal(outcome.status, 'complete');
    await page.close();
    return gets(outcome.id, job);
  };
}

/** Two tabs with the element for `slow`, defined. */
async function elementTabs(browser) {
  const tabs = [await open(browser, 'tabs-element.html'), await open(browser, 'tabs-element.html')];
  for (const tab of tabs) await read(tab, 'ready');
  return tabs;
}

/** Closes tabs, each free of uncaught errors. */
async function closeAll(tabs) {
  for (const tab of tabs) {
    assert.deepEqual(await tab.errors(), []);
    await tab.close();
  }
}

const BUTTON = ['#slow', '[part~="button"]'];

assert.ok(BASE, 'DRUSH_IO_E2E_PAGES_URL must name the dev server (make test sets it)');

describeInEngines('tabs', (browser) => {
  test('a run queued in one tab shows in the other, which cannot queue another', async () => {
    const tabs = await elementTabs(browser());
    const before = await posts('slow');
    const alone = await reference(browser());
    await tabs[0].click(BUTTON);
    // The follower's button is busy (aria-disabled): a real click there queues nothing.
    await tabs[1].waitFor(() => ['queued', 'running'].includes(document.getElementById('slow').getAttribute('state')));
    await tabs[1].click(BUTTON);
    const [queuing, following] = [await read(tabs[0], 'outcome'), await read(tabs[1], 'outcome')];

    assert.equal(await posts('slow'), before + 1, 'one click, one POST');
    for (const outcome of [queuing, following]) {
      assert.equal(outcome.state, 'complete');
      assert.match(outcome.log, /step 4 of 4/);
      assert.equal(outcome.enabledInFlight, 0, 'the button stays busy while the run is in flight');
    }
    assert.equal(following.runId, queuing.runId, 'the same run');
    assert.equal(following.queuedAt, null, 'the follower queued nothing');
    const lag = following.firstInFlightAt - queuing.queuedAt;
    assert.ok(lag <= 2000, `the other tab showed the run ${lag} ms after it was queued`);
    const [shared, one] = [await gets(queuing.runId), await alone()];
    assert.ok(shared.count <= one.count * 1.5,
      `two tabs polled at ${shared.times} ms, one tab alone at ${one.times} ms`);
    await closeAll(tabs);
  });

  test('when the tab that queued closes mid-run, the other tab still sees the run end', async () => {
    const tabs = await elementTabs(browser());
    await tabs[0].click(BUTTON);
    await tabs[1].waitFor(() => document.getElementById('slow').getAttribute('state') === 'running');
    await tabs[0].close();
    const outcome = await read(tabs[1], 'outcome');
    assert.equal(outcome.state, 'complete');
    assert.match(outcome.log, /step 4 of 4/);
    await closeAll(tabs.slice(1));
  });

  test('three tabs wait on one run; the polling tab closes and the others end', async () => {
    const job = 'handover';
    const first = await open(browser(), `tabs-wait.html?queue&job=${job}`);
    const id = await read(first, 'run');
    const alone = await reference(browser(), 'handover-twin');
    const others = [await open(browser(), `tabs-wait.html?run=${id}&job=${job}`),
      await open(browser(), `tabs-wait.html?run=${id}&job=${job}`)];
    // The first tab holds the lock; the others see its polls over the channel.
    for (const tab of others) await tab.waitFor(() => document.documentElement.dataset.status);
    const beforeClose = await gets(id, job);
    // What this test is about needs the run still going (a status seen says nothing of it).
    const inFlight = await others[0].run(() => document.documentElement.dataset.outcome === undefined);
    assert.ok(inFlight, 'the run was still in flight when the polling tab closed');
    await first.close();
    for (const tab of others) {
      assert.deepEqual(await read(tab, 'outcome'), { status: 'complete', id });
    }
    const [total, one] = [await gets(id, job), await alone()];
    assert.ok(total.count > beforeClose.count, 'another tab took over polling');
    assert.ok(total.count <= one.count * 1.5,
      `three tabs polled at ${total.times} ms, one tab alone at ${one.times} ms`);
    await closeAll(others);
  });

  test('clients with tabs: false poll alone', async () => {
    const job = 'alone';
    const first = await open(browser(), `tabs-wait.html?queue&tabs=false&job=${job}`);
    const id = await read(first, 'run');
    const second = await open(browser(), `tabs-wait.html?run=${id}&tabs=false&job=${job}`);
    await read(second, 'status');
    // What this test is about needs the run still going once both tabs follow it.
    assert.ok(await first.run(() => document.documentElement.dataset.outcome === undefined),
      'the run was still in flight when the second tab followed it');
    for (const tab of [first, second]) {
      assert.deepEqual(await read(tab, 'outcome'), { status: 'complete', id });
    }
    // Each tab's own requests for the run (its resource timings): a tab sharing the other's
    // polls would have sent none or one. The server got exactly the two tabs' polls.
    const own = [];
    for (const tab of [first, second]) {
      own.push(await tab.run((path) => performance.getEntriesByType('resource')
        .filter((entry) => new URL(entry.name).pathname === path).length, `${runs(job)}/${encodeURIComponent(id)}`));
    }
    assert.ok(own.every((count) => count >= 2), `each tab polled the run itself: ${own.join(' and ')} requests`);
    assert.equal((await gets(id, job)).count, own[0] + own[1], 'the server got both tabs\' polls');
    await closeAll([first, second]);
  });
});
