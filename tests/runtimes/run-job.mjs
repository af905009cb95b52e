// Run by Node, Deno and Bun from this folder (the package installed from its npm pack
// tarball): for the full package and for the client alone, `init()` with no argument,
// called twice at once and once more, shares one instance; a same-origin path as
// `baseUrl` is refused (there is no page here); then one run of the job to its end. Prints
// one JSON line per entry; runtimes.test.mjs checks them and counts the requests on the
// dev server. Usage: RUNTIME run-job.mjs BASE_URL TOKEN JOB
import process from 'node:process';
import * as full from 'drush-io-embed';
import * as client from 'drush-io-embed/client';

const [base, token, job] = process.argv.slice(2);

for (const [entry, api] of [['full', full], ['client', client]]) {
  const { default: init, DrushIo, DrushIoError } = api;
  const [first, second] = await Promise.all([init(), init()]);
  const shared = first === second && (await init()) === first;
  let pathBase;
  try {
    new DrushIo({ baseUrl: '/proxy/v1' });
    pathBase = 'accepted';
  } catch (error) {
    pathBase = error instanceof DrushIoError ? error.kind : String(error);
  }
  const statuses = [];
  const name = entry === 'full' ? job : `${job}-client`;
  const run = await new DrushIo({ baseUrl: `${base}/v1`, token }).runJobAndWait('rt', name, {
    initialDelayMs: 100,
    maxDelayMs: 500,
    onUpdate: (update) => statuses.push(update.status),
  });
  console.log(JSON.stringify({ entry, job: name, shared, pathBase, id: run.id, status: run.status, statuses, log: run.log }));
}
