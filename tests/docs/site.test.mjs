// The built site (target/docs/site): no broken link or anchor between its pages, nor from
// README.md and docs/ as GitHub shows them; the element's tables are its description; every
// page is served with the strict CSP without a violation, and axe-core finds nothing on it;
// each live example of the element's page reaches its state against the dev server.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { launch, requests, SITE, watch } from './chromium.mjs';
import { markdownFiles, root } from './samples.mjs';
import { slug } from '../../docs/lib/slug.mjs';

const site = join(root, 'target/docs/site');
const walk = (dir) => readdirSync(dir).flatMap((name) => {
  const path = join(dir, name);
  return statSync(path).isDirectory() ? walk(path) : [path];
});
const pages = walk(site).filter((path) => path.endsWith('.html') && !path.includes('/pkg/'));
const ids = (html) => new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
const decode = (text) => text.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'");

let browser;
before(async () => {
  browser = await launch();
});
after(() => browser?.close());

test('the site has every page of the navigation and the API reference', async () => {
  const nav = (await import('../../docs/_data/nav.mjs')).default;
  assert.ok(nav.length >= 10, 'the navigation lists the pages');
  for (const item of nav) assert.ok(existsSync(join(site, item.href)), item.href);
  for (const name of ['client/api/index.html', 'client/api/classes/DrushIo.html', 'client/api/classes/DrushIoError.html']) {
    assert.ok(existsSync(join(site, name)), name);
  }
});

test('no internal link or anchor of the site is broken', () => {
  const broken = [];
  for (const page of pages) {
    // (Comments are no links: the samples' markers name files of a user's site.)
    const html = readFileSync(page, 'utf8').replace(/<!--[\s\S]*?-->/g, '');
    for (const [, attr, raw] of html.matchAll(/\s(href|src)="([^"]*)"/g)) {
      const url = decode(raw);
      if (/^[a-z]+:|^\/\//i.test(url)) continue;
      const [path, hash] = url.split('#');
      const target = path === '' ? page : path.startsWith('/') ? join(site, path) : resolve(dirname(page), path);
      const where = `${relative(site, page)}: ${attr}="${url}"`;
      if (!existsSync(target) || statSync(target).isDirectory()) { broken.push(`${where} (no such file)`); continue; }
      if (hash && target.endsWith('.html') && !ids(readFileSync(target, 'utf8')).has(hash)) broken.push(`${where} (no such anchor)`);
    }
  }
  assert.deepEqual(broken, []);
});

