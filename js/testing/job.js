// A job of FakeDrushIoApi: its declaration (checked as the dev server checks its jobs
// file), its faults (the jobs file's vocabulary, devserver/src/faults.rs, turned into one
// list of answers for the GETs of each run), and its runs' timeline and JSON form
// (devserver/src/runs.rs). Time is always `Date.now()`, read when asked, so fake timers
// drive every run.

const MACHINE_NAME = /^[A-Za-z0-9_.-]+$/;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

// The dev server's rehearsed answers, word for word (devserver/src/faults.rs).
const GARBAGE = '<!doctype html><title>Maintenance</title><p>Back soon.</p>';
const FAULT_BODIES = {
  401: { error: 'unauthorized', message: 'the session has expired (rehearsed fault)' },
  429: { error: 'rate-limited', message: 'too many requests (rehearsed fault)' },
  503: { error: 'unavailable', message: 'the service is briefly unavailable (rehearsed fault)' },
};

const JOB_OPTIONS = new Set([
  'queuedMs', 'runMs', 'final', 'log', 'token', 'variables', 'id', 'projectId', 'faults', 'pollFaults', 'postFault',
]);
const FAULT_KEYS = new Set([
  'latency_ms', 'drop_polls', 'unavailable', 'rate_limited', 'garbage_polls', 'unauthorized_polls',
  'numbers_as_strings', 'log_bytes', 'echo_authorization',
]);

function refuse(message) {
  throw new TypeError(`FakeDrushIoApi: ${message}`);
}

function machineName(what, name) {
  if (typeof name !== 'string' || name === '.' || name === '..' || !MACHINE_NAME.test(name)) {
    refuse(`${what} ${JSON.stringify(name)} must be made of letters, digits, \`-\`, \`_\` or \`.\``);
  }
  return name;
}

function milliseconds(what, value, fallback) {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value >= 0) || !Number.isFinite(value)) refuse(`${what} must be a number of milliseconds, 0 or more`);
  return value;
}

function count(what, value) {
  if (value === undefined) return 0;
  if (!Number.isInteger(value) || value < 0) refuse(`faults.${what} must be a whole number, 0 or more`);
  return value;
}

/** One fault as the contract writes it: `{ status, retryAfter, body }` or `{ network: true }`. */
export function checkFault(fault, what) {
  if (fault === null || typeof fault !== 'object') refuse(`${what} must be { status, retryAfter, body } or { network: true }`);
  if (fault.network === true) return { network: true };
  const { status, retryAfter, body } = fault;
  if (!Number.isInteger(status) || status < 200 || status > 599) refuse(`${what}.status must be an HTTP status (200 to 599)`);
  if (retryAfter !== undefined && typeof retryAfter !== 'number' && typeof retryAfter !== 'string') {
    refuse(`${what}.retryAfter must be seconds (a number) or an HTTP date (a string)`);
  }
  return { status, retryAfter, body: body ?? FAULT_BODIES[status] ?? { error: 'rehearsed-fault', message: `status ${status} (rehearsed fault)` } };
}

// The jobs file's `faults` table as the dev server reads it: the poll faults happen one after
// the other in the order drop, 503, 429, garbage, 401, from each run's first GET.
function fromJobsFile(faults) {
  if (faults === undefined) return { polls: [] };
  if (faults === null || typeof faults !== 'object') refuse('faults must be an object, as in the jobs file');
  for (const key of Object.keys(faults)) {
    if (!FAULT_KEYS.has(key)) refuse(`unknown fault \`${key}\` (known: ${[...FAULT_KEYS].join(', ')})`);
  }
  const refusal = (name, status) => {
    const value = faults[name];
    if (value === undefined) return [];
    const polls = count(`${name}.polls`, value.polls);
    const retryAfter = value.retry_after_s ?? 1;
    if (!Number.isInteger(retryAfter) || retryAfter < 0) refuse(`faults.${name}.retry_after_s must be whole seconds`);
    return Array.from({ length: polls }, () => checkFault({ status, retryAfter }, `faults.${name}`));
  };
  const repeat = (n, fault) => Array.from({ length: n }, () => fault);
  return {
    polls: [
      ...repeat(count('drop_polls', faults.drop_polls), { network: true }),
      ...refusal('unavailable', 503),
      ...refusal('rate_limited', 429),
      ...repeat(count('garbage_polls', faults.garbage_polls), { status: 200, body: GARBAGE }),
      ...repeat(count('unauthorized_polls', faults.unauthorized_polls), checkFault({ status: 401 }, 'faults.unauthorized_polls')),
    ],
    latencyMs: milliseconds('faults.latency_ms', faults.latency_ms, 0),
    numbersAsStrings: faults.numbers_as_strings === true,
    logBytes: faults.log_bytes === undefined ? undefined : count('log_bytes', faults.log_bytes),
    echoAuthorization: faults.echo_authorization === true,
  };
}

