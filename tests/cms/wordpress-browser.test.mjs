// The plugin's buttons on a real WordPress, in each engine, one signed-in tab per engine:
// the dashboard widget, the shortcode on a post and on a site's own admin page, what an
// editor without a job's capability sees, and the token in no response the browser got.
// Chromium also makes the walkthrough's screenshots (target/cms/, copied to docs/cms/); those
// of the dashboard, a post and the settings come from tests/cms/site-builder/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeInEngines } from '../e2e/browser.mjs';

const WP = process.env.DRUSH_IO_WP_URL;
const API = process.env.DRUSH_IO_E2E_URL;
const TOKEN = process.env.DRUSH_IO_TOKEN;
const ZIP = new URL('../../target/drush-io-wordpress.zip', import.meta.url).pathname;
const GREET = 'drush-io-run-button[job="vars"]';
const RUN_EVENTS = ['drush-io-queued', 'drush-io-status', 'drush-io-complete', 'drush-io-error'];

async function upstreamPosts(job) {
  const answer = await fetch(`${API}/__devserver/requests?path_prefix=/v1/projects/test/jobs/${job}/runs`);
  return (await answer.json()).requests.filter((request) => request.method === 'POST').length;
}

/**
 * Everything the tab received, kept for the token grep: the URL of every document and
 * resource it loaded (re-fetched later with the same session) and the run of every event
 * the elements fired (the route's POST answers cannot be fetched again without a new run).
 */
class Seen {
  urls = new Set();
  runs = [];

  async record(page) {
    const urls = await page.run(() => [location.href, ...performance.getEntriesByType('resource').map((entry) => entry.name)]);
    for (const url of urls) this.urls.add(url);
    this.runs.push(...await page.run(() => {
      const runs = JSON.parse(sessionStorage.getItem('grep-runs') ?? '[]');
      sessionStorage.removeItem('grep-runs');
      return runs;
    }));
  }

  /** Opens `url` after recording the page it leaves. */
  async visit(page, url) {
    if (page.visited) await this.record(page);
    await page.goto(url);
    page.visited = true;
    await this.arrived(page);
  }

  /** Keeps the run of every event the page's elements fire (in the page's own realm). */
  async arrived(page) {
    await page.addScript((types) => {
      for (const type of types) {
        document.addEventListener(type, (event) => {
          const runs = JSON.parse(sessionStorage.getItem('grep-runs') ?? '[]');
          runs.push(JSON.stringify(event.detail));
          sessionStorage.setItem('grep-runs', JSON.stringify(runs));
        });
      }
    }, RUN_EVENTS);
  }

  /** Re-fetches every URL seen in this session from inside the page and greps it for the token. */
  async grep(page, tally) {
    await this.record(page);
    // Only the site's own: another origin (the editor's pictures on s.w.org) never had the token.
    const urls = [...this.urls].filter((url) => new URL(url).origin === WP && !url.includes('action=logout'));
    const found = await page.run(async (list, token) => {
      const nonce = document.querySelector('[data-drush-io-nonce]')?.dataset.drushIoNonce ?? window.wpApiSettings?.nonce ?? '';
      const result = { responses: 0, bytes: 0, carrying: [], buttons: 0 };
      for (const url of list) {
        const answer = await fetch(url, { credentials: 'same-origin', headers: nonce ? { 'X-WP-Nonce': nonce } : {} })
          .catch((error) => { throw new Error(`${url}: ${error}`); });
        const body = await answer.text();
        result.responses += 1;
        result.bytes += body.length;
        if (body.includes('<drush-io-run-button')) result.buttons += 1;
        if (body.includes(token) || [...answer.headers].some(([, value]) => value.includes(token))) result.carrying.push(url);
      }
      return result;
    }, urls, TOKEN);
    tally.urls.push(...urls);
    tally.responses += found.responses + this.runs.length;
    tally.bytes += found.bytes;
    tally.buttons += found.buttons;
    tally.carrying.push(...found.carrying, ...this.runs.filter((run) => run.includes(TOKEN)));
    tally.runs += this.runs.length;
    this.urls.clear();
    this.runs = [];
  }
}

