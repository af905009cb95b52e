// A consumer example (www/examples/vite, webpack, react or vue), built by its bundler from
// the package's `npm pack` tarball and served by the dev server as its static root, driven
// to a complete run through the element and through DrushIo. `make test` builds the
// example, starts the server and sets DRUSH_IO_EXAMPLE (the example) and DRUSH_IO_E2E_URL.
// In the framework examples the element gets its label through the `messages` property,
// and the framework's own handler of `drush-io-complete` writes the run's status into
// #handled.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeInEngines } from '../e2e/browser.mjs';

const BASE = process.env.DRUSH_IO_E2E_URL;
const EXAMPLE = process.env.DRUSH_IO_EXAMPLE;
const RUNS = '/proxy/v1/projects/demo/jobs/cache-clear/runs';
const FRAMEWORK = ['react', 'vue'].includes(EXAMPLE);

async function posts() {
  const answer = await fetch(`${BASE}/__devserver/requests?path_prefix=${encodeURIComponent(RUNS)}`);
  assert.equal(answer.status, 200);
  return (await answer.json()).requests.filter((r) => r.method === 'POST' && r.path === RUNS).length;
}

assert.ok(BASE && EXAMPLE, 'DRUSH_IO_E2E_URL and DRUSH_IO_EXAMPLE must be set (make test sets them)');

describeInEngines(`${EXAMPLE} example`, (browser) => {
  test('the bundled element and the bundled client each run a job to complete', async () => {
    const page = await browser().newPage();
    await page.goto(`${BASE}/`);
    await page.waitFor(() => customElements.get('drush-io-run-button') !== undefined && document.getElementById('element'));
    const label = await page.waitFor(() => document.getElementById('element').shadowRoot?.querySelector('[part~="button"]')?.textContent);
    assert.match(label, /Clear caches/);

    // The wasm came out of the bundle, not from the dev server's /pkg/.
    const loaded = await page.run(() => performance.getEntriesByType('resource').map((entry) => entry.name));
    const wasm = loaded.filter((url) => url.endsWith('.wasm'));
    assert.equal(wasm.length, 1, loaded.join('\n'));
    assert.ok(!wasm[0].includes('/pkg/'), wasm[0]);

    const before = await posts();
    await page.click(['#element', '[part~="button"]']);
    const state = await page.waitFor(() => {
      const state = document.getElementById('element').getAttribute('state');
      return ['complete', 'error', 'failed'].includes(state) && state;
    });
    assert.equal(state, 'complete');
    if (FRAMEWORK) {
      const handled = await page.waitFor(() => document.getElementById('handled').textContent !== 'nothing yet' && document.getElementById('handled').textContent);
      assert.equal(handled, 'complete', `${EXAMPLE}'s own handler received drush-io-complete`);
    }

    await page.click('#client-run');
    const status = await page.waitFor(() => {
      const status = document.getElementById('client-status').textContent;
      return (status === 'complete' || status === 'error' || status.startsWith('failed')) && status;
    });
    assert.equal(status, 'complete');
    assert.equal(await posts(), before + 2, 'one POST for the element, one for the client');
    assert.deepEqual(await page.errors(), []);
    await page.close();
  });
});
