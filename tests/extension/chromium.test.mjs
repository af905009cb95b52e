// The extension in Debian's Chromium, headless, loaded unpacked through playwright-core:
// configured through its options page; runs from its popup to `complete` (by keyboard) and
// to `error` (by mouse); the popup opened from the toolbar on a tab whose URL matches a
// job's pattern, whose variables reach the run; its service worker stopped mid-run through
// CDP, once with the popup open (woken by the popup) and once with it closed (woken by its
// alarm), each run still ending `complete` on the badge and in the popup after one POST;
// axe-core and the keyboard on both pages; the token nowhere but in the background.
//
// Chromium has no automation for the dialog in which a user allows an optional host
// permission, so the test grants `http://127.0.0.1/*` as that dialog would, in the
// profile's preferences, before the browser that runs the tests starts (`launch`). The
// options page still asks for it (and gets it without a dialog); Firefox's test goes
// through the request itself.
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import {
  AXE_SOURCE, AXE_TAGS, JOBS, ROOT, SERVER, SHOTS, TOKEN, assertNoToken, pageText, posts, until,
} from './common.mjs';

const EXTENSION = join(ROOT, 'target/extension/chromium');
const profile = mkdtempSync(join(tmpdir(), 'drush-io-extension-'));
let context;
let id;
// The service worker's running states as CDP reports them, oldest first.
const workerStates = [];
// Every console line of every page and worker, searched for the token at the end.
const consoleLines = [];

function start() {
  return chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 900, height: 800 },
    args: [
      '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      // The Extensions domain of CDP (the toolbar button's click).
      '--enable-unsafe-extension-debugging',
      `--disable-extensions-except=${EXTENSION}`, `--load-extension=${EXTENSION}`,
    ],
  });
}

async function launch() {
  // First start: Chromium installs the extension and gives it its id.
  context = await start();
  const first = context.serviceWorkers()[0] ?? await context.waitForEvent('serviceworker');
  id = new URL(first.url()).host;
  await context.close();
  // What the permission dialog's Allow would have saved.
  const file = join(profile, 'Default/Preferences');
  const preferences = JSON.parse(readFileSync(file, 'utf8'));
  const settings = preferences.extensions.settings[id];
  for (const set of ['active_permissions', 'granted_permissions']) settings[set].explicit_host.push('http://127.0.0.1/*');
  writeFileSync(file, JSON.stringify(preferences));
  context = await start();
  context.on('console', (message) => consoleLines.push(message.text()));
}

async function open(path) {
  const page = await context.newPage();
  page.on('console', (message) => consoleLines.push(message.text()));
  page.on('pageerror', (error) => consoleLines.push(`pageerror: ${error.message}`));
  await page.goto(`chrome-extension://${id}/${path}`);
  return page;
}

const element = (job) => `drush-io-run-button[job="${job}"]`;
const stateOf = (page, job) => page.getAttribute(element(job), 'state');

async function waitForState(page, job, wanted) {
  try {
    await page.waitForFunction(([selector, state]) => document.querySelector(selector)?.getAttribute('state') === state,
      [element(job), wanted], { timeout: 60_000 });
  } catch (error) {
    // What the element shows instead says why.
    const shown = await page.evaluate((selector) => {
      const host = document.querySelector(selector);
      return `${host?.getAttribute('state')}: ${host?.shadowRoot?.textContent}`;
    }, element(job)).catch(() => 'no element');
    assert.fail(`${job} did not reach ${wanted} (${shown}); ${error.message}`);
  }
}

// The toolbar as the options page reads it (an extension page: it does not wake the worker).
async function toolbar(page) {
  return page.evaluate(async () => ({ badge: await chrome.action.getBadgeText({}), title: await chrome.action.getTitle({}) }));
}

