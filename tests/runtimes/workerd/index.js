// The package in Cloudflare's workerd: wrangler resolves the `workerd` condition, whose
// entry imports the wasm as a WebAssembly.Module (workerd compiles no bytes at run time).
// Each entry's `init()` with no argument, then one run of the job to its end.
import initFull, { DrushIo as FullClient } from 'drush-io-embed';
import initClient, { DrushIo as Client, DrushIoError } from 'drush-io-embed/client';

export default {
  async fetch(request) {
    const query = new URL(request.url).searchParams;
    const results = [];
    for (const [entry, init, DrushIo] of [['full', initFull, FullClient], ['client', initClient, Client]]) {
      const [first, second] = await Promise.all([init(), init()]);
      let pathBase;
      try {
        new DrushIo({ baseUrl: '/proxy/v1' });
        pathBase = 'accepted';
      } catch (error) {
        pathBase = error instanceof DrushIoError || error?.name === 'DrushIoError' ? error.kind : String(error);
      }
      const job = entry === 'full' ? query.get('job') : `${query.get('job')}-client`;
      const statuses = [];
      const run = await new DrushIo({ baseUrl: `${query.get('base')}/v1`, token: query.get('token') }).runJobAndWait('rt', job, {
        initialDelayMs: 100,
        maxDelayMs: 500,
        onUpdate: (update) => statuses.push(update.status),
      });
      results.push({ entry, job, shared: first === second, pathBase, id: run.id, status: run.status, statuses, log: run.log });
    }
    return Response.json(results);
  },
};
