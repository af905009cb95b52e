// The element's start and its failures (tests/e2e/start.test.mjs). `?scenario=NAME` picks
// what the page does; it sets `data-early` once the class shell alone has defined the
// elements (the test may click then) and waits for `data-gate` before loading the wasm;
// it writes what it saw to its root's `data-outcome`. `window.seen` holds, by element id,
// every state shown and every `drush-io-error` event.
const params = new URLSearchParams(location.search);
const root = document.documentElement;
const FINAL = ['complete', 'error', 'failed'];
const elements = [['job', 'kept-click'], ['later', 'kept-click-later']].map(([id, name]) => {
  const element = document.body.appendChild(document.createElement('drush-io-run-button'));
  element.id = id;
  element.setAttribute('project', 'test');
  element.setAttribute('job', name);
  return element;
});
const job = document.getElementById('job');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const until = async (done) => {
  while (!done()) await sleep(20);
};

const seen = {};
window.seen = seen;
for (const element of elements) {
  const mine = { states: [], errors: [] };
  seen[element.id] = mine;
  new MutationObserver(() => {
    const state = element.getAttribute('state');
    if (mine.states.at(-1) !== state) mine.states.push(state);
  }).observe(element, { attributes: true, attributeFilter: ['state'] });
  element.addEventListener('drush-io-error', ({ detail }) => {
    const { error, run } = detail;
    mine.errors.push({ kind: error?.kind ?? null, status: error?.status ?? null, isError: error instanceof Error, run: run?.id ?? null });
  });
}

// What an element shows now.
window.shown = (id) => {
  const element = document.getElementById(id);
  const part = (name) => element.shadowRoot.querySelector(`[part~="${name}"]`);
  return {
    state: element.getAttribute('state'),
    message: part('message').textContent,
    badge: part('badge').textContent,
    busy: part('button').getAttribute('aria-busy'),
    held: part('button').getAttribute('aria-disabled'),
  };
};

// The class shell alone, as auto.js defines it before the wasm; then the test's gate.
async function early() {
  const { defineRunButton } = await import('/pkg/run-button.js');
  defineRunButton();
  root.dataset.early = '1';
  await until(() => root.dataset.gate);
}

async function load() {
  const pkg = await import('/pkg/drush_io_embed.js');
  await pkg.default();
  return pkg;
}

// A client whose POSTs get `answer` (a Response, or a rejection) without reaching the
// server; its other requests go out. `posts` counts them.
function faking(DrushIo, answer) {
  const client = new DrushIo({
    baseUrl: '/proxy/v1',
    fetch: (url, init) => {
      if (init.method !== 'POST') return fetch(url, init);
      client.posts += 1;
      return answer();
    },
  });
  client.posts = 0;
  return client;
}

const scenarios = {
  // auto.js where the wasm cannot compile (start-blocked.html): the click kept from
  // before shows `failed` with the reason.
  async blocked() {
    await early();
    let thrown = null;
    await import('/pkg/auto.js').catch((error) => {
      thrown = String(error);
    });
    return { thrown, job: window.shown('job') };
  },

  // The messages first, the client after a while (as the Drupal module's script does):
  // the click kept from before the core waits for the client, then queues one run.
  async late() {
    await early();
    const { DrushIo, defineElements } = await load();
    defineElements({ messages: { states: { starting: 'Getting ready' } } });
    const waiting = window.shown('job');
    await sleep(300);
    const stillWaiting = window.shown('job');
    defineElements({ client: new DrushIo({ baseUrl: '/proxy/v1' }) });
    await until(() => FINAL.includes(job.getAttribute('state')));
    return { waiting, stillWaiting, job: window.shown('job'), runId: job.run?.id ?? null };
  },

  // A POST refused with the proxy's own words (a WordPress REST error).
  async refused() {
    const { DrushIo, defineElements } = await load();
    const body = { code: 'rest_forbidden', message: "This job is not on the site's list.", data: { status: 403 } };
    const client = faking(DrushIo, async () => new Response(JSON.stringify(body), {
      status: 403, headers: { 'Content-Type': 'application/json' },
    }));
    defineElements({ client });
    job.start();
    await until(() => FINAL.includes(job.getAttribute('state')));
    return { job: window.shown('job'), posts: client.posts };
  },

  // A POST whose outcome is unknown: `?answer=` 502, 504 or `network` (no answer).
  async unknown() {
    const { DrushIo, defineElements } = await load();
    const answer = params.get('answer');
    const client = faking(DrushIo, async () => {
      if (answer === 'network') throw new TypeError('Failed to fetch');
      return new Response('<html><body>Bad gateway</body></html>', { status: Number(answer) });
    });
    defineElements({ client });
    job.start();
    await until(() => FINAL.includes(job.getAttribute('state')));
    // Anything the element would do by itself (a second POST) has had its chance.
    await sleep(300);
    return { job: window.shown('job'), posts: client.posts };
  },
};

scenarios[params.get('scenario')]().then(
  (outcome) => {
    root.dataset.outcome = JSON.stringify(outcome);
  },
  (error) => {
    root.dataset.outcome = JSON.stringify({ error: String(error?.stack ?? error) });
  },
);
