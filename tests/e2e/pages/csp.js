// The CSP page test: records every Content-Security-Policy violation from before the
// package loads, then runs a job to its end with the element, and writes
// what happened as JSON in the root element's `data-outcome` (a DOM attribute, which every
// WebDriver reads alike, where a page global is hidden from Firefox's script sandbox).
const violations = [];
document.addEventListener(
  'securitypolicyviolation',
  (event) => violations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`),
  true,
);

function finished(element) {
  return new Promise((resolve) => {
    for (const name of ['drush-io-complete', 'drush-io-error']) {
      element.addEventListener(name, () => resolve(element.getAttribute('state')));
    }
  });
}

(async () => {
  const { default: init, defineElements } = await import('/pkg/drush_io_embed.js');
  await init();
  defineElements();
  const first = document.getElementById('first');
  const second = document.getElementById('second');
  const button = first.shadowRoot.querySelector('[part~="button"]');
  const ending = finished(first);
  button.click();
  const state = await ending;
  // A task later, so that a violation caused by the last update is reported too.
  await new Promise((resolve) => setTimeout(resolve, 100));
  const roots = [first.shadowRoot, second.shadowRoot];
  // The untouched element's button: the clicked one may still be in its colour transition.
  const idle = second.shadowRoot.querySelector('[part~="button"]');
  return {
    state,
    log: first.shadowRoot.querySelector('[part~="log"]').textContent,
    violations,
    // From the adopted sheet: the host's display and the button's colours.
    hostDisplay: getComputedStyle(first).display,
    buttonBackground: getComputedStyle(idle).backgroundColor,
    buttonColor: getComputedStyle(idle).color,
    badgeVisibility: getComputedStyle(first.shadowRoot.querySelector('[part~="badge"]')).visibility,
    sheets: roots.map((root) => root.adoptedStyleSheets.length),
    sharedSheet: roots[0].adoptedStyleSheets[0] === roots[1].adoptedStyleSheets[0],
    inlineStyles: roots.map((root) => root.querySelectorAll('style, [style]').length),
  };
})().then(
  (outcome) => { document.documentElement.dataset.outcome = JSON.stringify(outcome); },
  (error) => { document.documentElement.dataset.outcome = JSON.stringify({ error: String(error) }); },
);
