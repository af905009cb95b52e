// The extension in Firefox ESR, headless, installed as a temporary add-on over WebDriver
// (geckodriver with system access, selenium-webdriver): configured through its options
// page, where saving asks for the API's host permission (granted without a prompt by the
// preference Firefox's own tests use); a run from the popup followed to `complete` while
// the event page is terminated mid-run, as Firefox does to an idle background, and woken
// again by the popup's next poll; one POST; axe-core on both pages; the token in no page.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import webdriver from 'selenium-webdriver';
import firefox from 'selenium-webdriver/firefox.js';
import { AXE_SOURCE, AXE_TAGS, ROOT, SERVER, SHOTS, TOKEN, assertNoToken, pageText, posts, until } from './common.mjs';

const { By } = webdriver;
const ADDON_ID = 'drush-io@drush-io-embed';
const UUID = randomUUID();
const BASE = `moz-extension://${UUID}/`;
let driver;

before(async () => {
  const options = new firefox.Options()
    .setBinary(process.env.FIREFOX ?? '/usr/bin/firefox-esr')
    .addArguments('-headless', '-width', '1000', '-height', '800')
    // The extension's pages at a known address.
    .setPreference('extensions.webextensions.uuids', JSON.stringify({ [ADDON_ID]: UUID }))
    // permissions.request() grants without its doorhanger (Firefox's own tests do this).
    .setPreference('extensions.webextOptionalPermissionPrompts', false)
    .setPreference('app.update.disabledForTesting', true);
  const service = new firefox.ServiceBuilder(process.env.GECKODRIVER ?? join(homedir(), '.cargo/bin/geckodriver'))
    .addArguments('--allow-system-access');
  driver = await new webdriver.Builder().forBrowser('firefox').setFirefoxOptions(options).setFirefoxService(service).build();
  await driver.manage().setTimeouts({ script: 60_000 });
  await driver.installAddon(join(ROOT, 'target/drush-io-extension-firefox.zip'), true);
});

after(async () => {
  await driver?.quit();
});

/** Runs `source` (an async function's body) in the browser's chrome context. */
async function inChrome(source, ...args) {
  await driver.setContext(firefox.Context.CHROME);
  try {
    return await driver.executeAsyncScript(`const done = arguments[arguments.length - 1];
      (async (...args) => { ${source} })(...arguments).then(done, (e) => done({ error: String(e) }));`, ...args);
  } finally {
    await driver.setContext(firefox.Context.CONTENT);
  }
}

// WebDriver may not navigate content to moz-extension:// pages: the chrome context opens
// them in a tab, as a click on a link would.
async function openPage(path) {
  const before = await driver.getAllWindowHandles();
  await inChrome(`const tab = gBrowser.addTab(args[0], { triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal() });
    gBrowser.selectedTab = tab;`, BASE + path);
  const handle = await until(async () => (await driver.getAllWindowHandles()).find((h) => !before.includes(h)), `a tab for ${path}`);
  await driver.switchTo().window(handle);
  await until(() => driver.executeScript('return document.readyState === "complete" && location.href').then((href) => href === BASE + path), `${path} to load`);
  return handle;
}

const inPage = (fn, ...args) => driver.executeScript(`return (${fn})(...arguments)`, ...args);

// What Firefox says of the extension's background: `running`, `suspending`, `stopped`...
const backgroundState = () => inChrome(`const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
  return ExtensionParent.GlobalManager.getExtension(args[0]).backgroundState;`, ADDON_ID);

async function fill(selector, text) {
  const field = await driver.findElement(By.css(selector));
  await field.clear();
  await field.sendKeys(text);
}

// axe-core on the current page (run in WebDriver's sandbox over the page): no violation,
// and rules that did pass, so that a run that saw nothing does not count.
async function axe() {
  await driver.executeScript(AXE_SOURCE);
  const { violations, passed } = await driver.executeAsyncScript(`const done = arguments[arguments.length - 1];
    axe.run(document, { runOnly: { type: 'tag', values: arguments[0] } }).then(
      ({ violations, passes }) => done({
        violations: violations.map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', ')),
        passed: passes.map((p) => p.id),
      }),
      (error) => done({ violations: ['axe failed: ' + error], passed: [] }));`, AXE_TAGS);
  assert.deepEqual(violations, []);
  assert.ok(passed.includes('color-contrast') && passed.includes('button-name'), `axe checked: ${passed}`);
}

const state = (job) => inPage((j) => document.querySelector(`drush-io-run-button[job="${j}"]`)?.getAttribute('state'), job);

test('configured through the options page; saving asks for and gets the API origin', async () => {
  await openPage('options.html');
  await until(() => inPage(() => document.body.dataset.ready), 'the options page');
  await fill('#base-url', `${SERVER}/v1`);
  await fill('#token', TOKEN);
  await fill('#job-1-project', 'test');
  await fill('#job-1-job', 'extension-firefox');
  await fill('#job-1-label', 'Long run in Firefox');
  await driver.findElement(By.css('button[type=submit]')).click();
  const saved = await until(() => inPage(() => document.getElementById('saved').textContent), 'the options to be saved');
  assert.equal(saved, `Saved. The extension may reach ${SERVER}.`);
  await axe();
  assertNoToken(await inPage(pageText), 'the options page');
});

test('a run from the popup is followed to complete after its event page is terminated mid-run; one POST', async () => {
  await openPage('popup.html');
  await until(async () => (await state('extension-firefox')) === 'idle', 'the run button');
  const host = await driver.findElement(By.css('drush-io-run-button[job="extension-firefox"]'));
  await (await (await host.getShadowRoot()).findElement(By.css('[part~="button"]'))).click();
  await until(async () => (await state('extension-firefox')) === 'running', 'the run to be running');
  assert.equal(await backgroundState(), 'running');
  const stopped = await inChrome(`const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
    const extension = ExtensionParent.GlobalManager.getExtension(args[0]);
    await extension.terminateBackground({ disableResetIdleForTest: true });
    return extension.backgroundState;`, ADDON_ID);
  assert.equal(stopped, 'stopped');
  assert.notEqual(await state('extension-firefox'), 'complete', 'terminated before the run ended');
  // The popup's next poll is a message, which starts the event page again.
  await until(async () => (await backgroundState()) === 'running', 'the event page to start again');
  await until(async () => (await state('extension-firefox')) === 'complete', 'the run to end complete');
  const log = await inPage(() => document.querySelector('drush-io-run-button[job="extension-firefox"]').run.log);
  assert.match(log, /followed in Firefox/);
  assert.equal((await posts('extension-firefox')).length, 1);
  const badge = await driver.executeAsyncScript(`const done = arguments[0];
    const api = window.wrappedJSObject?.browser ?? window.browser;
    api.action.getBadgeText({}).then(done, (e) => done('failed: ' + e));`);
  assert.equal(badge, 'OK');
  await axe();
  mkdirSync(SHOTS, { recursive: true });
  writeFileSync(`${SHOTS}popup-firefox.png`, await driver.takeScreenshot(), 'base64');
  assertNoToken(await inPage(pageText), 'the popup');
});
