// drush-io-embed/testing: FakeDrushIoApi, the drush.io API in memory for a page's tests.
// It answers the API's two paths as drush-io-devserver answers them (the same statuses,
// bodies, faults and token rule; tests/conformance/ runs one suite against both), keeps
// its runs in memory and reads the time from `Date.now()`, so fake timers drive it.
// Pages never load this module: it is no part of what `drush-io-embed` or `/auto` import.
import { declareJob, runEnv, runJson, stateOf } from './job.js';

// msw is an optional peer dependency, looked for once as this module loads (a top-level
// await), so that `api.handlers()` can hand MSW's `setupServer(...)` its handlers at once.
// Where it is missing, only `handlers()` says so; the fake and `api.fetch` work without it.
const optionalMsw = await import('msw').then((module) => ({ module }), (error) => ({ error }));

const DEFAULT_BASE_URL = 'https://api.drush.io/v1';
// The dev server's request body limit (devserver/src/api.rs: BODY_LIMIT_BYTES).
const BODY_LIMIT_BYTES = 64 * 1024;

let lastId = 0;
function newRunId() {
  if (globalThis.crypto?.randomUUID) return globalThis.crypto.randomUUID();
  lastId += 1;
  return `00000000-0000-4000-8000-${String(lastId).padStart(12, '0')}`;
}

function parseBase(baseUrl) {
  if (typeof baseUrl !== 'string') throw new TypeError('FakeDrushIoApi: baseUrl must be a string');
  if (baseUrl.startsWith('/') && !baseUrl.startsWith('//')) return { origin: null, path: baseUrl.replace(/\/+$/, '') };
  let url;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new TypeError(`FakeDrushIoApi: baseUrl ${JSON.stringify(baseUrl)} is neither a URL nor a path starting with one /`);
  }
  return { origin: url.origin, path: url.pathname.replace(/\/+$/, '') };
}

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function json(status, body, headers = {}) {
  return { status, body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } };
}

const apiError = (status, error, message, headers) => json(status, { error, message }, headers);

function faultAnswer(fault) {
  if (fault.network) return { network: true };
  const headers = fault.retryAfter === undefined ? {} : { 'retry-after': String(fault.retryAfter) };
  if (typeof fault.body === 'string') {
    const type = /^\s*</.test(fault.body) ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8';
    return { status: fault.status, body: fault.body, headers: { 'content-type': type, ...headers } };
  }
  return json(fault.status, fault.body, headers);
}

// The bearer token of a request, as the dev server reads it (devserver/src/auth.rs).
function bearer(headers) {
  const value = headers.get('authorization');
  if (value === null) return undefined;
  const token = value.startsWith('Bearer ') ? value.slice(7) : value.startsWith('bearer ') ? value.slice(7) : undefined;
  return token?.trim();
}

function tokenRefusal(headers, token) {
  const sent = bearer(headers);
  if (sent === undefined) return apiError(401, 'unauthorized', 'an `Authorization: Bearer <token>` header is required');
  if (sent !== token) return apiError(401, 'unauthorized', 'the token is not valid for this server');
  return undefined;
}

const sleep = (ms) => (ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : undefined);

export class FakeDrushIoApi {
  #base;
  #token;
  #jobs = [];

  /** Every request that reached the API, oldest first. */
  requests = [];

  /**
   * @param {{ baseUrl?: string, token?: string }} [options] `baseUrl`: where the API is (default
   *   the real one; a path such as `/drush-io/v1` answers on any origin). `token`: when set,
   *   every request needs it as `Authorization: Bearer`, as the dev server's do.
   */
  constructor({ baseUrl = DEFAULT_BASE_URL, token } = {}) {
    this.#base = parseBase(baseUrl);
    if (token !== undefined && (typeof token !== 'string' || token === '')) throw new TypeError('FakeDrushIoApi: token must be a non-empty string');
    this.#token = token;
    this.baseUrl = baseUrl;
  }

