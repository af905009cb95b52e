// Registers <drush-io-run-button> with a client for the module's route (the CSRF header
// token from /session/token) and its texts through Drupal.t, so they are translated like
// the rest of the admin interface and picked up by locale. The token stays in settings.php.
import { defineRunButton } from '../pkg/run-button.js';
import init, { DrushIo, defineElements } from '../pkg/drush_io_embed.js';

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
  defineRunButton();
  await init();
  // Registered before the client, so that a run saved before a reload shows at once; it
  // waits for the client below (the CSRF token needs a request first).
  defineElements({ messages });
  const csrf = await (await fetch(Drupal.url('session/token'), { credentials: 'same-origin' })).text();
  defineElements({
    client: new DrushIo({ baseUrl: buttons[0].dataset.drushIoRest, headers: { 'X-CSRF-Token': csrf } }),
  });
}