test('no link or anchor between README.md and the docs is broken as GitHub shows them', () => {
  const broken = [];
  for (const file of markdownFiles()) {
    const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
    for (const [, raw] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:|^\/\//i.test(raw)) continue;
      const [path, hash] = raw.split('#');
      const target = path === '' ? file : resolve(dirname(file), path);
      const where = `${relative(root, file)}: (${raw})`;
      // client/api/ is TypeDoc's, made at build time: it exists on the site, checked above.
      if (path.includes('client/api/')) continue;
      if (!existsSync(target)) { broken.push(`${where} (no such file)`); continue; }
      if (hash && target.endsWith('.md')) {
        const headings = new Set([...readFileSync(target, 'utf8').matchAll(/^#+ (.*)$/gm)].map((m) => slug(m[1].replace(/`/g, ''))));
        if (!headings.has(hash)) broken.push(`${where} (no such heading)`);
      }
    }
  }
  assert.deepEqual(broken, []);
});

test("the element's tables are js/run-button.api.json", () => {
  const api = JSON.parse(readFileSync(join(root, 'js/run-button.api.json'), 'utf8'));
  const html = readFileSync(join(site, 'element.html'), 'utf8');
  const text = (cell) => decode(cell.replace(/<[^>]+>/g, '')).replace(/\s+/g, ' ').trim();
  const plain = (markdown) => markdown.replace(/`/g, '').replace(/\s+/g, ' ').trim();
  const sections = { attributes: 'Attributes', properties: 'Properties', methods: 'Methods', events: 'Events', slots: 'Slots', parts: 'Parts', cssProperties: 'CSS custom properties' };
  for (const [key, heading] of Object.entries(sections)) {
    const at = html.indexOf(`>${heading}</h3>`);
    assert.ok(at > 0, `a table of ${heading}`);
    const table = html.slice(at, html.indexOf('</table>', at));
    const rows = [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].slice(1)
      .map((row) => [...row[1].matchAll(/<td>([\s\S]*?)<\/td>/g)].map((cell) => text(cell[1])));
    const expected = api[key].map((item) => {
      const name = key === 'methods' ? `${item.name}()` : key === 'slots' && !item.name ? '(default)' : item.name;
      const flags = `${item.readonly ? (key === 'attributes' ? ' (set by the element)' : ' (read-only)') : ''}${item.writeonly ? ' (write-only)' : ''}`;
      const middle = key === 'attributes' || key === 'properties' ? [item.type] : key === 'events' ? [item.detail] : [];
      return [name + flags, ...middle, plain(item.description)];
    });
    assert.deepEqual(rows, expected, heading);
  }
  // And the description the package publishes for editors and tools says the same.
  const manifest = JSON.parse(readFileSync(join(root, 'pkg/custom-elements.json'), 'utf8'));
  const element = manifest.modules.flatMap((m) => m.declarations).find((d) => d.tagName === api.tagName);
  const names = (list) => list.map((item) => [item.name, item.description]);
  assert.deepEqual(names(element.attributes), names(api.attributes), 'attributes in custom-elements.json');
  assert.deepEqual(names(element.events), names(api.events), 'events in custom-elements.json');
  assert.deepEqual(names(element.cssParts), names(api.parts), 'parts in custom-elements.json');
  assert.deepEqual(names(element.cssProperties), names(api.cssProperties), 'custom properties in custom-elements.json');
  assert.deepEqual(names(element.members), names([...api.properties, ...api.methods]), 'members in custom-elements.json');
});

// Each page in its own tab, four at a time (the machine may be busy: each waits for its own
// load and for the element to be drawn, never for a fixed time).
async function eachPage(context, visit) {
  const queue = [...pages];
  const found = [];
  await Promise.all(Array.from({ length: 4 }, async () => {
    for (let path = queue.shift(); path; path = queue.shift()) {
      const page = await context.newPage();
      try {
        const url = `${SITE}/${relative(site, path)}`;
        found.push(...(await visit(page, url)).map((problem) => `${relative(site, path)}: ${problem}`));
      } finally {
        await page.close();
      }
    }
  }));
  return found.sort();
}

async function drawn(page) {
  if (await page.locator('drush-io-run-button').count()) {
    await page.waitForFunction(() => [...document.querySelectorAll('drush-io-run-button')].every((e) => e.shadowRoot?.querySelector('[part="button"]')));
  }
}

test('every page is served with the strict CSP, and shows no violation', async () => {
  const context = await browser.newContext();
  const found = await eachPage(context, async (page, url) => {
    const problems = await watch(page);
    const answer = await page.goto(url);
    assert.match(answer.headers()['content-security-policy'] ?? '', /require-trusted-types-for 'script'/, `${url} is served with the strict policy`);
    await drawn(page);
    return problems;
  });
  await context.close();
  assert.deepEqual(found, []);
});

test('axe-core finds no violation on any page', async () => {
  // axe compiles its messages with `new Function`, which the strict policy forbids: these
  // loads bypass the policy, checked on its own above.
  const context = await browser.newContext({ bypassCSP: true });
  const found = await eachPage(context, async (page, url) => {
    await page.goto(url);
    await drawn(page);
    await page.addScriptTag({ path: join(root, 'node_modules/axe-core/axe.min.js') });
    return page.evaluate(async () => {
      await Promise.all(document.getAnimations().map((a) => a.finished.catch(() => {})));
      const result = await globalThis.axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      });
      return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    });
  });
  await context.close();
  assert.deepEqual(found, []);
});

test("each live example of the element's page reaches its state", async () => {
  const page = await browser.newPage();
  const problems = await watch(page);
  await page.goto(`${SITE}/element.html`);
  await page.waitForFunction(() => document.documentElement.dataset.examples);
  assert.equal(await page.evaluate(() => document.documentElement.dataset.examples), 'live');
  assert.ok(await page.locator('#static-rendering').isHidden(), 'no static rendering where the dev server is');
  await page.waitForFunction(() => document.querySelector('#example-idle drush-io-run-button')?.shadowRoot);
  // Every state each element takes, from before any click.
  await page.evaluate(() => {
    globalThis.statesSeen = {};
    for (const element of document.querySelectorAll('.example drush-io-run-button')) {
      const id = element.closest('.example').id;
      globalThis.statesSeen[id] = [element.getAttribute('state')];
      new MutationObserver(() => globalThis.statesSeen[id].push(element.getAttribute('state')))
        .observe(element, { attributes: true, attributeFilter: ['state'] });
    }
  });
  const example = (id) => page.locator(`#${id} drush-io-run-button`);
  const until = (id, state) => page.waitForFunction(([id, state]) => document.querySelector(`#${id} drush-io-run-button`).getAttribute('state') === state, [id, state], { timeout: 60_000 });

  await example('example-confirm').locator('[part="button"]').click();
  await example('example-confirm').locator('[part="dialog"]').waitFor({ state: 'visible' }); // the confirmation opens
  assert.equal(await example('example-confirm').getAttribute('state'), 'idle');
  await example('example-confirm').locator('[part="confirm-accept"]').click();
  for (const id of ['example-queued', 'example-running', 'example-complete', 'example-error', 'example-failed']) {
    await example(id).locator('[part="button"]').click();
  }
  await Promise.all([
    until('example-confirm', 'complete'), until('example-queued', 'complete'), until('example-running', 'complete'),
    until('example-complete', 'complete'), until('example-error', 'error'), until('example-failed', 'failed'),
  ]);
  const seen = await page.evaluate(() => globalThis.statesSeen);
  assert.deepEqual([...new Set(seen['example-idle'])], ['idle'], 'the idle example was never clicked, nor moved by another');
  assert.ok(seen['example-queued'].includes('queued'), `queued shown: ${seen['example-queued']}`);
  assert.ok(seen['example-running'].includes('running'), `running shown: ${seen['example-running']}`);
  assert.equal(seen['example-failed'].at(-1), 'failed');
  assert.deepEqual(problems, []);
  // One POST each, counted on the server; the job that does not exist answered 404.
  for (const job of ['greet-confirm', 'slow-answers', 'ten-seconds', 'hello', 'fails']) {
    const posts = (await requests(SITE, `/proxy/v1/projects/docs/jobs/${job}/runs`)).filter((r) => r.method === 'POST');
    assert.equal(posts.length, 1, `one POST of ${job}`);
  }
  const missing = (await requests(SITE, '/proxy/v1/projects/docs/jobs/no-such-job/runs')).filter((r) => r.method === 'POST');
  assert.deepEqual(missing.map((r) => r.status), [404]);
  assert.equal((await requests(SITE, '/proxy/v1/projects/docs/jobs/greet/')).length, 0, 'the idle example sent nothing');
  await page.close();
});

test("without the dev server, the element's page shows the labelled static rendering in place of the examples that need it", async () => {
  const page = await browser.newPage();
  // As a copy of the site on another host: no proxy behind it.
  await page.route('**/proxy/v1/**', (route) => route.abort());
  await page.goto(`${SITE}/element.html`);
  await page.waitForFunction(() => document.documentElement.dataset.examples === 'static');
  await page.locator('#static-rendering').waitFor({ state: 'visible' });
  assert.match(await page.locator('#static-rendering figcaption').textContent(), /A static rendering, not the live element/);
  for (const id of ['example-queued', 'example-running', 'example-complete', 'example-error', 'example-failed']) {
    assert.ok(await page.locator(`#${id}`).isHidden(), `${id} hidden`);
  }
  for (const id of ['example-idle', 'example-confirm']) assert.ok(await page.locator(`#${id}`).isVisible(), `${id} shown`);
  await page.close();
});
