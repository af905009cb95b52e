// README.md is a front door: at most 150 lines, and its first two starts work pasted into
// a fresh project that installed the package from its tarball (the third, the CMS plugins,
// is tested from their zips by tests/cms/ and cms/drupal/tests/). The snippets are taken
// as they are; only the proxy route is the dev server's (/drush-io/v1 -> /proxy/v1).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { launch, requests, watch } from './chromium.mjs';
import { root, samples } from './samples.mjs';

const FRESH = process.env.DRUSH_IO_DOCS_FRESH_URL; // target/docs/fresh, no CSP (an import map is inline)
const dir = join(root, 'target/docs/fresh');
const readme = samples().filter((s) => s.file === 'README.md' && s.marker?.run);
const proxied = (code) => code.replaceAll('/drush-io/v1', '/proxy/v1');
let browser;
before(async () => {
  browser = await launch();
});
after(() => browser?.close());

test('README.md is at most 150 lines', () => {
  const lines = readFileSync(join(root, 'README.md'), 'utf8').trimEnd().split('\n').length;
  assert.ok(lines <= 150, `${lines} lines`);
});

const posts = async () => (await requests(FRESH, '/proxy/v1/projects/my-corp/jobs/cache-clear/runs')).filter((r) => r.method === 'POST').length;

test('start 1, the script tag, pasted into a fresh site with the package copied to /libraries/drush-io-embed/', async () => {
  const html = readme.find((s) => s.lang === 'html');
  assert.ok(html, 'the README has a script tag start');
  // The tarball (scripts/docs-check.sh packs pkg/), unpacked where the snippet says.
  rmSync(join(dir, 'libraries'), { recursive: true, force: true });
  mkdirSync(join(dir, 'libraries'), { recursive: true });
  execFileSync('tar', ['xzf', join(dir, 'drush-io-embed.tgz'), '-C', join(dir, 'libraries')]);
  cpSync(join(dir, 'libraries/package'), join(dir, 'libraries/drush-io-embed'), { recursive: true });
  writeFileSync(join(dir, 'script-tag.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>start 1</title></head><body>\n${proxied(html.code)}\n</body></html>`);
  const before_ = await posts();
  const page = await browser.newPage();
  const problems = await watch(page);
  await page.goto(`${FRESH}/script-tag.html`);
  await page.locator('drush-io-run-button [part="button"]').click();
  await page.locator('drush-io-run-button [part="confirm-accept"]').click();
  await page.waitForFunction(() => document.querySelector('drush-io-run-button').getAttribute('state') === 'complete', null, { timeout: 60_000 });
  assert.deepEqual(problems, []);
  assert.equal(await posts(), before_ + 1, 'one POST');
  await page.close();
});

test('start 2, npm with DrushIo, in a fresh npm project that installed the tarball, through an import map', async () => {
  const js = readme.find((s) => s.lang === 'js');
  assert.ok(js, 'the README has an npm start');
  const project = join(dir, 'npm');
  rmSync(project, { recursive: true, force: true });
  mkdirSync(project, { recursive: true });
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'fresh', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', join(dir, 'drush-io-embed.tgz')], { cwd: project, stdio: 'pipe' });
  writeFileSync(join(project, 'main.js'), `${proxied(js.code)}\ndocument.documentElement.dataset.sampleDone = 'yes';\n`);
  writeFileSync(join(project, 'index.html'), '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>start 2</title>'
    + '<script type="importmap">{"imports": {"drush-io-embed": "./node_modules/drush-io-embed/drush_io_embed.js"}}</script>'
    + '<script type="module" src="main.js"></script></head><body></body></html>');
  const before_ = await posts();
  const page = await browser.newPage();
  const problems = await watch(page);
  const logged = [];
  page.on('console', (message) => logged.push(message.text()));
  await page.goto(`${FRESH}/npm/index.html`);
  await page.waitForFunction(() => document.documentElement.dataset.sampleDone === 'yes', null, { timeout: 60_000 });
  assert.deepEqual(problems, []);
  assert.ok(logged.some((line) => line.startsWith('complete ')), `the run ended complete: ${logged.join(' | ')}`);
  assert.equal(await posts(), before_ + 1, 'one POST');
  await page.close();
});
