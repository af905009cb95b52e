// The elements before their definition (sized by pkg/run-button.css), then defined by the
// class shell alone, as auto.js does. `data-early` says what they showed; the test clicks
// and presses keys, then sets `data-gate` on the root element to let the glue and the wasm
// load, and the ends of the runs in flight then (clicked, or saved before a reload) are
// written to `data-outcome` by element id (see tests/e2e/element-pages.test.mjs).
const root = document.documentElement;
const violations = [];
document.addEventListener('securitypolicyviolation', (event) => violations.push(event.violatedDirective));
const elements = [...document.querySelectorAll('drush-io-run-button')];
const box = (element) => {
  const { width, height } = element.getBoundingClientRect();
  return { width, height };
};
// Set before the definition: the class shell moves it through the property when it comes.
document.getElementById('translated').messages = { states: { starting: 'Startet' } };

function gateOpened() {
  return new Promise((resolve) => {
    if (root.dataset.gate) resolve();
    new MutationObserver(() => root.dataset.gate && resolve()).observe(root, { attributes: true });
  });
}

// What `document.createElement` (as frameworks make elements) gives, before the core and
// after: an element drawn once connected, or the error the constructor threw.
function created() {
  try {
    const element = document.createElement('drush-io-run-button');
    const attributes = element.getAttributeNames();
    document.body.append(element);
    const state = element.getAttribute('state');
    element.remove();
    return { attributes, state };
  } catch (error) {
    return { error: String(error) };
  }
}

const ended = (element) => new Promise((resolve) => {
  for (const name of ['drush-io-complete', 'drush-io-error']) {
    element.addEventListener(name, () => resolve(element.getAttribute('state')));
  }
});

(async () => {
  // The page's first paint waits for the stylesheet; a module may run before it arrives
  // (WebKit does not hold module scripts for it), so wait for it as the paint does.
  const link = document.querySelector('link[rel="stylesheet"]');
  if (!link.sheet) await new Promise((resolve) => link.addEventListener('load', resolve, { once: true }));
  const before = elements.map((element) => ({ defined: element.matches(':defined'), ...box(element) }));
  const { defineRunButton } = await import('/pkg/run-button.js');
  defineRunButton();
  const drawn = elements.map((element) => ({
    id: element.id,
    state: element.getAttribute('state'),
    label: element.shadowRoot.querySelector('[part~="button"]').textContent,
    badge: element.shadowRoot.querySelector('[part~="badge"]').textContent,
    held: element.shadowRoot.querySelector('[part~="button"]').getAttribute('aria-disabled') === 'true',
    ...box(element),
  }));
  root.dataset.early = JSON.stringify({ before, drawn, created: created() });
  const endings = new Map(elements.map((element) => [element, ended(element)]));
  await gateOpened();
  const following = elements.filter((element) => element.getAttribute('state') !== 'idle');
  const { default: init, defineElements } = await import('/pkg/drush_io_embed.js');
  await init();
  defineElements();
  const createdLater = created();
  const states = await Promise.all(following.map((element) => endings.get(element)));
  return {
    states: Object.fromEntries(following.map((element, index) => [element.id, states[index]])),
    violations,
    createdLater,
  };
})().then(
  (outcome) => { root.dataset.outcome = JSON.stringify(outcome); },
  (error) => { root.dataset.outcome = JSON.stringify({ error: String(error) }); },
);
