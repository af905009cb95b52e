// Registers <drush-io-run-button> with a default client that calls the site's proxy
// route, and with the element's texts in the page's language through Drupal.t (so they
// are translated like the rest of the admin interface, and picked up by locale). Drupal
// checks the X-CSRF-Token header on the POST (see mymodule.routing.yml).
import init, { DrushIo, defineElements } from './drush-io-embed/drush_io_embed.js';

const { Drupal } = window;

await init();
// Registered first, so that an element whose run was saved before a reload shows it at
// once; it waits for the client below (the CSRF token needs a request first).
defineElements({
  messages: {
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
  },
});
const csrf = await (await fetch('/session/token', { credentials: 'same-origin' })).text();
defineElements({
  client: new DrushIo({ baseUrl: '/admin/drush-io/v1', headers: { 'X-CSRF-Token': csrf } }),
});
