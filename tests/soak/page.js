// One tab of the soak test (tests/soak/soak.test.mjs, CONTRACT 7 and 7.1). The fake clock
// starts at `?now=` (the test keeps every tab's clock on one time line and makes it jump);
// `?expiring` adds the element of the job whose polls meet an expired session. The page
// records what its elements show, in counters of a fixed size (so that its own records
// do not grow the heap the test measures), and offers the test its controls as
// `window.soak`.
import FakeTimers from '../e2e/pages/vendor/fake-timers.js';

const params = new URLSearchParams(location.search);
const root = document.documentElement;
const clock = FakeTimers.install({
  now: Number(params.get('now')) || Date.now(),
  shouldAdvanceTime: true,
  toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
});

if (params.has('expiring')) {
  const element = document.createElement('drush-io-run-button');
  element.setAttribute('project', 'test');
  element.setAttribute('job', 'soak-expiring');
  document.body.append(element);
}

const FINAL = ['complete', 'error'];
const RANK = { queued: 1, running: 2, complete: 3, error: 3 };
const IN_FLIGHT = ['starting', 'queued', 'running'];
const OFFLINE_HINT = 'Offline, waiting for the network';
const elements = [...document.querySelectorAll('drush-io-run-button')];
const part = (element, name) => element.shadowRoot?.querySelector(`[part~="${name}"]`);
const activatable = (element) => {
  const button = part(element, 'button');
  return Boolean(button) && !button.disabled && button.getAttribute('aria-disabled') !== 'true';
};

// Per job: runs queued here, the run and status last shown, and what went wrong.
const jobs = {};
const problems = [];
const problem = (text) => {
  // Bounded, like the rest: the first ones say enough.
  if (problems.length < 20) problems.push(text);
};
for (const element of elements) {
  const job = element.getAttribute('job');
  // `uncertain`: starts that failed after their POST may have left ("may have been queued").
  const seen = jobs[job] = { queued: 0, uncertain: 0, statuses: 0, run: null, status: null, finished: new Set() };
  let state = null;
  new MutationObserver(() => {
    const now = element.getAttribute('state');
    if (state === 'starting' && now === 'failed') seen.uncertain += 1;
    state = now;
  }).observe(element, { attributes: true, attributeFilter: ['state'] });
  element.addEventListener('drush-io-queued', () => {
    seen.queued += 1;
  });
  element.addEventListener('drush-io-status', ({ detail: { run } }) => {
    seen.statuses += 1;
    const { id, status } = run;
    if (id === seen.run) {
      if (RANK[status] < RANK[seen.status]) problem(`${job}: run ${id} shown ${status} after ${seen.status}`);
    } else {
      if (seen.finished.has(id)) problem(`${job}: run ${id} shown ${status} again after it ended`);
      if (seen.run !== null && !FINAL.includes(seen.status)) {
        problem(`${job}: run ${seen.run} left at ${seen.status} for run ${id}`);
      }
      seen.run = id;
    }
    seen.status = status;
    if (FINAL.includes(status)) {
      // Only the last few: an ended run shown again is shown right after it ended.
      seen.finished.add(id);
      if (seen.finished.size > 4) seen.finished.delete(seen.finished.values().next().value);
    }
  });
  const look = () => {
    if (IN_FLIGHT.includes(element.getAttribute('state')) && activatable(element)) {
      problem(`${job}: button enabled while ${element.getAttribute('state')}`);
    }
  };
  new MutationObserver(look).observe(element, { attributes: true });
  // When (in real time) the offline hint last went from the badge.
  let hinted = false;
  const hint = () => {
    const now = (part(element, 'badge')?.textContent ?? '').includes(OFFLINE_HINT);
    if (hinted && !now) seen.hintGoneAt = performance.timeOrigin + performance.now();
    hinted = now;
  };
  customElements.whenDefined('drush-io-run-button').then(() => {
    new MutationObserver(look).observe(element.shadowRoot, { attributes: true, subtree: true });
    new MutationObserver(hint).observe(element.shadowRoot, { childList: true, characterData: true, subtree: true });
  });
}

// When (in real time) answers about runs reached this tab: the responses to its own polls,
// and the runs other tabs published (what the element is told of). The last few.
const realTime = () => performance.timeOrigin + performance.now();
const answers = [];
const answered = (run, via) => {
  answers.push({ run, via, at: realTime() });
  if (answers.length > 20) answers.shift();
};
const realFetch = globalThis.fetch;
globalThis.fetch = async (...args) => {
  const response = await realFetch(...args);
  const [, run] = /\/runs\/([^/]+)$/.exec(new URL(response.url).pathname) ?? [];
  if (run && response.ok) answered(decodeURIComponent(run), 'its own poll');
  return response;
};
new BroadcastChannel('drush-io-embed:runs').onmessage = ({ data }) => {
  if (data?.run?.id) answered(data.run.id, 'another tab');
};

function override(target, name, value) {
  Object.defineProperty(target, name, { configurable: true, get: () => value });
}

window.soak = {
  /** The machine sleeps (or time goes by): timers due fire once, as after a real sleep. */
  jump(ms) {
    clock.jump(ms);
  },
  /** The network goes or comes back; answers when, in real time. */
  network(online) {
    override(navigator, 'onLine', online);
    dispatchEvent(new Event(online ? 'online' : 'offline'));
    return realTime();
  },
  visibility(state) {
    override(document, 'visibilityState', state);
    override(document, 'hidden', state === 'hidden');
    document.dispatchEvent(new Event('visibilitychange'));
  },
  lifecycle(event) {
    document.dispatchEvent(new Event(event));
  },
  /** What every element shows now. */
  shown() {
    return elements.map((element) => ({
      job: element.getAttribute('job'),
      state: element.getAttribute('state'),
      run: element.run?.id ?? null,
      offline: (part(element, 'badge')?.textContent ?? '').includes(OFFLINE_HINT),
      hintGoneAt: jobs[element.getAttribute('job')].hintGoneAt ?? 0,
      message: part(element, 'message')?.textContent ?? '',
      expired: /session expired/i.test(part(element, 'message')?.textContent ?? ''),
      dialog: Boolean(part(element, 'dialog')?.open),
      activatable: activatable(element),
    }));
  },
  answers: () => answers,
  records() {
    const counts = Object.fromEntries(Object.entries(jobs).map(([job, seen]) =>
      [job, { queued: seen.queued, uncertain: seen.uncertain, statuses: seen.statuses, run: seen.run, status: seen.status }]));
    return { jobs: counts, problems: [...problems] };
  },
  storage() {
    return Object.keys(localStorage).length;
  },
  wasmBytes: () => wasm.memory.buffer.byteLength,
  now: () => Date.now(),
};

const pkg = await import('/pkg/drush_io_embed.js');
const wasm = await pkg.default();
pkg.defineElements({ client: new pkg.DrushIo({ baseUrl: '/proxy/v1' }) });
await customElements.whenDefined('drush-io-run-button');
root.dataset.ready = '1';
