// Assembles the extension for Chromium and Firefox into target/extension/<browser>/ and
// zips each into target/drush-io-extension-<browser>.zip (scripts/extension.sh runs it
// after building pkg/ and the client-only glue).
//
//   node extension/build.mjs PKG_DIR CLIENT_DIR
//
// The pages load the element from PKG_DIR (the full package) as element/; the background
// loads the client alone from CLIENT_DIR as client/. Nothing is fetched from elsewhere.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { icon } from './icon.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const [pkgDir, clientDir] = process.argv.slice(2).map((dir) => resolve(root, dir));
const version = JSON.parse(execFileSync('node', ['-p', 'JSON.stringify(require(process.argv[1]).version)', join(pkgDir, 'package.json')]));
const ICON_SIZES = [16, 32, 48, 128];

// What both browsers read. Host permissions: none at install; the options page asks for
// the configured API's origin (https anywhere, http on loopback only, as DrushIo allows).
const manifest = {
  manifest_version: 3,
  name: 'drush.io jobs',
  short_name: 'drush.io',
  version,
  description: 'Run drush.io jobs from the toolbar, with the token kept by the browser.',
  icons: Object.fromEntries(ICON_SIZES.map((size) => [size, `icons/icon-${size}.png`])),
  action: {
    default_title: 'drush.io',
    default_popup: 'popup.html',
    default_icon: Object.fromEntries(ICON_SIZES.slice(0, 2).map((size) => [size, `icons/icon-${size}.png`])),
  },
  options_ui: { page: 'options.html', open_in_tab: true },
  permissions: ['storage', 'alarms', 'notifications', 'activeTab'],
  optional_host_permissions: ['https://*/*', 'http://localhost/*', 'http://127.0.0.1/*', 'http://[::1]/*'],
  content_security_policy: { extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'none'" },
};

const browsers = {
  chromium: { ...manifest, background: { service_worker: 'background.js', type: 'module' }, minimum_chrome_version: '121' },
  firefox: {
    ...manifest,
    background: { scripts: ['background.js'], type: 'module' },
    browser_specific_settings: {
      gecko: {
        id: 'drush-io@drush-io-embed',
        strict_min_version: '142.0',
        // Nothing goes to the extension's makers: runs go to the API the user configures.
        data_collection_permissions: { required: ['none'] },
      },
    },
  },
};

const copyAll = (from, to, keep) => {
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from)) if (keep(name)) copyFileSync(join(from, name), join(to, name));
};

for (const [browser, content] of Object.entries(browsers)) {
  const out = join(root, 'target/extension', browser);
  rmSync(out, { recursive: true, force: true });
  copyAll(join(root, 'extension/src'), out, () => true);
  copyAll(pkgDir, join(out, 'element'), (name) => /\.(js|wasm|css)$/.test(name));
  copyAll(clientDir, join(out, 'client'), (name) => /\.(js|wasm)$/.test(name));
  mkdirSync(join(out, 'icons'));
  for (const size of ICON_SIZES) writeFileSync(join(out, 'icons', `icon-${size}.png`), icon(size));
  writeFileSync(join(out, 'manifest.json'), `${JSON.stringify(content, null, 2)}\n`);
  const zip = join(root, 'target', `drush-io-extension-${browser}.zip`);
  rmSync(zip, { force: true });
  execFileSync('zip', ['-qrX', zip, '.'], { cwd: out });
  console.log(`target/drush-io-extension-${browser}.zip`);
}
