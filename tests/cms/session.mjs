// A signed-in WordPress user for node's fetch, as a browser would be: the cookies of
// wp-login.php, and the REST nonce the plugin puts on the dashboard's buttons. Every body
// answered is pushed to `seen` (the tests grep them for the token). Also used by
// benches/wordpress.mjs.
import assert from 'node:assert/strict';

export async function signIn(wp, user, password, seen = []) {
  const cookies = new Map();
  const keep = (answer) => {
    for (const line of answer.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
  };
  const session = {
    async fetch(path, init = {}) {
      const cookie = [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
      const answer = await fetch(`${wp}${path}`, { redirect: 'manual', ...init, headers: { cookie, ...init.headers } });
      keep(answer);
      const body = await answer.text();
      seen.push(body);
      return { status: answer.status, body, headers: answer.headers };
    },
  };
  await session.fetch('/wp-login.php');
  const login = await session.fetch('/wp-login.php', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ log: user, pwd: password, testcookie: '1' }).toString(),
  });
  assert.equal(login.status, 302, `${user} signs in`);
  const dashboard = await session.fetch('/wp-admin/');
  session.dashboard = dashboard.body;
  session.nonce = /data-drush-io-nonce="([^"]+)"/.exec(dashboard.body)?.[1] ?? /"nonce":"([0-9a-f]+)"/.exec(dashboard.body)?.[1];
  return session;
}

/** Queues `job` of project `project` through the plugin's route and polls it to its end. */
export async function runToEnd(session, project, job, body = {}) {
  const runs = `/wp-json/drush-io/v1/projects/${project}/jobs/${job}/runs`;
  const queued = await session.fetch(runs, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-wp-nonce': session.nonce },
    body: JSON.stringify(body),
  });
  assert.equal(queued.status, 201, queued.body);
  const { id } = JSON.parse(queued.body);
  for (let i = 0; i < 50; i += 1) {
    const polled = await session.fetch(`${runs}/${id}`, { headers: { 'x-wp-nonce': session.nonce } });
    assert.equal(polled.status, 200, polled.body);
    const run = JSON.parse(polled.body);
    if (run.status === 'complete' || run.status === 'error') return { id, run, path: `${runs}/${id}` };
    await new Promise((resume) => setTimeout(resume, 200));
  }
  throw new Error(`${job}: the run did not end`);
}
