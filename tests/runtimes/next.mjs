// The Next.js App Router page of tests/runtimes/next/: built (`next build` prerenders it,
// so an import that touched the DOM would fail here), served by `next start`, its HTML
// read as the server sends it, then hydrated in Chromium and run to `complete` through the
// app's own route (app/drush-io/v1/), which holds the token; one POST, and nothing on the
// server's error output.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { BASE, TOKEN, freePort, requestsOf } from './server.mjs';
import { launch } from '../e2e/browser.mjs';

const DIR = fileURLToPath(new URL('next/', import.meta.url));
const NEXT = `${DIR}node_modules/next/dist/bin/next`;
const env = { ...process.env, DRUSH_IO_API_URL: `${BASE}/v1`, DRUSH_IO_TOKEN: TOKEN, NEXT_TELEMETRY_DISABLED: '1' };

export async function nextPage(t) {
  const build = spawn(process.execPath, [NEXT, 'build'], { cwd: DIR, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let buildLog = '';
  build.stdout.on('data', (chunk) => (buildLog += chunk));
  build.stderr.on('data', (chunk) => (buildLog += chunk));
  const [built] = await once(build, 'close');
  assert.equal(built, 0, buildLog);

  const port = await freePort();
  const server = spawn(process.execPath, [NEXT, 'start', '--port', String(port), '--hostname', '127.0.0.1'], { cwd: DIR, env, stdio: ['ignore', 'pipe', 'pipe'] });
  t.after(() => server.kill());
  let out = '';
  let errors = '';
  server.stderr.on('data', (chunk) => (errors += chunk));
  await new Promise((resolve, reject) => {
    server.stdout.on('data', (chunk) => {
      out += chunk;
      if (/Ready in/.test(out)) resolve();
    });
    server.on('close', (code) => reject(new Error(`next start exited with ${code}\n${out}\n${errors}`)));
  });
  const url = `http://127.0.0.1:${port}/`;

  // The server's HTML holds the element with its attributes, before any script runs.
  const html = await (await fetch(url)).text();
  assert.match(html, /<drush-io-run-button id="deploy" project="rt" job="next" label="Deploy">/, html.slice(0, 2000));

  const browser = await launch('chromium');
  t.after(() => browser.close());
  const page = await browser.newPage();
  await page.goto(url);
  const label = await page.waitFor(() => document.getElementById('deploy')?.shadowRoot?.querySelector('[part~="button"]')?.textContent);
  assert.match(label, /Deploy/);
  // Hydrated: React's handler through the ref is attached only then.
  await page.waitFor(() => customElements.get('drush-io-run-button') && document.getElementById('ended').textContent === 'not yet');
  await page.click(['#deploy', '[part~="button"]']);
  const ended = await page.waitFor(() => document.getElementById('ended').textContent !== 'not yet' && document.getElementById('ended').textContent);
  assert.equal(ended, 'complete');
  assert.equal(await page.attribute('#deploy', 'state'), 'complete');
  const requests = await requestsOf('next');
  assert.equal(requests.filter((r) => r.method === 'POST').length, 1, 'one POST');
  assert.ok(requests.every((r) => r.status < 300 && r.authorization), 'the server route added the token');
  const rendered = await page.run(() => document.documentElement.outerHTML);
  assert.ok(!rendered.includes(TOKEN), 'the page never holds the token');
  assert.deepEqual(await page.errors(), []);
  assert.equal(errors.trim(), '', 'next start wrote nothing to its error output');
  assert.doesNotMatch(out, /\berror\b/i, out);
}
