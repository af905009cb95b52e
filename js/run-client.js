// The element's calls to its client: a DrushIo or any object honouring its contract
// (src/element/client.rs). Each options object is built here rather than property by
// property from Rust, and each call answers with a promise even when the client throws
// or returns a plain value.

export async function runJob(client, project, job, env) {
  return client.runJob(project, job, env === undefined ? {} : { env });
}

// (`{ signal: undefined }` when there is no signal: the same as no `signal` to DrushIo.)
export async function waitForRun(client, project, job, runId, signal, onUpdate) {
  return client.waitForRun(project, job, runId, { signal, onUpdate });
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
