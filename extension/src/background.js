// The background owns every run: it sends the one POST, saves the run, and follows it to
// its end with DrushIo. The browser stops it when idle (a Chromium service worker after
// about 30 s, a Firefox event page likewise); each start picks the saved runs up again,
// and an alarm starts it while a run is in flight, so no run is lost with the worker.
//
// Listeners are added at the top level, before anything is awaited: an event that woke
// the worker is delivered only to listeners that exist by the end of its first turn.
// (Service workers may not use top-level await, so the wasm loads in `ready`.)
import init, { DrushIo, DrushIoError } from './client/drush_io_embed.js';
import { api, jobKey, loadSettings, originPattern } from './settings.js';
import { forgetRun, isFinal, saveRun, savedRun, savedRuns, showOnToolbar } from './runs.js';

const ALARM = 'drush-io-follow';
// Chromium's shortest alarm period; Firefox rounds it to what it allows.
const ALARM_MINUTES = 0.5;
const DAY_MS = 86_400_000;
const ready = init();
const following = new Map();

async function client() {
  await ready;
  const [{ baseUrl }, { token }] = await Promise.all([loadSettings(), api.storage.local.get('token')]);
  return new DrushIo({ baseUrl, token, tabs: false });
}

// Follows one saved run until it ends; at most one loop a run in this worker's life.
function follow(entry) {
  const key = `${jobKey(entry.project, entry.job)}/${entry.runId}`;
  if (!following.has(key)) {
    following.set(key, followOnce(entry).finally(() => following.delete(key)));
  }
  return following.get(key);
}

async function followOnce(entry) {
  try {
    const drushIo = await client();
    const run = await drushIo.waitForRun(entry.project, entry.job, entry.runId, {
      maxDelayMs: 10_000,
      // The final run is saved below, once, with its notification.
      onUpdate: (seen) => isFinal(seen.status) || saveRun(entry, seen),
    });
    if (await saveRun(entry, run)) await notify(entry, run);
  } catch (error) {
    // A run the API no longer knows is forgotten; anything else (the network, a timeout,
    // an expired token) leaves it saved for the next alarm or start.
    if (error instanceof DrushIoError && error.kind === 'http' && error.status === 404) await forgetRun(entry);
  } finally {
    await keepAlarm();
  }
}

async function notify(entry, run) {
  const seconds = Number.isFinite(run.duration) ? ` after ${run.duration} s` : '';
  await api.notifications.create(`drush-io:${entry.project}/${entry.job}/${entry.runId}`, {
    type: 'basic',
    iconUrl: api.runtime.getURL('icons/icon-128.png'),
    title: `${entry.label}: ${run.status === 'complete' ? 'complete' : 'ended in error'}`,
    message: `drush.io run ${run.id} of ${entry.project}/${entry.job} ended ${run.status}${seconds}.`,
  });
}

// The alarm exists while a run is in flight, and no longer.
async function keepAlarm() {
  const inFlight = (await savedRuns()).some((entry) => !isFinal(entry.run.status));
  if (!inFlight) {
    await api.alarms.clear(ALARM);
  } else if (!(await api.alarms.get(ALARM))) {
    await api.alarms.create(ALARM, { periodInMinutes: ALARM_MINUTES });
  }
}

async function resume() {
  const runs = await savedRuns();
  for (const entry of runs) if (!isFinal(entry.run.status)) follow(entry);
  await keepAlarm();
}

// A page of this extension asks to start a run: the job must be one the options list.
async function start({ project, job, env }) {
  const settings = await loadSettings();
  const configured = settings.jobs.find((j) => j.project === project && j.job === job);
  if (!configured) return answer(403, { error: 'not-configured', message: `The job ${project}/${job} is not in the extension's options.` });
  const inFlight = (await runsInFlight()).find((entry) => entry.project === project && entry.job === job);
  if (inFlight) {
    // One run a job at a time: a popup closed while its POST was answered never learnt
    // of the run, and shows it once opened again (popup.js).
    return answer(409, { error: 'in-flight', message: `A run of ${project}/${job} is in flight: wait for it to end.` });
  }
  if (!(await api.permissions.contains({ origins: [originPattern(settings.baseUrl)] }))) {
    return answer(403, {
      error: 'not-allowed',
      message: `The browser has not allowed the extension to reach ${new URL(settings.baseUrl).origin}: allow it from the popup or the options.`,
    });
  }
  const drushIo = await client();
  let run;
  try {
    run = await drushIo.runJob(project, job, { env });
  } catch (error) {
    return failure(error);
  }
  const entry = { project, job, runId: run.id, label: configured.label || job, startedAt: Date.now() };
  await saveRun(entry, run);
  follow(entry);
  await keepAlarm();
  return answer(201, run);
}

// A page of this extension reads a run: what the background saw last, without a request.
async function read({ project, job, runId }) {
  const entry = await savedRun(project, job, runId);
  if (!entry) return answer(404, { error: 'not-found', message: 'This run is not one the extension follows.' });
  if (!isFinal(entry.run.status)) follow(entry);
  return answer(200, entry.run);
}

// The runs in flight seen in the last day (an older one may be one the API forgot).
async function runsInFlight() {
  return (await savedRuns()).filter((entry) => !isFinal(entry.run.status) && Date.now() - entry.seenAt < DAY_MS);
}

async function inFlight() {
  return (await runsInFlight()).map(({ project, job, runId, startedAt, run }) => ({ project, job, runId, startedAt, status: run.status }));
}

const answer = (status, body) => ({ status, text: JSON.stringify(body) });

// A DrushIoError as the page's client would have seen it: an HTTP answer, or no answer.
function failure(error) {
  if (error instanceof DrushIoError && error.kind === 'http') {
    return { status: error.status, text: error.body ?? '', retryAfterMs: error.retryAfterMs };
  }
  return { network: error instanceof Error ? error.message : String(error) };
}

const HANDLERS = { 'drush-io-run': start, 'drush-io-read': read, 'drush-io-in-flight': inFlight };

api.runtime.onMessage.addListener((message, sender, reply) => {
  const handler = HANDLERS[message?.type];
  // Only this extension's own pages: it has no content script, and no web page may ask.
  if (!handler || sender.id !== api.runtime.id || !sender.url?.startsWith(api.runtime.getURL(''))) return false;
  handler(message).then(reply, (error) => reply(failure(error)));
  return true;
});

api.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === ALARM) resume();
});

api.runtime.onStartup.addListener(() => showOnToolbar());

// Every start of the worker, whatever woke it, takes up the runs in flight.
resume();
