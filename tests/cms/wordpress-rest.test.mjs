// The WordPress plugin's REST route on a real WordPress (scripts/wordpress-env.sh) in front of
// the real dev server: what passes, what is refused before the API, and that no answer
// carries the token. Env: DRUSH_IO_WP_URL, DRUSH_IO_E2E_URL (the dev server), DRUSH_IO_TOKEN.
import { test } from 'node:test';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { signIn as signInAs } from './session.mjs';

const WP = process.env.DRUSH_IO_WP_URL;
const API = process.env.DRUSH_IO_E2E_URL;
const TOKEN = process.env.DRUSH_IO_TOKEN;
const seen = []; // every body WordPress answered, grepped for the token at the end

async function upstreamRequests() {
  const answer = await fetch(`${API}/__devserver/requests?path_prefix=/v1`);
  return (await answer.json()).requests.length;
}

const signIn = (user, password) => signInAs(WP, user, password, seen);

const post = (session, job, body, nonce = session.nonce) =>
  session.fetch(`/wp-json/drush-io/v1/projects/test/jobs/${job}/runs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(nonce ? { 'x-wp-nonce': nonce } : {}) },
    body: JSON.stringify(body),
  });

test('an administrator runs a listed job through the route to complete', async () => {
  const admin = await signIn('admin', 'admin-password');
  assert.match(admin.dashboard, /<drush-io-run-button project="test" job="ok"[^>]*><\/drush-io-run-button>/);
  assert.match(admin.dashboard, /<script type="module" src='[^']*drush-io-wp\.js/);
  // In the <head>: the placeholder stylesheet (there at the first paint) and the wasm's preload.
  const head = admin.dashboard.slice(0, admin.dashboard.indexOf('</head>'));
  assert.match(head, /<link rel='stylesheet' id='drush-io-buttons-css' href='[^']*\/pkg\/run-button\.css/);
  assert.match(head, /<link rel="preload" href="[^"]*\/pkg\/drush_io_embed_bg\.wasm" as="fetch" crossorigin="anonymous">/);
  const before = await upstreamRequests();
  const queued = await post(admin, 'vars', { env: { GREETING: 'hi' } });
  assert.equal(queued.status, 201, queued.body);
  const run = JSON.parse(queued.body);
  let polled;
  for (let i = 0; i < 50; i += 1) {
    polled = await admin.fetch(`/wp-json/drush-io/v1/projects/test/jobs/vars/runs/${run.id}`, { headers: { 'x-wp-nonce': admin.nonce } });
    assert.equal(polled.status, 200, polled.body);
    if (JSON.parse(polled.body).status === 'complete') break;
    await new Promise((resume) => setTimeout(resume, 200));
  }
  assert.equal(JSON.parse(polled.body).status, 'complete');
  assert.match(JSON.parse(polled.body).log, /hi/);
  assert.ok((await upstreamRequests()) >= before + 2);
});

test('refused with 403 before the API: no nonce, a bad nonce, a job not listed, a variable not allowed', async () => {
  const admin = await signIn('admin', 'admin-password');
  const before = await upstreamRequests();
  for (const [job, body, nonce] of [
    ['vars', {}, ''],
    ['vars', {}, 'not-a-nonce'],
    ['slow', {}, undefined],
    ['vars', { env: { PATH: '/tmp' } }, undefined],
  ]) {
    const answer = await post(admin, job, body, nonce ?? admin.nonce);
    assert.equal(answer.status, 403, `${job} ${JSON.stringify(body)} ${nonce}: ${answer.body}`);
  }
  assert.equal(await upstreamRequests(), before, 'no refused request reached the API');
});

test('an editor without the capability sees no button for the job and is refused', async () => {
  const editor = await signIn('editor', 'editor-password');
  assert.doesNotMatch(editor.dashboard, /job="vars"/);
  const before = await upstreamRequests();
  const answer = await post(editor, 'vars', {});
  assert.equal(answer.status, 403, answer.body);
  assert.equal(await upstreamRequests(), before);
});

test('ids come from the path alone: a query cannot change the run polled, and "." or ".." never reach the API', async () => {
  const admin = await signIn('admin', 'admin-password');
  const { id } = JSON.parse((await post(admin, 'vars', {})).body);
  const runs = '/wp-json/drush-io/v1/projects/test/jobs/vars/runs';
  const headers = { 'x-wp-nonce': admin.nonce };
  const upstream = async () => (await (await fetch(`${API}/__devserver/requests?path_prefix=/v1`)).json()).requests;
  const before = (await upstream()).length;
  const polled = await admin.fetch(`${runs}/${id}?run=..&project=other&job=ok`, { headers });
  assert.equal(polled.status, 200, polled.body);
  assert.equal(JSON.parse(polled.body).id, id);
  const sent = (await upstream()).slice(before);
  assert.deepEqual(sent.map((request) => request.path), [`/v1/projects/test/jobs/vars/runs/${id}`], 'the path\'s ids, not the query\'s');
  // Through rest_route (a URL's path would have its dots resolved by fetch before sending).
  const route = '/?rest_route=/drush-io/v1/projects/test/jobs/vars/runs';
  for (const bad of ['..', '.', '%2E%2E', '%2e', '..%2F..']) {
    const answer = await admin.fetch(`${route}/${bad}`, { headers });
    assert.ok([400, 404].includes(answer.status), `${bad}: ${answer.status} ${answer.body}`);
  }
  const dots = await admin.fetch('/?rest_route=/drush-io/v1/projects/../jobs/vars/runs', { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '{}' });
  assert.ok([400, 404].includes(dots.status), `${dots.status} ${dots.body}`);
  assert.equal((await upstream()).length, before + 1, 'nothing but the one poll reached the API');
});

test('no token set: 503 with the reason, and no request (no empty Bearer header) reaches the API', async () => {
  const admin = await signIn('admin', 'admin-password');
  const before = await upstreamRequests();
  const answer = await admin.fetch('/wp-json/drush-io/v1/projects/test/jobs/vars/runs', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-wp-nonce': admin.nonce, 'x-drush-io-test-no-token': '1' },
    body: '{"env":{}}',
  });
  assert.equal(answer.status, 503, answer.body);
  assert.match(JSON.parse(answer.body).message, /No drush\.io API token is set/);
  assert.equal(await upstreamRequests(), before);
});

test('an API that never answers: the route gives up first (within 20 s, under the browser\'s 30 s) with a 504 in JSON', async () => {
  const admin = await signIn('admin', 'admin-password');
  const silent = createServer(() => {}); // accepts, never answers
  await new Promise((resolve) => silent.listen(0, '127.0.0.1', resolve));
  try {
    const started = Date.now();
    const answer = await admin.fetch('/wp-json/drush-io/v1/projects/test/jobs/vars/runs', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-wp-nonce': admin.nonce, 'x-drush-io-test-api-url': `http://127.0.0.1:${silent.address().port}/v1` },
      body: '{"env":{}}',
    });
    assert.equal(answer.status, 504, answer.body);
    assert.equal(JSON.parse(answer.body).code, 'upstream-timeout');
    assert.ok(Date.now() - started < 29_000, `answered after ${Date.now() - started} ms`);
  } finally {
    silent.close();
  }
});

test('no file of the installed plugin, fetched over HTTP, carries the token', async () => {
  // The zip's layout (scripts/cms-zip.sh): the plugin's own files, shared/ and pkg/.
  const walk = (dir, as) => readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory()
    ? walk(join(dir, entry.name), `${as}/${entry.name}`) : [`${as}/${entry.name}`]));
  const files = [
    ...walk('cms/wordpress/drush-io', ''),
    ...walk('cms/shared/src', '/shared/src'),
    '/shared/autoload.php',
    ...['drush_io_embed.js', 'run-button.js', 'run-button.css', 'drush_io_embed_bg.wasm'].map((name) => `/pkg/${name}`),
  ];
  let served = 0;
  for (const file of files) {
    const answer = await fetch(`${WP}/wp-content/plugins/drush-io${file}`);
    const body = await answer.text();
    if (answer.status === 200) served += 1;
    assert.ok(!body.includes(TOKEN), `${file} carried the token`);
  }
  assert.ok(served >= 10, `only ${served} of ${files.length} files were served`);
});

test('the token appears in no answer the tests saw', () => {
  assert.ok(seen.length > 10);
  for (const body of seen) assert.ok(!body.includes(TOKEN), 'an answer carried the token');
});
