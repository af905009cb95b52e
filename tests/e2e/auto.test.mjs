// auto.js on the demo page (www/index.html), in every engine of DRUSH_IO_ENGINES: the
// wasm's download starts no later than the glue's, so they travel side by side rather
// than one after the other. Read from the page's resource timing entries, whose order
// follows the order in which the requests were started.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeInEngines } from './browser.mjs';

const BASE = process.env.DRUSH_IO_E2E_URL;
assert.ok(BASE, 'DRUSH_IO_E2E_URL must name the dev server (make test sets it)');

describeInEngines('auto.js', (browser) => {
  test('the wasm download starts before the glue is imported', async () => {
    const page = await browser().newPage();
    await page.goto(`${BASE}/`);
    page.waitMs = 30_000;
    // The three entries themselves: an entry is added once its response has ended, and the
    // element is defined (by auto.js's class shell) before the wasm has come.
    const started = await page.waitFor(() => {
      const entries = performance.getEntriesByType('resource')
        .filter((entry) => /\/pkg\/(auto\.js|drush_io_embed\.js|drush_io_embed_bg\.wasm)$/.test(entry.name))
        .map((entry) => ({ file: entry.name.split('/').pop(), at: entry.startTime }));
      return entries.length >= 3 && entries;
    });
    const at = Object.fromEntries(started.map(({ file, at }) => [file, at]));
    assert.deepEqual(Object.keys(at).sort(), ['auto.js', 'drush_io_embed.js', 'drush_io_embed_bg.wasm']);
    assert.ok(at['drush_io_embed_bg.wasm'] <= at['drush_io_embed.js'],
      `the wasm started at ${at['drush_io_embed_bg.wasm']} ms, after the glue at ${at['drush_io_embed.js']} ms`);
    assert.deepEqual(await page.errors(), []);
    await page.close();
  });
});
