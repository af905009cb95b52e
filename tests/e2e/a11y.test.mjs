// Accessibility of <drush-io-run-button> (CONTRACT 8, WCAG 2.2 AA) in every engine of
// DRUSH_IO_ENGINES: axe-core on the element in each state (offline included), light and dark; its name, the
// keyboard, the live region, forced colours, reduced motion, right to left and a German page.
// The pages (tests/e2e/pages/a11y*.html) are served by a dev server of their own WITHOUT the
// strict policy (axe-core needs `new Function`): `make test` sets DRUSH_IO_E2E_A11Y_URL.
// Screenshots of the states go to target/e2e/screenshots/ (the README's come from Chromium).
import { after, afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeInEngines, launch } from './browser.mjs';

const BASE = process.env.DRUSH_IO_E2E_A11Y_URL;
const SHOTS = fileURLToPath(new URL('../../target/e2e/screenshots/', import.meta.url));
const STATES = ['#idle', '#confirm', '#queued', '#running', '#complete', '#error', '#failed'];
const BUTTON = '[part~="button"]';

assert.ok(BASE, 'DRUSH_IO_E2E_A11Y_URL must name the dev server of the a11y pages (make test sets it)');

// Tabs a test left open by failing: closed after it (see `describeInEngines` below).
const openTabs = new Set();

/** Opens a11y page `path` in a new tab, after `emulate` where given, once its elements are set. */
async function open(browser, path, emulate) {
  const page = await browser.newPage();
  openTabs.add(page);
  const close = page.close.bind(page);
  page.close = () => {
    openTabs.delete(page);
    return close();
  };
  page.waitMs = 60_000;
  if (emulate) await page.emulate(emulate);
  await page.goto(`${BASE}/${path}`);
  const ready = await page.waitFor(() => document.documentElement.dataset.ready);
  assert.equal(ready, 'ready');
  return page;
}

/**
 * An XDG_CONFIG_HOME whose GTK settings turn animations off, which WebKitGTK reports as
 * `prefers-reduced-motion: reduce`.
 */
function gtkWithoutAnimations() {
  const home = mkdtempSync(join(tmpdir(), 'drush-io-a11y-'));
  mkdirSync(join(home, 'gtk-3.0'));
  writeFileSync(join(home, 'gtk-3.0/settings.ini'), '[Settings]\ngtk-enable-animations=false\n');
  return home;
}

/** axe-core's violations for the elements named by `selectors` (see a11y.js). */
async function violations(page, selectors) {
  await page.run(() => { delete document.documentElement.dataset.result; });
  await page.run((list) => { document.documentElement.dataset.check = JSON.stringify(list); }, selectors);
  const outcome = JSON.parse(await page.waitFor(() => document.documentElement.dataset.result));
  assert.equal(outcome.error, undefined, outcome.error);
  return outcome.violations;
}

const report = (found) => JSON.stringify(found, null, 1);

/** Takes the page offline (see a11y.js) and waits for the running element to say so. */
async function goOffline(page, hint) {
  await page.run(() => { document.documentElement.dataset.network = 'offline'; });
  await page.waitFor((text) => document.getElementById('running').shadowRoot
    .querySelector('[part~="badge"]').textContent.includes(text), hint);
}

/** Every state, then the confirmation open, checked by axe-core; a screenshot of both. */
async function checkStates(page, name) {
  assert.deepEqual(await page.run(() => [...document.querySelectorAll('drush-io-run-button')]
    .map((element) => element.getAttribute('state'))),
  ['idle', 'idle', 'queued', 'running', 'complete', 'error', 'failed']);
  const found = await violations(page, STATES);
  assert.deepEqual(found, [], `${name}: ${report(found)}`);
  await page.screenshot(`${SHOTS}${name}.png`, '#states');
  await page.click(['#confirm', BUTTON]);
  await page.waitFor(() => document.querySelector('#confirm').shadowRoot.querySelector('dialog').open);
  const inDialog = await violations(page, ['#confirm']);
  assert.deepEqual(inDialog, [], `${name}, confirmation open: ${report(inDialog)}`);
  await page.screenshot(`${SHOTS}${name}-confirm.png`);
  await page.keys('Escape');
  await page.waitFor(() => !document.querySelector('#confirm').shadowRoot.querySelector('dialog').open);
  await goOffline(page, 'Offline, waiting for the network');
  const offline = await violations(page, STATES);
  assert.deepEqual(offline, [], `${name}, offline: ${report(offline)}`);
  await page.screenshot(`${SHOTS}${name}-offline.png`, '#states');
}

