// A module service worker running the package (run-entries.js): import() is not allowed
// here, as in an extension's background.
import { runEntries } from './run-entries.js';

addEventListener('install', () => skipWaiting());
addEventListener('activate', (event) => event.waitUntil(clients.claim()));
addEventListener('message', (event) => {
  const { token, job } = event.data;
  event.waitUntil(runEntries(token, job).then((results) => event.source.postMessage(results)));
});
