// The soak test of CONTRACT 7 and 7.1: one page and up to three more tabs of
// tests/soak/page.html follow runs of tests/soak/jobs.toml for hours of fake-clock time
// against the dev server, in Chromium. A seeded random number generator draws the
// schedule: time going by, the machine sleeping (every clock jumps hours), the network
// flapping, tabs hiding, freezing, closing and opening, and an editor clicking buttons and
// confirmations at random moments (also during POSTs, which take a second for
// `soak-confirm`). The proxy answers 503 and 401 to some polls (the jobs' faults). Each
// simulated hour everything comes back and settles, and the invariants are checked.
//
//   DRUSH_IO_SOAK_URL    the dev server serving tests/ (scripts/soak.sh sets it)
//   DRUSH_IO_SOAK_HOURS  simulated hours (default 6)
//   DRUSH_IO_SOAK_SEED   repeats a schedule (printed at the start and on a failure)
//   DRUSH_IO_SOAK_JSON   where to write the figures (for make bench)
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import WebSocket from 'ws';
import { launch } from '../e2e/browser.mjs';
import { bundleFakeTimers } from '../e2e/fake-timers.mjs';

const BASE = process.env.DRUSH_IO_SOAK_URL;
assert.ok(BASE, 'DRUSH_IO_SOAK_URL must name the dev server (scripts/soak.sh sets it)');
const HOURS = Number(process.env.DRUSH_IO_SOAK_HOURS ?? 6);
const SEED = Number(process.env.DRUSH_IO_SOAK_SEED ?? Math.floor(Math.random() * 2 ** 32));
const HOUR = 3600e3;
const MINUTE = 60e3;
const RUNS = '/proxy/v1/projects/test/jobs/';
// Each job's true final state (the commands of tests/soak/jobs.toml end the same way each time).
const FINAL = { 'soak-ok': 'complete', 'soak-fail': 'error', 'soak-confirm': 'complete',
  'soak-unavailable': 'complete', 'soak-expiring': 'complete' };
const IN_FLIGHT = ['starting', 'queued', 'running'];

before(bundleFakeTimers);