/** The POSTs of `job` the a11y dev server received. */
async function posts(job) {
  const path = `/proxy/v1/projects/test/jobs/${job}/runs`;
  const answer = await fetch(`${BASE}/__devserver/requests?path_prefix=${encodeURIComponent(path)}`);
  assert.equal(answer.status, 200);
  return (await answer.json()).requests.filter((r) => r.method === 'POST' && r.path === path).length;
}

/** Computed styles of parts of element `id` of the page, by selector (`::before` allowed). */
function styles(page, id, selectors, properties) {
  return page.run((host, list, names) => {
    const root = document.getElementById(host).shadowRoot;
    return Object.fromEntries(list.map((selector) => {
      const [part, pseudo] = selector.split('::');
      const style = getComputedStyle(root.querySelector(part), pseudo ? `::${pseudo}` : null);
      return [selector, Object.fromEntries(names.map((name) => [name, style.getPropertyValue(name)]))];
    }));
  }, id, selectors, properties);
}

// One browser (one profile) for every test: the runs the states page starts, which run for
// fifteen minutes, are resumed from its storage by the next visit rather than queued again.
describeInEngines('accessibility', (browser, engine) => {
  // WebKit's driver cannot emulate media features: a second WebKit started in dark mode
  // (MiniBrowser --dark-mode) with GTK's animations off stands in for both. Its profile is
  // its own, so its running element follows a run of a job of its own (a11y-long-2).
  let webkitMedia = null;
  after(async () => {
    await webkitMedia?.close();
  });
  // The states page animates and ticks: one left open by a failing test would slow every
  // later test down (WebKit draws in software here) and make them fail too.
  afterEach(async () => {
    for (const page of openTabs) await page.close().catch(() => {});
    openTabs.clear();
  });
  /** Page `path` with media `features` emulated, and how to end that. */
  async function openEmulated(path, features) {
    if (engine !== 'webkit') {
      const page = await open(browser(), path, features);
      return { page, done: async () => { await page.emulate({}); await page.close(); } };
    }
    webkitMedia ??= await launch('webkit', { args: ['--dark-mode'], env: { XDG_CONFIG_HOME: gtkWithoutAnimations() } });
    const page = await open(webkitMedia, `${path}${path.includes('?') ? '&' : '?'}long=a11y-long-2`);
    return { page, done: () => page.close() };
  }

  // First: WebKit's second browser (see `openEmulated`), once started, is the active window,
  // and the first one's focused button then no longer matches `:focus-visible`.
  test('edges and the focus ring stand out 3:1 from light and dark pages; the ring is at least 2 px', async () => {
    for (const path of ['a11y.html', 'a11y.html?dark']) {
      const page = await open(browser(), path);
      await page.keys('Tab'); // the focus ring on the first button
      // Read once the focus is there (a loaded machine may deliver the key late).
      await page.waitFor(() => document.getElementById('idle').shadowRoot.activeElement?.matches(':focus-visible'));
      const found = await page.run(() => {
        const rgb = (text) => text.match(/[\d.]+/g).slice(0, 3).map(Number);
        const luminance = (text) => {
          const [r, g, b] = rgb(text).map((v) => {
            const c = v / 255;
            return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
          });
          return 0.2126 * r + 0.7152 * g + 0.0722 * b;
        };
        const ratio = (a, b) => {
          const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
          return (hi + 0.05) / (lo + 0.05);
        };
        const page = getComputedStyle(document.documentElement).backgroundColor;
        const part = (id, name) => getComputedStyle(document.getElementById(id).shadowRoot.querySelector(`[part~="${name}"]`));
        const ring = part('idle', 'button');
        const edges = {
          button: part('idle', 'button').borderTopColor,
          'busy button': part('running', 'button').borderTopColor,
          ...Object.fromEntries(['queued', 'running', 'complete', 'error', 'failed']
            .map((id) => [`${id} badge`, part(id, 'badge').borderTopColor])),
          'focus ring': ring.outlineColor,
        };
        return {
          ratios: Object.fromEntries(Object.entries(edges).map(([name, colour]) => [name, ratio(colour, page)])),
          ring: [ring.outlineStyle, parseFloat(ring.outlineWidth)],
        };
      });
      for (const [name, ratio] of Object.entries(found.ratios)) {
        assert.ok(ratio >= 3, `${path}: ${name} ${ratio.toFixed(2)}:1 against the page`);
      }
      assert.notEqual(found.ring[0], 'none');
      assert.ok(found.ring[1] >= 2, `${path}: a ring of ${found.ring[1]} px`);
      await page.close();
    }
  });

  test('axe-core finds no violation in any state, on light and dark pages', async () => {
    for (const [name, path] of [['light', 'a11y.html'], ['dark', 'a11y.html?dark']]) {
      const page = await open(browser(), path);
      await checkStates(page, `${engine}-${name}`);
      assert.deepEqual(await page.errors(), []);
      await page.close();
    }
  });

  test('axe-core finds no violation when the reader prefers dark', async () => {
    const { page, done } = await openEmulated('a11y.html', { 'prefers-color-scheme': 'dark' });
    try {
      assert.ok(await page.run(() => matchMedia('(prefers-color-scheme: dark)').matches));
      await checkStates(page, `${engine}-prefers-dark`);
      // The dark defaults give way to the page's custom properties.
      await page.run(() => document.getElementById('idle').style.setProperty('--drush-io-accent', 'rgb(10, 20, 30)'));
      // (once the button's colour transition is over)
      await page.waitFor(() => getComputedStyle(document.getElementById('idle').shadowRoot
        .querySelector('[part~="button"]')).backgroundColor === 'rgb(10, 20, 30)');
    } finally {
      await done();
    }
  });

  test('the README snippet, pretty-printed, has an accessible name; slotted content replaces the label', async () => {
    const page = await open(browser(), 'a11y-one.html');
    const label = ['#one', '.label'];
    assert.ok(await page.visible(label), 'whitespace between the tags leaves the label shown');
    // axe-core's button-name rule computes the name in every engine; the browser's own
    // computation where its driver tells it.
    assert.deepEqual(await violations(page, ['#one']), []);
    const name = await page.accessibleName(['#one', BUTTON]);
    if (name !== null) assert.equal(name.trim(), 'Run job');
    await page.run(() => {
      const content = document.createElement('strong');
      content.textContent = 'Clear caches';
      document.getElementById('one').append(content);
    });
    await page.waitFor(() => document.getElementById('one').shadowRoot.querySelector('.label').hidden);
    // The browser's accessibility tree follows the DOM a moment later (Firefox).
    let slotted = await page.accessibleName(['#one', BUTTON]);
    for (let tries = 0; slotted !== null && slotted.trim() !== 'Clear caches' && tries < 50; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      slotted = await page.accessibleName(['#one', BUTTON]);
    }
    if (slotted !== null) assert.equal(slotted.trim(), 'Clear caches');
    await page.close();
  });

  test('keyboard only: from Tab to complete, with the focus never on <body>', async () => {
    const page = await open(browser(), 'a11y-one.html?job=a11y-keys&confirm');
    const before = await posts('a11y-keys');
    const focused = () => page.run(() => {
      const host = document.activeElement;
      return host === document.body ? 'body' : host.shadowRoot?.activeElement?.getAttribute('part') ?? host.tagName;
    });
    await page.keys('Tab');
    assert.equal(await focused(), 'button');
    // From here on the page records any moment the focus is on <body> or nowhere.
    await page.addScript(() => {
      const root = document.documentElement;
      const lost = () => {
        if (!document.activeElement || document.activeElement === document.body) root.dataset.lost = 'lost';
      };
      document.addEventListener('focusout', () => setTimeout(lost));
      setInterval(lost, 10);
    });
    await page.keys('Enter');
    await page.waitFor(() => document.getElementById('one').shadowRoot.querySelector('dialog').open);
    assert.equal(await focused(), 'confirm-cancel', 'the confirmation starts on Cancel');
    await page.keys('Shift+Tab');
    assert.equal(await focused(), 'confirm-accept');
    await page.keys('Enter');
    await page.waitFor(() => ['queued', 'running'].includes(document.getElementById('one').getAttribute('state')));
    assert.equal(await focused(), 'button', 'the confirmation gives the focus back to the button');
    assert.equal(await page.attribute(['#one', BUTTON], 'aria-disabled'), 'true');
    assert.equal(await page.attribute(['#one', BUTTON], 'aria-busy'), 'true');
    await page.keys('Enter'); // ignored while in flight
    await page.keys(' ');
    page.waitMs = 60_000;
    await page.waitFor(() => document.getElementById('one').getAttribute('state') === 'complete');
    assert.equal(await focused(), 'button');
    assert.equal(await page.run(() => document.documentElement.dataset.lost ?? null), null, 'the focus was never lost');
    assert.equal(await posts('a11y-keys'), before + 1, 'keys pressed while in flight queued nothing');
    assert.equal(await page.attribute(['#one', BUTTON], 'aria-disabled'), null);
    await page.close();
  });

  test('the live region changes only when the state does, whatever the refreshes', async () => {
    const page = await open(browser(), 'a11y-one.html?job=slow');
    // Every batch of changes to the badge, with the element's state then.
    await page.addScript(() => {
      const host = document.getElementById('one');
      const badge = host.shadowRoot.querySelector('[part~="badge"]');
      const seen = [];
      new MutationObserver(() => {
        seen.push({ text: badge.textContent, state: host.getAttribute('state'), time: badge.contains(host.shadowRoot.querySelector('.time')) });
        document.documentElement.dataset.seen = JSON.stringify(seen);
      }).observe(badge, { childList: true, characterData: true, subtree: true });
      // A storage event of any job refreshes every element, several times a second here.
      setInterval(() => dispatchEvent(new StorageEvent('storage', { key: 'drush-io-run|other' })), 200);
    });
    await page.click(['#one', BUTTON]);
    // Read from the observer's record, not by catching `running` from here: on a busy
    // machine the 4 s run can end between two looks.
    await page.waitFor(() => document.getElementById('one').getAttribute('state') === 'complete');
    const seen = JSON.parse(await page.run(() => document.documentElement.dataset.seen));
    const states = seen.map((batch) => batch.state);
    assert.deepEqual(states, [...new Set(states)], `one change per state: ${JSON.stringify(seen)}`);
    assert.deepEqual(states.slice(-2), ['running', 'complete']);
    assert.equal(seen.at(-2).time, false, 'the ticking time is outside the live region');
    const last = seen.at(-1);
    assert.ok(last.time, 'the final words carry the duration');
    assert.match(last.text, /^Complete \d/);
    await page.close();
  });

  test('the progress bar is named, moves in tenths and turns indeterminate once overrun', async () => {
    const page = await open(browser(), 'a11y-one.html?job=a11y-over');
    await page.addScript(() => {
      const progress = document.getElementById('one').shadowRoot.querySelector('progress');
      const values = [];
      new MutationObserver(() => {
        values.push(progress.getAttribute('value'));
        document.documentElement.dataset.values = JSON.stringify(values);
      }).observe(progress, { attributes: true, attributeFilter: ['value'] });
    });
    await page.click(['#one', BUTTON]);
    const progress = ['#one', 'progress'];
    await page.waitFor(() => !document.getElementById('one').shadowRoot.querySelector('progress').hidden);
    assert.equal(await page.attribute(progress, 'aria-label'), 'Progress');
    const name = await page.accessibleName(progress);
    if (name !== null) assert.equal(name, 'Progress');
    await page.waitFor(() => {
      const bar = document.getElementById('one').shadowRoot.querySelector('progress');
      return !bar.hidden && !bar.hasAttribute('value');
    });
    const max = Number(await page.attribute(progress, 'max'));
    const values = JSON.parse(await page.run(() => document.documentElement.dataset.values));
    assert.equal(values.at(-1), null, 'indeterminate at the end');
    const steps = values.slice(0, -1).map(Number);
    assert.ok(steps.length <= 11, `at most one change per tenth: ${values}`);
    for (const value of steps) {
      assert.ok(Math.abs(value * 10 / max - Math.round(value * 10 / max)) < 1e-9, `${value} is a tenth of ${max}`);
    }
    assert.deepEqual(await violations(page, ['#one']), []);
    await page.close();
  });

  test('under forced colours the button, badge, progress and focus ring stay visible', async (t) => {
    const page = await open(browser(), 'a11y.html', { 'forced-colors': 'active' });
    try {
      if (!await page.run(() => matchMedia('(forced-colors: active)').matches)) {
        return t.skip(`${engine} has no forced-colours mode (see README)`);
      }
      const looks = await styles(page, 'running', ['.button', '.badge', '.badge::before', '.spinner', 'progress'],
        ['border-top-style', 'border-top-color', 'border-inline-end-color', 'background-color', 'color']);
      const visible = (style) => style['border-top-style'] !== 'none' && style['border-top-color'] !== style['background-color'];
      assert.ok(visible(looks['.button']), `the button's edge: ${JSON.stringify(looks['.button'])}`);
      assert.ok(visible(looks['.badge']), `the badge's edge: ${JSON.stringify(looks['.badge'])}`);
      assert.notEqual(looks['.badge::before']['background-color'], looks['.badge']['background-color'], 'the badge dot');
      assert.notEqual(looks['.spinner']['border-top-color'], looks['.spinner']['border-inline-end-color'], 'the spinner');
      assert.ok(visible(looks.progress), `the progress bar's edge: ${JSON.stringify(looks.progress)}`);
      await page.keys('Tab');
      const ring = await styles(page, 'idle', ['.button'], ['outline-style', 'outline-width', 'outline-color']);
      const pageColour = await page.run(() => getComputedStyle(document.body).backgroundColor);
      assert.notEqual(ring['.button']['outline-style'], 'none', 'a focus ring');
      assert.ok(parseFloat(ring['.button']['outline-width']) >= 2, `at least 2 px: ${ring['.button']['outline-width']}`);
      assert.notEqual(ring['.button']['outline-color'], pageColour);
      assert.deepEqual(await violations(page, STATES), []);
      await page.screenshot(`${SHOTS}${engine}-forced-colors.png`, '#states');
    } finally {
      await page.emulate({});
      await page.close();
    }
  });

  test('with reduced motion nothing animates', async () => {
    const running = (page) => page.run(() => {
      const root = document.getElementById('running').shadowRoot;
      return {
        animations: root.getAnimations().length,
        spinner: getComputedStyle(root.querySelector('.spinner')).animationName,
        dot: getComputedStyle(root.querySelector('.badge'), '::before').animationName,
      };
    });
    const moving = await open(browser(), 'a11y.html');
    const normal = await running(moving);
    await moving.close();
    assert.ok(normal.animations >= 2, `the spinner and the dot move by default: ${JSON.stringify(normal)}`);
    const { page, done } = await openEmulated('a11y.html', { 'prefers-reduced-motion': 'reduce' });
    try {
      assert.ok(await page.run(() => matchMedia('(prefers-reduced-motion: reduce)').matches));
      assert.deepEqual(await running(page), { animations: 0, spinner: 'none', dot: 'none' });
      const all = await page.run(() => [document, ...[...document.querySelectorAll('drush-io-run-button')].map((e) => e.shadowRoot)]
        .flatMap((scope) => scope.getAnimations()).length);
      assert.equal(all, 0, 'no animation anywhere on the page');
    } finally {
      await done();
    }
  });

  test('right to left, the layout mirrors and the log stays left to right', async () => {
    const page = await open(browser(), 'a11y.html?rtl');
    const layout = await page.run(() => {
      const root = document.getElementById('complete').shadowRoot;
      const box = (selector) => root.querySelector(selector).getBoundingClientRect();
      return {
        button: box('[part~="button"]').left,
        badge: box('[part~="badge"]').left,
        direction: getComputedStyle(root.querySelector('.bar')).direction,
        log: getComputedStyle(root.querySelector('[part~="log"]')).direction,
      };
    });
    assert.equal(layout.direction, 'rtl');
    assert.ok(layout.button > layout.badge, `the button on the right, the badge left of it: ${JSON.stringify(layout)}`);
    assert.equal(layout.log, 'ltr');
    assert.deepEqual(await violations(page, STATES), []);
    await page.screenshot(`${SHOTS}${engine}-rtl.png`, '#states');
    await page.close();
  });

  test('a German page shows no English in any state, errors included', async () => {
    const page = await open(browser(), 'a11y.html?de&big');
    await goOffline(page, 'Offline, warte auf das Netz');
    await page.click(['#confirm', BUTTON]);
    await page.waitFor(() => document.querySelector('#confirm').shadowRoot.querySelector('dialog').open);
    const texts = await page.run(() => [...document.querySelectorAll('drush-io-run-button')].flatMap((host) => {
      const root = host.shadowRoot;
      const found = [];
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      // Command output is the server's, not the element's: the log's own text is left out.
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.parentNode.matches('[part~="log"]')) found.push(node.data);
      }
      for (const named of root.querySelectorAll('[aria-label]')) found.push(named.getAttribute('aria-label'));
      return found.map((text) => text.trim()).filter(Boolean);
    }));
    const ENGLISH = /\b(Run|Cancel|Log|Progress|earlier output|Starting|Queued|Running|Complete|Error|Failed|server|request|button|waiting)\b/;
    const english = texts.filter((text) => ENGLISH.test(text));
    assert.deepEqual(english, [], `English on a German page: ${JSON.stringify(english)}`);
    for (const expected of ['Job ausführen', 'Fehlgeschlagen', 'Der Server hat mit einem Fehler geantwortet (404).',
      '[… frühere Ausgabe ausgeblendet]', 'Diesen Job jetzt ausführen?', 'Fortschritt', 'Offline, warte auf das Netz']) {
      // (The server's own words, its answer's `message`, may follow a reason: they are
      // the server's, in its language, as the log is.)
      assert.ok(texts.some((text) => text === expected || text.startsWith(`${expected} `)),
        `${expected} in ${JSON.stringify(texts)}`);
    }
    await page.keys('Escape');
    await page.screenshot(`${SHOTS}${engine}-german.png`, '#states');
    await page.close();
  });
});
