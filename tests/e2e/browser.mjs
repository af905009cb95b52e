// One end-to-end driver for Chromium, Firefox and WebKit, over classic WebDriver
// (selenium-webdriver talking to chromedriver, geckodriver or WebKitWebDriver), so every
// page-level test body runs unchanged in each engine.
//
//   import { engines, launch } from './browser.mjs';
//
//   engines()             the engines to test: DRUSH_IO_ENGINES, a comma list of `chromium`,
//                         `firefox`, `webkit` (default: all three)
//   await launch(engine)  starts the engine's driver and one browser with a fresh profile;
//                         launch(engine, { args, env }) adds browser arguments (WebKit only)
//                         and environment variables
//
// Browser
//   .engine, .version     e.g. 'firefox', '153.0.1'
//   await .newPage()      a new tab. All tabs of one Browser share one profile: cookies,
//                         localStorage, Web Locks and BroadcastChannel reach across them
//                         (sessionStorage stays per tab, as in a real browser)
//   await .close()        quits the browser and its driver
//   .debuggerAddress      Chromium's DevTools address (host:port), for what a CDP command
//                         through the driver cannot do (events: heap snapshots); else null
//
// Page (one tab; calls on different tabs may run concurrently, the driver serialises them)
//   await .goto(url)      navigates and waits for the load event
//   await .reload()
//   await .back(), .forward()    the history's buttons (the page may come from the
//                                back/forward cache)
//   await .run(fn, ...args)      runs `fn(...args)` in the page (it may be async) and returns
//                                its result; args and result must be JSON-like (or elements).
//                                `fn` is sent as source text: it cannot see Node variables.
//                                In Firefox it runs in a sandbox: to replace a page global
//                                (window.fetch...) use .addScript
//   await .addScript(fn, ...args) runs `fn(...args)` in the page's own realm, through a
//                                <script> element (so not on a page whose CSP forbids that)
//   await .waitFor(fn, ...args)  runs `fn` in the page until it returns something truthy and
//                                returns that; throws after .waitMs (default 60 s)
//   Elements are named by a CSS selector, or by an array of selectors where each one after the
//   first is looked up inside the shadow root of the element before it:
//   ['#cache-clear', '[part~="button"]'] is the button inside <drush-io-run-button id=cache-clear>.
//   await .click(path)           a real click (the driver's, at the element's centre)
//   await .type(path, text)      clears a field and types into it
//   await .press(path, key)      focuses the element and presses `Enter`, `Tab`, `Escape`,
//                                ` ` or `Shift+Tab`
//   await .text(path)            textContent ('' when missing)
//   await .attribute(path, name) an attribute (null when missing)
//   await .visible(path)         whether it is rendered
//   await .screenshot(file, path?) a PNG of the viewport (of a 1280x1000 window), or of the
//                                element at `path` only
//   await .keys(key)             presses `key` (as .press) wherever the focus is
//   await .accessibleName(path)  the element's accessible name as the browser computes it
//                                (WebDriver's Get Computed Label); null where the driver
//                                lacks it (WebKitWebDriver)
//   await .emulate(features)     emulates CSS media features, e.g. { 'forced-colors':
//                                'active', 'prefers-color-scheme': 'dark',
//                                'prefers-reduced-motion': 'reduce' } ({} ends it); true
//                                where the engine can: Chromium (CDP
//                                Emulation.setEmulatedMedia, for this tab) and Firefox (the
//                                preferences behind them, for the whole browser); false in
//                                WebKit, whose driver has no way to
//   await .cdp(cmd, params)      a Chrome DevTools Protocol command to this tab and its result
//                                (Chromium only)
//   await .errors()              uncaught errors and unhandled rejections recorded in this tab
//                                since the last goto (recording starts after the load event, so
//                                a failure while loading shows up as a missing element instead)
//   await .close()               closes the tab
//
// Each engine needs its driver: /usr/bin/chromedriver and /usr/bin/chromium; geckodriver
// (GECKODRIVER, else ~/.cargo/bin/geckodriver) and /usr/bin/firefox-esr; WebKitWebDriver and
// WebKitGTK's MiniBrowser, which needs a display: without DISPLAY an Xvfb is started here.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe } from 'node:test';
import webdriver from 'selenium-webdriver';
import http from 'selenium-webdriver/http/index.js';
import { Command } from 'selenium-webdriver/lib/command.js';

