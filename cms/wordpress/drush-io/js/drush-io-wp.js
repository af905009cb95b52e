// Registers <drush-io-run-button> with a client that calls the plugin's REST route with the
// user's nonce, and with the plugin's translated texts. Both come from the data- attributes
// of the first button (no inline script), never a token: the server adds it.
import init, { DrushIo, defineElements } from '../pkg/drush_io_embed.js';

const first = document.querySelector('drush-io-run-button[data-drush-io-rest]');
if (first) {
  await init();
  defineElements({
    client: new DrushIo({
      baseUrl: first.dataset.drushIoRest,
      headers: { 'X-WP-Nonce': first.dataset.drushIoNonce },
    }),
    messages: JSON.parse(first.dataset.drushIoMessages),
  });
}
