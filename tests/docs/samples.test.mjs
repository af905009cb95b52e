// Every fenced code sample of README.md and docs/ is run, or says why it cannot be:
// JavaScript as a module in Chromium against the dev server (to its last line, with no
// error and no failed console.assert), HTML loaded in Chromium with every button clicked and
// run to `complete`, one POST per job counted on the server. Samples are rewritten only as
// forDevServer() says (the package's path, and the proxy route's).
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { forDevServer, root, samples } from './samples.mjs';
import { launch, requests, SAMPLES, watch } from './chromium.mjs';

const dir = join(root, 'target/docs/samples');
const all = samples();
let browser;
before(async () => {
  browser = await launch();
});
after(() => browser?.close());

test('every sample is marked run or not run', () => {
  const unmarked = all.filter((s) => !s.marker).map((s) => `${s.file}:${s.line}`);
  assert.deepEqual(unmarked, [], 'samples without a `<!-- sample: ... -->` marker on the line before');
  const notRun = all.filter((s) => s.marker && !s.marker.run);
  for (const s of notRun) console.log(`not run: ${s.file}:${s.line} (${s.lang}): ${s.marker.why}`);
  const unrunnable = all.filter((s) => s.marker?.run && !['js', 'html'].includes(s.lang));
  assert.deepEqual(unrunnable.map((s) => `${s.file}:${s.line} ${s.lang}`), [], 'marked run, but only js and html can be');
});

rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });

all.filter((s) => s.marker?.run).forEach((sample, index) => {
  test(`${sample.file}:${sample.line} (${sample.lang}) runs`, async () => {
    const name = `sample-${index}`;
    const code = forDevServer(sample.code);
    const page = await browser.newPage();
    const problems = await watch(page);
    try {
      if (sample.lang === 'js') {
        // The sample's last line ran when the marker it is followed by is set.
        writeFileSync(join(dir, `${name}.js`), `${code}\ndocument.documentElement.dataset.sampleDone = 'yes';\n`);
        writeFileSync(join(dir, `${name}.html`), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${name}</title>`
          + `<script type="module" src="${name}.js"></script></head><body>${forDevServer(sample.marker.page)}</body></html>`);
        const postsBefore = (await requests(SAMPLES, '/proxy/v1/')).filter((r) => r.method === 'POST').length;
        await page.goto(`${SAMPLES}/${name}.html`);
        await page.waitForFunction(() => document.documentElement.dataset.sampleDone === 'yes' || undefined, null, { timeout: 60_000 })
          .catch((error) => { throw new Error(`${error.message}; seen: ${problems.join('; ')}`); });
        assert.deepEqual(problems, []);
        if (code.includes('/proxy/v1')) {
          const posts = (await requests(SAMPLES, '/proxy/v1/')).filter((r) => r.method === 'POST').length;
          assert.ok(posts > postsBefore, 'a sample that names the proxy route sent its POST to the server');
        }
      } else {
        writeFileSync(join(dir, `${name}.html`), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${name}</title>`
          + `</head><body>${forDevServer(sample.marker.page)}${code}</body></html>`);
        await page.goto(`${SAMPLES}/${name}.html`);
        await page.waitForLoadState('networkidle');
        const buttons = page.locator('drush-io-run-button');
        const count = await buttons.count();
        // Elements of one job follow one run together: one POST per job.
        const posts = async (job) => (await requests(SAMPLES, `/proxy/v1/projects/${job}/runs`)).filter((r) => r.method === 'POST').length;
        const jobs = new Map();
        for (let i = 0; i < count; i++) {
          const element = buttons.nth(i);
          const job = `${await element.getAttribute('project')}/jobs/${await element.getAttribute('job')}`;
          if (!jobs.has(job)) jobs.set(job, await posts(job));
        }
        for (let i = 0; i < count; i++) {
          const element = buttons.nth(i);
          if ((await element.getAttribute('state')) !== 'idle') continue; // following another's run
          await element.locator('[part="button"]').click();
          if ((await element.getAttribute('confirm')) !== null) await element.locator('[part="confirm-accept"]').click();
        }
        for (let i = 0; i < count; i++) {
          const handle = await buttons.nth(i).elementHandle();
          await page.waitForFunction((el) => el.getAttribute('state') === 'complete', handle, { timeout: 60_000 })
            .catch(async (error) => {
              throw new Error(`element ${i} is ${await handle.getAttribute('state')}: ${error.message}; seen: ${problems.join('; ')}`);
            });
        }
        assert.deepEqual(problems, []);
        for (const [job, before_] of jobs) assert.equal(await posts(job), before_ + 1, `one POST of ${job}`);
      }
    } finally {
      await page.close();
    }
  });
});