  /** Declares (or declares anew) a job; see the declarations for the options. */
  job(project, job, options = {}) {
    const declared = declareJob(project, job, options);
    this.#jobs = this.#jobs.filter((each) => !(each.project === declared.project && each.name === declared.name));
    this.#jobs.push(declared);
    return this;
  }

  /** The POSTs that reached a job (by machine name or id), oldest first. */
  posts(project, job) {
    const names = this.#names(project, job);
    return this.requests.filter((r) => r.method === 'POST' && r.project === names.project && r.job === names.job);
  }

  /** Ends a run now, with `status` (`complete` by default) and, if given, this log. */
  finish(runId, status = 'complete', log) {
    if (status !== 'complete' && status !== 'error') throw new TypeError('FakeDrushIoApi: finish takes "complete" or "error"');
    const run = this.#jobs.flatMap((job) => job.runs).find((each) => each.id === runId);
    if (!run) throw new Error(`FakeDrushIoApi: no run ${JSON.stringify(runId)}`);
    const now = Date.now();
    if (stateOf(run, now).final) throw new Error(`FakeDrushIoApi: run ${runId} has already ended`);
    run.finished = { at: now, status, log };
  }

  /** Forgets every run and request; the jobs stay declared (as a restarted dev server). */
  reset() {
    for (const job of this.#jobs) job.runs = [];
    this.requests.length = 0;
  }

  /** A `fetch`-compatible function answering as the API would (for `new DrushIo({ fetch })`). */
  fetch = async (input, init) => {
    // A path is taken against the page's address, as a browser's fetch takes it.
    const request = input instanceof Request ? new Request(input, init) : new Request(new URL(String(input), globalThis.location?.href), init);
    if (!this.#owns(new URL(request.url))) throw new TypeError(`FakeDrushIoApi: no API at ${request.url} (its baseUrl is ${this.baseUrl})`);
    const answer = await this.#answer(request);
    if (answer.network) throw new TypeError('Failed to fetch');
    return new Response(answer.body, { status: answer.status, headers: answer.headers });
  };

  /**
   * MSW 2 request handlers for `setupServer` or `setupWorker`, made with the `msw` this
   * module found, or with the one given (`import * as msw from 'msw'`, when a bundler or an
   * import map resolves it elsewhere).
   */
  handlers(msw = optionalMsw.module) {
    if (!msw) {
      const error = new Error(`FakeDrushIoApi.handlers() needs msw 2 or later, an optional peer dependency (npm install --save-dev msw), and it could not be imported: ${optionalMsw.error?.message}. api.fetch needs no msw.`, { cause: optionalMsw.error });
      error.code = 'ERR_DRUSH_IO_NO_MSW';
      throw error;
    }
    if (typeof msw.http?.all !== 'function' || typeof msw.HttpResponse?.error !== 'function') {
      throw new TypeError('FakeDrushIoApi.handlers() needs msw 2 or later: the msw it was given has no `http.all` or `HttpResponse.error`');
    }
    return this.#handlers(msw);
  }

  #handlers({ http, HttpResponse }) {
    const { origin, path } = this.#base;
    const at = new RegExp(`^${origin ? escapeRegExp(origin) : '[a-z][a-z0-9+.-]*://[^/]+'}${escapeRegExp(path)}(/|$)`, 'i');
    return [
      http.all(at, async ({ request }) => {
        const answer = await this.#answer(request);
        if (answer.network) return HttpResponse.error();
        return new Response(answer.body, { status: answer.status, headers: answer.headers });
      }),
    ];
  }

  #owns(url) {
    const { origin, path } = this.#base;
    return (origin === null || url.origin === origin) && (url.pathname === path || url.pathname.startsWith(`${path}/`));
  }

