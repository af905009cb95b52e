// The popup: a <drush-io-run-button> for each job of the options, those whose URL patterns
// match the current tab first, with the variables the tab's URL gives. The elements' client
// sends nothing itself: its `fetch` forwards each request to the background, which holds
// the token, sends the POST and follows the run (background.js). So the token never
// reaches this page, and a run goes on when the popup closes.
import init, { DrushIo, defineElements } from './element/drush_io_embed.js';
import { api, loadSettings, matchTab, originPattern } from './settings.js';

// The elements' API is this path of the extension's own origin; forward() maps it.
const API_PATH = /^\/api\/projects\/([^/]+)\/jobs\/([^/]+)\/runs(?:\/([^/]+))?$/;

async function forward(url, init) {
  // A base URL that is a path reaches fetch as it is, relative to this page.
  const match = API_PATH.exec(new URL(url, location.href).pathname);
  if (!match) return new Response('{"error":"not-found"}', { status: 404 });
  const [project, job, runId] = match.slice(1).map((part) => part && decodeURIComponent(part));
  const message = runId === undefined
    ? { type: 'drush-io-run', project, job, env: init.body ? JSON.parse(init.body).env : undefined }
    : { type: 'drush-io-read', project, job, runId };
  const reply = await api.runtime.sendMessage(message);
  // As `fetch` does when no answer comes: the element treats it as a network failure.
  if (!reply || 'network' in reply) throw new TypeError(reply?.network ?? 'The extension did not answer.');
  return new Response(reply.text, { status: reply.status, headers: { 'Content-Type': 'application/json' } });
}

function say(text, action) {
  const notice = document.getElementById('notice');
  const paragraph = document.createElement('p');
  paragraph.textContent = text;
  notice.append(paragraph);
  if (action) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = action.label;
    button.addEventListener('click', action.run);
    paragraph.append(' ', button);
  }
}

function jobItem(job, groups) {
  const item = document.createElement('li');
  const button = document.createElement('drush-io-run-button');
  button.setAttribute('project', job.project);
  button.setAttribute('job', job.job);
  button.setAttribute('label', job.label || `${job.project}/${job.job}`);
  if (job.confirm) button.setAttribute('confirm', job.confirm);
  button.env = { ...job.variables, ...groups };
  item.append(button);
  const names = Object.keys(groups ?? {});
  if (names.length) {
    const from = document.createElement('p');
    from.className = 'from-tab';
    from.textContent = `From this tab: ${names.map((name) => `${name}=${groups[name]}`).join(', ')}`;
    item.append(from);
  }
  return item;
}

async function currentTabUrl() {
  // The URL is there when the popup was opened from the toolbar (activeTab).
  const [tab] = await api.tabs.query({ active: true, lastFocusedWindow: true });
  return tab?.url;
}

// The element keeps its job's run in flight in localStorage ("started-ms state id" under
// "drush-io-run|base|project|job", src/element/state.rs) and resumes it when drawn. A
// run the background follows but this page never learnt of (the popup closed before the
// POST was answered) is written there, so its button shows it and stays held.
function adoptRunsInFlight(base, runs) {
  const part = (text) => text.replaceAll('%', '%25').replaceAll('|', '%7C');
  for (const run of runs) {
    const key = `drush-io-run|${part(base)}|${part(run.project)}|${part(run.job)}`;
    if (!localStorage.getItem(key)) localStorage.setItem(key, `${run.startedAt} ${run.status} ${run.runId}`);
  }
}

async function show() {
  const [settings, url, runs] = await Promise.all([
    loadSettings(), currentTabUrl(), api.runtime.sendMessage({ type: 'drush-io-in-flight' }), init(),
  ]);
  const client = new DrushIo({ baseUrl: '/api', fetch: forward, tabs: false });
  adoptRunsInFlight(client.baseUrl, runs ?? []);
  defineElements({ client });
  if (!settings.jobs.length) {
    say('No jobs yet: add them in the options.');
    return;
  }
  const origins = [originPattern(settings.baseUrl)];
  if (!(await api.permissions.contains({ origins }))) {
    say(`The browser has not allowed this extension to reach ${new URL(settings.baseUrl).origin} yet.`, {
      label: 'Allow',
      // Called from the click itself: browsers ask only during a user's action.
      run: () => api.permissions.request({ origins }).then((granted) => granted && location.reload()),
    });
  }
  const lists = { matching: [], others: [] };
  for (const job of settings.jobs) {
    const groups = matchTab(job, url);
    if (groups && job.patterns.length) lists.matching.push(jobItem(job, groups));
    else lists.others.push(jobItem(job, {}));
  }
  document.getElementById('others-heading').textContent = lists.matching.length ? 'Other jobs' : 'Jobs';
  for (const [id, items] of Object.entries(lists)) {
    const section = document.getElementById(id);
    section.querySelector('ul').append(...items);
    section.hidden = !items.length;
  }
}

document.getElementById('open-options').addEventListener('click', () => api.runtime.openOptionsPage());
show();