const { Capabilities, Key, WebDriver } = webdriver;
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LOGS = join(ROOT, 'target/e2e');
const ALL = ['chromium', 'firefox', 'webkit'];
const WIDTH = 1280;
const HEIGHT = 1000;

export function engines() {
  const wanted = (process.env.DRUSH_IO_ENGINES ?? ALL.join(','))
    .split(',').map((name) => name.trim()).filter(Boolean);
  for (const name of wanted) {
    if (!ALL.includes(name)) throw new Error(`unknown engine "${name}" in DRUSH_IO_ENGINES`);
  }
  return wanted;
}

// Chromium's background tabs must keep their timers: multi-tab tests poll from any of them.
const CHROMIUM_ARGS = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
  '--disable-background-networking', '--disable-component-update', '--no-first-run',
  '--disable-sync', '--disable-quic', '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows',
  `--window-size=${WIDTH},${HEIGHT}`,
];

const ENGINES = {
  chromium: {
    driver: (port) => [process.env.CHROMEDRIVER ?? '/usr/bin/chromedriver', [`--port=${port}`]],
    capabilities: () => ({
      browserName: 'chrome',
      'goog:chromeOptions': { binary: process.env.CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS },
    }),
  },
  firefox: {
    // Each geckodriver gets its own free port for Firefox's remote agent (default 9222).
    driver: async (port) => [
      process.env.GECKODRIVER ?? join(homedir(), '.cargo/bin/geckodriver'),
      // System access: Page.emulate sets preferences from the chrome context.
      ['--port', String(port), '--websocket-port', String(await freePort()), '--allow-system-access'],
    ],
    capabilities: () => ({
      browserName: 'firefox',
      'moz:firefoxOptions': {
        binary: process.env.FIREFOX ?? '/usr/bin/firefox-esr',
        args: ['-headless', '-width', String(WIDTH), '-height', String(HEIGHT)],
        prefs: { 'app.update.disabledForTesting': true, 'browser.shell.checkDefaultBrowser': false },
      },
    }),
  },
  webkit: {
    driver: (port) => [process.env.WEBKIT_WEBDRIVER ?? 'WebKitWebDriver', [`--port=${port}`]],
    capabilities: (args = []) => ({
      browserName: 'MiniBrowser',
      'webkitgtk:browserOptions': {
        binary: process.env.MINIBROWSER ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
        args: ['--automation', ...args],
      },
    }),
    display: true,
  },
};

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Children started here die with this process, even when a test run is interrupted.
const children = new Set();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

function start(command, args, log, env = process.env) {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const out = createWriteStream(log);
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  children.add(child);
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => { children.delete(child); resolve(signal ?? code); });
    child.on('error', (error) => { children.delete(child); resolve(error.message); });
  });
  return { child, exited, log };
}

async function stop(process) {
  if (!process || !children.has(process.child)) return;
  process.child.kill('SIGTERM');
  const done = await Promise.race([process.exited.then(() => true), sleep(3000)]);
  if (!done) process.child.kill('SIGKILL');
}

// Xvfb picks a free display itself and writes its number to the given descriptor.
async function startXvfb() {
  const child = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', `${WIDTH + 200}x${HEIGHT + 200}x24`, '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  const display = await new Promise((resolve, reject) => {
    let text = '';
    child.stdio[3].on('data', (chunk) => {
      text += chunk;
      if (text.includes('\n')) resolve(`:${text.trim()}`);
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`Xvfb exited (${code}); is xvfb installed?`)));
  });
  return { child, exited: new Promise((resolve) => child.on('exit', resolve)), display };
}

