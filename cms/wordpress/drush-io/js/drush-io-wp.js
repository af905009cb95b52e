// Registers <drush-io-run-button> with a client that calls the plugin's REST route with the
// user's nonce, and with the plugin's translated texts. Both come from the data- attributes
// of the buttons (no inline script), never a token: the server adds it.
import { defineRunButton } from '../pkg/run-button.js';
import init, { DrushIo, defineElements } from '../pkg/drush_io_embed.js';

const buttons = document.querySelectorAll('drush-io-run-button[data-drush-io-rest]');
if (buttons.length) {
  const messages = JSON.parse(buttons[0].dataset.drushIoMessages);
  // Drawn idle, in the user's language, while the wasm loads: a click meanwhile shows
  // `starting` and is acted on once it is ready.
  for (const button of buttons) button.messages = messages;
  defineRunButton();
  await init();
  defineElements({
    client: new DrushIo({
      baseUrl: buttons[0].dataset.drushIoRest,
      headers: { 'X-WP-Nonce': buttons[0].dataset.drushIoNonce },
    }),
    messages,
  });
}
