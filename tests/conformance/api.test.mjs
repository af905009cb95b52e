// One suite, four targets: drush-io-devserver's `/v1` (a token required) and `/proxy/v1`
// (none: the proxy adds its own), and FakeDrushIoApi with a token and without one. Each
// scenario asserts what the API must answer (statuses, bodies, numbers sent as strings,
// 404s, faults, Retry-After, the token rule), every answer is validated against
// openapi.json, and at the end each dev server target's answers are compared with its fake
// twin's, once run ids and clock readings are set aside.
//
// The dev server: DRUSH_IO_CONFORMANCE_URL and DRUSH_IO_CONFORMANCE_TOKEN, started with the
// jobs file `node tests/conformance/jobs.mjs` prints (scripts/test.sh does).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import FakeTimers from '@sinonjs/fake-timers';
import { FakeDrushIoApi } from '../../js/testing/index.js';
import { declareAll, JOBS, PROJECT, PROJECT_ID } from './jobs.mjs';
import { validateAnswer } from './openapi.mjs';

const SERVER = process.env.DRUSH_IO_CONFORMANCE_URL;
const SERVER_TOKEN = process.env.DRUSH_IO_CONFORMANCE_TOKEN;
const FAKE_TOKEN = 'fake.jwt.token';
// Real time a dev server run may take to reach the state a test waits for.
const PATIENCE_MS = 30_000;

function fakeTarget(name, token) {
  const api = new FakeDrushIoApi({ baseUrl: 'https://api.drush.io/v1', token });
  declareAll(api);
  let clock;
  return {
    name,
    base: 'https://api.drush.io/v1',
    token,
    fetch: api.fetch,
    start() {
      clock = FakeTimers.withGlobal(globalThis).install({ toFake: ['Date'], now: Date.now() });
    },
    stop: () => clock.uninstall(),
    // The fake's time is Date.now(): waiting is moving its clock.
    wait: async (ms) => clock.tick(ms),
  };
}

