// The extension's settings, shared by the options page (which checks and saves them), the
// popup (which offers the jobs) and the background (which runs them).
//
// storage.local holds two keys: `settings` ({ baseUrl, jobs }) and `token`. Only the
// options page writes the token and only the background reads it; no page shows it.

export const api = globalThis.browser ?? globalThis.chrome;

export const DEFAULT_BASE_URL = 'https://api.drush.io/v1';
const IDENTIFIER = /^[A-Za-z0-9._-]+$/;
const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];

export async function loadSettings() {
  const { settings } = await api.storage.local.get('settings');
  return { baseUrl: settings?.baseUrl ?? DEFAULT_BASE_URL, jobs: settings?.jobs ?? [] };
}

// The host permission a base URL needs: its scheme and host, every port (match patterns
// of Firefox do not take a port). Requested at run time, never in the manifest.
export function originPattern(baseUrl) {
  const url = new URL(baseUrl);
  return `${url.protocol}//${url.hostname}/*`;
}

// Each check returns [value, message]: the cleaned value, or a message saying what is
// wrong in words an editor can act on.
export function checkBaseUrl(text) {
  const value = text.trim().replace(/\/+$/, '');
  let url;
  try {
    url = new URL(value);
  } catch {
    return [null, 'Enter the full address of the API, such as https://api.drush.io/v1.'];
  }
  const loopback = LOOPBACK.includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    return [null, 'Use an https:// address (http:// only for localhost, 127.0.0.1 or [::1]).'];
  }
  if (url.username || url.password || url.search || url.hash) {
    return [null, 'Leave out user names, passwords, queries and fragments: the token is entered below.'];
  }
  return [value, null];
}

export function checkToken(text, saved) {
  const value = text.trim();
  if (!value) return [null, saved ? null : 'Paste the API token from your drush.io account.'];
  // Control characters and spaces cannot be in a header value as sent.
  if (/[\s\u0000-\u001f\u007f]/.test(value)) {
    return [null, 'The token has a space or a line break in it: paste it again as one word.'];
  }
  return [value, null];
}

function checkIdentifier(text, what) {
  const value = text.trim();
  if (!value) return [null, `Enter the ${what}'s machine name or ID.`];
  if (value === '.' || value === '..' || !IDENTIFIER.test(value)) {
    return [null, `The ${what} may hold only letters, digits, dots, dashes and underscores.`];
  }
  return [value, null];
}

function lines(text) {
  return text.split('\n').map((line) => line.trim()).map((line, index) => [line, index + 1])
    .filter(([line]) => line);
}

function checkVariables(text) {
  const variables = {};
  for (const [line, number] of lines(text)) {
    const at = line.indexOf('=');
    const name = (at < 0 ? line : line.slice(0, at)).trim();
    if (at < 0 || !VARIABLE.test(name)) {
      return [null, `Line ${number}: write NAME=value, the name of letters, digits and underscores, not starting with a digit.`];
    }
    variables[name] = line.slice(at + 1).trim();
  }
  return [variables, null];
}

// The named groups of a URL pattern, as they come out of URLPattern (an exec of a URL
// that matches nothing still lists them, as undefined).
function groupNames(pattern) {
  const names = new Set();
  for (const part of ['protocol', 'username', 'password', 'hostname', 'port', 'pathname', 'search', 'hash']) {
    const source = pattern[part];
    for (const [, name] of source.matchAll(/:([A-Za-z_$][\w$]*)/g)) names.add(name);
    for (const [, name] of source.matchAll(/\(\?<([A-Za-z_$][\w$]*)>/g)) names.add(name);
  }
  return [...names];
}

function checkPatterns(text) {
  const patterns = [];
  for (const [line, number] of lines(text)) {
    let pattern;
    try {
      pattern = new URLPattern(line);
    } catch {
      return [null, `Line ${number}: not a URL pattern. Write a whole URL with :name for a part that varies, such as https://github.com/acme/site/pull/:PR.`];
    }
    const bad = groupNames(pattern).find((name) => !VARIABLE.test(name));
    if (bad) return [null, `Line ${number}: the group :${bad} cannot be a variable name (letters, digits and underscores).`];
    patterns.push(line);
  }
  return [patterns, null];
}

// A job as the form gives it (strings) -> [job, { field: message }].
export function checkJob(fields) {
  const errors = {};
  const take = (field, [value, message]) => {
    if (message) errors[field] = message;
    return value;
  };
  const job = {
    project: take('project', checkIdentifier(fields.project, 'project')),
    job: take('job', checkIdentifier(fields.job, 'job')),
    label: fields.label.trim(),
    confirm: fields.confirm.trim(),
    variables: take('variables', checkVariables(fields.variables)),
    patterns: take('patterns', checkPatterns(fields.patterns)),
  };
  return [job, errors];
}

// The variables a tab's URL gives a job: null when the job has patterns and none matches,
// {} when it has none; else the first matching pattern's named groups.
export function matchTab(job, url) {
  if (!url || !job.patterns.length) return job.patterns.length ? null : {};
  for (const source of job.patterns) {
    let result;
    try {
      result = new URLPattern(source).exec(url);
    } catch {
      continue;
    }
    if (!result) continue;
    const groups = {};
    for (const part of Object.values(result)) {
      for (const [name, value] of Object.entries(part?.groups ?? {})) {
        if (VARIABLE.test(name) && value !== undefined) groups[name] = value;
      }
    }
    return groups;
  }
  return null;
}

export const jobKey = (project, job) => `${project}/${job}`;