async function waitForDriver(url, driverProcess) {
  for (let i = 0; i < 200; i++) {
    try {
      const answer = await fetch(`${url}/status`);
      if (answer.ok) return;
    } catch {
      // not listening yet
    }
    const exited = await Promise.race([driverProcess.exited.then((why) => `exited (${why})`), sleep(50)]);
    if (exited) throw new Error(`the WebDriver server ${exited}; see ${driverProcess.log}`);
  }
  throw new Error(`the WebDriver server did not start; see ${driverProcess.log}`);
}

/**
 * Declares the suite `${title} in ${engine}` for every engine of DRUSH_IO_ENGINES. `body` gets a
 * function returning that engine's browser, launched before the suite's first test and closed
 * after its last, and the engine's name.
 */
export function describeInEngines(title, body) {
  for (const engine of engines()) {
    describe(`${title} in ${engine}`, () => {
      let browser;
      before(async () => {
        browser = await launch(engine);
      });
      after(async () => {
        await browser?.close();
      });
      body(() => browser, engine);
    });
  }
}

export async function launch(engine, { args: browserArgs, env: extraEnv } = {}) {
  const spec = ENGINES[engine];
  if (!spec) throw new Error(`unknown engine "${engine}"`);
  mkdirSync(LOGS, { recursive: true });
  let xvfb;
  const env = { ...process.env, ...extraEnv };
  if (spec.display && !env.DISPLAY) {
    xvfb = await startXvfb();
    env.DISPLAY = xvfb.display;
  }
  const port = await freePort();
  const [command, args] = await spec.driver(port);
  const driverProcess = start(command, args, join(LOGS, `${engine}-driver.log`), env);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForDriver(url, driverProcess);
    const executor = new http.Executor(new http.HttpClient(url));
    // Vendor commands of Page.emulate (the endpoints selenium's chrome and firefox modules
    // register on their own drivers).
    executor.defineCommand('cdp', 'POST', '/session/:sessionId/goog/cdp/execute');
    executor.defineCommand('context', 'POST', '/session/:sessionId/moz/context');
    const driver = await WebDriver.createSession(executor, new Capabilities(spec.capabilities(browserArgs)));
    const browser = new Browser(engine, driver, async () => {
      await stop(driverProcess);
      await stop(xvfb);
    });
    await browser.init();
    return browser;
  } catch (error) {
    await stop(driverProcess);
    await stop(xvfb);
    throw error;
  }
}

class Browser {
  #driver;
  #shutdown;
  #queue = Promise.resolve();
  #current = null;
  // A never-navigated tab kept open so that closing the last test tab never ends the session.
  #spare = null;

  constructor(engine, driver, shutdown) {
    this.engine = engine;
    this.#driver = driver;
    this.#shutdown = shutdown;
  }

  async init() {
    const capabilities = await this.#driver.getCapabilities();
    this.version = capabilities.get('browserVersion') ?? '?';
    this.debuggerAddress = capabilities.get('goog:chromeOptions')?.debuggerAddress ?? null;
    await this.#driver.manage().setTimeouts({ script: 120_000, pageLoad: 60_000 });
    this.#spare = await this.#driver.getWindowHandle();
    this.#current = this.#spare;
    // Chromium sizes its window from --window-size; the others from here.
    if (this.engine !== 'chromium') {
      await this.#driver.manage().window().setRect({ width: WIDTH, height: HEIGHT }).catch(() => {});
    }
  }

  /** Runs `action(driver)` with tab `handle` current, one action at a time. */
  use(handle, action) {
    const result = this.#queue.then(async () => {
      if (handle !== null && this.#current !== handle) {
        await this.#driver.switchTo().window(handle);
        this.#current = handle;
      }
      return action(this.#driver);
    });
    this.#queue = result.catch(() => {});
    return result;
  }

  async newPage() {
    const handle = await this.use(null, async (driver) => {
      // The spare becomes this page; a fresh spare takes its place.
      const taken = this.#spare;
      await driver.switchTo().newWindow('tab');
      this.#spare = await driver.getWindowHandle();
      await driver.switchTo().window(taken);
      this.#current = taken;
      return taken;
    });
    return new Page(this, handle);
  }

  closeTab(handle) {
    return this.use(handle, async (driver) => {
      await driver.close();
      await driver.switchTo().window(this.#spare);
      this.#current = this.#spare;
    });
  }

  async close() {
    try {
      await this.#queue;
      await this.#driver.quit();
    } finally {
      await this.#shutdown();
    }
  }
}

