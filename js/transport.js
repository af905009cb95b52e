// The one place that calls `fetch`; src/web/fetch.rs is its only caller and makes every
// decision (the status's meaning, the run's checks, Retry-After, the timeout's length,
// the token's redaction). Building the request here rather than with web-sys's
// Request, Headers and RequestInit takes about 20 imports out of the wasm file.

// What every request carries: the `extra` headers (an object of names to strings, or
// undefined), then `Accept` and, with a token, `Authorization`, replacing any of those
// two `extra` held.
// `fetch` is the client's `fetch` option (a function) or undefined for the global one.
// Returns the name of the first invalid header instead, or undefined without `Headers`.
export function init(extra, credentials, token, fetch) {
  let name;
  try {
    const headers = new Headers();
    for (name of Object.keys(Object(extra))) headers.append(name, extra[name]);
    headers.set('Accept', 'application/json');
    if (token) headers.set('Authorization', 'Bearer ' + token);
    return { headers, credentials, fetch };
  } catch {
    return name;
  }
}

// Sends one request. The promise resolves with the answer's body: the parsed JSON of a
// 2xx answer, the first `keep` characters of any other's text, undefined when it could
// not be read; `status` and `retryAfter` (the header, or null) are set on the promise
// by then. It rejects with true once `ms` passed (no timer beyond what setTimeout
// holds), even if `fetch` did not heed the abort, and with the error when no answer
// came. `abort()` cancels the request.
export function send(init, method, url, body, ms, keep) {
  let controller, timer;
  const answer = new Promise((resolve, reject) => {
    controller = new AbortController();
    // Once settled there is nothing left to abort, and an abort is not free: it builds an
    // AbortError with its stack for every request whose future is dropped.
    const done = (settle, value) => {
      clearTimeout(timer);
      controller = undefined;
      settle(value);
    };
    if (ms < 2 ** 31) {
      timer = setTimeout(() => {
        controller.abort();
        done(reject, true);
      }, ms);
    }
    const headers = new Headers(init.headers);
    if (body !== undefined) headers.set('Content-Type', 'application/json');
    // The global `fetch` is looked up now, not at load: a mock installed later is used.
    (init.fetch || fetch)(url, { credentials: init.credentials, method, headers, body, signal: controller.signal }).then(async (response) => {
      answer.status = response.status;
      answer.retryAfter = response.headers.get('Retry-After');
      let read;
      try {
        read = response.ok ? await response.json() : (await response.text()).slice(0, keep);
      } catch {
        // Unreadable: resolved with undefined.
      }
      done(resolve, read);
    }, (error) => done(reject, error));
  });
  answer.abort = () => controller?.abort();
  return answer;
}

// A same-origin path (a base URL) made absolute against the page's (or worker's) origin;
// undefined where there is none (Node and workerd have no `location`; Deno's throws
// unless started with --location).
export const onOrigin = (path) => {
  try {
    return location.origin + path;
  } catch {}
};
