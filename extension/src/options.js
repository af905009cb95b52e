// The options page: the API's base URL, the token (written here, never shown again), and
// the jobs. Every field is checked when the form is saved; the messages sit beside their
// fields and in a summary that takes the focus. Saving asks the browser for the API's
// host permission: from the click itself, as browsers ask only during a user's action.
import { api, checkBaseUrl, checkJob, checkToken, loadSettings, originPattern } from './settings.js';

const form = document.getElementById('options');
const jobsBox = document.getElementById('jobs');
const template = document.getElementById('job-template');
const JOB_FIELDS = ['project', 'job', 'label', 'confirm', 'variables', 'patterns'];
let tokenSaved = false;
let serial = 0;

function addJob(job = {}) {
  const fieldset = template.content.firstElementChild.cloneNode(true);
  const id = `job-${++serial}`;
  for (const field of JOB_FIELDS) {
    const input = fieldset.querySelector(`[data-name="${field}"]`);
    input.id = `${id}-${field}`;
    fieldset.querySelector(`[data-for="${field}"]`).htmlFor = input.id;
    const error = fieldset.querySelector(`[data-error="${field}"]`);
    if (error) {
      error.id = `${id}-${field}-error`;
      input.setAttribute('aria-describedby', error.id);
    }
    const value = job[field];
    input.value = field === 'variables'
      ? Object.entries(value ?? {}).map(([name, text]) => `${name}=${text}`).join('\n')
      : field === 'patterns' ? (value ?? []).join('\n') : value ?? '';
  }
  fieldset.querySelector('.remove-job').addEventListener('click', () => {
    fieldset.remove();
    numberJobs();
    form.querySelector('#add-job').focus();
  });
  jobsBox.append(fieldset);
  numberJobs();
  return fieldset;
}

function numberJobs() {
  jobsBox.querySelectorAll('fieldset.job').forEach((fieldset, index) => {
    fieldset.querySelector('legend').textContent = `Job ${index + 1}`;
    fieldset.querySelector('.remove-job').textContent = `Remove job ${index + 1}`;
  });
}

function showToken() {
  document.getElementById('token-state').textContent = tokenSaved
    ? 'A token is saved. Leave this empty to keep it, or paste a new one.'
    : 'No token saved yet.';
}

// Marks one field and lists it in the summary.
function problem(input, message, summary, what) {
  input.setAttribute('aria-invalid', 'true');
  document.getElementById(input.getAttribute('aria-describedby').split(' ').pop()).textContent = message;
  const item = document.createElement('li');
  const link = document.createElement('a');
  link.href = `#${input.id}`;
  link.textContent = `${what}: ${message}`;
  link.addEventListener('click', (event) => {
    event.preventDefault();
    input.focus();
  });
  item.append(link);
  summary.append(item);
}

// Reads and checks the whole form: the settings and token to save, or null with every
// problem shown.
function check() {
  const summary = document.querySelector('#problems ul');
  summary.replaceChildren();
  for (const input of form.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
  for (const error of form.querySelectorAll('.error')) error.textContent = '';
  const baseUrlInput = document.getElementById('base-url');
  const tokenInput = document.getElementById('token');
  const [baseUrl, baseUrlError] = checkBaseUrl(baseUrlInput.value);
  if (baseUrlError) problem(baseUrlInput, baseUrlError, summary, 'API base URL');
  const [token, tokenError] = checkToken(tokenInput.value, tokenSaved);
  if (tokenError) problem(tokenInput, tokenError, summary, 'Token');
  const jobs = [];
  const seen = new Set();
  jobsBox.querySelectorAll('fieldset.job').forEach((fieldset, index) => {
    const inputs = Object.fromEntries(JOB_FIELDS.map((f) => [f, fieldset.querySelector(`[data-name="${f}"]`)]));
    const values = Object.fromEntries(JOB_FIELDS.map((f) => [f, inputs[f].value]));
    // A job left wholly empty (a new one not filled in) is no job.
    if (JOB_FIELDS.every((f) => !values[f].trim())) return;
    const [job, errors] = checkJob(values);
    const pair = `${job.project}/${job.job}`;
    if (!errors.job && !errors.project && seen.has(pair)) errors.job = `Job ${pair} is listed twice.`;
    seen.add(pair);
    const names = { project: 'project', job: 'job', variables: 'variables', patterns: 'URL patterns' };
    for (const [field, message] of Object.entries(errors)) {
      problem(inputs[field], message, summary, `Job ${index + 1}, ${names[field]}`);
    }
    jobs.push(job);
  });
  const box = document.getElementById('problems');
  box.hidden = !summary.children.length;
  if (!box.hidden) {
    box.focus();
    return null;
  }
  return { settings: { baseUrl, jobs }, token };
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const status = document.getElementById('saved');
  status.textContent = '';
  const checked = check();
  if (!checked) return;
  const origin = new URL(checked.settings.baseUrl).origin;
  // Asked before anything is awaited: the browser allows it only during the click.
  const granted = api.permissions.request({ origins: [originPattern(checked.settings.baseUrl)] })
    .catch(() => false);
  save(checked, granted).then((allowed) => {
    status.textContent = allowed
      ? `Saved. The extension may reach ${origin}.`
      : `Saved, but the browser did not allow the extension to reach ${origin}: runs fail until you save again and allow it.`;
  }, (error) => {
    status.textContent = `Not saved: ${error.message}`;
  });
});

async function save({ settings, token }, granted) {
  // `hasToken` lets this page say a token is saved without reading it back.
  await api.storage.local.set(token ? { settings, token, hasToken: true } : { settings });
  if (token) tokenSaved = true;
  document.getElementById('token').value = '';
  showToken();
  return granted;
}

document.getElementById('add-job').addEventListener('click', () => {
  addJob().querySelector('input').focus();
});

async function load() {
  const settings = await loadSettings();
  // Only whether a token is saved is read back, never the token itself.
  tokenSaved = Boolean((await api.storage.local.get('hasToken')).hasToken);
  document.getElementById('base-url').value = settings.baseUrl;
  showToken();
  for (const job of settings.jobs) addJob(job);
  if (!settings.jobs.length) addJob();
  document.body.dataset.ready = 'true';
}

load();
