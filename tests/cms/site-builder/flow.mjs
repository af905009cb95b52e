// The WordPress plugin as a site builder meets it, on a fresh WordPress (no plugin, no
// settings) in front of the reference API (reference-api.mjs), in each engine: the zip
// uploaded through Plugins, then Add New, then Upload; everything configured through the
// settings page, with a token holding `"`, `\` and a non-ASCII letter; runs to complete and
// to error as administrator, editor and author; an editor's variables; a nonce that
// expires mid-run (the test switch of tests/cms/mu-plugins/ shortens its life), and one
// the admin's heartbeat renews; the API down mid-run; a job removed mid-run; and every
// answer, page, script and storage the browser saw grepped for the token in each form JSON
// and URLs can give it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeInEngines, engines } from '../../e2e/browser.mjs';
import { startReferenceApi } from './reference-api.mjs';

const ZIP = new URL('../../../target/drush-io-wordpress.zip', import.meta.url).pathname;
const ELEMENT = 'drush-io-run-button';
const STATES = ['drush-io-queued', 'drush-io-status', 'drush-io-complete', 'drush-io-error'];
const USERS = { admin: 'admin-password', editor: 'editor-password', author: 'author-password' };

/** The token in every form an answer could carry it: as is, JSON-escaped (with and without \u escapes), URL-encoded. */
export function tokenForms(token) {
  const json = JSON.stringify(token).slice(1, -1);
  const ascii = json.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return [...new Set([token, json, ascii, ascii.replaceAll('/', '\\/'), encodeURIComponent(token), escape(token)])];
}

/**
 * @param {object} site
 * @param {string} site.url the fresh WordPress
 * @param {string} site.name 'plain' or 'pretty' (its permalinks)
 */
