// Registers <drush-io-run-button> with a client that calls the plugin's REST route with the
// user's nonce, and with the plugin's translated texts. Both come from the data- attributes
// of the buttons (no inline script), never a token: the server adds it.
import { defineRunButton } from '../pkg/run-button.js';
import init, { DrushIo, defineElements } from '../pkg/drush_io_embed.js';

// The client's base: a same-origin path it accepts, mapped by `send` onto the route's
// real URL, which under plain permalinks is /index.php?rest_route=/drush-io/v1 (a URL with
// a query, which the client refuses as a base).
const BASE = '/drush-io/v1';

const buttons = document.querySelectorAll('drush-io-run-button[data-drush-io-rest]');
if (buttons.length) {
  const { drushIoRest: rest, drushIoNonceUrl: nonceUrl } = buttons[0].dataset;
  let nonce = buttons[0].dataset.drushIoNonce;
  const messages = JSON.parse(buttons[0].dataset.drushIoMessages);
  // Drawn idle, in the user's language, while the wasm loads: a click meanwhile shows
  // `starting` and is acted on once it is ready.
  for (const button of buttons) button.messages = messages;
  // A field's Enter would submit its form (a navigation): the button reads the fields.
  for (const form of document.querySelectorAll('form.drush-io-vars')) form.addEventListener('submit', (event) => event.preventDefault());
  // The admin's heartbeat hands out a fresh nonce when the page's has gone stale.
  globalThis.jQuery?.(document).on('heartbeat-tick', (_event, data) => {
    if (data?.rest_nonce) nonce = data.rest_nonce;
  });

  const send = (url, init) => {
    const { pathname, search } = new URL(url, location.href);
    const target = rest + pathname.slice(BASE.length) + (search && (rest.includes('?') ? '&' + search.slice(1) : search));
    const headers = new Headers(init.headers);
    headers.set('X-WP-Nonce', nonce);
    return fetch(target, { ...init, headers });
  };
  // A nonce past its life is refused before the route runs (rest_cookie_invalid_nonce), so
  // the request never reached the API: with a fresh nonce it is sent once more, a POST too.
  const options = {
    baseUrl: BASE,
    async fetch(url, init) {
      const answer = await send(url, init);
      if (answer.status !== 403 || !nonceUrl) return answer;
      const { code } = await answer.clone().json().catch(() => ({}));
      if (code !== 'rest_cookie_invalid_nonce') return answer;
      const fresh = await fetch(nonceUrl, { credentials: 'same-origin' }).then((reply) => (reply.ok ? reply.text() : '')).catch(() => '');
      // "0" (or nothing): signed out, and the element says to reload.
      if (!/^[0-9a-f]{6,}$/.test(fresh)) return answer;
      nonce = fresh;
      return send(url, init);
    },
  };

  try {
    defineRunButton();
    await init();
    defineElements({ client: new DrushIo(options), messages });
  } catch (error) {
    // Never a button left on "Starting" without a word: the element shows `failed` with the
    // reason once clicked, a note beside each button says it at once, and an admin page too.
    defineRunButton(undefined, error);
    const text = `${messages.startFailed} ${error?.message ?? error}`;
    for (const button of buttons) {
      const note = document.createElement('span');
      note.className = 'drush-io-start-failed';
      note.setAttribute('role', 'alert');
      note.textContent = text;
      button.after(note);
    }
    const heading = document.querySelector('#wpbody-content .wrap > h1, #wpbody-content .wrap > h2');
    if (heading) {
      const notice = document.createElement('div');
      notice.className = 'notice notice-error drush-io-notice';
      notice.append(Object.assign(document.createElement('p'), { textContent: text }));
      heading.after(notice);
    }
    throw error;
  }
}