// Page-side helpers, sent with each script.
const FIND = `function find(path) {
  let scope = document, element = null;
  for (const [i, selector] of path.entries()) {
    if (i > 0) {
      scope = element.shadowRoot;
      if (!scope) throw new Error(path[i - 1] + ' has no open shadow root');
    }
    element = scope.querySelector(selector);
    if (!element) return null;
  }
  return element;
}`;

const RECORD_ERRORS = `if (!window.__e2eErrors) {
  window.__e2eErrors = [];
  addEventListener('error', (event) => window.__e2eErrors.push(String(event.message)));
  addEventListener('unhandledrejection', (event) =>
    window.__e2eErrors.push('unhandled rejection: ' + String(event.reason && event.reason.stack || event.reason)));
}`;

const KEYS = {
  Enter: [Key.ENTER],
  Tab: [Key.TAB],
  Escape: [Key.ESCAPE],
  ' ': [Key.SPACE],
  'Shift+Tab': [Key.SHIFT, Key.TAB],
};

class PageError extends Error {}

class Page {
  #browser;
  #handle;
  #errors = [];
  waitMs = 60_000;

  constructor(browser, handle) {
    this.#browser = browser;
    this.#handle = handle;
  }

  #use(action) {
    return this.#browser.use(this.#handle, action);
  }

  async #harvestErrors() {
    const errors = await this.#use((d) => d.executeScript('return window.__e2eErrors || []')).catch(() => []);
    this.#errors.push(...errors);
  }

  async #afterLoad() {
    await this.#use((d) => d.executeScript(RECORD_ERRORS));
  }

  async goto(url) {
    this.#errors = [];
    await this.#use((d) => d.get(url));
    await this.#afterLoad();
  }

  async reload() {
    await this.#harvestErrors();
    await this.#use((d) => d.navigate().refresh());
    await this.#afterLoad();
  }

  async back() {
    await this.#harvestErrors();
    await this.#use((d) => d.navigate().back());
    await this.#afterLoad();
  }

  async forward() {
    await this.#harvestErrors();
    await this.#use((d) => d.navigate().forward());
    await this.#afterLoad();
  }

  async run(fn, ...args) {
    const script = `const done = arguments[arguments.length - 1];
      const args = Array.prototype.slice.call(arguments, 0, -1);
      Promise.resolve().then(() => (${fn})(...args)).then(
        (value) => done({ value: value === undefined ? null : value }),
        (error) => done({ error: String(error && error.stack || error) }));`;
    const outcome = await this.#use((d) => d.executeAsyncScript(script, ...args));
    if (outcome && 'error' in outcome) throw new PageError(`in the page: ${outcome.error}`);
    return outcome?.value;
  }

  async waitFor(fn, ...args) {
    const deadline = Date.now() + this.waitMs;
    let last;
    for (;;) {
      try {
        const value = await this.run(fn, ...args);
        if (value) return value;
        last = value;
      } catch (error) {
        // A navigation in progress interrupts scripts; errors thrown by `fn` are real.
        if (error instanceof PageError) throw error;
        last = error;
      }
      if (Date.now() > deadline) {
        throw new Error(`waitFor timed out after ${this.waitMs} ms (${fn}); last: ${last}`);
      }
      await sleep(100);
    }
  }

  async addScript(fn, ...args) {
    const source = `(${fn})(...${JSON.stringify(args)});`;
    await this.#use((d) => d.executeScript(`const script = document.createElement('script');
      script.textContent = arguments[0];
      document.head.append(script);
      script.remove();`, source));
  }

  async #element(path) {
    const selectors = Array.isArray(path) ? path : [path];
    const element = await this.#use((d) => d.executeScript(`${FIND}; return find(arguments[0]);`, selectors));
    if (!element) throw new Error(`no element ${JSON.stringify(selectors)}`);
    return element;
  }

  #query(path, body, ...args) {
    const selectors = Array.isArray(path) ? path : [path];
    return this.#use((d) =>
      d.executeScript(`${FIND}; const element = find(arguments[0]); ${body}`, selectors, ...args));
  }

  async click(path) {
    const element = await this.#element(path);
    await this.#use(() => element.click());
  }

  async type(path, text) {
    const element = await this.#element(path);
    // WebKit's driver types only into a field in view (WebDriver says it scrolls there first).
    await this.#use((d) => d.executeScript('arguments[0].scrollIntoView({ block: "center" })', element));
    await this.#use(async () => {
      await element.clear();
      await element.sendKeys(text);
    });
  }

  async press(path, key) {
    await this.#query(path, 'if (!element) throw new Error("no element"); element.focus();');
    await this.keys(key);
  }

  async keys(key) {
    const keys = KEYS[key];
    if (!keys) throw new Error(`press: unknown key "${key}"`);
    await this.#use((d) => {
      const actions = d.actions();
      for (const k of keys) actions.keyDown(k);
      for (const k of [...keys].reverse()) actions.keyUp(k);
      return actions.perform();
    });
  }

  async accessibleName(path) {
    const element = await this.#element(path);
    return this.#use(() => element.getAccessibleName()).catch((error) => {
      if (/unknown command|unsupported operation|not implemented/i.test(String(error))) return null;
      throw error;
    });
  }

  async emulate(features) {
    const engine = this.#browser.engine;
    if (engine === 'chromium') {
      const list = Object.entries(features).map(([name, value]) => ({ name, value }));
      await this.cdp('Emulation.setEmulatedMedia', { features: list });
      return true;
    }
    if (engine === 'firefox') {
      // Firefox has a preference for each feature; they are set from its chrome context.
      const prefs = {
        'ui.prefersReducedMotion': features['prefers-reduced-motion'] === 'reduce' ? 1 : null,
        'layout.css.prefers-color-scheme.content-override':
          { dark: 0, light: 1 }[features['prefers-color-scheme']] ?? null,
        'browser.display.document_color_use': features['forced-colors'] === 'active' ? 2 : null,
      };
      await this.#use(async (d) => {
        await d.execute(new Command('context').setParameter('context', 'chrome'));
        try {
          await d.executeScript(`for (const [name, value] of Object.entries(arguments[0])) {
            if (value === null) Services.prefs.clearUserPref(name);
            else Services.prefs.setIntPref(name, value);
          }`, prefs);
        } finally {
          await d.execute(new Command('context').setParameter('context', 'content'));
        }
      });
      return true;
    }
    return false;
  }

  /** A Chrome DevTools Protocol command sent to this tab (Chromium only); its result. */
  cdp(cmd, params = {}) {
    return this.#use((d) => d.execute(new Command('cdp').setParameter('cmd', cmd).setParameter('params', params)));
  }

  text(path) {
    return this.#query(path, 'return element ? element.textContent : "";');
  }

  attribute(path, name) {
    return this.#query(path, 'return element ? element.getAttribute(arguments[1]) : null;', name);
  }

  visible(path) {
    return this.#query(path, `if (!element) return false;
      if (element.checkVisibility) return element.checkVisibility();
      const box = element.getBoundingClientRect();
      return box.width > 0 && box.height > 0;`);
  }

  async screenshot(file, path) {
    const png = path
      ? await (async () => { const element = await this.#element(path); return this.#use(() => element.takeScreenshot()); })()
      : await this.#use((d) => d.takeScreenshot());
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, png, 'base64');
  }

  async errors() {
    await this.#harvestErrors();
    const errors = this.#errors;
    this.#errors = [];
    await this.#use((d) => d.executeScript('if (window.__e2eErrors) window.__e2eErrors.length = 0;')).catch(() => {});
    return errors;
  }

  close() {
    return this.#browser.closeTab(this.#handle);
  }
}