// In a page: waits for every transition, in the document and its shadow roots, to end
// (the styles read first, so that one just caused has started).
function settled() {
  const roots = [document, ...[...document.querySelectorAll('*')].filter((e) => e.shadowRoot).map((e) => e.shadowRoot)];
  for (const root of roots) for (const element of root.querySelectorAll('*')) getComputedStyle(element).backgroundColor;
  return Promise.all(roots.flatMap((root) => root.getAnimations()).map((animation) => animation.finished));
}

// axe-core on the whole page, in the light scheme and the dark one.
async function axe(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  for (const colorScheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme });
    // Colours fading from one scheme to the other would count as low contrast.
    await page.evaluate(settled);
    const result = await page.evaluate((tags) => axe.run(document, { runOnly: { type: 'tag', values: tags } })
      .then(({ violations }) => violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)), AXE_TAGS);
    assert.deepEqual(result, [], `${colorScheme} scheme`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

let options;
let stopWorkers;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  await launch();
  options = await open('options.html');
  await options.waitForSelector('body[data-ready]');
  const cdp = await context.newCDPSession(options);
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
    for (const version of versions) {
      if (version.scriptURL === `chrome-extension://${id}/background.js`) workerStates.push(version.runningStatus);
    }
  });
  await cdp.send('ServiceWorker.enable');
  stopWorkers = () => cdp.send('ServiceWorker.stopAllWorkers');
});

// A test that failed leaves no tab behind to change the next one (an open popup follows
// the runs of its jobs too).
afterEach(async () => {
  for (const page of context.pages()) if (page !== options) await page.close();
});

after(async () => {
  await context?.close();
  rmSync(profile, { recursive: true, force: true });
});

test('the manifest asks for the API origin at run time only, and no content script or remote code', () => {
  const manifest = JSON.parse(readFileSync(join(EXTENSION, 'manifest.json'), 'utf8'));
  assert.equal(manifest.manifest_version, 3);
  assert.deepEqual(manifest.background, { service_worker: 'background.js', type: 'module' });
  assert.equal(manifest.host_permissions, undefined);
  assert.ok(!JSON.stringify(manifest).includes('<all_urls>'));
  assert.equal(manifest.content_scripts, undefined);
  assert.equal(manifest.content_security_policy.extension_pages.split(';')[0], "script-src 'self' 'wasm-unsafe-eval'");
});

