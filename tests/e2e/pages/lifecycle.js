// The element's lifecycle tests (tests/e2e/lifecycle.test.mjs, CONTRACT 7). `?scenario=NAME`
// picks what the page does; it writes what it saw to its root's `data-outcome` (and
// `data-ready` when the test drives the rest). Elements are built here with DOM calls; the
// package is imported only by the scenarios that use it, after the fake clock where there
// is one. Runs go through the dev server's /proxy/v1 unless said otherwise.
const params = new URLSearchParams(location.search);
const root = document.documentElement;
// Real timers, kept before any fake clock replaces them.
const { setTimeout: realTimeout } = globalThis;
const sleep = (ms) => new Promise((resolve) => realTimeout(resolve, ms));
const until = async (done) => {
  while (!done()) await sleep(20);
};
const FINAL = ['complete', 'error', 'failed'];
const state = (element) => element.getAttribute('state');
const isFinal = (element) => FINAL.includes(state(element));
const inFlight = (element) => ['starting', 'queued', 'running'].includes(state(element));
const part = (element, name) => element.shadowRoot.querySelector(`[part~="${name}"]`);
// Whether the button takes a click: not while disabled, by attribute or by ARIA.
const activatable = (element) => {
  const button = part(element, 'button');
  return !button.disabled && button.getAttribute('aria-disabled') !== 'true';
};
const badge = (element) => part(element, 'badge').textContent;
// The saved-run markers, or those of one job: a test counts its own job's, as a page that
// an earlier test left open may still keep one of its own.
const savedKeys = (job) => Object.keys(localStorage)
  .filter((key) => key.startsWith('drush-io-run|') && (!job || key.endsWith(`|${job}`)));

function add(attributes, parent = document.body) {
  const element = document.createElement('drush-io-run-button');
  element.setAttribute('project', 'test');
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  return parent.appendChild(element);
}

// Every state `element` shows, and how often its button took clicks while in flight.
function watch(element) {
  const seen = { states: [], activatableInFlight: 0 };
  const look = () => {
    if (seen.states.at(-1) !== state(element)) seen.states.push(state(element));
    if (inFlight(element) && activatable(element)) seen.activatableInFlight += 1;
  };
  new MutationObserver(look).observe(element.shadowRoot, { attributes: true, subtree: true });
  new MutationObserver(look).observe(element, { attributes: true });
  return seen;
}

async function load() {
  const pkg = await import('/pkg/drush_io_embed.js');
  await pkg.default();
  return pkg;
}

const proxy = (DrushIo) => new DrushIo({ baseUrl: '/proxy/v1' });

function setOnline(online) {
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online });
  dispatchEvent(new Event(online ? 'online' : 'offline'));
}

