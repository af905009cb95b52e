// The dev server the packaging matrix runs against (scripts/test-runtimes.sh starts it and
// sets DRUSH_IO_RT_URL and DRUSH_IO_RT_TOKEN), and what it saw: each runtime runs its own
// job of tests/runtimes/jobs.toml, so the requests of one are told from the others'.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';

export const BASE = process.env.DRUSH_IO_RT_URL;
export const TOKEN = process.env.DRUSH_IO_RT_TOKEN;
assert.ok(BASE && TOKEN, 'DRUSH_IO_RT_URL and DRUSH_IO_RT_TOKEN must be set (scripts/test-runtimes.sh sets them)');

/** The requests the dev server recorded for the runs of `job` of project `rt`. */
export async function requestsOf(job) {
  const runs = `/v1/projects/rt/jobs/${job}/runs`;
  const answer = await fetch(`${BASE}/__devserver/requests?path_prefix=${encodeURIComponent(runs)}`);
  assert.equal(answer.status, 200);
  return (await answer.json()).requests.filter((r) => r.path === runs || r.path.startsWith(`${runs}/`));
}

/**
 * Checks what one entry reported after running `result.job` (a line of run-job.mjs or the
 * like) against the server's record: the run complete, seen queued or running first, one
 * POST, every GET for that run and answered 200, each with the token.
 */
export async function assertRunOnServer(result, { pathBase = 'invalid-argument' } = {}) {
  assert.equal(result.error, undefined, `${result.job}: ${result.error}`);
  assert.equal(result.status, 'complete', JSON.stringify(result));
  assert.equal(result.shared, true, `${result.job}: concurrent init() calls share one instance`);
  assert.equal(result.pathBase, pathBase, `${result.job}: a path as baseUrl`);
  assert.match(result.log ?? '', new RegExp(`running in ${result.job}`));
  assert.equal(result.statuses.at(-1), 'complete');
  const requests = await requestsOf(result.job);
  const posts = requests.filter((r) => r.method === 'POST');
  const polls = requests.filter((r) => r.method === 'GET');
  assert.equal(posts.length, 1, `${result.job}: one POST`);
  assert.equal(posts[0].status, 201, `${result.job}: the POST queued a run`);
  assert.ok(polls.length >= 1, `${result.job}: polled at least once`);
  assert.deepEqual(
    polls.map((r) => [r.path.split('/').pop(), r.status, r.authorization]),
    polls.map(() => [result.id, 200, true]),
    `${result.job}: every poll read the queued run, with the token`,
  );
  assert.equal(requests.length, posts.length + polls.length, `${result.job}: no other request`);
}

/** A loopback TCP port free at the moment (for wrangler and next start). */
export async function freePort() {
  const probe = createServer();
  await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
