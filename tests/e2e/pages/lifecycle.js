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
const savedKeys = () => Object.keys(localStorage).filter((key) => key.startsWith('drush-io-run|'));

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
    await until(() => !badge(element).includes('Offline, waiting for the network') || isFinal(element));
    const answered = { state: state(element), badge: badge(element) };
    await until(() => isFinal(element));
    return { before, atOnce, later, online, answered, final: state(element), end: badge(element) };
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
