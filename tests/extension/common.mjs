// What the extension's browser tests share: the dev server's request log, the options the
// tests enter, and the checks that the token stays in the background.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SERVER = process.env.DRUSH_IO_E2E_URL;
export const TOKEN = process.env.DRUSH_IO_TOKEN;
export const SHOTS = `${ROOT}target/extension/screenshots/`;
assert.ok(SERVER && TOKEN, 'DRUSH_IO_E2E_URL and DRUSH_IO_TOKEN must name a dev server of tests/jobs.toml and its token');

/** The requests the dev server recorded under /v1/projects/test/jobs/JOB/runs. */
export async function requests(job) {
  const prefix = `/v1/projects/test/jobs/${job}/runs`;
  const answer = await fetch(`${SERVER}/__devserver/requests?path_prefix=${encodeURIComponent(prefix)}`);
  return (await answer.json()).requests;
}

export const posts = async (job) => (await requests(job)).filter((r) => r.method === 'POST');

/** Waits for `check()` to return something truthy and returns it (60 s at most). */
export async function until(check, what) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// axe-core's rules for WCAG 2.2 AA, as tests/e2e/a11y.test.mjs runs them.
export const AXE_SOURCE = readFileSync(`${ROOT}node_modules/axe-core/axe.min.js`, 'utf8');
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * In a page: everything of it a script or a person could read (markup with every open
 * shadow root, form values, web storage, cookies, the title), as one string to search for
 * the token. Sent as source text to the page.
 */
export function pageText() {
  const parts = [document.title, document.cookie];
  const walk = (root) => {
    for (const node of root.querySelectorAll('*')) {
      if ('value' in node && typeof node.value === 'string') parts.push(node.value);
      if (node.shadowRoot) {
        parts.push(node.shadowRoot.innerHTML);
        walk(node.shadowRoot);
      }
    }
  };
  parts.push(document.documentElement.outerHTML);
  walk(document);
  for (const store of [localStorage, sessionStorage]) {
    for (let i = 0; i < store.length; i++) parts.push(store.key(i), store.getItem(store.key(i)));
  }
  return parts.join('\n');
}

/** Asserts that `text` holds nothing of the token: whole, its signature, or base64-encoded. */
export function assertNoToken(text, where) {
  const signature = TOKEN.split('.').pop();
  for (const form of [TOKEN, signature, Buffer.from(TOKEN).toString('base64'), encodeURIComponent(TOKEN)]) {
    assert.ok(!text.includes(form), `${where} holds the token`);
  }
}

// The options the tests enter: jobs of tests/jobs.toml.
export const JOBS = [
  { project: 'test', job: 'ok', label: 'Say hello' },
  { project: 'test', job: 'fail', label: 'Fail on purpose' },
  {
    project: 'test', job: 'vars', label: 'Greet the review',
    variables: 'GREETING=hello\nTARGET=nobody', patterns: 'http://127.0.0.1:*/review/:TARGET',
  },
  { project: 'test', job: 'extension-wake', label: 'Long run' },
  { project: 'test', job: 'extension-alarm', label: 'Long run, popup closed' },
  { project: 'test', job: 'extension-closed', label: 'Closed too soon' },
];