export function siteBuilderSuite({ url: WP, name }) {
  const token = `tok"en\\ü'x-${name}-${Math.random().toString(16).slice(2, 10)}`;
  const forms = tokenForms(token);
  let api;
  const seen = { urls: new Set(), texts: [] };

  before(async () => {
    api = await startReferenceApi(token);
  });
  after(() => api?.close());

  // The engines run one after the other on a site: the first of them installs the plugin.
  const first = engines()[0];

  describeInEngines(`A site builder on a fresh WordPress with ${name} permalinks`, (browser, engine) => {
    let page;
    const open = async (path) => {
      if (page.visited) await record(page);
      page.visited = true;
      await page.goto(path.startsWith('http') ? path : `${WP}${path}`);
      await page.addScript((types) => {
        for (const type of types) {
          document.addEventListener(type, (event) => {
            const states = JSON.parse(sessionStorage.getItem('seen-events') ?? '[]');
            states.push({ type, job: event.target.getAttribute('job'), state: event.target.getAttribute('state'), detail: JSON.stringify(event.detail ?? null), message: String(event.detail?.error?.message ?? ''), body: String(event.detail?.error?.body ?? '') });
            sessionStorage.setItem('seen-events', JSON.stringify(states));
          });
        }
      }, STATES);
    };
    const record = async (on) => {
      const found = await on.run(() => ({
        urls: [location.href, ...performance.getEntriesByType('resource').map((entry) => entry.name)],
        storage: JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }),
        cookies: document.cookie,
        markup: document.documentElement.outerHTML,
      })).catch(() => null);
      if (!found) return;
      for (const address of found.urls) seen.urls.add(address);
      seen.texts.push(found.storage, found.cookies, found.markup);
    };
    const signIn = async (user) => {
      await open('/wp-login.php');
      await page.run(() => { document.cookie = 'drush_io_test_nonce_life=; path=/; max-age=0'; });
      // wp-login.php focuses and selects the user field 200 ms after load: what is typed before goes.
      await page.waitFor(() => document.activeElement?.id === 'user_login');
      await page.type('#user_login', user);
      await page.type('#user_pass', USERS[user]);
      await page.click('#wp-submit');
      await page.waitFor(() => document.querySelector('#wpadminbar') && document.readyState === 'complete');
      await open('/wp-admin/');
    };
    const signOut = async () => {
      await open(await page.run(() => document.querySelector('#wp-admin-bar-logout a').href));
    };
    const ready = (job) => page.waitFor((tag, id) => document.querySelector(`${tag}[job="${id}"]`)?.shadowRoot?.querySelector('button') && !document.querySelector(`${tag}[job="${id}"]`).matches(':not(:defined)'), ELEMENT, job);
    const stateOf = (job) => page.attribute(`${ELEMENT}[job="${job}"]`, 'state');
    const events = () => page.run(() => JSON.parse(sessionStorage.getItem('seen-events') ?? '[]'));
    /**
     * Clicks the job's button. The driver clicks where the button was when it measured it;
     * on a dashboard whose widgets still load (the news widget grows) that can miss. The
     * element takes a click at once (busy, a new state, or its dialog open), so a click it
     * did not take is made again, and a second click on a busy button would be ignored.
     */
    const click = async (job) => {
      const host = `${ELEMENT}[job="${job}"]`;
      const before = await stateOf(job);
      for (let attempt = 1; ; attempt += 1) {
        await page.click([host, '[part~="button"]']);
        const took = await page.run(async (path, was) => {
          const element = document.querySelector(path);
          const taken = () => element.getAttribute('state') !== was
            || element.shadowRoot.querySelector('[part~="button"]')?.getAttribute('aria-disabled') === 'true'
            || element.shadowRoot.querySelector('[part~="dialog"]')?.open;
          for (let tries = 0; tries < 30 && !taken(); tries += 1) await new Promise((resume) => setTimeout(resume, 100));
          return Boolean(taken());
        }, host, before);
        if (took) return;
        assert.ok(attempt < 3, `the ${job} button took none of ${attempt} clicks`);
      }
    };
    /** Waits until the job's run has ended, one way or another. */
    const ended = (job) => page.waitFor((tag, id) => ['complete', 'error', 'failed'].includes(document.querySelector(`${tag}[job="${id}"]`).getAttribute('state')), ELEMENT, job);
    /** Clicks the job's button and waits for one of `ends`; returns the state. */
    const run = async (job, ends = ['complete', 'error', 'failed']) => {
      await ready(job);
      await click(job);
      if (await page.run((tag, id) => Boolean(document.querySelector(`${tag}[job="${id}"]`).getAttribute('confirm')), ELEMENT, job)) {
        await page.click([`${ELEMENT}[job="${job}"]`, '[part~="confirm-accept"]']);
      }
      // Any end stops the wait, so that a run that went elsewhere says where and why.
      const state = await page.waitFor((tag, id, wanted) => {
        const now = document.querySelector(`${tag}[job="${id}"]`).getAttribute('state');
        return [...wanted, 'complete', 'error', 'failed'].includes(now) && now;
      }, ELEMENT, job, ends).catch(() => null);
      if (!ends.includes(state)) {
        const badge = await page.text([`${ELEMENT}[job="${job}"]`, '[part~="badge"]']);
        assert.fail(`${job} is ${state ?? await stateOf(job)} ("${badge}"), not ${ends.join(' or ')}`);
      }
      return state;
    };
    /** Runs `body` while the site's nonces live `seconds` (WordPress: a day), then a day again. */
    const withNonceLife = async (seconds, body) => {
      await page.run((life) => { document.cookie = `drush_io_test_nonce_life=${life}; path=/`; }, seconds);
      try {
        await body();
      } finally {
        await page.run(() => { document.cookie = 'drush_io_test_nonce_life=; path=/; max-age=0'; });
      }
    };
    /** Waits until WordPress refuses `nonce` (asking twice a second: the site serves the page too). */
    const refused = (nonce) => page.waitFor(async (given) => {
      for (;;) {
        const answer = await fetch(`${location.origin}/?rest_route=/wp/v2/users/me`, { headers: { 'X-WP-Nonce': given } });
        if (answer.status === 403) return true;
        await new Promise((resume) => setTimeout(resume, 500));
      }
    }, nonce);
    // The screenshots of docs/cms/ (copied from target/cms/), made in Chromium: the settings
    // page on the site it configures (plain), the rest on the pretty site.
    const shoot = async (file) => {
      if (engine !== 'chromium' || (name === 'pretty') === (file === 'settings')) return;
      // The dashboard's shots show the widget.
      await page.run(() => document.querySelector('#drush_io_jobs')?.scrollIntoView({ block: 'center' }));
      await page.screenshot(`target/cms/wordpress-${file}.png`);
    };

    test('the administrator uploads the zip, activates it and is told where its settings are', { skip: engine !== first && `the ${first} run uploads the plugin` }, async () => {
      page = await browser().newPage();
      page.waitMs = 90_000;
      await signIn('admin');
      await open('/wp-admin/plugin-install.php?tab=upload');
      await page.waitFor(() => document.querySelector('#pluginzip'));
      await page.type('#pluginzip', ZIP);
      await page.click('#install-plugin-submit');
      await page.waitFor(() => document.querySelector('a[href*="action=activate"]'));
      await page.click('a[href*="action=activate"]');
      await page.waitFor(() => document.querySelector('tr[data-slug="drush-io"].active'));
      assert.match(await page.text('.drush-io-notice'), /drush\.io is active/);
      assert.equal(await page.run(() => document.querySelectorAll('.drush-io-notice').length), 1, 'one notice');
      const settings = await page.run(() => document.querySelector('tr[data-slug="drush-io"] .row-actions a[href*="page=drush-io"]')?.textContent);
      assert.equal(settings, 'Settings', 'a Settings link on the plugin row');
      await open('/wp-admin/plugins.php');
      assert.match(await page.text('.drush-io-notice'), /no API token is set/, 'the notice while no token is set');
    });

    test('everything is configured on the settings page: one form, refused input kept with its reason', { skip: engine !== first && `the ${first} run configures the plugin` }, async () => {
      const before = api.requests.length;
      await open('/wp-admin/options-general.php?page=drush-io');
      // Every field has help text.
      assert.equal(await page.run(() => [...document.querySelectorAll('.drush-io-settings input[type=text], .drush-io-settings input[type=password]')].filter((input) => !input.closest('template') && !document.getElementById(input.getAttribute('aria-describedby'))?.textContent.trim()).length), 0);
      assert.ok(await page.run(() => document.documentElement.scrollWidth <= innerWidth), 'the settings fit the window\'s width');
      await page.type('#drush-io-base-url', api.base);
      await page.type('#drush-io-token', token);
      const jobs = [
        ['test', 'ok', 'Say hello', 'edit_posts', ''],
        ['test', 'fail', 'Fail', 'edit_posts', ''],
        ['test', 'vars', 'Greet', 'edit_others_posts', 'GREETING, TARGET'],
        ['test', 'held', 'Held', 'edit_posts', ''],
        ['test', 'leak', 'Leak', 'manage_options', ''],
        ['test', 'meta', 'Meta', 'edit_post', ''],
        ['test', 'xss', 'XSS', 'edit_posts', '<svg/onload=window.__pwned=1>'],
        ['test', 'typo', 'Typo', 'manage_optoins', ''],
        ['test', 'role', 'Role', 'editor', ''],
      ];
      for (const [index, [project, job, label, capability, variables]] of jobs.entries()) {
        if (index > 0) await page.click('[data-drush-io-add-job]');
        const at = (field) => `.drush-io-jobs > .drush-io-job:nth-of-type(${index + 1}) input[name$="[${field}]"]`;
        await page.type(at('project'), project);
        await page.type(at('job'), job);
        await page.type(at('label'), label);
        await page.type(at('capability'), capability);
        if (variables) await page.type(at('variables'), variables);
      }
      // The blank row the page keeps for a browser without script goes: it is not needed here.
      await page.click('#submit');
      await page.waitFor(() => document.readyState === 'complete' && document.querySelector('.drush-io-settings'));
      await record(page);
      const notices = await page.run(() => [...document.querySelectorAll('#wpbody-content .notice, #wpbody-content .updated, #wpbody-content .error, #setting-error-settings_updated')].map((notice) => notice.textContent.trim()));
      // WordPress says "Settings saved." only when nothing was refused: one notice says both.
      assert.deepEqual(notices.map((text) => text.replace('Dismiss this notice.', '')), ['4 jobs were not saved: their reasons are beside them. The other settings were saved.'], 'one notice, once');
      assert.equal(await page.run(() => window.__pwned ?? null), null, 'the refused variable name did not run');
      const refused = await page.run(() => [...document.querySelectorAll('.drush-io-job-refused')].map((job) => ({ job: job.querySelector('input[name$="[job]"]').value, reason: job.querySelector('.drush-io-refused').textContent })));
      assert.deepEqual(refused.map((entry) => entry.job), ['meta', 'xss', 'typo', 'role'], 'the refused rows are kept, with what was typed');
      assert.match(refused[0].reason, /edit_posts/, 'a meta capability is refused with the capability to use');
      assert.match(refused[1].reason, /<svg\/onload=window.__pwned=1>/, 'the refused name is shown as text');
      assert.match(refused[2].reason, /No role of this site has the capability "manage_optoins"/);
      assert.match(refused[3].reason, /"editor" is a role, not a capability/);
      assert.match(await page.text('#drush-io-token-help'), /A token is set/, 'Save Changes kept the typed token');
      assert.equal(await page.run(() => document.querySelector('#drush-io-token').value), '');
      const shortcodes = await page.run(() => [...document.querySelectorAll('.drush-io-shortcode code')].map((code) => code.textContent));
      assert.ok(shortcodes.includes('[drush_io_button job="test/vars" vars="GREETING,TARGET"]'), shortcodes.join(' '));
      await shoot('settings');
      // The refused rows removed without a save each; the kept token stays.
      for (let i = 0; i < 4; i += 1) await page.click('.drush-io-job-refused [data-drush-io-remove-job]');
      await page.click('#submit');
      await page.waitFor(() => document.readyState === 'complete' && document.querySelector('.drush-io-settings'));
      assert.deepEqual(await page.run(() => [...document.querySelectorAll('#wpbody-content .notice, #wpbody-content .updated, #wpbody-content .error')].map((notice) => notice.textContent.replace('Dismiss this notice.', '').trim())), ['Settings saved.']);
      assert.equal(await page.run(() => document.querySelectorAll('.drush-io-job-refused').length), 0);
      assert.deepEqual(await page.run(() => [...document.querySelectorAll('.drush-io-jobs input[name$="[job]"]')].map((input) => input.value)), ['ok', 'fail', 'vars', 'held', 'leak', '']);
      assert.match(await page.text('#drush-io-token-help'), /A token is set/);
      assert.equal(api.requests.length, before, 'configuring reached no API');
    });

    test('the administrator runs jobs to complete and to error from the dashboard, light in a dark OS', async () => {
      page ??= await browser().newPage();
      page.waitMs = 90_000;
      if (engine !== first) await signIn('admin');
      await open('/wp-admin/');
      assert.equal(await page.run(() => document.querySelectorAll('.drush-io-notice').length), 0, 'no token notice once it is set');
      assert.equal(await run('ok'), 'complete');
      assert.equal(await run('fail'), 'error');
      assert.match(await page.text([`${ELEMENT}[job="leak"]`, '[part~="button"]']), /Leak/);
      assert.equal(await run('leak'), 'complete');
      assert.match(await page.text([`${ELEMENT}[job="leak"]`, '[part~="log"]']), /AUTH=Bearer \[token\]/, 'the log shows the mask');
      // The admin's primary button in its default scheme, light whatever the system prefers.
      await page.emulate({ 'prefers-color-scheme': 'dark' });
      const look = await page.run((tag) => {
        const button = document.querySelector(`${tag}[job="ok"]`).shadowRoot.querySelector('button');
        const style = getComputedStyle(button);
        return { background: style.backgroundColor, weight: style.fontWeight, size: style.fontSize };
      }, ELEMENT);
      await page.emulate({ 'prefers-color-scheme': 'light' });
      assert.deepEqual(look, { background: 'rgb(34, 113, 177)', weight: '400', size: '13px' });
      await shoot('dashboard');
    });

    test('a start that fails (a policy that forbids wasm) says so on each button and in an admin notice', async () => {
      await page.run(() => { document.cookie = 'drush_io_test_csp=1; path=/'; });
      await open('/wp-admin/');
      try {
        await page.waitFor(() => document.querySelector('.drush-io-start-failed'));
        const said = await page.run(() => ({
          buttons: document.querySelectorAll('drush-io-run-button').length,
          notes: [...document.querySelectorAll('.drush-io-start-failed')].map((note) => note.textContent),
          notice: document.querySelector('.notice-error.drush-io-notice')?.textContent ?? '',
        }));
        assert.equal(said.notes.length, said.buttons);
        assert.match(said.notes[0], /The drush\.io buttons could not start:/);
        assert.match(said.notice, /The drush\.io buttons could not start:/);
      } finally {
        await page.run(() => { document.cookie = 'drush_io_test_csp=; path=/; max-age=0'; });
      }
    });

    test("the admin colour scheme (Midnight) colours the buttons", { skip: engine !== 'chromium' && 'one engine sets the scheme' }, async () => {
      await open('/wp-admin/profile.php');
      await page.click('#admin_color_midnight');
      await page.waitFor(() => document.body.classList.contains('admin-color-midnight'));
      // The choice is saved in the background: the next page shows it.
      await page.waitFor(async () => (await fetch('/wp-admin/').then((answer) => answer.text())).includes('admin-color-midnight'));
      await open('/wp-admin/');
      await ready('ok');
      assert.equal(await page.run((tag) => getComputedStyle(document.querySelector(`${tag}[job="ok"]`).shadowRoot.querySelector('button')).backgroundColor, ELEMENT), 'rgb(225, 77, 67)');
      await shoot('dashboard-midnight');
      await open('/wp-admin/profile.php');
      await page.click('#admin_color_fresh');
      await page.waitFor(async () => !(await fetch('/wp-admin/').then((answer) => answer.text())).includes('admin-color-midnight'));
    });

    test('a nonce that expires mid-run is refreshed, and the run is followed to complete', async () => {
      // Nonces of 12 s: valid 6 to 12 s after they are made, which leaves a refreshed nonce's
      // request 6 s to reach a busy site.
      await withNonceLife(12, async () => {
        await open('/wp-admin/');
        await run('held', ['running']);
        // Once the page's own nonce is refused, the run may end.
        await refused(await page.run((tag) => document.querySelector(`${tag}[job="held"]`).dataset.drushIoNonce, ELEMENT));
        api.releaseAll();
        await ended('held');
        assert.equal(await stateOf('held'), 'complete');
        const refreshed = await page.run(() => performance.getEntriesByType('resource').filter((entry) => entry.name.includes('action=rest-nonce')).length);
        assert.ok(refreshed >= 1, 'a fresh nonce was fetched');
        // A click once the refreshed nonce has expired too: WordPress refuses the POST before the
        // route runs, so it is sent once more with a fresh nonce, and exactly one run is queued.
        await refused(await page.run(async () => (await fetch('/wp-admin/admin-ajax.php?action=rest-nonce')).text()));
        const posts = api.count('/v1/projects/test/jobs/ok/runs', 'POST');
        assert.equal(await run('ok'), 'complete');
        assert.equal(api.count('/v1/projects/test/jobs/ok/runs', 'POST'), posts + 1, 'one run queued');
      });
    });

    test("the admin's heartbeat hands the page a fresh nonce, which the buttons' next request sends", { skip: name !== 'pretty' && 'the heartbeat does not depend on permalinks' }, async () => {
      // Nonces of 20 s: WordPress's heartbeat adds a fresh REST nonce to its answer once the
      // page's is in the second half of its life (wp_refresh_heartbeat_nonces).
      await withNonceLife(20, async () => {
        await open('/wp-admin/');
        assert.ok(await page.run(() => Boolean(window.wp?.heartbeat && window.jQuery)), "the dashboard runs WordPress's heartbeat");
        // The nonce each request of the buttons carries, and the heartbeat's, in order.
        await page.run(() => {
          const sent = [];
          window.drushIoSent = sent;
          const send = window.fetch;
          window.fetch = (input, init) => {
            if (String(input?.url ?? input).includes('drush-io')) sent.push(new Headers(init?.headers).get('X-WP-Nonce'));
            return send(input, init);
          };
          window.jQuery(document).on('heartbeat-tick', (_event, data) => {
            if (data?.rest_nonce && !window.drushIoHeartbeat) window.drushIoHeartbeat = { nonce: data.rest_nonce, after: sent.length };
          });
        });
        await run('held', ['running']);
        const given = await page.waitFor(() => {
          if (!window.drushIoHeartbeat) window.wp.heartbeat.connectNow();
          return window.drushIoHeartbeat;
        });
        const first = await page.run((tag) => document.querySelector(`${tag}[job="held"]`).dataset.drushIoNonce, ELEMENT);
        assert.notEqual(given.nonce, first, 'the heartbeat gave a new nonce');
        const next = await page.waitFor((from) => window.drushIoSent.length > from && window.drushIoSent[from], given.after);
        assert.equal(next, given.nonce, "the buttons' next request sent the heartbeat's nonce");
        api.releaseAll();
        await ended('held');
        assert.equal(await stateOf('held'), 'complete');
      });
    });

    test('the API down mid-run: the run is never shown as failed, and is followed to complete once it is back', async () => {
      await open('/wp-admin/');
      await run('held', ['running']);
      const polls = api.count('/v1/projects/test/jobs/held/runs/', 'GET');
      api.setDown(true);
      while (api.count('/v1/projects/test/jobs/held/runs/', 'GET') < polls + 1) await new Promise((resume) => setTimeout(resume, 100));
      api.setDown(false);
      api.releaseAll();
      await ended('held');
      assert.equal(await stateOf('held'), 'complete');
      assert.ok(!(await events()).some((event) => event.job === 'held' && event.state === 'failed'), 'never failed');
    });

    test('an editor gives a job its variables; an author runs to complete and to error; neither sees the token', async () => {
      await signOut();
      await signIn('editor');
      await ready('vars');
      await page.type('#drush_io_jobs form.drush-io-vars input[name="GREETING"]', 'bonjour');
      await page.type('#drush_io_jobs form.drush-io-vars input[name="TARGET"]', 'le monde');
      const posts = api.count('/v1/projects/test/jobs/vars/runs', 'POST');
      assert.equal(await run('vars'), 'complete');
      assert.equal(api.count('/v1/projects/test/jobs/vars/runs', 'POST'), posts + 1, 'one POST');
      assert.match(await page.text([`${ELEMENT}[job="vars"]`, '[part~="log"]']), /bonjour, le monde!/);
      assert.equal(await run('ok'), 'complete');
      assert.equal(await page.run((tag) => document.querySelector(`${tag}[job="leak"]`), ELEMENT), null, 'no button for a job of administrators');
      await signOut();
      await signIn('author');
      assert.equal(await run('ok'), 'complete');
      assert.equal(await run('fail'), 'error');
      assert.equal(await page.run((tag) => document.querySelector(`${tag}[job="vars"]`), ELEMENT), null);
      // Posts that show the author no button (a job of editors; a mistyped shortcode) load none of the package's files.
      for (const search of ['Refresh', 'Mistyped']) {
        const post = await page.run(async (words) => (await (await fetch(`/?rest_route=/wp/v2/posts&search=${words}`)).json())[0].link, search);
        await open(post);
        const files = await page.run(() => performance.getEntriesByType('resource').map((entry) => entry.name).filter((address) => /drush-io\/(pkg|js)\//.test(address)));
        assert.deepEqual(files, [], `no package file on a page without a button (${search})`);
      }
      await signOut();
      await signIn('admin');
    });

    test('the shortcode in a post of Twenty Twenty-Three: in the content column, with its variable field', async () => {
      const post = await page.run(async () => (await (await fetch('/?rest_route=/wp/v2/posts&search=Refresh')).json())[0].link);
      await open(post);
      await ready('vars');
      const columns = await page.run(() => {
        const paragraph = document.querySelector('.wp-block-post-content > p, .entry-content > p');
        const button = document.querySelector('.drush-io-button');
        return { paragraph: Math.round(paragraph.getBoundingClientRect().left), button: Math.round(button.getBoundingClientRect().left) };
      });
      assert.equal(columns.button, columns.paragraph, 'the button starts where the text does');
      await page.type('form.drush-io-vars input[name="GREETING"]', 'hola');
      await page.click([`.drush-io-button:has(form) ${ELEMENT}`, '[part~="button"]']);
      await page.waitFor((tag) => [...document.querySelectorAll(`${tag}[job="vars"]`)].some((element) => element.getAttribute('state') === 'complete'), ELEMENT);
      assert.match(await page.run((tag) => [...document.querySelectorAll(`${tag}[job="vars"]`)].map((element) => element.shadowRoot.textContent).join(' '), ELEMENT), /hola, world!/);
      await shoot('post');
    });

    test('a shortcode naming a job not on the list, or a variable not allowed, shows administrators a note, and nobody a button', async () => {
      const mistakes = await page.run(async () => (await (await fetch('/?rest_route=/wp/v2/posts&search=Mistyped')).json())[0].link);
      await open(mistakes);
      const notes = await page.run(() => [...document.querySelectorAll('.drush-io-note')].map((note) => note.textContent));
      assert.equal(notes.length, 2, notes.join(' | '));
      assert.match(notes[0], /no job "test\/missing" is on the site's list/);
      assert.match(notes[1], /does not allow the variables NOPE/);
      assert.equal(await page.run((tag) => document.querySelectorAll(tag).length, ELEMENT), 0);
      // A visitor (signed out, in a fresh fetch without cookies) sees neither.
      const visitor = await page.run(async (address) => (await fetch(address, { credentials: 'omit' })).text(), mistakes);
      assert.ok(!visitor.includes('drush-io-note') && !visitor.includes('test/missing'), 'nothing for a visitor');
    });

    test("a job removed mid-run: the page says so, and never that the run failed", async () => {
      await open('/wp-admin/');
      await run('held', ['running']);
      const already = (await events()).length;
      const settings = await browser().newPage();
      settings.waitMs = 60_000;
      await settings.goto(`${WP}/wp-admin/options-general.php?page=drush-io`);
      await settings.click('.drush-io-job:has(input[name$="[job]"][value="held"]) [data-drush-io-remove-job]');
      await settings.click('#submit');
      await settings.waitFor(() => document.readyState === 'complete' && document.querySelector('.drush-io-settings'));
      await page.waitFor((from) => JSON.parse(sessionStorage.getItem('seen-events') ?? '[]').slice(from).some((event) => event.type === 'drush-io-error' && event.job === 'held'), already);
      const error = (await events()).slice(already).find((event) => event.type === 'drush-io-error' && event.job === 'held');
      assert.match(error.body, /not on the site's list/, "the server's own message reaches the page");
      // A 403 mid-run keeps the run's state (it goes on), and the badge says why it is no longer followed.
      assert.equal(await stateOf('held'), 'running');
      assert.match(await page.text([`${ELEMENT}[job="held"]`, '[part~="badge"]']), /not on the site's list/);
      assert.ok(!(await events()).slice(already).some((event) => event.job === 'held' && event.state === 'failed'), 'never failed');
      // Back on the list for the next engine.
      await settings.click('[data-drush-io-add-job]');
      await settings.run(() => {
        const job = [...document.querySelectorAll('.drush-io-jobs > .drush-io-job')].at(-1);
        const set = (field, value) => { job.querySelector(`input[name$="[${field}]"]`).value = value; };
        set('project', 'test'); set('job', 'held'); set('label', 'Held'); set('capability', 'edit_posts');
      });
      await settings.click('#submit');
      await settings.waitFor(() => document.readyState === 'complete' && document.querySelector('.drush-io-settings'));
      await settings.close();
      api.releaseAll();
    });

    test('the token is in no answer, page, script or storage the browser saw, in any form', async () => {
      await record(page);
      const urls = [...seen.urls].filter((address) => address.startsWith(WP) && !address.includes('action=logout') && !address.includes('action=activate'));
      const found = await page.run(async (list) => {
        const bodies = [];
        for (const address of list) {
          const answer = await fetch(address, { credentials: 'same-origin' }).catch(() => null);
          if (answer) bodies.push([address, await answer.text()]);
        }
        return bodies;
      }, urls);
      const texts = [...found, ...seen.texts.map((text, i) => [`storage or markup ${i}`, text]), ...(await events()).map((event) => ['event', event.detail])];
      const carrying = texts.filter(([, text]) => forms.some((form) => text.includes(form))).map(([where]) => where);
      assert.deepEqual(carrying, []);
      assert.ok(texts.length > 20, `${texts.length} texts grepped`);
      assert.ok(texts.some(([, text]) => text.includes('AUTH=Bearer [token]')), 'the leaking job\'s answer was among them');
      assert.ok(api.requests.some((request) => request.authorization === `Bearer ${token}`), 'the API got the token as it was typed');
      await page.close();
      page = undefined;
    });
  });
}