// mulberry32: a small seeded generator; the schedule only needs to be repeatable.
function generator(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

async function logged() {
  const answer = await fetch(`${BASE}/__devserver/requests?path_prefix=${encodeURIComponent(RUNS)}`);
  assert.equal(answer.status, 200);
  const { requests } = await answer.json();
  assert.ok(requests.length < 10_000, 'the dev server kept every request (its log holds 10000)');
  return requests;
}

// The tabs are driven through CDP (Runtime.evaluate, Input.dispatchMouseEvent), not
// WebDriver's Execute Script: chromedriver keeps every script's result alive in the page
// (measured: about 600 B a call, never freed, 1500 calls grow the heap by 1 MB; an
// element click about 190 B). Over a day the soak makes thousands of calls to the page
// it measures, and that growth was most of its JS heap's (+41 % at hour 24): the driver's,
// not the package's.
async function run(page, fn, ...args) {
  const { result, exceptionDetails } = await page.cdp('Runtime.evaluate', {
    expression: `(${fn})(...${JSON.stringify(args)})`, awaitPromise: true, returnByValue: true,
  });
  if (exceptionDetails) throw new Error(`in the page: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
  return result.value;
}

/** A click at the middle of `part` in the shadow root of `host`, as WebDriver's is. */
async function click(page, [host, part]) {
  const { x, y } = await run(page, (hostSelector, partSelector) => {
    const target = document.querySelector(hostSelector).shadowRoot.querySelector(partSelector);
    target.scrollIntoView({ block: 'center' });
    const box = target.getBoundingClientRect();
    return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  }, host, part);
  for (const type of ['mousePressed', 'mouseReleased']) {
    await page.cdp('Input.dispatchMouseEvent', { type, x, y, button: 'left', clickCount: 1 });
  }
}

/**
 * The bytes of V8's compiled code in the page's JS heap: the `code` nodes of a heap
 * snapshot (bytecode, machine code, feedback vectors; never an object the page keeps).
 * The snapshot comes in events, which the driver's CDP command cannot carry: it is taken
 * through Chromium's DevTools socket.
 */
async function codeBytes(debuggerAddress, page) {
  const url = await run(page, () => location.href);
  const targets = await (await fetch(`http://${debuggerAddress}/json/list`)).json();
  const target = targets.find((t) => t.type === 'page' && t.url === url);
  assert.ok(target, `no DevTools target for ${url}`);
  const socket = new WebSocket(target.webSocketDebuggerUrl, { maxPayload: 2 ** 30 });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const chunks = [];
  const answers = new Map();
  socket.on('message', (data) => {
    const message = JSON.parse(data);
    if (message.method === 'HeapProfiler.addHeapSnapshotChunk') chunks.push(message.params.chunk);
    else answers.get(message.id)?.(message);
  });
  const send = (id, method) => new Promise((resolve) => {
    answers.set(id, resolve);
    socket.send(JSON.stringify({ id, method, params: {} }));
  });
  try {
    await send(1, 'HeapProfiler.enable');
    // Answered once every chunk has been sent.
    const { error } = await send(2, 'HeapProfiler.takeHeapSnapshot');
    assert.equal(error, undefined, JSON.stringify(error));
  } finally {
    socket.close();
  }
  const { snapshot: { meta }, nodes } = JSON.parse(chunks.join(''));
  const [fields, code] = [meta.node_fields.length, meta.node_types[0].indexOf('code')];
  const [type, size] = [meta.node_fields.indexOf('type'), meta.node_fields.indexOf('self_size')];
  let bytes = 0;
  for (let i = 0; i < nodes.length; i += fields) if (nodes[i + type] === code) bytes += nodes[i + size];
  return bytes;
}

class Soak {
  random = generator(SEED);
  browser;
  tabs = [];
  opened = 0;
  // The last simulated hour settled and checked.
  checked = 0;
  // Fake milliseconds every clock is ahead of real time.
  offset = 0;
  simulated = 0;
  // The records of page lives that ended (closed or reloaded tabs).
  queued = {};
  uncertain = {};
  statuses = 0;
  problems = [];
  failed = new Set();
  clicks = 0;
  log = [];
  memory = { heapByHour: [] };

  pick(list) {
    return list[Math.floor(this.random() * list.length)];
  }

  between(low, high) {
    return low + this.random() * (high - low);
  }

  note(text) {
    this.log.push(`${(this.simulated / HOUR).toFixed(2)} h: ${text}`);
    if (this.log.length > 40) this.log.shift();
  }

  problem(text) {
    this.problems.push(`${(this.simulated / HOUR).toFixed(2)} h: ${text}`);
  }

  async open(churn) {
    const page = await this.browser.newPage();
    page.waitMs = 120_000;
    const tab = { page, churn, online: true, hidden: false, frozen: false, name: `tab ${this.opened++}` };
    await this.load(tab, 'goto');
    this.tabs.push(tab);
    return tab;
  }

  async load(tab, how) {
    const url = `${BASE}/soak/page.html?now=${Date.now() + this.offset}${tab.churn ? '&expiring' : ''}`;
    if (how === 'goto') await tab.page.goto(url);
    else await tab.page.reload();
    Object.assign(tab, { online: true, hidden: false, frozen: false });
    await tab.page.waitFor(() => document.documentElement.dataset.ready);
    if (how !== 'goto') {
      // A reload keeps the old URL's start time: the clock is set again to the time line.
      const behind = Date.now() + this.offset - await run(tab.page, () => window.soak.now());
      if (behind > 0) await run(tab.page, (ms) => window.soak.jump(ms), behind);
    }
  }

  /** Adds what a page life recorded to the totals (before it ends). */
  async harvest(tab) {
    const { jobs, problems } = await run(tab.page, () => window.soak.records());
    for (const [job, seen] of Object.entries(jobs)) {
      this.queued[job] = (this.queued[job] ?? 0) + seen.queued;
      this.uncertain[job] = (this.uncertain[job] ?? 0) + seen.uncertain;
      this.statuses += seen.statuses;
    }
    for (const text of problems) this.problem(`${tab.name}: ${text}`);
    for (const error of await tab.page.errors()) this.problem(`${tab.name}: uncaught ${error}`);
  }

  async jump(ms) {
    this.offset += ms;
    this.simulated += ms;
    for (const tab of this.tabs) await run(tab.page, (by) => window.soak.jump(by), ms);
  }

  /** A second goes by for the runs' timers (the runs themselves take real seconds). */
  async tick() {
    await this.jump(1000);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  async posting() {
    for (const tab of this.tabs) {
      if ((await this.shown(tab)).some((e) => e.state === 'starting')) return true;
    }
    return false;
  }

  shown(tab) {
    return run(tab.page, () => window.soak.shown());
  }

  /**
   * Back online: the hint goes with the next answer about each run it was shown on that
   * reaches the tab (its own poll's, or a run another tab published). A poll the server
   * logged is not enough: its answer may reach no other tab (a tab closing, say), or
   * reach the tab that polls the run, which takes no other tab's news.
   */
  async online(tab) {
    const hinted = (await this.shown(tab)).filter((e) => e.offline && !e.expired && IN_FLIGHT.includes(e.state));
    // Answers to GETs sent before the page was online again may come while it is not.
    const since = await run(tab.page, () => window.soak.network(true));
    tab.online = true;
    if (!hinted.length) return;
    // The next answer may be a while away: the runs' timers need time to go by.
    const deadline = Date.now() + 120_000;
    let shown;
    const stillHinted = () => shown.filter((e) => e.offline && hinted.some((h) => h.job === e.job));
    while (((shown = await this.shown(tab)), stillHinted().length)) {
      if (Date.now() > deadline) {
        this.problem(`${tab.name}: the offline hint stayed 120 s after coming back online: ${JSON.stringify(stillHinted())}`);
        return;
      }
      await this.tick();
    }
    const answers = await run(tab.page, () => window.soak.answers());
    for (const { job, run: id } of hinted) {
      const gone = shown.find((e) => e.job === job).hintGoneAt;
      const about = answers.filter((a) => a.run === id && a.at >= since);
      // One tab polls a run for all (CONTRACT 5.4) and takes its own answers, not the runs
      // another tab published (one whose follower heard nothing for a while polls too):
      // those are answers to the others.
      const polling = about.some((a) => a.via === 'its own poll' && a.at <= gone);
      // Answers that had half a second to reach the element before the hint went.
      const outlived = about.filter((a) => (a.via === 'its own poll' || !polling) && a.at + 500 < gone);
      if (outlived.length) {
        const which = outlived.map((a) => `${a.via}, ${Math.round(gone - a.at)} ms before`).join('; ');
        this.problem(`${tab.name}: the offline hint of ${job} outlived answers about run ${id} (${which})`);
      }
    }
  }

  async click(tab) {
    const shown = await this.shown(tab);
    // An open confirmation is modal: the editor answers it first.
    const element = shown.find((e) => e.dialog) ?? this.pick(shown);
    const host = `drush-io-run-button[job="${element.job}"]`;
    let target = 'button';
    if (element.dialog) target = this.random() < 0.7 ? 'confirm-accept' : 'confirm-cancel';
    this.note(`${tab.name}: click ${target} of ${element.job} (${element.state})`);
    if (target !== 'confirm-cancel' && element.activatable) this.clicks += 1;
    await click(tab.page, [host, `[part~="${target}"]`]);
  }

  /** One step of the schedule: time goes by, then one thing happens. */
  async step() {
    // While a POST is pending time goes by at its own pace: a jump of minutes would time
    // it out ("may have been queued"), which says nothing of one POST per click.
    const posting = await this.posting();
    const minutes = this.between(0.5, 5);
    if (!posting) await this.jump(minutes * MINUTE);
    const live = this.tabs.filter((t) => !t.frozen && !t.hidden);
    const churn = this.tabs.filter((t) => t.churn);
    const roll = this.random();
    if (roll < 0.4) {
      if (live.length) await this.click(this.pick(live));
    } else if (roll < 0.55) {
      const tab = this.pick(this.tabs);
      this.note(`${tab.name}: ${tab.online ? 'offline' : 'online'}`);
      if (tab.online) {
        await run(tab.page, () => window.soak.network(false));
        tab.online = false;
      } else {
        await this.online(tab);
      }
    } else if (roll < 0.65) {
      const tab = this.pick(this.tabs.filter((t) => !t.frozen));
      if (!tab) return;
      tab.hidden = !tab.hidden;
      this.note(`${tab.name}: ${tab.hidden ? 'hidden' : 'visible'}`);
      await run(tab.page, (state) => window.soak.visibility(state), tab.hidden ? 'hidden' : 'visible');
    } else if (roll < 0.72) {
      const tab = this.pick(this.tabs);
      await this.freeze(tab, !tab.frozen);
    } else if (roll < 0.77) {
      const hours = this.between(1, 4);
      // Hour 1 is measured before the first sleep, so that a day has two ends.
      if (posting || this.checked === 0) return;
      this.note(`the machine sleeps ${hours.toFixed(1)} h`);
      await this.jump(hours * HOUR);
    } else if (roll < 0.85) {
      if (churn.length < 3) {
        this.note(`tab ${this.opened} opens`);
        await this.open(true);
      }
    } else if (roll < 0.93) {
      const closable = [];
      for (const tab of churn) {
        if (!(await this.shown(tab)).some((e) => e.state === 'starting')) closable.push(tab);
      }
      if (churn.length > 1 && closable.length) {
        const tab = this.pick(closable);
        this.note(`${tab.name}: closes`);
        await this.harvest(tab);
        await tab.page.close();
        this.tabs.splice(this.tabs.indexOf(tab), 1);
      }
    } else if (live.length) {
      // The editor clicks twice in a row: the second lands during the first's POST or dialog.
      const tab = this.pick(live);
      await this.click(tab);
      await this.click(tab);
    }
  }

  async freeze(tab, frozen) {
    this.note(`${tab.name}: ${frozen ? 'frozen' : 'resumed'}`);
    // A browser freezes hidden tabs only.
    if (frozen) {
      await run(tab.page, () => window.soak.visibility('hidden'));
      await run(tab.page, () => window.soak.lifecycle('freeze'));
    } else {
      await run(tab.page, () => window.soak.lifecycle('resume'));
      await run(tab.page, () => window.soak.visibility('visible'));
    }
    Object.assign(tab, { frozen, hidden: frozen });
  }

  /**
   * Everything comes back (visible, resumed, online, dialogs answered "no", expired sessions
   * reloaded) and every run ends; then each tab must show each job's true final state.
   */
  async settle() {
    for (const tab of this.tabs) {
      if (tab.frozen) await this.freeze(tab, false);
      if (tab.hidden) {
        await run(tab.page, () => window.soak.visibility('visible'));
        tab.hidden = false;
      }
      if (!tab.online) await this.online(tab);
      for (const element of await this.shown(tab)) {
        if (element.dialog) {
          await click(tab.page, [`drush-io-run-button[job="${element.job}"]`, '[part~="confirm-cancel"]']);
        }
      }
    }
    const deadline = Date.now() + 180_000;
    for (;;) {
      let busy = false;
      for (const tab of this.tabs) {
        const shown = await this.shown(tab);
        if (shown.some((e) => e.expired)) {
          // The element says: reload to keep following this run.
          this.note(`${tab.name}: reloaded after an expired session`);
          await this.harvest(tab);
          await this.load(tab, 'reload');
          busy = true;
        } else if (shown.some((e) => IN_FLIGHT.includes(e.state) || e.dialog)) {
          busy = true;
        }
      }
      if (!busy) break;
      assert.ok(Date.now() < deadline, `runs still in flight 180 s after everything came back:\n${await this.describe()}`);
      await this.tick();
    }
    for (const tab of this.tabs) {
      for (const element of await this.shown(tab)) {
        if (element.state === 'failed') this.failed.add(`${tab.name}: ${element.job}: ${element.message}`);
        // Nothing is in flight now: a hint left would outlive its run (one that ended while
        // the browser was offline gets no later answer to clear it).
        if (element.offline) this.problem(`${tab.name}: the offline hint stayed on ${element.job} ${element.state}`);
        if (element.run === null) continue;
        if (element.state !== FINAL[element.job]) {
          this.problem(`${tab.name}: ${element.job} shows run ${element.run} ${element.state}, not ${FINAL[element.job]}`);
        }
      }
    }
  }

  async describe() {
    const lines = [];
    for (const tab of this.tabs) lines.push(`${tab.name}: ${JSON.stringify(await this.shown(tab))}`);
    return lines.join('\n');
  }

  /** The first tab's memory, listeners and storage. */
  async measure() {
    const page = this.tabs[0].page;
    // The browser's buffer of resource timings (one entry a request, up to 250) is the
    // page's, not the package's.
    const resourceTimings = await run(page, () => {
      const count = performance.getEntriesByType('resource').length;
      performance.clearResourceTimings();
      return count;
    });
    const domBytes = await run(page, () => [...document.querySelectorAll('drush-io-run-button')]
      .reduce((sum, element) => sum + element.shadowRoot.innerHTML.length, 0));
    await page.cdp('HeapProfiler.collectGarbage');
    const { usedSize } = await page.cdp('Runtime.getHeapUsage');
    const code = await codeBytes(this.browser.debuggerAddress, page);
    const listeners = {};
    for (const target of ['window', 'document']) {
      const { result } = await page.cdp('Runtime.evaluate', { expression: target });
      listeners[target] = (await page.cdp('DOMDebugger.getEventListeners', { objectId: result.objectId })).listeners.length;
      await page.cdp('Runtime.releaseObject', { objectId: result.objectId });
    }
    return {
      resourceTimings,
      domBytes,
      jsHeapBytes: usedSize,
      codeBytes: code,
      wasmBytes: await run(page, () => window.soak.wasmBytes()),
      listeners,
      storageKeys: await run(page, () => window.soak.storage()),
    };
  }

  async run() {
    this.browser = await launch('chromium');
    try {
      await this.open(false);
      for (let i = 0; i < 3; i++) await this.open(true);
      while (this.simulated < HOURS * HOUR) {
        await this.step();
        const hour = Math.min(HOURS, Math.floor(this.simulated / HOUR));
        if (hour > this.checked) {
          await this.settle();
          const measured = { hour, ...(await this.measure()) };
          this.memory[this.checked === 0 ? 'hour1' : 'last'] = measured;
          this.memory.heapByHour.push([hour, measured.jsHeapBytes, measured.codeBytes]);
          this.checked = hour;
        }
      }
      for (const tab of this.tabs) await this.harvest(tab);
    } finally {
      await this.browser.close();
    }
  }
}

test(`the element keeps its word for ${HOURS} simulated hours (seed ${SEED})`, async () => {
  console.log(`soak: seed ${SEED} (DRUSH_IO_SOAK_SEED=${SEED} repeats it), ${HOURS} simulated hours`);
  const soak = new Soak();
  const started = Date.now();
  try {
    await soak.run();
    const requests = await logged();
    const posts = Object.fromEntries(Object.keys(soak.queued).map((job) => [job, 0]));
    for (const r of requests) {
      if (r.method === 'POST') {
        const job = r.path.slice(RUNS.length).split('/')[0];
        posts[job] = (posts[job] ?? 0) + 1;
      }
    }
    const totalPosts = Object.values(posts).reduce((a, b) => a + b, 0);
    const accepted = Object.values(soak.queued).reduce((a, b) => a + b, 0);
    const { hour1, last } = soak.memory;
    const figures = {
      seed: SEED, hours: HOURS, wallSeconds: (Date.now() - started) / 1000, clicks: soak.clicks,
      accepted, posts: totalPosts, postsPerAcceptedClick: accepted ? totalPosts / accepted : null,
      statusesShown: soak.statuses, outOfOrder: soak.problems.filter((p) => /shown|left at/.test(p)).length,
      problems: soak.problems.length, uncertainStarts: soak.uncertain, heapByHour: soak.memory.heapByHour, failedShown: [...soak.failed], hour1, last,
    };
    console.log(`soak: ${JSON.stringify(figures)}`);
    if (process.env.DRUSH_IO_SOAK_JSON) writeFileSync(process.env.DRUSH_IO_SOAK_JSON, JSON.stringify(figures, null, 2));

    assert.deepEqual(soak.problems, [], 'no invariant broken');
    assert.ok(accepted > 0, 'the editor queued runs');
    for (const [job, count] of Object.entries(posts)) {
      // A start whose POST got no answer in time ends `failed` ("may have been queued"):
      // its POST may or may not have reached the server.
      const [low, high] = [soak.queued[job], soak.queued[job] + soak.uncertain[job]];
      assert.ok(count >= low && count <= high,
        `${job}: ${count} POSTs on the server for ${low} runs queued and ${high - low} uncertain starts`);
    }
    assert.ok(totalPosts <= soak.clicks, `${totalPosts} POSTs for ${soak.clicks} clicks on enabled buttons`);
    assert.ok(last, 'measured after the first hour and at the end');
    // A short schedule is warming up still: memory is held to its bound over a day. The
    // JS heap is held to it without V8's compiled code, which goes on growing for hours
    // as paths first taken late (a 401, a hand-over) are compiled and hot functions are
    // optimised: 75 to 100 KB, 6 to 9 % of the heap, over a day (heap snapshots, seed 1:
    // all else grew by 680 B from hour 1 to 24). It is bounded by the package's code and
    // is no object the page keeps; it is reported apart (docs/soak.md).
    const objects = (at) => at.jsHeapBytes - at.codeBytes;
    if (HOURS >= 24) {
      assert.ok(objects(last) <= objects(hour1) * 1.1,
        `JS heap without compiled code: ${objects(last)} at hour ${last.hour}, ${objects(hour1)} at hour 1`);
      assert.ok(last.wasmBytes <= hour1.wasmBytes * 1.1,
        `wasmBytes: ${last.wasmBytes} at hour ${last.hour}, ${hour1.wasmBytes} at hour 1`);
    }
    for (const target of ['window', 'document']) {
      assert.ok(last.listeners[target] <= hour1.listeners[target],
        `listeners on ${target}: ${last.listeners[target]} at hour ${last.hour}, ${hour1.listeners[target]} at hour 1`);
    }
    assert.ok(last.storageKeys <= hour1.storageKeys + 5, `storage keys: ${last.storageKeys}, ${hour1.storageKeys} at hour 1`);
  } catch (error) {
    console.error(`soak: FAILED with seed ${SEED} (DRUSH_IO_SOAK_SEED=${SEED} repeats it); the last steps:\n${soak.log.join('\n')}`);
    throw error;
  }
});