  // A declared job's machine names, whichever names (or IDs) the path used.
  #names(project, job) {
    const declared = this.#find(project, job);
    return declared ? { project: declared.project, job: declared.name } : { project, job };
  }

  #find(project, job) {
    return this.#jobs.find((each) => (each.project === project || each.projectId === project) && (each.name === job || each.id === job));
  }

  async #answer(request) {
    if (request.signal?.aborted) throw new DOMException('The operation was aborted.', 'AbortError');
    const url = new URL(request.url);
    const entry = {
      method: request.method,
      path: url.pathname,
      project: undefined,
      job: undefined,
      runId: undefined,
      env: undefined,
      authorization: request.headers.has('authorization'),
      status: undefined,
      at: Date.now(),
    };
    this.requests.push(entry);
    const body = request.method === 'POST' ? await request.text() : '';
    if (request.method === 'POST') {
      try {
        const sent = JSON.parse(body);
        entry.env = sent && typeof sent === 'object' && !Array.isArray(sent) ? sent.env : undefined;
      } catch {
        // Not JSON: the answer says so; the log keeps no env.
      }
    }
    const answer = await this.#route(request, url, body, entry);
    if (request.signal?.aborted) throw new DOMException('The operation was aborted.', 'AbortError');
    entry.status = answer.network ? 0 : answer.status;
    return answer;
  }

  async #route(request, url, body, entry) {
    let segments;
    try {
      segments = url.pathname.slice(this.#base.path.length).split('/').slice(1).map(decodeURIComponent);
    } catch {
      segments = undefined;
    }
    const [projects, project, jobs, job, runs, runId, ...rest] = segments ?? [];
    const shape = projects === 'projects' && jobs === 'jobs' && runs === 'runs' && project && job && runId !== '' && rest.length === 0;
    if (shape) Object.assign(entry, this.#names(project, job), { runId });
    if (this.#token !== undefined) {
      const refused = tokenRefusal(request.headers, this.#token);
      if (refused) return refused;
    }
    if (!segments) return apiError(400, 'bad-path', 'a path segment is not valid percent-encoded UTF-8');
    if (!shape) return apiError(404, 'not-found', 'no such API route');
    const method = request.method;
    if ((runId === undefined && method !== 'POST') || (runId !== undefined && method !== 'GET')) {
      return apiError(405, 'method-not-allowed', 'this method is not allowed on this route');
    }
    const declared = this.#find(project, job);
    if (!declared) {
      const known = this.#jobs.some((each) => each.project === project || each.projectId === project);
      return apiError(404, 'not-found', known ? `no job \`${job}\` in project \`${project}\`` : `no project \`${project}\``);
    }
    if (declared.token !== undefined && declared.token !== this.#token) {
      const refused = tokenRefusal(request.headers, declared.token);
      if (refused) return refused;
    }
    return runId === undefined ? this.#trigger(declared, body, entry) : this.#read(declared, runId, request.headers);
  }

  async #trigger(job, body, entry) {
    await sleep(job.latencyMs);
    if (new TextEncoder().encode(body).length > BODY_LIMIT_BYTES) {
      return apiError(413, 'payload-too-large', `the request body is over ${BODY_LIMIT_BYTES} bytes`);
    }
    if (job.postFault) return faultAnswer(job.postFault);
    const { env, error } = runEnv(job, body);
    if (error) return apiError(...error);
    const run = { id: newRunId(), job, env, createdMs: Date.now(), polls: 0, finished: undefined };
    job.runs.push(run);
    entry.runId = run.id;
    // A new run is `queued`, whatever its schedule: the dev server answers before its worker
    // picks the run up.
    return json(201, { ...runJson(run, run.createdMs, false), status: 'queued' });
  }

  async #read(job, runId, headers) {
    if (job.echoAuthorization) {
      const sent = headers.get('authorization') ?? '';
      return apiError(400, 'echo', `you sent Authorization: ${sent} (rehearsed fault; again: ${sent})`);
    }
    await sleep(job.latencyMs);
    const run = job.runs.find((each) => each.id === runId);
    if (!run) return apiError(404, 'not-found', `no run \`${runId}\` of job \`${job.name}\``);
    const fault = job.pollFaults[run.polls];
    run.polls += 1;
    if (fault) return faultAnswer(fault);
    return json(200, runJson(run, Date.now(), true));
  }
}
