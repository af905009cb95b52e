// What the module worker and the service worker each do (no DOM, no import(), as in an
// extension's service worker), with the package loaded straight from the installed
// tarball: each entry's `init()` with no argument (twice at once), then one run of the job
// to its end through a same-origin path as the base URL. Answers one result per entry.
import initFull, { DrushIo as FullClient } from '../node_modules/drush-io-embed/drush_io_embed.js';
import initClient, { DrushIo as Client } from '../node_modules/drush-io-embed/client/drush_io_embed.js';

export async function runEntries(token, job) {
  const results = [];
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
      results.push({ entry, job: name, shared: first === second, pathBase: 'accepted', id: run.id, status: run.status, statuses, log: run.log });
    } catch (error) {
      results.push({ entry, job: name, error: String(error) });
    }
  }
  return results;
}
