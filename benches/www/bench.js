// Benchmark bodies, run inside headless Chromium against the dev server on loopback.
// Each one measures our client beside a hand-written baseline in the same round, and
// alternates which goes first so a drifting machine weighs on both alike.
import init, { DrushIo } from '/pkg/drush_io_embed.js';

const wasm = await init();
const api = `${location.origin}/v1`;

const runUrl = (project, job, runId) =>
  `${api}/projects/${project}/jobs/${job}/runs/${runId}`;

async function handWritten(url, token, n) {
  const headers = { Accept: 'application/json', Authorization: `Bearer ${token}` };
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    const response = await fetch(url, { headers });
    JSON.parse(await response.text());
  }
  return performance.now() - started;
}

async function withClient(client, project, job, runId, n) {
  const started = performance.now();
  for (let i = 0; i < n; i++) await client.getRun(project, job, runId);
  return performance.now() - started;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

// Sequential getRun calls versus fetch + JSON.parse. Each round runs `calls` of each in
// ten interleaved blocks, alternating which goes first, so that a machine whose speed
// drifts during the round weighs on both alike; the ratio is the median over rounds.
async function compareGets({ token, project, job, runId, calls, rounds }) {
  const client = new DrushIo({ token, baseUrl: api });
  const url = runUrl(project, job, runId);
  await withClient(client, project, job, runId, Math.min(calls, 20));
  await handWritten(url, token, Math.min(calls, 20));
  const blocks = Math.min(10, calls);
  const perBlock = Math.ceil(calls / blocks);
  const ratios = [];
  const ours = [];
  const baseline = [];
  for (let round = 0; round < rounds; round++) {
    let a = 0;
    let b = 0;
    for (let block = 0; block < blocks; block++) {
      if ((round + block) % 2 === 0) {
        a += await withClient(client, project, job, runId, perBlock);
        b += await handWritten(url, token, perBlock);
      } else {
        b += await handWritten(url, token, perBlock);
        a += await withClient(client, project, job, runId, perBlock);
      }
    }
    const n = blocks * perBlock;
    ours.push(a / n);
    baseline.push(b / n);
    ratios.push(a / b);
  }
  return { ratio: median(ratios), oursMs: median(ours), baselineMs: median(baseline) };
}

// Complete runs one after another on one long-lived client; the driver measures memory
// between batches, so a leak per run shows as growth from one batch to the next.
let memoryClient;
async function runMany({ token, project, job, count }) {
  memoryClient ??= new DrushIo({ token, baseUrl: api });
  const wait = { initialDelayMs: 5, maxDelayMs: 50, history: false };
  for (let i = 0; i < count; i++) {
    const run = await memoryClient.runJobAndWait(project, job, wait);
    if (run.status !== 'complete') throw new Error(`run ${run.id} ended ${run.status}`);
  }
  return wasm.memory.buffer.byteLength;
}

async function queueAndWait({ token, project, job }) {
  const client = new DrushIo({ token, baseUrl: api });
  const run = await client.runJobAndWait(project, job, { initialDelayMs: 50, history: false });
  return run.id;
}

window.bench = { compareGets, runMany, queueAndWait, ready: true };
