// A module worker (no DOM, no import(), as in an extension's service worker) loading the
// package straight from the installed tarball: each entry's `init()` with no argument,
// then one run of the job to its end, through a same-origin path as the base URL.
import initFull, { DrushIo as FullClient } from '../node_modules/drush-io-embed/drush_io_embed.js';
import initClient, { DrushIo as Client } from '../node_modules/drush-io-embed/client/drush_io_embed.js';

onmessage = async ({ data: { token, job } }) => {
  for (const [entry, init, DrushIo] of [['full', initFull, FullClient], ['client', initClient, Client]]) {
    const name = entry === 'full' ? job : `${job}-client`;
    try {
      const [first, second] = await Promise.all([init(), init()]);
      const statuses = [];
      const run = await new DrushIo({ baseUrl: '/v1', token }).runJobAndWait('rt', name, {
        initialDelayMs: 100,
        maxDelayMs: 500,
        onUpdate: (update) => statuses.push(update.status),
      });
      postMessage({ entry, job: name, shared: first === second, pathBase: 'accepted', id: run.id, status: run.status, statuses, log: run.log });
    } catch (error) {
      postMessage({ entry, job: name, error: String(error) });
    }
  }
};