function serverTarget(name, path, token) {
  return {
    name,
    base: `${SERVER}${path}`,
    token,
    fetch: (...args) => fetch(...args),
    start() {},
    stop() {},
    wait: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
}

const PAIRS = [
  [serverTarget('dev server /v1', '/v1', SERVER_TOKEN), fakeTarget('fake with a token', FAKE_TOKEN)],
  [serverTarget('dev server /proxy/v1', '/proxy/v1', undefined), fakeTarget('fake without a token', undefined)],
];

/** Every answer of each target by scenario, normalized, for the comparison at the end. */
const transcripts = new Map();

function normalize(answer, ids) {
  if (answer.network) return { network: true };
  const body = answer.json === undefined ? answer.text : structuredClone(answer.json);
  if (body && typeof body === 'object') {
    // Clock readings differ by how long each side took (the scenarios assert their values).
    for (const key of ['created', 'changed', 'duration']) if (key in body) body[key] = typeof body[key];
    if (typeof body.id === 'string') body.id = ids.name(body.id);
    if (typeof body.message === 'string') body.message = ids.replace(body.message);
  }
  return { status: answer.status, type: answer.type, retryAfter: answer.retryAfter, body };
}

// Run ids differ between the targets: each is named by the order it was first seen in.
function idNames() {
  const names = new Map();
  return {
    name(id) {
      if (!names.has(id)) names.set(id, `<run ${names.size + 1}>`);
      return names.get(id);
    },
    replace(text) {
      let out = text;
      for (const [id, name] of names) out = out.replaceAll(id, name);
      return out;
    },
  };
}

function scenarios(target) {
  const path = (job, runId, project = PROJECT) =>
    `/projects/${encodeURIComponent(project)}/jobs/${encodeURIComponent(job)}/runs${runId === undefined ? '' : `/${encodeURIComponent(runId)}`}`;
  let log;
  let ids;

  /** One request; the answer is validated against openapi.json and kept for the comparison. */
  async function call(method, route, { body, authorization = target.token && `Bearer ${target.token}`, validate = true } = {}) {
    const headers = { Accept: 'application/json' };
    if (authorization) headers.Authorization = authorization;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response;
    try {
      response = await target.fetch(target.base + route, { method, headers, body });
    } catch (error) {
      const answer = { network: true, error };
      log.push(normalize(answer, ids));
      return answer;
    }
    const text = await response.text();
    const type = response.headers.get('content-type');
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      // Not JSON: kept as text.
    }
    const answer = { status: response.status, type, retryAfter: response.headers.get('retry-after'), text, json };
    if (validate) {
      const problems = validateAnswer(method, route, answer);
      assert.deepEqual(problems, [], `${method} ${route} answered ${answer.status} ${text.slice(0, 300)}: not as openapi.json says`);
    }
    log.push(normalize(answer, ids));
    return answer;
  }

  const post = (job, body, options) => call('POST', path(job), { body, ...options });
  const get = (job, runId, options) => call('GET', path(job, runId), options);

  /** Polls a run until `done(answer)`; on the fake, each pause moves its clock. */
  async function until(job, runId, done, pauseMs = 100) {
    const deadline = Date.now() + PATIENCE_MS;
    for (let waited = 0; ; waited += pauseMs) {
      const answer = await get(job, runId);
      if (done(answer)) return answer;
      assert.ok(waited < PATIENCE_MS && Date.now() < deadline, `run ${runId} of ${job} never got there: ${answer.text}`);
      await target.wait(pauseMs);
    }
  }
  const finished = (answer) => answer.status === 200 && ['complete', 'error'].includes(answer.json.status);

  /** A scenario: its answers are kept apart for the comparison. */
  function scenario(name, body) {
    test(name, async () => {
      log = [];
      ids = idNames();
      if (!transcripts.has(target.name)) transcripts.set(target.name, new Map());
      transcripts.get(target.name).set(name, log);
      await body();
    });
  }

  scenario('a run is queued: 201 with the run object, numbers as numbers', async () => {
    const before = Math.floor(Date.now() / 1000);
    const answer = await post('quiet');
    assert.equal(answer.status, 201);
    assert.match(answer.type, /^application\/json/);
    const run = answer.json;
    assert.equal(run.status, 'queued');
    assert.equal(run.duration, 0);
    assert.ok(Number.isInteger(run.created) && run.created >= before - 1 && run.created <= before + 60, `created ${run.created}`);
    assert.equal(run.changed, run.created);
    assert.deepEqual([run.project, run.job], [PROJECT, 'quiet']);
    assert.equal('log' in run, false);
  });

  scenario('a run moves queued -> running -> complete, its log at the end', async () => {
    const { json: run } = await post('ok');
    const running = await until('ok', run.id, (answer) => answer.json.status !== 'queued');
    assert.equal(running.json.status, 'running');
    assert.equal('log' in running.json, false, 'no log while running');
    const done = await until('ok', run.id, finished, 250);
    assert.equal(done.json.status, 'complete');
    assert.equal(done.json.log, JOBS.ok.log);
    assert.ok(done.json.duration >= 2 && done.json.duration <= 4, `duration ${done.json.duration}`);
    assert.ok(done.json.changed >= run.created);
  });

  scenario('a run that fails ends error with its log; a quiet one has no log', async () => {
    const { json: failing } = await post('fail');
    const failed = await until('fail', failing.id, finished);
    assert.equal(failed.json.status, 'error');
    assert.equal(failed.json.log, JOBS.fail.log);
    const { json: quiet } = await post('quiet');
    const done = await until('quiet', quiet.id, finished);
    assert.equal(done.json.status, 'complete');
    assert.equal('log' in done.json, false);
  });

  scenario('runs of one job run one after the other', async () => {
    const { json: first } = await post('queue');
    const { json: second } = await post('queue');
    await until('queue', first.id, (answer) => answer.json.status === 'running');
    assert.equal((await get('queue', second.id)).json.status, 'queued');
    await until('queue', first.id, finished, 250);
    const done = await until('queue', second.id, finished, 250);
    assert.equal(done.json.status, 'complete');
  });

  scenario('the project and the job are found by ID as by machine name', async () => {
    const answer = await call('POST', path('ok-id', undefined, PROJECT_ID));
    assert.equal(answer.status, 201);
    assert.deepEqual([answer.json.project, answer.json.job], [PROJECT, 'ok']);
    assert.equal((await get('ok', answer.json.id)).status, 200);
  });

  scenario('numbers come as strings where the job says so, as in the documentation', async () => {
    const queued = await post('strings');
    assert.deepEqual([typeof queued.json.duration, typeof queued.json.created, typeof queued.json.changed], ['string', 'string', 'string']);
    assert.equal(queued.json.duration, '0');
    const done = await until('strings', queued.json.id, finished);
    assert.match(done.json.duration, /^[0-9]+$/);
    assert.match(done.json.changed, /^[0-9]+$/);
    assert.equal(done.json.log, JOBS.strings.log);
  });

  scenario('404s: an unknown project, job, run, a run of another job, a path the API does not have', async () => {
    const { json: run } = await post('quiet');
    const notFound = async (answer, message) => {
      assert.equal(answer.status, 404);
      assert.deepEqual(answer.json, { error: 'not-found', message });
    };
    await notFound(await call('POST', path('ok', undefined, 'nope')), 'no project `nope`');
    await notFound(await post('nope'), 'no job `nope` in project `conformance`');
    await notFound(await get('ok', 'no-such-run'), 'no run `no-such-run` of job `ok`');
    await notFound(await get('fail', run.id), `no run \`${run.id}\` of job \`fail\``);
    await notFound(await call('GET', '/projects/conformance/jobs/ok/history', { validate: false }), 'no such API route');
    const wrongMethod = await call('GET', path('ok'), { validate: false });
    assert.equal(wrongMethod.status, 405);
    assert.equal(wrongMethod.json.error, 'method-not-allowed');
  });

  scenario('variables: declared ones taken, numbers and booleans as strings; others refused with 400', async () => {
    assert.equal((await post('vars', JSON.stringify({ env: { GREETING: 'hi', TARGET: 5 } }))).status, 201);
    assert.equal((await post('vars', JSON.stringify({ env: { GREETING: true } }))).status, 201);
    assert.equal((await post('vars', '  ')).status, 201);
    const refused = async (body, error, message) => {
      const answer = await post('vars', body, { validate: error !== 'bad-json' || message !== undefined });
      assert.equal(answer.status, 400, body);
      assert.equal(answer.json.error, error, body);
      if (message) assert.equal(answer.json.message, message);
    };
    await refused(JSON.stringify({ env: { NOPE: 'x' } }), 'undeclared-variable', 'job `vars` declares no variable `NOPE`');
    await refused(JSON.stringify({ env: { '1A': 'x' } }), 'invalid-variable-name');
    await refused(JSON.stringify({ env: { GREETING: { nested: 1 } } }), 'bad-json', 'variable `GREETING` must be a string, a number or a boolean');
    await refused(JSON.stringify({ env: 3 }), 'bad-json', '`env` must be an object of variables');
    await refused(JSON.stringify({ env: null }), 'bad-json', '`env` must be an object of variables');
    await refused('[1]', 'bad-json', 'the request body must be a JSON object');
    await refused('{not json', 'bad-json');
    const large = await post('vars', JSON.stringify({ env: { GREETING: 'x'.repeat(70_000) } }));
    assert.equal(large.status, 413);
    assert.equal(large.json.error, 'payload-too-large');
  });

  scenario('faults: 503 and 429 with Retry-After, then the run', async () => {
    const { json: run } = await post('refusals');
    const unavailable = await get('refusals', run.id);
    assert.equal(unavailable.status, 503);
    assert.equal(unavailable.retryAfter, '2');
    assert.deepEqual(unavailable.json, { error: 'unavailable', message: 'the service is briefly unavailable (rehearsed fault)' });
    const limited = await get('refusals', run.id);
    assert.equal(limited.status, 429);
    assert.equal(limited.retryAfter, '3');
    assert.equal(limited.json.error, 'rate-limited');
    const done = await until('refusals', run.id, finished);
    assert.equal(done.json.log, JOBS.refusals.log);
  });

  scenario('faults: a garbage answer, a dropped connection, an expired session, then the run', async () => {
    const garbage = (await post('garbage')).json;
    const page = await get('garbage', garbage.id, { validate: false });
    assert.equal(page.status, 200);
    assert.match(page.type, /^text\/html/);
    assert.equal(page.json, undefined, 'the body is not JSON');
    assert.notDeepEqual(validateAnswer('GET', path('garbage', garbage.id), page), [], 'openapi.json refuses it');
    assert.equal((await until('garbage', garbage.id, finished)).status, 200);

    const dropped = (await post('drop')).json;
    assert.equal((await get('drop', dropped.id)).network, true, 'fetch rejects: no answer');
    assert.equal((await until('drop', dropped.id, finished)).status, 200);

    const expired = (await post('expired')).json;
    const refused = await get('expired', expired.id);
    assert.equal(refused.status, 401);
    assert.deepEqual(refused.json, { error: 'unauthorized', message: 'the session has expired (rehearsed fault)' });
    assert.equal((await until('expired', expired.id, finished)).status, 200);
  });

  scenario('faults: a log of an exact size; an error that echoes Authorization', async () => {
    const { json: run } = await post('big-log');
    const done = await until('big-log', run.id, finished);
    assert.equal(Buffer.byteLength(done.json.log), 5000);
    assert.ok(done.json.log.startsWith(`${JOBS['big-log'].log}[notice] generated log line 1 of a large log\n`));
    const echoed = await get('echo', 'any-run', { validate: true });
    assert.equal(echoed.status, 400);
    assert.equal(echoed.json.error, 'echo');
    if (target.token) assert.ok(echoed.json.message.includes(target.token), 'the token sent comes back');
  });

  if (target.token) {
    scenario('a token is required: none or a wrong one answers 401, before any 404', async () => {
      const missing = await post('ok', undefined, { authorization: null });
      assert.equal(missing.status, 401);
      assert.deepEqual(missing.json, { error: 'unauthorized', message: 'an `Authorization: Bearer <token>` header is required' });
      const wrong = await call('POST', path('ok', undefined, 'nope'), { authorization: 'Bearer not.the.token' });
      assert.equal(wrong.status, 401);
      assert.deepEqual(wrong.json, { error: 'unauthorized', message: 'the token is not valid for this server' });
      assert.equal((await get('ok', 'x', { authorization: `Basic ${target.token}` })).status, 401);
      assert.equal((await call('GET', '/nothing-here', { authorization: null, validate: false })).status, 401);
      assert.equal((await post('quiet', undefined, { authorization: `bearer ${target.token}` })).status, 201, 'the scheme in lower case');
    });
  } else {
    scenario('no token is needed', async () => {
      assert.equal((await post('quiet', undefined, { authorization: null })).status, 201);
      assert.equal((await call('GET', '/nothing-here', { authorization: null, validate: false })).status, 404);
    });
  }
}

