// Benchmark bodies, run inside headless Chromium against the dev server on loopback.
// Each one measures our client beside a hand-written baseline in the same round, and
// alternates which goes first so a drifting machine weighs on both alike.
import init, { DrushIo, defineElements } from '/pkg/drush_io_embed.js';

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

// Queues a run without waiting on it; the driver has tabs wait on it.
async function queue({ token, project, job }) {
  return (await new DrushIo({ token, baseUrl: api }).runJob(project, job)).id;
}

// One tab's wait on a run, as every tab of the five-tab benchmark does it.
async function waitOn({ token, project, job, runId }) {
  const client = new DrushIo({ token, baseUrl: api });
  return (await client.waitForRun(project, job, runId, { history: false })).status;
}

// The idle cost of `count` elements on one page: how long defining them (which upgrades
// and renders each) takes, how long until the next frame, and which timers the page
// schedules while they sit idle for `idleMs` (none is the goal: an idle element costs
// nothing until it is clicked). The driver measures memory around it.
async function idleElements({ token, project, job, count, idleMs }) {
  const host = document.body.appendChild(document.createElement('div'));
  for (let i = 0; i < count; i++) {
    const element = host.appendChild(document.createElement('drush-io-run-button'));
    element.setAttribute('project', project);
    element.setAttribute('job', job);
  }
  const started = performance.now();
  defineElements({ client: new DrushIo({ token, baseUrl: api }) });
  const defineMs = performance.now() - started;
  await new Promise((resolve) => requestAnimationFrame(resolve));
  const renderMs = performance.now() - started;
  const rendered = [...host.children].filter((e) => e.shadowRoot && e.getAttribute('state') === 'idle');

  const scheduled = { setTimeout: 0, setInterval: 0, requestAnimationFrame: 0 };
  const originals = {};
  for (const name of Object.keys(scheduled)) {
    originals[name] = window[name];
    window[name] = function counted(...args) {
      scheduled[name] += 1;
      return originals[name].apply(this, args);
    };
  }
  await new Promise((resolve) => originals.setTimeout.call(window, resolve, idleMs));
  Object.assign(window, originals);
  return { defineMs, renderMs, rendered: rendered.length, scheduled, wasmBytes: wasm.memory.buffer.byteLength };
}

const wasmBytes = () => wasm.memory.buffer.byteLength;

window.bench = { compareGets, runMany, queueAndWait, queue, waitOn, idleElements, wasmBytes, ready: true };