test('options page: clear messages for every wrong field, and nothing saved', async () => {
  await options.fill('#base-url', 'ftp://api.example.com/v1');
  await options.fill('#job-1-project', 'my project');
  await options.fill('#job-1-job', 'ok');
  await options.fill('#job-1-variables', '1ST=nope');
  await options.fill('#job-1-patterns', 'https://example.com/(unclosed');
  await options.click('button[type=submit]');
  await options.waitForSelector('#problems:not([hidden])');
  const messages = await options.$$eval('#problems li', (items) => items.map((item) => item.textContent));
  assert.deepEqual(messages.map((m) => m.split(':')[0]), ['API base URL', 'Token', 'Job 1, project', 'Job 1, variables', 'Job 1, URL patterns']);
  assert.match(messages[0], /Use an https:\/\/ address/);
  assert.match(messages[1], /Paste the API token/);
  assert.match(messages[2], /only letters, digits, dots, dashes and underscores/);
  assert.match(messages[3], /Line 1: write NAME=value/);
  assert.match(messages[4], /Line 1: not a URL pattern/);
  assert.equal(await options.getAttribute('#base-url', 'aria-invalid'), 'true');
  assert.match(await options.textContent('#base-url-error'), /https:\/\//);
  // Keyboard: the summary takes the focus; its first link takes it to the field.
  assert.equal(await options.evaluate(() => document.activeElement.id), 'problems');
  await options.keyboard.press('Tab');
  await options.keyboard.press('Enter');
  assert.equal(await options.evaluate(() => document.activeElement.id), 'base-url');
  await options.screenshot({ path: `${SHOTS}options-errors.png`, fullPage: true });
  await axe(options);
  assert.deepEqual(await options.evaluate(() => chrome.storage.local.get(null)), {});
});

test('options page: configured with the API, the token and the jobs; the token is never shown again', async () => {
  await options.fill('#base-url', `${SERVER}/v1`);
  await options.fill('#token', TOKEN);
  for (const [index, job] of JOBS.entries()) {
    if (index > 0) {
      // By keyboard: "Add a job" focuses the new job's first field.
      await options.focus('#add-job');
      await options.keyboard.press('Enter');
    }
    const n = index + 1;
    if (index > 0) assert.equal(await options.evaluate(() => document.activeElement.id), `job-${n}-project`);
    for (const field of ['project', 'job', 'label', 'variables', 'patterns']) {
      await options.fill(`#job-${n}-${field}`, job[field] ?? '');
    }
  }
  await options.click('button[type=submit]');
  await options.waitForFunction(() => document.getElementById('saved').textContent);
  assert.equal(await options.textContent('#saved'), `Saved. The extension may reach ${SERVER}.`);
  assert.equal(await options.isHidden('#problems'), true);
  await options.reload();
  await options.waitForSelector('body[data-ready]');
  assert.equal(await options.inputValue('#token'), '');
  assert.match(await options.textContent('#token-state'), /A token is saved/);
  assert.equal(await options.inputValue('#job-3-patterns'), JOBS[2].patterns);
  await options.screenshot({ path: `${SHOTS}options.png` });
  await axe(options);
  assertNoToken(await options.evaluate(pageText), 'the options page');
});

test('popup: a run to complete by keyboard, then one to error by mouse; badge and notifications', async () => {
  const popup = await open('popup.html');
  await popup.waitForSelector(`${element('ok')}[state="idle"]`);
  const labels = await popup.$$eval('drush-io-run-button', (all) => all.map((e) => e.getAttribute('job')));
  assert.deepEqual(labels, JOBS.map((j) => j.job), 'no tab matches: the jobs in the options order');
  await axe(popup);
  // The first Tab reaches the first job's button; Enter runs it.
  await popup.keyboard.press('Tab');
  assert.equal(await popup.evaluate(() => document.activeElement.getAttribute('job')), 'ok');
  await popup.keyboard.press('Enter');
  await waitForState(popup, 'ok', 'complete');
  assert.match(await popup.textContent(`${element('ok')} [part~="log"]`), /hello from ok/);
  assert.equal((await posts('ok')).length, 1);
  assert.deepEqual(await toolbar(options), { badge: 'OK', title: 'drush.io: Say hello complete' });

  await popup.click(`${element('fail')} [part~="button"]`);
  await waitForState(popup, 'fail', 'error');
  assert.equal((await posts('fail')).length, 1);
  assert.deepEqual(await toolbar(options), { badge: 'ERR', title: 'drush.io: Fail on purpose error' });
  const notifications = Object.keys(await options.evaluate(() => chrome.notifications.getAll()));
  assert.ok(notifications.some((n) => n.startsWith('drush-io:test/ok/')), 'a notification for the complete run');
  assert.ok(notifications.some((n) => n.startsWith('drush-io:test/fail/')), 'a notification for the run in error');
  await popup.screenshot({ path: `${SHOTS}popup.png`, fullPage: true });
  await axe(popup);
  assertNoToken(await popup.evaluate(pageText), 'the popup');
  await popup.close();
});

/**
 * Clicks the extension's toolbar button over `tab` (CDP Extensions.triggerAction) and returns
 * a way to run expressions in the popup it opens. Chromium's popup is a page target that
 * Playwright does not list, so it is reached through the browser's CDP session.
 */
async function openPopupOver(tab) {
  const cdp = await context.browser().newBrowserCDPSession();
  const { targetInfos } = await cdp.send('Target.getTargets', { filter: [{ type: 'tab' }] });
  const target = targetInfos.find((t) => t.url === tab.url());
  const popups = async () => (await cdp.send('Target.getTargets')).targetInfos
    .filter((t) => t.type === 'page' && t.url === `chrome-extension://${id}/popup.html`);
  const popupsBefore = new Set((await popups()).map((t) => t.targetId));
  await cdp.send('Extensions.triggerAction', { id, targetId: target.targetId });
  const popup = await until(async () => (await popups()).find((t) => !popupsBefore.has(t.targetId)), 'the popup');
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: popup.targetId, flatten: false });
  const pending = new Map();
  let serial = 0;
  cdp.on('Target.receivedMessageFromTarget', (event) => {
    const message = JSON.parse(event.message);
    pending.get(message.id)?.(message);
  });
  const send = (method, params) => new Promise((resolve) => {
    pending.set(++serial, resolve);
    cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: serial, method, params }) });
  });
  const evaluate = async (expression) => {
    const reply = await send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
    assert.equal(reply.result?.exceptionDetails, undefined, JSON.stringify(reply.result?.exceptionDetails));
    return reply.result.result.value;
  };
  evaluate.screenshot = async (file) => writeFileSync(file, Buffer.from((await send('Page.captureScreenshot', {})).result.data, 'base64'));
  return evaluate;
}

