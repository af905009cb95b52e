// FakeDrushIoApi beyond what it shares with the dev server (tests/conformance/ proves that
// part): its own options, the requests log, finish and reset, fake timers, MSW handlers, and
// that its module loads without msw.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import FakeTimers from '@sinonjs/fake-timers';
import * as msw from 'msw';
import { setupServer } from 'msw/node';
import { FakeDrushIoApi } from '../../js/testing/index.js';

const BASE = 'https://api.drush.io/v1';
const runs = (job) => `${BASE}/projects/p/jobs/${job}/runs`;
const post = (api, job, init = {}) => api.fetch(runs(job), { method: 'POST', ...init });

test('a job with its own token: 401 without it, its neighbours open; the log keeps no token', async () => {
  const api = new FakeDrushIoApi().job('p', 'locked', { token: 'secret.jwt' }).job('p', 'open');
  assert.equal((await post(api, 'locked')).status, 401);
  assert.equal((await post(api, 'locked', { headers: { Authorization: 'Bearer wrong' } })).status, 401);
  assert.equal((await post(api, 'locked', { headers: { Authorization: 'Bearer secret.jwt' } })).status, 201);
  assert.equal((await post(api, 'open')).status, 201);
  assert.deepEqual(api.requests.map((r) => [r.job, r.status, r.authorization]), [
    ['locked', 401, false],
    ['locked', 401, true],
    ['locked', 201, true],
    ['open', 201, false],
  ]);
  assert.ok(!JSON.stringify(api.requests).includes('secret.jwt') && !JSON.stringify(api.requests).includes('wrong'));
});

test('the requests log: env as sent, the run a POST queued, posts() by name or ID, 0 for no answer', async () => {
  const api = new FakeDrushIoApi().job('p', 'deploy', { id: 'job-7', projectId: 'proj-1', variables: { SITE: 'staging' }, pollFaults: [{ network: true }] });
  const answer = await api.fetch(`${BASE}/projects/proj-1/jobs/job-7/runs`, { method: 'POST', body: JSON.stringify({ env: { SITE: 'live' } }) });
  const run = await answer.json();
  await assert.rejects(api.fetch(`${runs('deploy')}/${run.id}`), TypeError);
  assert.equal((await api.fetch(`${runs('deploy')}/${run.id}`)).status, 200);
  const [posted] = api.posts('p', 'deploy');
  assert.deepEqual(api.posts('proj-1', 'job-7'), [posted]);
  assert.equal(posted.runId, run.id);
  assert.deepEqual(posted.env, { SITE: 'live' });
  assert.equal(posted.path, '/v1/projects/proj-1/jobs/job-7/runs');
  assert.deepEqual(api.requests.map((r) => [r.method, r.status, r.runId]), [
    ['POST', 201, run.id],
    ['GET', 0, run.id],
    ['GET', 200, run.id],
  ]);
});

test('faults as the contract writes them: a POST refused queues nothing; Retry-After as given', async () => {
  const api = new FakeDrushIoApi()
    .job('p', 'down', { postFault: { status: 503, retryAfter: 30 } })
    .job('p', 'slow', { pollFaults: [{ status: 429, retryAfter: 'Wed, 21 Oct 2026 07:28:00 GMT' }, { status: 502, body: 'Bad gateway' }] });
  const refused = await post(api, 'down');
  assert.equal(refused.status, 503);
  assert.equal(refused.headers.get('retry-after'), '30');
  assert.equal(api.posts('p', 'down')[0].runId, undefined);
  const run = await (await post(api, 'slow')).json();
  const limited = await api.fetch(`${runs('slow')}/${run.id}`);
  assert.deepEqual([limited.status, limited.headers.get('retry-after')], [429, 'Wed, 21 Oct 2026 07:28:00 GMT']);
  const gateway = await api.fetch(`${runs('slow')}/${run.id}`);
  assert.deepEqual([gateway.status, await gateway.text()], [502, 'Bad gateway']);
  assert.equal((await api.fetch(`${runs('slow')}/${run.id}`)).status, 200);
});

