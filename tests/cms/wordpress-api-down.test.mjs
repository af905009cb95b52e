// Nothing breaks when the API is down: through the plugin's route on a real WordPress
// (scripts/wordpress-env.sh), a poll and a trigger answer 502 with a JSON reason the element
// shows, and the next poll with the API back passes. The switch of tests/cms/mu-plugins/
// points one request at a loopback port where nothing listens.
// Env: DRUSH_IO_WP_URL, DRUSH_IO_TOKEN.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runToEnd, signIn } from './session.mjs';

const WP = process.env.DRUSH_IO_WP_URL;
const TOKEN = process.env.DRUSH_IO_TOKEN;

test('with the API unreachable, a poll and a trigger answer 502 in JSON, and polls pass once it is back', async () => {
  const admin = await signIn(WP, 'admin', 'admin-password');
  const { path } = await runToEnd(admin, 'test', 'vars', { env: { GREETING: 'hi' } });
  const down = { 'x-wp-nonce': admin.nonce, 'x-drush-io-test-api-down': '1' };
  const polled = await admin.fetch(path, { headers: down });
  const queued = await admin.fetch('/wp-json/drush-io/v1/projects/test/jobs/vars/runs', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...down },
    body: JSON.stringify({ env: { GREETING: 'hi' } }),
  });
  for (const answer of [polled, queued]) {
    assert.equal(answer.status, 502, answer.body);
    assert.match(answer.headers.get('content-type'), /^application\/json/);
    assert.equal(answer.headers.get('cache-control'), 'no-store');
    assert.deepEqual(JSON.parse(answer.body), { code: 'upstream-unreachable', message: 'The drush.io API could not be reached.' });
    assert.ok(!answer.body.includes(TOKEN));
  }
  const back = await admin.fetch(path, { headers: { 'x-wp-nonce': admin.nonce } });
  assert.equal(back.status, 200, back.body);
  assert.equal(JSON.parse(back.body).status, 'complete');
  assert.equal(back.headers.get('cache-control'), 'no-store', 'a run\'s log stays out of the browser\'s cache');
});
