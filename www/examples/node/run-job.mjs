#!/usr/bin/env node
// Runs a drush.io job from a chatops bot or a CI job: prints the run's status each time it
// changes, then its log, and exits 0 when the run completes, 1 when it ends in error, and
// 2 when it could not be queued or followed (bad arguments, token, network).
//
//   DRUSH_IO_TOKEN=... node run-job.mjs PROJECT JOB [NAME=VALUE ...]
//
// NAME=VALUE pairs become the run's environment variables. DRUSH_IO_BASE_URL points it at
// another API (default https://api.drush.io/v1). The token comes from the environment,
// never from the command line, where other users of the machine could read it.
import init, { DrushIo } from 'drush-io-embed/client';

const [project, job, ...pairs] = process.argv.slice(2);
const token = process.env.DRUSH_IO_TOKEN;
if (!project || !job || !token || pairs.some((pair) => !pair.includes('='))) {
  console.error('usage: DRUSH_IO_TOKEN=... node run-job.mjs PROJECT JOB [NAME=VALUE ...]');
  process.exit(2);
}
const env = Object.fromEntries(pairs.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]));

// Ctrl-C (or the CI job's cancel) stops following the run; the run itself goes on.
const stop = new AbortController();
process.once('SIGINT', () => stop.abort());
process.once('SIGTERM', () => stop.abort());

try {
  await init();
  const client = new DrushIo({ token, ...(process.env.DRUSH_IO_BASE_URL && { baseUrl: process.env.DRUSH_IO_BASE_URL }) });
  const run = await client.runJobAndWait(project, job, {
    env,
    signal: stop.signal,
    onUpdate: (update) => console.log(`${project}/${job} run ${update.id}: ${update.status}`),
  });
  if (run.log) process.stdout.write(run.log.endsWith('\n') ? run.log : `${run.log}\n`);
  process.exitCode = run.status === 'complete' ? 0 : 1;
} catch (error) {
  // A DrushIoError's message never holds the token.
  console.error(`drush.io: ${error.message}`);
  process.exitCode = 2;
}
