// One tab of the cross-tab element test (tests/e2e/tabs.test.mjs): an element for the
// slow job with the page's default client. It sets `data-ready` once defined, and
// writes to `data-outcome` what it saw: when it first showed a run in flight (by the
// page's clock), whether its button was busy (aria-disabled) at every in-flight state, the queued
// event's time (only in the tab that queued), the final state, the log and the run id.
const element = document.getElementById('slow');
const root = document.documentElement;
const seen = { firstInFlightAt: null, queuedAt: null, enabledInFlight: 0, states: [] };
const inFlight = (state) => ['starting', 'queued', 'running'].includes(state);
const button = () => element.shadowRoot.querySelector('[part~="button"]');

new MutationObserver(() => {
  const state = element.getAttribute('state');
  if (seen.states.at(-1) !== state) seen.states.push(state);
  if (inFlight(state)) {
    seen.firstInFlightAt ??= Date.now();
    if (button().getAttribute('aria-disabled') !== 'true') seen.enabledInFlight += 1;
  }
  if (['complete', 'error', 'failed'].includes(state) && seen.firstInFlightAt) {
    const log = element.shadowRoot.querySelector('[part~="log"]').textContent;
    const outcome = { ...seen, state, log, runId: element.run?.id ?? null };
    root.dataset.outcome = JSON.stringify(outcome);
  }
}).observe(element, { attributes: true, attributeFilter: ['state'] });
element.addEventListener('drush-io-queued', () => {
  seen.queuedAt = Date.now();
});

(async () => {
  const { default: init, DrushIo, defineElements } = await import('/pkg/drush_io_embed.js');
  await init();
  defineElements({ client: new DrushIo({ baseUrl: '/proxy/v1' }) });
  root.dataset.ready = '1';
})().catch((error) => {
  root.dataset.outcome = JSON.stringify({ error: String(error) });
});
