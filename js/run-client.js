// The element's calls to its client: a DrushIo or any object honouring its contract
// (src/element/client.rs). Each options object is built here rather than property by
// property from Rust, and each call answers with a promise even when the client throws
// or returns a plain value.

// One run per job across the tabs of the origin, the POST's own flight included: the
// POST is sent under a Web Lock named after the job's storage key, taken only if no other
// tab (or element) holds it, and only while no run of the job is saved. Resolves with the
// queued run, or with null when the job is taken: its run is then followed instead. The
// answer goes to the element at once, and the lock a task later, by when the element
// (woken in a microtask) has saved the run's id. No lock is held before the click or after.
export function runJob(client, project, job, env, key) {
  const post = async () => (saved(key) ? null : client.runJob(project, job, env === undefined ? {} : { env }));
  const locks = navigator.locks;
  if (!locks) return post();
  let granted = false;
  return new Promise((settle) => {
    locks.request(`drush-io-embed:job ${key}`, { ifAvailable: true }, async (lock) => {
      granted = true;
      const answer = lock && post();
      settle(answer);
      await answer?.catch(() => {});
      await new Promise((release) => setTimeout(release));
    // Refused before asking (an opaque origin has no locks): as without locks.
    }).catch(() => granted || settle(post()));
  });
}

function saved(key) {
  try {
    return localStorage.getItem(key) !== null;
  } catch {
    return false; // no storage: nothing is saved, by this tab or another
  }
}

// The element has no deadline of its own (CONTRACT 7): it follows its run to the server's
// final word. (`{ signal: undefined }` when there is no signal: the same as none.)
// `onUpdate` hears every answer too (`onAnswer`): one with the same status clears the
// offline hint (CONTRACT 7.1); a second call for the same run changes nothing else.
export async function waitForRun(client, project, job, runId, signal, onUpdate) {
  return client.waitForRun(project, job, runId, { signal, onUpdate, onAnswer: onUpdate, timeoutMs: Infinity });
}

// What a failed request says of its run: 1 gone, or never readable this way (a 404 or
// another 4xx: forget it); 2 a refusal a new session or token cures (401, 403: the run
// may go on, a reload must find it); 3 no telling (no answer, a timeout, 502 or 504: a
// POST may have queued the run); 0 anything else (the run may go on).
export function failure(error) {
  const status = error?.kind === 'http' ? error.status : 0;
  if (status === 401 || status === 403) return 2;
  if (status >= 400 && status < 500) return 1;
  return status === 502 || status === 504 || /^(network|timeout)$/.test(error?.kind) ? 3 : 0;
}

// How long the client expects a run of the job to take, in milliseconds; NaN when it does
// not know or cannot tell (a look-alike may lack the method).
export function expectedMs(client, project, job) {
  try {
    const ms = client.expectedDurationMs(project, job);
    return typeof ms === 'number' ? ms : NaN;
  } catch {
    return NaN;
  }
}

// The client's `baseUrl` (absolute, see DrushIo), '' when it has none (a look-alike).
export function baseOf(client) {
  const base = client.baseUrl;
  return typeof base === 'string' ? base : '';
}
