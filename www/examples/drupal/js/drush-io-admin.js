// Registers <drush-io-run-button> with a default client that calls the site's proxy
// route. Drupal checks the X-CSRF-Token header on the POST (see mymodule.routing.yml).
import init, { DrushIo, defineElements } from './drush-io-embed/drush_io_embed.js';

await init();
const csrf = await (await fetch('/session/token', { credentials: 'same-origin' })).text();
defineElements({
  client: new DrushIo({ baseUrl: '/admin/drush-io/v1', headers: { 'X-CSRF-Token': csrf } }),
});
