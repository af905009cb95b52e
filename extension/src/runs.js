// The runs the background owns, kept in storage.local (one key a run, so that two updates
// never overwrite each other), and what the toolbar shows of them.
import { api } from './settings.js';

const PREFIX = 'run:';
// Finished runs are kept for the popup a while, then dropped.
const KEEP_FINISHED = 20;

export const isFinal = (status) => status === 'complete' || status === 'error';
export const runKey = (project, job, runId) => `${PREFIX}${project}/${job}/${runId}`;

export async function savedRuns() {
  const all = await api.storage.local.get(null);
  return Object.entries(all).filter(([key]) => key.startsWith(PREFIX)).map(([, entry]) => entry);
}

export async function savedRun(project, job, runId) {
  const key = runKey(project, job, runId);
  return (await api.storage.local.get(key))[key];
}

// Saves what was seen of a run. Returns true when this is the first time it is seen final
// (so that one notification says how it ended, whoever saw it).
// Saves of one run wait for each other, so a slower one never overwrites a newer one.
const saving = new Map();

export function saveRun(entry, run) {
  const key = runKey(entry.project, entry.job, entry.runId);
  const saved = (saving.get(key) ?? Promise.resolve()).then(() => store(key, entry, run));
  saving.set(key, saved.catch(() => {}));
  return saved;
}

async function store(key, entry, run) {
  const before = (await api.storage.local.get(key))[key];
  if (before && isFinal(before.run.status)) return false;
  await api.storage.local.set({ [key]: { ...entry, run, seenAt: Date.now() } });
  await showOnToolbar();
  return isFinal(run.status);
}

export async function forgetRun(entry) {
  await api.storage.local.remove(runKey(entry.project, entry.job, entry.runId));
  await showOnToolbar();
}

const BADGES = {
  queued: ['…', '#3f5a7a'],
  running: ['…', '#0b5cad'],
  complete: ['OK', '#1a7f37'],
  error: ['ERR', '#b42318'],
};

// The badge tells the newest run's state; its title says which run, in words.
export async function showOnToolbar() {
  const runs = await savedRuns();
  const finished = runs.filter((entry) => isFinal(entry.run.status)).sort((a, b) => b.seenAt - a.seenAt);
  await api.storage.local.remove(finished.slice(KEEP_FINISHED).map((e) => runKey(e.project, e.job, e.runId)));
  const inFlight = runs.filter((entry) => !isFinal(entry.run.status));
  const newest = runs.sort((a, b) => b.startedAt - a.startedAt)[0];
  if (!newest) {
    await api.action.setBadgeText({ text: '' });
    await api.action.setTitle({ title: 'drush.io' });
    return;
  }
  const { status } = newest.run;
  const [text, color] = BADGES[status] ?? ['…', '#3f5a7a'];
  await api.action.setBadgeText({ text });
  await api.action.setBadgeBackgroundColor({ color });
  const others = inFlight.filter((entry) => entry !== newest).length;
  await api.action.setTitle({
    title: `drush.io: ${newest.label} ${status}` + (others ? ` (${others} more in flight)` : ''),
  });
}
