// The pages of the accessibility tests (tests/e2e/a11y.test.mjs). a11y.html brings each of its
// elements to the state its id names, with real runs of the dev server; a11y-one.html holds
// one element for the keyboard and live-region tests. Query options: `dark` (the page says
// `color-scheme: dark`), `rtl`, `de` (German page and messages), `job`, `confirm`, `big`,
// `long` (the running element's job, for a second browser profile).
//
// The tests talk to this page through attributes of the root element, which every WebDriver
// reads alike (Firefox runs the test's scripts in a sandbox that cannot see page globals):
// `data-ready` once every element is in its state; `data-check` (JSON: the selectors to
// check) makes axe-core check them, and `data-result` (JSON: the violations) answers;
// `data-network="offline"` takes the page offline as the browser would say it
// (navigator.onLine false and the `offline` event), `online` brings it back.
const params = new URLSearchParams(location.search);
const root = document.documentElement;
if (params.has('dark')) root.classList.add('dark');
if (params.has('rtl')) root.dir = 'rtl';

// Every message in German, so that the page can show no English anywhere.
const GERMAN = {
  label: 'Job ausführen',
  question: 'Diesen Job jetzt ausführen?',
  accept: 'Ausführen',
  cancel: 'Abbrechen',
  log: 'Protokoll',
  progress: 'Fortschritt',
  truncated: '[… frühere Ausgabe ausgeblendet]',
  offline: 'Offline, warte auf das Netz',
  states: {
    idle: '',
    starting: 'Wird gestartet',
    queued: 'In der Warteschlange',
    running: 'Läuft',
    complete: 'Fertig',
    error: 'Fehler',
    failed: 'Fehlgeschlagen',
  },
  errors: {
    network: 'Der Server war nicht erreichbar.',
    http: 'Der Server hat mit einem Fehler geantwortet ({status}).',
    timeout: 'Der Server hat zu lange nicht geantwortet.',
    parse: 'Die Antwort des Servers war unlesbar.',
    aborted: 'Die Anfrage wurde abgebrochen.',
    'invalid-argument': 'Die Schaltfläche ist falsch eingerichtet.',
  },
};
if (params.has('de')) root.lang = 'de';

// What this browser's client has seen of earlier runs (src/web/durations.rs): `a11y-long`
// takes ten minutes, `a11y-over` two seconds, so their progress bars show.
const durations = [['a11y-long', 600000], ['a11y-long-2', 600000], ['a11y-over', 2000]].flatMap(([job, ms]) => {
  const path = `/proxy/v1/projects/test/jobs/${job}/runs`;
  return [`${path}\t${ms}`, `${location.origin}${path}\t${ms}`];
});
localStorage.setItem('drush-io-embed:durations', `${durations.join('\n')}\n`);

// The single element of a11y-one.html, from the query.
const one = document.getElementById('one');
if (one) {
  one.setAttribute('job', params.get('job') ?? 'ok');
  if (params.has('confirm')) one.setAttribute('confirm', '');
}
if (params.has('long')) document.getElementById('running')?.setAttribute('job', params.get('long'));
if (params.has('big')) {
  const big = document.createElement('drush-io-run-button');
  for (const [name, value] of [['id', 'big'], ['project', 'test'], ['job', 'big-log'], ['base-url', '/proxy/v1']]) {
    big.setAttribute(name, value);
  }
  document.getElementById('states')?.append(big);
}

const IN_FLIGHT = ['starting', 'queued', 'running'];
// The state each element of a11y.html is brought to, and the job that holds `queued` back.
const TARGETS = { queued: 'queued', running: 'running', complete: 'complete', error: 'error', failed: 'failed', big: 'complete' };

const until = async (test) => {
  while (!test()) await new Promise((resolve) => setTimeout(resolve, 50));
};
const shadowButton = (element) => element.shadowRoot.querySelector('[part~="button"]');

async function bringToStates() {
  for (const [id, target] of Object.entries(TARGETS)) {
    const element = document.getElementById(id);
    if (!element) continue;
    // A run still in flight from an earlier visit was resumed from storage.
    if (!IN_FLIGHT.includes(element.getAttribute('state'))) {
      if (id === 'queued') {
        // Holds the job, so the element's own run waits behind this one.
        await fetch('/proxy/v1/projects/test/jobs/a11y-hold/runs', { method: 'POST' });
      }
      shadowButton(element).click();
    }
    await until(() => element.getAttribute('state') === target
      && (target !== 'running' || !element.shadowRoot.querySelector('progress').hidden));
    if (id === 'complete') element.shadowRoot.querySelector('details').open = true;
  }
}

// Transitions still running would be checked mid-fade.
async function settled() {
  const animations = [document, ...[...document.querySelectorAll('drush-io-run-button')].map((e) => e.shadowRoot)]
    .flatMap((scope) => scope.getAnimations())
    .filter((animation) => animation instanceof CSSTransition);
  await Promise.all(animations.map((animation) => animation.finished.catch(() => {})));
}

async function check(selectors) {
  await settled();
  const { violations } = await axe.run(
    { include: selectors.map((selector) => [selector]) },
    {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      resultTypes: ['violations'],
    },
  );
  return violations.map(({ id, help, nodes }) => ({
    id,
    help,
    nodes: nodes.map((node) => ({ target: node.target, summary: node.failureSummary })),
  }));
}

new MutationObserver(() => {
  const { network } = root.dataset;
  if (network) {
    delete root.dataset.network;
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => network === 'online' });
    dispatchEvent(new Event(network));
  }
  const request = root.dataset.check;
  if (!request) return;
  delete root.dataset.check;
  check(JSON.parse(request)).then(
    (violations) => { root.dataset.result = JSON.stringify({ violations }); },
    (error) => { root.dataset.result = JSON.stringify({ error: String(error) }); },
  );
}).observe(root, { attributes: true, attributeFilter: ['data-check', 'data-network'] });

(async () => {
  const { default: init, defineElements } = await import('/pkg/drush_io_embed.js');
  await init();
  defineElements(params.has('de') ? { messages: GERMAN } : {});
  if (document.getElementById('states')) await bringToStates();
  root.dataset.ready = 'ready';
})().catch((error) => {
  root.dataset.ready = `error: ${error}`;
});