test('popup over a tab whose URL matches a pattern: that job first, its variables from the URL', async () => {
  const tab = await context.newPage();
  await tab.goto(`${SERVER}/review/pr-42`);
  const inPopup = await openPopupOver(tab);
  await until(() => inPopup(`document.querySelector('#matching:not([hidden]) drush-io-run-button[job="vars"]') !== null`), 'the matching job');
  assert.deepEqual(await inPopup(`[...document.querySelectorAll('drush-io-run-button')].map((e) => e.getAttribute('job'))`),
    ['vars', 'ok', 'fail', 'extension-wake', 'extension-alarm', 'extension-closed']);
  assert.equal(await inPopup(`document.querySelector('#matching .from-tab').textContent`), 'From this tab: TARGET=pr-42');
  await inPopup(`document.querySelector('drush-io-run-button[job="vars"]').shadowRoot.querySelector('[part~="button"]').click()`);
  await until(() => inPopup(`document.querySelector('drush-io-run-button[job="vars"]').getAttribute('state') === 'complete'`), 'the run of vars');
  assert.match(await inPopup(`document.querySelector('drush-io-run-button[job="vars"]').run.log`), /^hello, pr-42!/);
  assert.equal((await posts('vars')).length, 1);
  await inPopup.screenshot(`${SHOTS}popup-over-tab.png`);
  assertNoToken(await inPopup(`(${pageText})()`), 'the popup over the tab');
  assertNoToken(await tab.evaluate(pageText), 'the web page in the tab');
  await tab.close();
});

// Stops the extension's service worker; returns a wait for its next start.
async function stopWorker() {
  const from = workerStates.length;
  await stopWorkers();
  await until(() => workerStates.slice(from).includes('stopped'), 'the service worker to stop');
  const stoppedAt = workerStates.lastIndexOf('stopped');
  return () => until(() => workerStates.slice(stoppedAt).includes('running'), 'the service worker to start again');
}

async function savedStatus(job) {
  const all = await options.evaluate(() => chrome.storage.local.get(null));
  return Object.entries(all).find(([key]) => key.startsWith(`run:test/${job}/`))?.[1].run.status;
}

test('service worker stopped mid-run with the popup open: the popup wakes it, the run ends complete, one POST', async () => {
  const popup = await open('popup.html');
  await popup.click(`${element('extension-wake')} [part~="button"]`);
  await waitForState(popup, 'extension-wake', 'running');
  const started = await stopWorker();
  assert.equal(await savedStatus('extension-wake'), 'running', 'stopped before the run ended');
  // The popup's next poll is a message, which starts the worker again.
  await started();
  await waitForState(popup, 'extension-wake', 'complete');
  assert.match(await popup.textContent(`${element('extension-wake')} [part~="log"]`), /woke and followed/);
  assert.deepEqual(await toolbar(options), { badge: 'OK', title: 'drush.io: Long run complete' });
  assert.equal((await posts('extension-wake')).length, 1);
  await popup.close();
});

