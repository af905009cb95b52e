// The built extension as the stores would check it: `web-ext lint` (Mozilla's linter)
// finds no error in the Firefox build, both zips hold the same pages, and the manifest asks
// for no permission the code does not use (each one named beside the call that needs it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BUILD = join(ROOT, 'target/extension');
const manifestOf = (browser) => JSON.parse(readFileSync(join(BUILD, browser, 'manifest.json'), 'utf8'));
const source = readdirSync(join(ROOT, 'extension/src')).filter((name) => name.endsWith('.js'))
  .map((name) => readFileSync(join(ROOT, 'extension/src', name), 'utf8')).join('\n');

test('web-ext lint finds no error in the Firefox build', () => {
  let output;
  try {
    output = execFileSync(join(ROOT, 'node_modules/.bin/web-ext'),
      ['lint', '--source-dir', join(BUILD, 'firefox'), '--output', 'json', '--no-config-discovery'], { encoding: 'utf8' });
  } catch (failure) {
    output = failure.stdout;
  }
  const report = JSON.parse(output);
  for (const warning of report.warnings) console.log(`web-ext lint warning: ${warning.code}: ${warning.message}`);
  assert.deepEqual(report.errors.map((e) => `${e.code}: ${e.message} (${e.file})`), []);
});

// Each permission, and what in the code uses it.
const USES = {
  storage: /api\.storage\.local\./,
  alarms: /api\.alarms\.create\(/,
  notifications: /api\.notifications\.create\(/,
  // The current tab's URL, readable in the popup once the toolbar button was clicked.
  activeTab: /api\.tabs\.query\(/,
};

test('the manifests ask for no permission the extension does not use, and for no host at install', () => {
  for (const browser of ['chromium', 'firefox']) {
    const manifest = manifestOf(browser);
    assert.deepEqual(manifest.permissions.filter((p) => !USES[p]), [], `${browser}: a permission with no known use`);
    for (const permission of manifest.permissions) assert.match(source, USES[permission], `${browser}: ${permission} unused`);
    assert.equal(manifest.host_permissions, undefined);
    assert.equal(manifest.content_scripts, undefined);
    assert.equal(manifest.externally_connectable, undefined);
    assert.equal(manifest.web_accessible_resources, undefined);
    // Runtime host permissions: what DrushIo accepts as a base URL, asked for one origin at a time.
    assert.deepEqual(manifest.optional_host_permissions, ['https://*/*', 'http://localhost/*', 'http://127.0.0.1/*', 'http://[::1]/*']);
    assert.match(source, /api\.permissions\.request\(\{ origins: \[originPattern\(/);
  }
});

test('every script of the build is the extension\'s own: no remote code, no eval', () => {
  for (const browser of ['chromium', 'firefox']) {
    const files = execFileSync('unzip', ['-Z1', join(ROOT, 'target', `drush-io-extension-${browser}.zip`)], { encoding: 'utf8' })
      .split('\n').filter(Boolean).sort();
    assert.ok(files.includes('manifest.json') && files.includes('client/drush_io_embed_bg.wasm') && files.includes('element/drush_io_embed_bg.wasm'));
    for (const page of ['popup.html', 'options.html']) {
      const html = readFileSync(join(BUILD, browser, page), 'utf8');
      const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map(([tag]) => tag);
      assert.ok(scripts.every((tag) => /src="[\w.-]+\.js"/.test(tag)), `${page}: only the extension's own scripts`);
      assert.ok(!/<script\b[^>]*>[^<]/.test(html), `${page}: no inline script`);
    }
    for (const file of files.filter((f) => f.endsWith('.js'))) {
      const text = readFileSync(join(BUILD, browser, file), 'utf8');
      assert.ok(!/\beval\(|new Function\(|https?:\/\/(?!api\.drush\.io)[\w.-]+\/[\w./-]*\.js/.test(text), `${file}: no eval and no remote script`);
    }
  }
});
