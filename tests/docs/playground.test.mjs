// The playground of `make demo` (www/playground.html) under the strict CSP: the element
// follows the form, runs against the dev server, and the markup it gives, copied through the
// clipboard and pasted into a page of its own, runs the same job to `complete`.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { launch, requests, SAMPLES, watch } from './chromium.mjs';
import { forDevServer, root } from './samples.mjs';

const DEMO = process.env.DRUSH_IO_DOCS_DEMO_URL; // www/ with www/jobs.toml, strict CSP
let browser;
before(async () => {
  browser = await launch();
});
after(() => browser?.close());

test('the playground builds the element from its form and gives markup that works pasted', async () => {
  const context = await browser.newContext();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: DEMO });
  const page = await context.newPage();
  const problems = await watch(page);
  await page.goto(`${DEMO}/playground.html`);
  const element = page.locator('#preview drush-io-run-button');
  await element.locator('[part="button"]').waitFor();

  await page.getByLabel('label', { exact: true }).first().fill('Empty the caches');
  await page.locator('#messages input[name="states.complete"]').fill('Fertig');
  await page.locator('#settings input[name="env"]').fill('{"SITE": "x"');
  assert.match(await page.locator('#problem').textContent(), /JSON object/);
  await page.locator('#settings input[name="env"]').fill('');
  assert.equal(await page.locator('#problem').textContent(), '');
  assert.equal(await element.getAttribute('label'), 'Empty the caches');
  await element.locator('[part="button"]').filter({ hasText: 'Empty the caches' }).waitFor();

  const posts = async () => (await requests(DEMO, '/proxy/v1/projects/demo/jobs/cache-clear/runs')).filter((r) => r.method === 'POST').length;
  const before_ = await posts();
  await element.locator('[part="button"]').click();
  await page.waitForFunction(() => document.querySelector('#preview drush-io-run-button').getAttribute('state') === 'complete', null, { timeout: 60_000 });
  assert.match(await element.locator('[part="badge"]').textContent(), /Fertig/);
  assert.equal(await posts(), before_ + 1, 'one click, one POST');

  const markup = await page.locator('#markup').textContent();
  assert.match(markup, /label="Empty the caches"/);
  assert.match(markup, /"complete": "Fertig"/);
  await page.locator('#copy').click();
  await page.locator('#copied').filter({ hasText: 'Copied.' }).waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, markup);
  assert.deepEqual(problems, []);
  await context.close();

  // Pasted into a page of its own (the markup, without the messages' script comment).
  const html = forDevServer(copied.split('\n<!--')[0]);
  writeFileSync(join(root, 'target/docs/samples/playground.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>pasted</title></head><body>${html}</body></html>`);
  const pasted = await browser.newPage();
  const pastedProblems = await watch(pasted);
  await pasted.goto(`${SAMPLES}/playground.html`);
  await pasted.locator('drush-io-run-button [part="button"]').click();
  await pasted.waitForFunction(() => document.querySelector('drush-io-run-button').getAttribute('state') === 'complete', null, { timeout: 60_000 });
  assert.deepEqual(pastedProblems, []);
  await pasted.close();
});

test('axe-core finds no violation on the playground', async () => {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${DEMO}/playground.html`);
  await page.locator('#preview drush-io-run-button [part="button"]').waitFor();
  await page.addScriptTag({ path: join(root, 'node_modules/axe-core/axe.min.js') });
  const violations = await page.evaluate(async () => (await globalThis.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
  })).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));
  assert.deepEqual(violations, []);
  await context.close();
});
