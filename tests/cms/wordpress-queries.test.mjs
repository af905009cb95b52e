// Each poll boots WordPress, so the plugin's route must cost no more than it has to. The
// query counter of tests/cms/mu-plugins/ tells how many database queries a REST request
// made: a poll through the plugin's route against a route that does nothing but check the
// user. The one query allowed is the stored token's, kept out of the autoloaded options so
// that no other page of the site loads it; the DRUSH_IO_TOKEN constant costs none (the
// switch of tests/cms/mu-plugins/ defines it for one request). Env: DRUSH_IO_WP_URL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runToEnd, signIn } from './session.mjs';

const WP = process.env.DRUSH_IO_WP_URL;

const admin = await signIn(WP, 'admin', 'admin-password');
const { path } = await runToEnd(admin, 'test', 'vars', { env: { GREETING: 'hi' } });
const queries = async (route, status = 200, headers = {}) => {
  const answer = await admin.fetch(route, { headers: { 'x-wp-nonce': admin.nonce, ...headers } });
  assert.equal(answer.status, status, answer.body);
  const count = Number(answer.headers.get('x-drush-io-queries'));
  assert.ok(count > 0, `${route}: counted ${answer.headers.get('x-drush-io-queries')}`);
  return { count, body: JSON.parse(answer.body) };
};

test('a poll through the route makes one query beyond WordPress\'s own: the token, which is not autoloaded', async () => {
  const own = await queries('/wp-json/drush-io-test/v1/nothing');
  const poll = await queries(path);
  assert.equal(poll.body.status, 'complete');
  assert.equal(poll.count - own.count, 1, `a poll made ${poll.count} queries, WordPress alone ${own.count}`);
  assert.deepEqual(own.body, { drush_io_base_url: true, drush_io_jobs: true, drush_io_token: false },
    'the settings read on every poll are autoloaded; the token is not');
});

test('with the DRUSH_IO_TOKEN constant a poll makes no query beyond WordPress\'s own, and the constant wins', async () => {
  const constant = { 'x-drush-io-test-token-constant': '1' };
  const own = await queries('/wp-json/drush-io-test/v1/nothing', 200, constant);
  // The constant's token is one the API refuses: its 401 comes back, so the stored token was not sent.
  const poll = await queries(path, 401, constant);
  assert.equal(poll.count - own.count, 0, `a poll made ${poll.count} queries, WordPress alone ${own.count}`);
});