for (const pair of PAIRS) {
  for (const target of pair) {
    const skip = target.name.startsWith('dev server') && !SERVER ? 'DRUSH_IO_CONFORMANCE_URL is not set (scripts/test.sh sets it)' : false;
    describe(target.name, { skip }, () => {
      before(() => target.start());
      after(() => target.stop());
      scenarios(target);
    });
  }
}

describe('the dev server and the fake answer alike', { skip: !SERVER && 'no dev server' }, () => {
  for (const [server, fake] of PAIRS) {
    test(`${server.name} and ${fake.name}`, () => {
      const theirs = transcripts.get(server.name);
      const ours = transcripts.get(fake.name);
      assert.ok(theirs?.size > 0 && ours?.size === theirs.size, 'both ran every scenario');
      for (const [name, answers] of theirs) {
        // Polls that only waited (the same answer again) depend on each side's pace: kept once.
        // A run is `queued` on the dev server until its worker takes it, a moment the fake
        // (queuedMs 0) does not have: such answers to GETs are left out.
        // Nor do the fake's instant jobs (runMs 0) have the few milliseconds the dev server's
        // command takes to end.
        const inFlight = (answer) => answer.status === 200 && ['queued', 'running'].includes(answer.body?.status);
        const squeeze = (list) => list
          .filter((answer, i) => i === 0 || !inFlight(answer) || (answer.body.status === 'running' && JOBS[answer.body.job].runMs > 0))
          .filter((answer, i, kept) => i === 0 || JSON.stringify(answer) !== JSON.stringify(kept[i - 1]));
        const comparable = (list) => squeeze(list).map((answer) => {
          // Where the two differ by design: an echoed header (the proxy sends its own token)
          // and a JSON parser's own words.
          if (answer.body?.error === 'echo' || /not valid JSON/.test(answer.body?.message)) return { ...answer, body: { error: answer.body.error } };
          return answer;
        });
        assert.deepEqual(comparable(ours.get(name)), comparable(answers), name);
      }
    });
  }
});