async function signIn(page, seen, user, password, job) {
  await seen.visit(page, `${WP}/wp-login.php`);
  // wp-login.php focuses and selects the user field 200 ms after load: what is typed before goes.
  await page.waitFor(() => document.activeElement?.id === 'user_login');
  await page.type('#user_login', user);
  await page.type('#user_pass', password);
  await seen.record(page);
  await page.click('#wp-submit');
  const button = `#drush_io_jobs drush-io-run-button[job="${job}"]`;
  await page.waitFor((path) => document.querySelector(path)?.shadowRoot?.querySelector('button'), button);
  await seen.arrived(page);
  await page.waitFor((path) => document.querySelector(path)?.shadowRoot?.querySelector('button'), button);
}

/** Clicks the element's button and waits for `complete`; returns the log. */
async function runToComplete(page, element) {
  await page.waitFor((path) => document.querySelector(path)?.shadowRoot?.querySelector('button'), element);
  await page.click([element, '[part~="button"]']);
  await page.waitFor((path) => ['complete', 'error', 'failed'].includes(document.querySelector(path).getAttribute('state')), element);
  assert.equal(await page.attribute(element, 'state'), 'complete');
  return page.text([element, '[part~="log"]']);
}

describeInEngines('WordPress', (browser, engine) => {
  let page;
  const seen = new Seen();
  const tally = { urls: [], responses: 0, bytes: 0, buttons: 0, runs: 0, carrying: [] };
  const shoot = (name, path) => (engine === 'chromium' ? page.screenshot(`target/cms/wordpress-${name}.png`, path) : null);

  test('an administrator runs a job from the dashboard widget; a confirmation asks first', async () => {
    page = await browser().newPage();
    page.waitMs = 60_000;
    await signIn(page, seen, 'admin', 'admin-password', 'vars');
    assert.match(await page.text([GREET, '[part~="button"]']), /Greet/);
    // The job allows GREETING: the widget has a field for it.
    await page.type('#drush_io_jobs form.drush-io-vars input[name="GREETING"]', 'howdy');
    assert.match(await runToComplete(page, `#drush_io_jobs ${GREET}`), /howdy, world!/);

    const confirmed = 'drush-io-run-button[job="ok"]';
    await page.click([confirmed, '[part~="button"]']);
    assert.ok(await page.visible([confirmed, '[part~="dialog"]']), 'the confirmation is shown');
    assert.match(await page.text([confirmed, '[part~="dialog"]']), /Run it now\?/);
    assert.equal(await page.attribute(confirmed, 'state'), 'idle');
    await page.click([confirmed, '[part~="confirm-accept"]']);
    await page.waitFor((path) => document.querySelector(path).getAttribute('state') === 'complete', confirmed);
    assert.deepEqual(await page.errors(), []);
  });

  test('the shortcode spread over lines in a post gives a button that runs its job with one POST', async () => {
    await seen.visit(page, `${WP}/refresh-the-greeting/`);
    const button = GREET;
    await page.waitFor((path) => document.querySelector(path)?.shadowRoot?.querySelector('button'), button);
    assert.match(await page.text([button, '[part~="button"]']), /Greet/);
    const before = await upstreamPosts('vars');
    assert.match(await runToComplete(page, button), /hello, world!/);
    assert.equal(await upstreamPosts('vars'), before + 1, 'exactly one POST reached the API');
    assert.deepEqual(await page.errors(), []);
  });

  test("the shortcode on a site's own admin page (Tools, then Site operations) runs its job with one POST", async () => {
    await seen.visit(page, `${WP}/wp-admin/tools.php?page=site-operations`);
    const button = `.wrap ${GREET}`;
    const before = await upstreamPosts('vars');
    assert.match(await runToComplete(page, button), /hello, world!/);
    assert.equal(await upstreamPosts('vars'), before + 1, 'exactly one POST reached the API');
    assert.deepEqual(await page.errors(), []);
  });

  test('walkthrough: uploading the plugin, the plugin list, the settings page, the shortcode in the editor', { skip: engine !== 'chromium' && 'the screenshots are made in Chromium' }, async () => {
    await seen.visit(page, `${WP}/wp-admin/plugin-install.php?tab=upload`);
    await page.waitFor(() => document.querySelector('#pluginzip'));
    await page.type('#pluginzip', ZIP).catch(() => {}); // shows the chosen zip where the driver can
    await shoot('upload');

    await seen.visit(page, `${WP}/wp-admin/plugins.php`);
    assert.ok(await page.run(() => document.querySelector('tr[data-slug="drush-io"]')?.classList.contains('active')), 'the plugin is active');
    await shoot('plugins');

    await seen.visit(page, `${WP}/wp-admin/options-general.php?page=drush-io`);
    assert.match(await page.text('.wrap'), /A token is set/);
    assert.equal(await page.run(() => document.querySelector('#drush-io-token').value), '', 'the token field is write-only');
    assert.equal(await page.run(() => document.querySelector('input[name="drush_io_jobs[0][job]"]').value), 'vars');

    await seen.visit(page, `${WP}/refresh-the-greeting/`);
    const edit = await page.run(() => document.querySelector('#wp-admin-bar-edit a').href);
    // The block editor in a tab of its own, closed after: left open, it may hold the next
    // navigation with its "leave this page?" prompt.
    const main = page;
    page = await browser().newPage();
    page.waitMs = 60_000;
    await seen.visit(page, edit);
    await page.waitFor(() => document.querySelector('.wp-block-shortcode textarea, .wp-block-shortcode .block-editor-plain-text'));
    // The block editor's welcome guide covers the post the first time.
    await page.waitFor(() => document.querySelector('.edit-post-welcome-guide') || document.readyState === 'complete');
    if (await page.run(() => Boolean(document.querySelector('.edit-post-welcome-guide')))) {
      await page.click('.edit-post-welcome-guide .components-modal__header button');
      await page.waitFor(() => !document.querySelector('.edit-post-welcome-guide'));
    }
    assert.match(await page.run(() => document.querySelector('.wp-block-shortcode textarea').value), /\[drush_io_button\s+job="test\/vars"\s+\]/);
    await shoot('shortcode');
    await page.close();
    page = main;
  });

  test("an editor without the job's capability sees no button for it, and the route refuses it with 403", async () => {
    await seen.visit(page, `${WP}/wp-admin/`);
    await seen.grep(page, tally); // the administrator's session, before it ends
    await seen.visit(page, await page.run(() => document.querySelector('#wp-admin-bar-logout a').href));
    await signIn(page, seen, 'editor', 'editor-password', 'ok');
    const markup = await page.run(() => document.documentElement.outerHTML);
    assert.ok(markup.includes('job="ok"'), 'the job the editor may run has its button');
    assert.ok(!markup.includes('job="vars"') && !markup.includes('Greet'), 'nothing of the other job is in the page');

    const before = await upstreamPosts('vars');
    const answers = await page.run(async () => {
      const button = document.querySelector('drush-io-run-button[data-drush-io-nonce]');
      const headers = { 'X-WP-Nonce': button.dataset.drushIoNonce, 'Content-Type': 'application/json' };
      const refused = await fetch(`${button.dataset.drushIoRest}/projects/test/jobs/vars/runs`, { method: 'POST', headers, body: '{"env":{}}' });
      const me = await fetch('/wp-json/wp/v2/users/me', { headers });
      return { status: refused.status, body: await refused.text(), me: me.status, slug: (await me.json()).slug };
    });
    assert.equal(answers.status, 403, answers.body);
    assert.match(answers.body, /drush_io_not_permitted/);
    assert.deepEqual([answers.me, answers.slug], [200, 'editor'], 'the nonce the page was given is valid');
    assert.equal(await upstreamPosts('vars'), before, 'the refused request never reached the API');

    await seen.visit(page, `${WP}/wp-admin/tools.php?page=site-operations`);
    const operations = await page.run(() => document.documentElement.outerHTML);
    assert.match(operations, /Site operations/);
    assert.ok(!operations.includes('drush-io-run-button') && !operations.includes('drush-io-wp.js'), 'no button, no script');
    await seen.grep(page, tally);
  });

  test('the token is in no document, file or answer the browser received', () => {
    assert.equal(tally.carrying.length, 0, `carrying the token: ${tally.carrying.join(', ')}`);
    // Not vacuous: the pages with buttons, the package's files, the route's answers and runs.
    assert.ok(tally.responses >= 40 && tally.bytes > 500_000, `${tally.responses} responses, ${tally.bytes} characters`);
    assert.ok(tally.buttons >= 3, `${tally.buttons} pages with buttons`);
    assert.ok(tally.urls.some((url) => url.endsWith('/pkg/drush_io_embed_bg.wasm')), 'the wasm was grepped');
    assert.ok(tally.urls.some((url) => /\/wp-json\/drush-io\/v1\/projects\/test\/jobs\/vars\/runs\/./.test(url)), 'a poll was grepped');
    assert.ok(tally.runs >= 6, `${tally.runs} runs from events`);
  });
});