test('fake timers drive the runs, and latency_ms; finish() ends a run now', async () => {
  // Vitest's default set: queueMicrotask and nextTick stay real, as fetch's Response needs them.
  const clock = FakeTimers.install({ now: Date.UTC(2026, 0, 1), toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate', 'Date'] });
  try {
    const api = new FakeDrushIoApi().job('p', 'build', { queuedMs: 5_000, runMs: 3_600_000, log: 'built\n', faults: { latency_ms: 200 } });
    const queuing = post(api, 'build');
    let answered = false;
    queuing.then(() => (answered = true));
    await clock.tickAsync(199);
    assert.equal(answered, false, 'the latency holds the answer');
    await clock.tickAsync(1);
    const run = await (await queuing).json();
    assert.equal(run.created, Date.UTC(2026, 0, 1) / 1000);
    const read = async () => {
      const answer = api.fetch(`${runs('build')}/${run.id}`);
      await clock.tickAsync(200);
      return (await answer).json();
    };
    assert.equal((await read()).status, 'queued');
    await clock.tickAsync(5_000);
    const running = await read();
    assert.equal(running.status, 'running');
    await clock.tickAsync(60 * 60 * 1000 - 10_000);
    assert.equal((await read()).duration, 3590);
    await clock.tickAsync(10_000);
    const done = await read();
    assert.deepEqual([done.status, done.duration, done.log], ['complete', 3600, 'built\n']);
  } finally {
    clock.uninstall();
  }
});

test('finish() ends a run now, with a status and a log; reset() forgets runs and requests, not jobs', async () => {
  const api = new FakeDrushIoApi().job('p', 'long', { runMs: 60_000, log: 'natural end\n' });
  const run = await (await post(api, 'long')).json();
  api.finish(run.id, 'error', 'stopped by the test\n');
  const ended = await (await api.fetch(`${runs('long')}/${run.id}`)).json();
  assert.deepEqual([ended.status, ended.log], ['error', 'stopped by the test\n']);
  assert.throws(() => api.finish(run.id), /already ended/);
  assert.throws(() => api.finish('nope'), /no run/);
  const { requests } = api;
  api.reset();
  assert.equal(requests.length, 0, 'the same array, emptied');
  assert.equal((await api.fetch(`${runs('long')}/${run.id}`)).status, 404);
  assert.equal((await post(api, 'long')).status, 201, 'the job is still declared');
});

test('a base path answers on any origin; a URL outside the base is refused clearly', async () => {
  const api = new FakeDrushIoApi({ baseUrl: '/drush-io/v1' }).job('p', 'ok');
  assert.equal((await api.fetch('http://127.0.0.1:8080/drush-io/v1/projects/p/jobs/ok/runs', { method: 'POST' })).status, 201);
  assert.equal((await api.fetch('https://cms.example/drush-io/v1/projects/p/jobs/ok/runs', { method: 'POST' })).status, 201);
  await assert.rejects(api.fetch('https://cms.example/other/v1/projects/p/jobs/ok/runs'), /no API at .*its baseUrl is \/drush-io\/v1/);
  await assert.rejects(new FakeDrushIoApi().fetch('https://api.drush.io.evil.example/v1/x'), /no API at/);
});

test('declarations are checked', () => {
  const api = new FakeDrushIoApi();
  assert.throws(() => api.job('p', 'j', { final: 'failed' }), /final must be/);
  assert.throws(() => api.job('p', 'j', { runMS: 10 }), /unknown job option `runMS`/);
  assert.throws(() => api.job('p', 'j', { faults: { drop: 1 } }), /unknown fault `drop`/);
  assert.throws(() => api.job('p', 'a/b'), /job "a\/b" must be made of/);
  assert.throws(() => api.job('p', 'j', { pollFaults: [{ status: 99 }] }), /pollFaults\[0\]\.status/);
  assert.throws(() => new FakeDrushIoApi({ baseUrl: '//cdn.example/v1' }), /baseUrl/);
  assert.throws(() => api.handlers({ rest: {} }), /needs msw 2 or later: the msw it was given has no `http.all`/);
});

test('MSW handlers answer the global fetch: made with the msw module given, or with the one the module found', async () => {
  const api = new FakeDrushIoApi({ token: 't' }).job('p', 'ok', { pollFaults: [{ network: true }] });
  const server = setupServer(...api.handlers(msw));
  server.listen({ onUnhandledRequest: 'error' });
  try {
    const headers = { Authorization: 'Bearer t' };
    const run = await (await fetch(runs('ok'), { method: 'POST', headers })).json();
    assert.equal(run.status, 'queued');
    await assert.rejects(fetch(`${runs('ok')}/${run.id}`, { headers }), TypeError);
    assert.equal((await fetch(`${runs('ok')}/${run.id}`, { headers })).status, 200);
    const found = api.handlers();
    assert.ok(Array.isArray(found) && found.length === 1, 'handlers at once, for setupServer(...api.handlers())');
    server.resetHandlers(...found);
    assert.equal((await fetch(runs('ok'), { method: 'POST' })).status, 401);
    await assert.rejects(fetch('https://api.drush.io/v2/elsewhere'), 'a URL outside the base is not answered by the fake');
    assert.deepEqual(api.posts('p', 'ok').map((r) => r.status), [201, 401]);
  } finally {
    server.close();
  }
});

test('the module loads, and makes a fake, where msw is not installed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'drush-io-testing-'));
  try {
    cpSync(fileURLToPath(new URL('../../js/testing/', import.meta.url)), dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
    const script = `import(${JSON.stringify(join(dir, 'index.js'))}).then(async ({ FakeDrushIoApi }) => {
      const api = new FakeDrushIoApi().job('p', 'ok');
      const answer = await api.fetch('https://api.drush.io/v1/projects/p/jobs/ok/runs', { method: 'POST' });
      let handlers = 'made';
      try { api.handlers(); } catch (e) { handlers = e.code + ' ' + /npm install --save-dev msw/.test(e.message); }
      console.log(answer.status, handlers);
    })`;
    assert.equal(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, encoding: 'utf8' }).trim(), '201 ERR_DRUSH_IO_NO_MSW true');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