/** A job declaration, checked: throws a TypeError naming what is wrong. */
export function declareJob(project, name, options = {}) {
  if (options === null || typeof options !== 'object') refuse('the job options must be an object');
  for (const key of Object.keys(options)) {
    if (!JOB_OPTIONS.has(key)) refuse(`unknown job option \`${key}\` (known: ${[...JOB_OPTIONS].join(', ')})`);
  }
  const final = options.final ?? 'complete';
  if (final !== 'complete' && final !== 'error') refuse('final must be "complete" or "error"');
  if (options.log !== undefined && typeof options.log !== 'string') refuse('log must be a string');
  if (options.token !== undefined && (typeof options.token !== 'string' || options.token === '')) refuse('token must be a non-empty string');
  const variables = { ...(options.variables ?? {}) };
  for (const [variable, value] of Object.entries(variables)) {
    if (!VARIABLE_NAME.test(variable)) refuse(`\`${variable}\` is not a valid variable name`);
    if (typeof value !== 'string') refuse(`the default of variable \`${variable}\` must be a string`);
  }
  const faults = fromJobsFile(options.faults);
  const pollFaults = options.pollFaults ?? [];
  if (!Array.isArray(pollFaults)) refuse('pollFaults must be an array of faults');
  return {
    project: machineName('project', project),
    projectId: options.projectId === undefined ? undefined : machineName('project id', options.projectId),
    name: machineName('job', name),
    id: options.id === undefined ? undefined : machineName('job id', options.id),
    queuedMs: milliseconds('queuedMs', options.queuedMs, 0),
    runMs: milliseconds('runMs', options.runMs, 1000),
    final,
    log: options.log ?? '',
    token: options.token,
    variables,
    pollFaults: [...faults.polls, ...pollFaults.map((fault, i) => checkFault(fault, `pollFaults[${i}]`))],
    postFault: options.postFault === undefined ? undefined : checkFault(options.postFault, 'postFault'),
    latencyMs: faults.latencyMs ?? 0,
    numbersAsStrings: faults.numbersAsStrings ?? false,
    logBytes: faults.logBytes,
    echoAuthorization: faults.echoAuthorization ?? false,
    // Its runs, oldest first: they run one after the other, as the dev server's worker runs them.
    runs: [],
  };
}

/**
 * Where each run of `job` stands at `now`: runs start `queuedMs` after their POST and never
 * before the previous run of the job ended; they run `runMs`, unless `finish` ended them.
 */
function timeline(job, run) {
  let free = -Infinity;
  for (const each of job.runs) {
    let start = Math.max(each.createdMs + job.queuedMs, free);
    let end = start + job.runMs;
    if (each.finished) {
      end = Math.min(end, each.finished.at);
      start = Math.min(start, end);
    }
    if (each === run) return { start, end };
    free = end;
  }
  throw new Error('FakeDrushIoApi: a run outside its job');
}

/** The run's status at `now`, and when it took that status. */
export function stateOf(run, now) {
  const { start, end } = timeline(run.job, run);
  if (now < start) return { status: 'queued', since: run.createdMs, start, end };
  if (now < end) return { status: 'running', since: start, start, end };
  return { status: run.finished?.status ?? run.job.final, since: end, start, end, final: true };
}

/** The run object the API answers with (devserver/src/runs.rs: `to_json`). */
export function runJson(run, now, withLog) {
  const state = stateOf(run, now);
  const seconds = (ms) => Math.max(0, Math.floor(ms / 1000));
  const number = (n) => (run.job.numbersAsStrings ? String(n) : n);
  const running = state.status === 'queued' ? 0 : Math.min(now, state.end) - state.start;
  const body = {
    id: run.id,
    status: state.status,
    duration: number(seconds(running)),
    created: number(seconds(run.createdMs)),
    changed: number(seconds(state.since)),
    project: run.job.project,
    job: run.job.name,
  };
  if (withLog && state.final) {
    const log = run.job.logBytes === undefined ? (run.finished?.log ?? run.job.log) : logOfSize(run.finished?.log ?? run.job.log, run.job.logBytes);
    if (log !== '') body.log = log;
  }
  return body;
}

// The `log_bytes` fault: the job's own output, then filler lines, exactly `size` bytes of
// UTF-8 (devserver/src/faults.rs: `log_of_size`).
function logOfSize(log, size) {
  const encoder = new TextEncoder();
  let bytes = encoder.encode(log);
  if (bytes.length > size) {
    let end = size;
    // Back to the start of a character: continuation bytes are 0b10xxxxxx.
    while (end > 0 && (bytes[end] & 0xc0) === 0x80) end -= 1;
    bytes = bytes.subarray(0, end);
  }
  const parts = [bytes];
  let length = bytes.length;
  for (let line = 1; length < size; line += 1) {
    const filler = encoder.encode(`[notice] generated log line ${line} of a large log\n`);
    const kept = filler.subarray(0, Math.min(filler.length, size - length));
    parts.push(kept);
    length += kept.length;
  }
  const all = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  return new TextDecoder().decode(all);
}

/**
 * The variables a POST body sets (devserver/src/api.rs: `run_env`), or an error answer:
 * `{ error: [status, kind, message] }`.
 */
export function runEnv(job, text) {
  const env = { ...job.variables };
  if (text.trim() === '') return { env };
  const bad = (message) => ({ error: [400, 'bad-json', message] });
  let value;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return bad(`the request body is not valid JSON: ${e.message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return bad('the request body must be a JSON object');
  const given = value.env === undefined ? {} : value.env;
  if (given === null || typeof given !== 'object' || Array.isArray(given)) return bad('`env` must be an object of variables');
  for (const [name, v] of Object.entries(given)) {
    if (!VARIABLE_NAME.test(name)) {
      return { error: [400, 'invalid-variable-name', `\`${name}\` is not a valid variable name (letters, digits and \`_\`, not starting with a digit)`] };
    }
    if (!Object.hasOwn(job.variables, name)) {
      return { error: [400, 'undeclared-variable', `job \`${job.name}\` declares no variable \`${name}\``] };
    }
    if (!['string', 'number', 'boolean'].includes(typeof v)) return bad(`variable \`${name}\` must be a string, a number or a boolean`);
    env[name] = String(v);
  }
  return { env };
}