const scenarios = {
  // Offline mid-run, then back (the network is faked away: polls still get answers).
  async offline() {
    const { DrushIo, defineElements } = await load();
    defineElements({ client: proxy(DrushIo) });
    const element = add({ job: 'offline' });
    element.start();
    await until(() => state(element) === 'running');
    const before = badge(element);
    setOnline(false);
    const atOnce = { state: state(element), badge: badge(element) };
    await sleep(1500);
    const later = { state: state(element), badge: badge(element) };
    setOnline(true);
    const online = badge(element);
    // The next answer has the same status (the run goes on for seconds): it clears the
    // hint all the same (CONTRACT 7.1).
    await until(() => !badge(element).includes('Offline, waiting for the network'));
    const answered = { state: state(element), badge: badge(element) };
    await until(() => isFinal(element));
    return { before, atOnce, later, online, answered, final: state(element), end: badge(element) };
  },

  // A run that ends while the browser is offline (the polls still get answers, as a tab
  // following over BroadcastChannel gets the polling tab's): the final answer clears the
  // hint, which must not stay on a finished run; going offline after the end shows none.
  async offlineEnd() {
    const { DrushIo, defineElements } = await load();
    defineElements({ client: proxy(DrushIo) });
    const element = add({ job: 'offline-end' });
    element.start();
    await until(() => ['queued', 'running'].includes(state(element)));
    setOnline(false);
    const hinted = badge(element);
    await until(() => isFinal(element));
    const ended = { state: state(element), badge: badge(element) };
    setOnline(true);
    setOnline(false);
    return { hinted, ended, offlineAfter: badge(element) };
  },

  // An element taken out of the page follows no later run of its job, also while its
  // leaving waits for a task (a move is not a removal) that never comes: under a fake
  // clock that is not ticked on, as in a test (jsdom, fake timers) that removes an element
  // and uninstalls them. Each element has a client of its own, whose GETs are counted;
  // each polls for itself (`tabs: false`, as where there are no Web Locks: jsdom).
  async removed() {
    const { default: FakeTimers } = await import('./vendor/fake-timers.js');
    const clock = FakeTimers.install({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const { DrushIo, defineElements } = await load();
    defineElements();
    const gets = { first: 0, second: 0 };
    const client = (name) => new DrushIo({
      baseUrl: '/proxy/v1',
      tabs: false,
      fetch: (url, init) => {
        if (init.method === 'GET') gets[name] += 1;
        return fetch(url, init);
      },
    });
    const [first, second] = ['first', 'second'].map((name) => {
      const element = add({ job: 'removed-later' });
      element.client = client(name);
      return element;
    });
    const settle = async (...elements) => {
      while (!elements.every(isFinal)) {
        clock.tick(1000);
        await sleep(50);
      }
    };
    // In the page, the first element follows the run the second queued, with its client.
    second.start();
    await settle(first, second);
    const followed = { gets: gets.first, state: state(first) };
    first.remove();
    second.start();
    // The second's POST answer has every element of the page look for the saved run
    // (refreshAll), before it leaves `starting`. (Not "until `queued`": its wait polls at
    // once after the POST, so on a busy machine it may show `running` before this looks.)
    await until(() => state(second) !== 'starting');
    const afterRemoval = { gets: gets.first - followed.gets, state: state(first) };
    await settle(second);
    return { followed, afterRemoval, second: state(second) };
  },

  // A run that goes on past the hour: two hours jump by at once, then the fake clock
  // runs twenty times faster than real time until the run ends.
  async hour() {
    const { default: FakeTimers } = await import('./vendor/fake-timers.js');
    const clock = FakeTimers.install({
      shouldAdvanceTime: true,
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
    });
    const { DrushIo, defineElements } = await load();
    defineElements({ client: proxy(DrushIo) });
    const element = add({ job: 'past-the-hour' });
    const seen = watch(element);
    element.start();
    await until(() => state(element) === 'running');
    const startedAt = Date.now();
    clock.tick(2 * 3600 * 1000);
    const afterJump = { state: state(element), activatable: activatable(element) };
    // Neither start() nor a click may queue another run.
    element.start();
    part(element, 'button').click();
    while (!isFinal(element)) {
      clock.tick(1000);
      await sleep(50);
    }
    return {
      ...seen, afterJump, final: state(element), hours: (Date.now() - startedAt) / 3600e3,
      saved: savedKeys('past-the-hour').length, activatableAtEnd: activatable(element),
    };
  },

  // A run followed for more than a day: two jumps of thirteen hours, each followed by an
  // answer (the run goes on for seconds of real time). Then a second element of the job
  // comes: the run still holds its button. Markers left by runs no element loads (one a
  // day old, one of the format before the time last seen) are gone once the elements are
  // defined; a fresh one of another job stays.
  async day() {
    localStorage.setItem('drush-io-run|/gone|test|gone', '1 1 running stale');
    localStorage.setItem('drush-io-run|/old|test|old', '1 running old-format');
    const { default: FakeTimers } = await import('./vendor/fake-timers.js');
    const clock = FakeTimers.install({
      now: Date.now(),
      shouldAdvanceTime: true,
      // Not the badge's one-second ticker: a day of it would take the jumps minutes.
      toFake: ['setTimeout', 'clearTimeout', 'Date'],
    });
    const now = String(Date.now());
    localStorage.setItem('drush-io-run|/elsewhere|test|elsewhere', `${now} ${now} running fresh`);
    const { DrushIo, defineElements } = await load();
    defineElements({ client: proxy(DrushIo) });
    const swept = savedKeys().sort();
    localStorage.removeItem('drush-io-run|/elsewhere|test|elsewhere');
    const first = add({ job: 'past-the-day' });
    first.start();
    await until(() => state(first) === 'running');
    const [key] = savedKeys('past-the-day');
    const seenAt = () => Number((localStorage.getItem(key) ?? '').split(' ')[1]);
    const refreshed = [];
    for (let jump = 0; jump < 2; jump += 1) {
      // The machine sleeps thirteen hours, then wakes with the network back.
      clock.tick(13 * 3600e3);
      dispatchEvent(new Event('online'));
      // The answer after the jump writes the marker again (a real-time bound: without
      // the refresh it never comes).
      for (let waited = 0; waited < 20e3 && !(Date.now() - seenAt() < 3600e3); waited += 50) await sleep(50);
      refreshed.push(Date.now() - seenAt() < 3600e3);
    }
    const second = add({ job: 'past-the-day' });
    await sleep(50);
    const secondShown = { state: state(second), activatable: activatable(second) };
    second.start();
    part(second, 'button').click();
    while (!isFinal(first)) {
      clock.tick(1000);
      await sleep(50);
    }
    return { swept, refreshed, secondShown, final: state(first), second: state(second), saved: savedKeys('past-the-day').length };
  },

  // Two elements on two APIs, with no base-url: the second has a client of the dev
  // server's own /v1 (no token: any request of it would be refused and logged). Then
  // one with base-url="/proxy/v1" and one with a default client on the same base.
  async keys() {
    const { DrushIo, defineElements } = await load();
    defineElements({ client: proxy(DrushIo) });
    const first = add({ job: 'other-api' });
    first.client = proxy(DrushIo);
    const second = add({ job: 'other-api' });
    second.client = new DrushIo({ baseUrl: '/v1' });
    const secondSeen = watch(second);
    const attributed = add({ job: 'same-api', 'base-url': '/proxy/v1' });
    const defaulted = add({ job: 'same-api' });
    const defaultedSeen = watch(defaulted);
    first.start();
    await until(() => isFinal(first));
    attributed.start();
    await until(() => isFinal(attributed) && isFinal(defaulted));
    return {
      baseUrls: [proxy(DrushIo).baseUrl, new DrushIo({ baseUrl: '/proxy/v1/' }).baseUrl,
        new DrushIo({ baseUrl: 'http://127.0.0.1:1/v1' }).baseUrl],
      origin: location.origin,
      first: state(first), second: secondSeen.states,
      attributed: [state(attributed), attributed.run?.id],
      defaulted: [defaultedSeen.states, defaulted.run?.id],
    };
  },

  // A form shaped as Drupal's node edit form.
  async form() {
    const form = document.body.appendChild(document.createElement('form'));
    form.id = 'node-article-edit-form';
    const field = (tag, type, name, value) => {
      const input = form.appendChild(document.createElement(tag));
      if (type) input.type = type;
      input.name = name;
      if (tag === 'select') input.appendChild(new Option(value, value, true, true));
      else input.value = value;
    };
    field('input', 'hidden', 'form_build_id', 'form-Xj3fMzqXK0o');
    field('input', 'hidden', 'form_token', 'a-csrf-token');
    field('input', 'hidden', 'form_id', 'node_article_edit_form');
    field('input', 'text', 'title[0][value]', 'An article');
    field('input', 'text', 'GREETING', 'Bonjour');
    field('select', null, 'TARGET', 'Drupal');
    field('input', 'file', 'files_upload', '');
    field('input', 'submit', 'op', 'Save');
    field('button', 'submit', 'preview', 'Preview');
    const { DrushIo, defineElements } = await load();
    defineElements({ client: proxy(DrushIo) });
    const all = add({ job: 'drupal-form', form: form.id });
    const some = add({ job: 'drupal-form-vars', form: form.id, vars: ' GREETING ' });
    const missing = add({ job: 'drupal-form-missing', form: form.id, vars: 'GREETING NOPE' });
    const errors = [];
    missing.addEventListener('drush-io-error', ({ detail: { error } }) => errors.push(error.kind, error.message));
    const log = (element) => part(element, 'log').textContent.trim();
    for (const element of [all, some, missing]) {
      element.start();
      await until(() => isFinal(element));
    }
    return {
      all: [state(all), log(all)], some: [state(some), log(some)],
      missing: [state(missing), part(missing, 'message').textContent, errors],
    };
  },

  // `start`: queues a run whose first GET answers 401; else (the reload) follows it.
  async expired() {
    const { DrushIo, defineElements } = await load();
    defineElements({ client: proxy(DrushIo) });
    const element = add({ job: 'expired-session' });
    if (params.has('start')) {
      for (const key of savedKeys()) localStorage.removeItem(key);
      const errors = [];
      element.addEventListener('drush-io-error', ({ detail }) => {
        errors.push({ kind: detail.error?.kind, status: detail.error?.status, run: detail.run?.id ?? null });
      });
      element.start();
      await until(() => errors.length);
      return {
        state: state(element), message: part(element, 'message').textContent,
        badge: badge(element), busy: part(element, 'button').getAttribute('aria-busy'),
        saved: savedKeys('expired-session').length, activatable: activatable(element), runId: element.run?.id, errors,
      };
    }
    const seen = watch(element);
    await until(() => isFinal(element));
    return { ...seen, runId: element.run?.id, saved: savedKeys('expired-session').length };
  },

  // One tab of the two-tab races: an element of `job` (with `confirm` when asked), and
  // `data-start-at` (a Date.now() value) set by the test makes it start then.
  async race() {
    const { DrushIo, defineElements } = await load();
    defineElements({ client: proxy(DrushIo) });
    const attributes = { id: 'race', job: params.get('job') };
    if (params.has('confirm')) attributes.confirm = 'Really?';
    const element = add(attributes);
    const seen = watch(element);
    let queued = 0;
    element.addEventListener('drush-io-queued', () => {
      queued += 1;
    });
    new MutationObserver(() => {
      const at = Number(root.dataset.startAt);
      if (at) realTimeout(() => element.start(), at - Date.now());
    }).observe(root, { attributes: true, attributeFilter: ['data-start-at'] });
    root.dataset.ready = '1';
    await until(() => isFinal(element) && seen.states.some((s) => s === 'running' || s === 'queued'));
    return { ...seen, final: state(element), runId: element.run?.id, queued,
      dialogOpen: part(element, 'dialog').open };
  },

  // Back and forward mid-run: the first load queues the run; a load again (no
  // back/forward cache) follows it; a page restored from the cache goes on as it was.
  async leave() {
    const loads = Number(sessionStorage.getItem('loads') ?? 0) + 1;
    sessionStorage.setItem('loads', loads);
    const shows = [];
    addEventListener('pageshow', (event) => shows.push(event.persisted));
    const { DrushIo, defineElements } = await load();
    defineElements({ client: proxy(DrushIo) });
    const element = add({ job: 'back-forward' });
    if (loads === 1) element.start();
    await until(() => state(element) === 'running');
    root.dataset.running = '1';
    await until(() => isFinal(element));
    return { final: state(element), loads, shows, runId: element.run?.id };
  },

  // An idle element (or none, `bare`) and whether the page came back from the cache.
  async idle() {
    addEventListener('pageshow', (event) => {
      if (event.persisted) root.dataset.persisted = '1';
    });
    if (!params.has('bare')) {
      const { DrushIo, defineElements } = await load();
      defineElements({ client: proxy(DrushIo) });
      add({ job: 'ok' });
    }
    root.dataset.ready = '1';
    return null;
  },

  async away() {
    return null;
  },
};

scenarios[params.get('scenario')]().then(
  (outcome) => {
    if (outcome) root.dataset.outcome = JSON.stringify(outcome);
  },
  (error) => {
    root.dataset.outcome = JSON.stringify({ error: String(error?.stack ?? error) });
  },
);