test('service worker stopped mid-run with the popup closed: its alarm wakes it, the run ends complete on the badge and in the popup, one POST', async () => {
  let popup = await open('popup.html');
  await popup.click(`${element('extension-alarm')} [part~="button"]`);
  await waitForState(popup, 'extension-alarm', 'running');
  await popup.close();
  const started = await stopWorker();
  assert.equal(await savedStatus('extension-alarm'), 'running', 'stopped before the run ended');
  assert.equal((await toolbar(options)).badge, '…');
  // Nothing but the alarm (every 30 s) can start the worker now.
  await started();
  await until(async () => (await toolbar(options)).badge === 'OK', 'the badge to say OK');
  assert.equal((await toolbar(options)).title, 'drush.io: Long run, popup closed complete');
  assert.equal(await savedStatus('extension-alarm'), 'complete');
  // Opened again, the popup shows the run at once, ended.
  popup = await open('popup.html');
  await waitForState(popup, 'extension-alarm', 'complete');
  assert.match(await popup.textContent(`${element('extension-alarm')} [part~="log"]`), /followed by the alarm/);
  assert.equal((await posts('extension-alarm')).length, 1);
  await popup.close();
});

// A popup closed before the background answered its POST never learnt of the run. Closing
// it at that moment cannot be timed from here (the dev server logs a request once answered),
// so the test makes the popup forget the run the same way: without its saved state.
test('a run the popup never learnt of (closed before its POST was answered): opened again, it shows the run and holds the job; one POST', async () => {
  let popup = await open('popup.html');
  await popup.click(`${element('extension-closed')} [part~="button"]`);
  await waitForState(popup, 'extension-closed', 'running');
  await popup.close();
  const forgotten = await options.evaluate(() => Object.keys(localStorage).filter((key) => key.endsWith('|extension-closed'))
    .map((key) => localStorage.removeItem(key) ?? key));
  assert.equal(forgotten.length, 1, 'the element kept the run in flight under one key');
  popup = await open('popup.html');
  await popup.waitForSelector(`${element('extension-closed')}:is([state="queued"], [state="running"])`);
  assert.equal(await popup.getAttribute(`${element('extension-closed')} [part~="button"]`, 'aria-disabled'), 'true');
  // The background refuses a second run of the job while one is in flight.
  const second = await options.evaluate(() => chrome.runtime.sendMessage({ type: 'drush-io-run', project: 'test', job: 'extension-closed' }));
  assert.equal(second.status, 409);
  assert.match(JSON.parse(second.text).message, /in flight/);
  await waitForState(popup, 'extension-closed', 'complete');
  assert.match(await popup.textContent(`${element('extension-closed')} [part~="log"]`), /shown when opened again/);
  assert.equal((await posts('extension-closed')).length, 1);
  await popup.close();
});

test('the token reached no page and no console', async () => {
  assertNoToken(await options.evaluate(pageText), 'the options page');
  assertNoToken(consoleLines.join('\n'), 'the console');
  assert.ok(!consoleLines.some((line) => line.startsWith('pageerror')), consoleLines.join('\n'));
});

test('without the API host allowed: the popup says so and offers to allow it, and a click sends nothing', async () => {
  assert.ok(await options.evaluate(() => chrome.permissions.remove({ origins: ['http://127.0.0.1/*'] })));
  const postsBefore = (await posts('ok')).length;
  const popup = await open('popup.html');
  await popup.waitForSelector(`${element('ok')}[state="idle"]`);
  assert.equal(await popup.textContent('#notice p'), `The browser has not allowed this extension to reach ${SERVER} yet. Allow`);
  assert.equal(await popup.getAttribute('#notice button', 'type'), 'button');
  await axe(popup);
  await popup.click(`${element('ok')} [part~="button"]`);
  await waitForState(popup, 'ok', 'failed');
  assert.equal((await posts('ok')).length, postsBefore, 'no request');
  await popup.close();
});
