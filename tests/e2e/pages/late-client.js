// The reload test: `?start` queues a run of the slow job and writes `data-outcome`
// once it runs; after a reload, `?late` registers the elements with no client, gives the
// default client 1.5 s after the element is connected (as a page that sets it up after
// an `await` does), and writes every state the element showed, the events and
// how many runs localStorage held meanwhile.
const element = document.getElementById('slow');
const states = [];
new MutationObserver((records) => {
  for (const record of records.slice(1)) states.push(record.oldValue);
  states.push(element.getAttribute('state'));
}).observe(element, { attributes: true, attributeFilter: ['state'], attributeOldValue: true });
const events = [];
for (const name of ['drush-io-queued', 'drush-io-status', 'drush-io-complete', 'drush-io-error']) {
  element.addEventListener(name, (event) => events.push(`${name}:${event.detail.run?.status ?? ''}`));
}

// Runs the element saved (the client keeps its durations beside them).
const savedKeys = () => Object.keys(localStorage).filter((key) => key.startsWith('drush-io-run|'));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const until = (done) => new Promise((resolve) => {
  const check = () => (done() ? resolve() : setTimeout(check, 50));
  check();
});

(async () => {
  const { default: init, DrushIo, defineElements } = await import('/pkg/drush_io_embed.js');
  await init();
  const client = () => new DrushIo({ baseUrl: '/proxy/v1' });
  if (location.search === '?start') {
    for (const key of savedKeys()) localStorage.removeItem(key);
    defineElements({ client: client() });
    element.start();
    await until(() => element.getAttribute('state') === 'running');
    return { runId: element.run.id };
  }
  defineElements();
  await sleep(1500);
  const waiting = { state: element.getAttribute('state'), saved: savedKeys().length };
  defineElements({ client: client() });
  await until(() => ['complete', 'error', 'failed'].includes(element.getAttribute('state')));
  return { waiting, states: states.filter((s, i) => s !== states[i - 1]), events, runId: element.run?.id, saved: savedKeys().length };
})().then(
  (outcome) => { document.documentElement.dataset.outcome = JSON.stringify(outcome); },
  (error) => { document.documentElement.dataset.outcome = JSON.stringify({ error: String(error) }); },
);
