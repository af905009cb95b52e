// Registers <drush-io-run-button> with a client for the module's route and its texts
// through Drupal.t, so they are translated like the rest of the admin interface and picked
// up by locale. The token stays in settings.php; the page holds only Drupal's CSRF header
// token, fetched from session/token and fetched again when a request finds it expired.
import { defineRunButton } from '../pkg/run-button.js';

// A `fetch` for the client that adds the X-CSRF-Token header. The token is read once, when
// the first request needs it; a 403 with a token that has changed since (the session was
// renewed, or the page outlived it) is retried once with the new one. A 403 means the
// request never started a run, so the retry cannot queue a second one.
function csrfFetch(tokenUrl) {
  let token;
  const renew = () => {
    const asked = fetch(tokenUrl, { credentials: 'same-origin', cache: 'no-store' }).then((answer) => {
      if (!answer.ok) throw new TypeError(`session/token answered ${answer.status}`);
      return answer.text();
    });
    // A failed read is not kept: the next request asks again.
    asked.catch(() => {
      if (token === asked) token = undefined;
    });
    token = asked;
    return asked;
  };
  const send = (url, options, csrf) => {
    const headers = new Headers(options.headers);
    headers.set('X-CSRF-Token', csrf);
    return fetch(url, { ...options, headers, credentials: 'same-origin' });
  };
  return async (url, options = {}) => {
    const pending = token || renew();
    const used = await pending;
    const answer = await send(url, options, used);
    if (answer.status !== 403) return answer;
    const renewed = await (token === pending ? renew() : token || renew());
    return renewed === used ? answer : send(url, options, renewed);
  };
}

const buttons = document.querySelectorAll('drush-io-run-button[data-drush-io-rest]');
if (buttons.length) {
  const { Drupal } = window;
  const messages = {
    label: Drupal.t('Run job'),
    question: Drupal.t('Run this job now?'),
    accept: Drupal.t('Run'),
    cancel: Drupal.t('Cancel'),
    log: Drupal.t('Log'),
    progress: Drupal.t('Progress'),
    truncated: Drupal.t('[… earlier output not shown]'),
    offline: Drupal.t('Offline, waiting for the network'),
    expired: Drupal.t('Your session expired: reload to keep following this run.'),
    unknown: Drupal.t('The run may have been queued: check before running the job again.'),
    states: {
      starting: Drupal.t('Starting'),
      queued: Drupal.t('Queued'),
      running: Drupal.t('Running'),
      complete: Drupal.t('Complete'),
      error: Drupal.t('Error'),
      failed: Drupal.t('Failed'),
    },
    // `{status}` is the element's placeholder (the HTTP status), left as it is by Drupal.t.
    errors: {
      network: Drupal.t('The server could not be reached.'),
      http: Drupal.t('The server answered {status}.'),
      timeout: Drupal.t('The server did not answer in time.'),
      parse: Drupal.t("The server's answer was unreadable."),
      aborted: Drupal.t('Cancelled.'),
      'invalid-argument': Drupal.t('The button is set up wrong.'),
    },
  };
  // Drawn idle, translated, while the wasm loads: a click meanwhile shows `starting` and is
  // acted on once it is ready.
  for (const button of buttons) button.messages = messages;
  // The block's variable fields are read by their button at click time, never submitted
  // (Enter in a field would submit their form).
  for (const form of document.querySelectorAll('form[data-drush-io-vars]')) {
    form.addEventListener('submit', (event) => event.preventDefault());
  }
  defineRunButton();
  // The wasm's download starts before the glue's import, so the two travel side by side
  // (as pkg/auto.js does).
  const wasm = fetch(new URL('../pkg/drush_io_embed_bg.wasm', import.meta.url));
  const { default: init, DrushIo, defineElements } = await import('../pkg/drush_io_embed.js');
  await init({ module_or_path: wasm });
  // The client comes with the texts: its fetch reads the CSRF token when the first
  // request needs it, so a click made before the wasm was ready goes out at once.
  defineElements({
    messages,
    client: new DrushIo({ baseUrl: buttons[0].dataset.drushIoRest, fetch: csrfFetch(Drupal.url('session/token')) }),
  });
}
