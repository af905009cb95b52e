// Registers <drush-io-run-button> with a client for the module's route (the CSRF header
// token from /session/token) and texts through Drupal.t. The token stays in settings.php.
import init, { DrushIo, defineElements } from '../pkg/drush_io_embed.js';

const first = document.querySelector('drush-io-run-button[data-drush-io-rest]');
if (first) {
  const { Drupal } = window;
  await init();
  defineElements({
    messages: {
      label: Drupal.t('Run job'),
      question: Drupal.t('Run this job now?'),
      accept: Drupal.t('Run'),
      cancel: Drupal.t('Cancel'),
      log: Drupal.t('Log'),
      states: {
        starting: Drupal.t('Starting'),
        queued: Drupal.t('Queued'),
        running: Drupal.t('Running'),
        complete: Drupal.t('Complete'),
        error: Drupal.t('Error'),
        failed: Drupal.t('Failed'),
      },
    },
  });
  const csrf = await (await fetch(Drupal.url('session/token'), { credentials: 'same-origin' })).text();
  defineElements({
    client: new DrushIo({ baseUrl: first.dataset.drushIoRest, headers: { 'X-CSRF-Token': csrf } }),
  });
}
