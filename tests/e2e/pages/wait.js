// The page of tests/e2e/wait.test.mjs (CONTRACT 7, the client's waits). `?job=NAME` queues
// a run of that job, or `?run=ID` waits on one; `&fake` installs a fake clock first
// (vendor/fake-timers.js, bundled by the test), which moves only when the test says so;
// the browser's own page events are kept from the package then (the driver's switching
// tabs fires visibilitychange), so only the test's count; `&frozen` keeps the test's
// too, as a frozen tab would not hear them.
// The test drives the page with plain events on the document, so that the page's own
// realm makes every change (a Firefox test script runs in a sandbox):
//   e2e-sleep      the machine sleeps two hours, then the pause's timer fires
//   e2e-offline    navigator.onLine turns false and `offline` fires
//   e2e-online     navigator.onLine turns true and `online` fires
//   e2e-flap       ten times: the document turns hidden, then visible
//   e2e-tick       the fake clock moves one second
//   e2e-hide       the document turns hidden
// Sets `data-run` (the run's id), `data-status` (the last status seen) and
// `data-outcome` (the final run's status, or the error's kind).
const root = document.documentElement;
const params = new URLSearchParams(location.search);

function override(object, name, value) {
  Object.defineProperty(object, name, { configurable: true, get: () => value });
}

(async () => {
  let clock;
  if (params.has('fake')) {
    const { default: FakeTimers } = await import('./vendor/fake-timers.js');
    clock = FakeTimers.install({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  }
  if (params.has('fake')) {
    const frozen = params.has('frozen');
    for (const name of ['visibilitychange', 'online', 'resume', 'pageshow']) {
      window.addEventListener(name, (event) => {
        if (frozen || event.isTrusted) event.stopImmediatePropagation();
      }, true);
    }
  }
  const on = (name, act) => document.addEventListener(name, act);
  on('e2e-sleep', () => {
    clock.setSystemTime(Date.now() + 2 * 3600 * 1000);
    clock.tick(35_000); // past any pause: its timer fires, two hours late
  });
  on('e2e-tick', () => clock.tick(1000));
  for (const online of [false, true]) {
    on(online ? 'e2e-online' : 'e2e-offline', () => {
      override(navigator, 'onLine', online);
      window.dispatchEvent(new Event(online ? 'online' : 'offline'));
    });
  }
  on('e2e-hide', () => {
    override(document, 'visibilityState', 'hidden');
    document.dispatchEvent(new Event('visibilitychange'));
  });
  on('e2e-flap', () => {
    for (let i = 0; i < 10; i++) {
      for (const state of ['hidden', 'visible']) {
        override(document, 'visibilityState', state);
        document.dispatchEvent(new Event('visibilitychange'));
      }
    }
  });

  const { default: init, DrushIo } = await import('/pkg/drush_io_embed.js');
  await init();
  const client = new DrushIo({ baseUrl: '/proxy/v1' });
  const job = params.get('job');
  const id = params.get('run') ?? (await client.runJob('test', job)).id;
  root.dataset.run = id;
  const onUpdate = (run) => {
    root.dataset.status = run.status;
  };
  // On the fake clock, pauses (at least 4.5 s) outlast the test's ticks (1 s each).
  const options = { onUpdate, ...(clock && { initialDelayMs: 5000 }) };
  if (params.has('timeout')) options.timeoutMs = Number(params.get('timeout'));
  const run = await client.waitForRun('test', job, id, options);
  return run.status;
})().then(
  (status) => { root.dataset.outcome = status; },
  (error) => { root.dataset.outcome = error?.kind ?? String(error); },
);
