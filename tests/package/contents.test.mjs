// What `npm publish` would ship from pkg/ (read from `npm pack --dry-run --json`): every
// file a page loads, the declarations and the package's own files, and nothing else.
// What a page loads is found by following the entry modules' relative imports and
// `new URL(..., import.meta.url)` references, so a new snippet or asset cannot be forgotten.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';

const PKG = fileURLToPath(new URL('../../pkg/', import.meta.url));
const manifest = JSON.parse(readFileSync(`${PKG}package.json`, 'utf8'));

function packed() {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: PKG,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const [{ files }] = JSON.parse(out);
  return new Set(files.map((file) => file.path));
}

// Module specifiers in one JS file, and asset URLs (relative to the module, `./` optional).
// The shipped JS is minified: `import{a as b}from"./x.js"` has no space to look for.
const IMPORTS = [
  /\bimport\s*[\w${*][^'"`;]*?from\s*['"]([^'"]+)['"]/g,
  /\bimport\s*['"]([^'"]+)['"]/g,
  /\bexport\s*[\w${*][^'"`;]*?from\s*['"]([^'"]+)['"]/g,
  /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
];
const ASSETS = /\bnew URL\(\s*['"]([^'"]+)['"]\s*,\s*import\.meta\.url\s*\)/g;

/** Every file reached from `entries` (paths relative to pkg/). */
function loadedFrom(entries) {
  const seen = new Set();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = posix.normalize(queue.shift());
    if (seen.has(file)) continue;
    assert.ok(existsSync(PKG + file), `${file} is referenced but missing from pkg/`);
    seen.add(file);
    if (!file.endsWith('.js')) continue;
    const source = readFileSync(PKG + file, 'utf8');
    for (const pattern of IMPORTS) {
      for (const [, specifier] of source.matchAll(pattern)) {
        // Optional peers (msw, for the testing entry's handlers) are imported when asked for.
        if (optionalPeers.has(specifier)) continue;
        // Node's own modules (the Node, Deno and Bun entry reads the wasm with node:fs).
        if (specifier.startsWith('node:')) continue;
        assert.match(specifier, /^\.\.?\//, `${file} imports "${specifier}", but the package has no dependencies`);
        queue.push(posix.join(posix.dirname(file), specifier));
      }
    }
    for (const [, url] of source.matchAll(ASSETS)) {
      if (!/^[a-z][a-z0-9+.-]*:/i.test(url)) queue.push(posix.join(posix.dirname(file), url));
    }
  }
  return seen;
}

const optionalPeers = new Set(
  Object.entries(manifest.peerDependenciesMeta ?? {}).filter(([, meta]) => meta.optional).map(([name]) => name),
);

function exportTargets(exports) {
  if (typeof exports === 'string') return [exports];
  return Object.values(exports ?? {}).flatMap(exportTargets);
}

test('the package ships what a page loads, its declarations and nothing else', () => {
  const files = packed();
  const entries = [manifest.main, manifest.module, ...exportTargets(manifest.exports)]
    .filter(Boolean)
    .map((path) => posix.normalize(path));
  assert.ok(entries.includes('drush_io_embed.js') && entries.includes('auto.js'), entries.join());

  const loaded = loadedFrom(entries.filter((path) => path !== 'package.json'));
  assert.ok([...loaded].some((path) => path.endsWith('.wasm')), 'the wasm file is reached from the entries');
  // X.js is typed by X.d.ts, X.wasm by X.wasm.d.ts.
  const declarations = [manifest.types && posix.normalize(manifest.types), ...[...loaded].map((path) => path.replace(/\.js$/, '') + '.d.ts')]
    .filter((path) => path && existsSync(PKG + path));
  assert.ok(declarations.includes('drush_io_embed.d.ts') && declarations.includes('auto.d.ts'), declarations.join());
  const own = ['package.json', 'README.md', 'LICENSE'].filter((path) => existsSync(PKG + path));

  const wanted = new Set([...loaded, ...declarations, ...own]);
  const missing = [...wanted].filter((path) => !files.has(path));
  const extra = [...files].filter((path) => !wanted.has(path));
  assert.deepEqual(missing, [], 'files a page or a type checker needs are left out of the package');
  assert.deepEqual(extra, [], 'the package ships files nothing uses');
  assert.deepEqual(manifest.dependencies ?? {}, {}, 'the package has no dependencies');
});

// Paths of the machine that built the package (its home, Cargo's, the checkout) must not
// ship: the wasm file keeps panic locations' source paths (scripts/env.sh cuts them).
test('no shipped file names a path of the machine that built it', () => {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const machinePaths = [homedir(), process.env.CARGO_HOME, root.replace(/\/$/, '')].filter((path) => path && path.length > 1);
  for (const file of packed()) {
    const content = readFileSync(PKG + file).toString('latin1');
    for (const path of machinePaths) assert.ok(!content.includes(`${path}/`), `${file} names ${path}`);
  }
});

// drush-io-embed/testing and openapi.json are for tests and tools: no page loads them, so
// the page's bytes (benches/size.mjs, the 45 KB budget) are those of the package without them.
test('the testing entry and the OpenAPI document add no byte to what a page loads', () => {
  assert.deepEqual(manifest.exports['./testing'], { types: './testing/index.d.ts', default: './testing/index.js' });
  assert.equal(manifest.exports['./openapi.json'], './openapi.json');
  assert.deepEqual(manifest.peerDependenciesMeta, { msw: { optional: true } });
  const files = packed();
  for (const file of ['testing/index.js', 'testing/job.js', 'testing/index.d.ts', 'openapi.json']) assert.ok(files.has(file), `${file} ships`);

  const pageEntries = [manifest.exports['.'], manifest.exports['./auto']]
    .flatMap((target) => (typeof target === 'string' ? [target] : [target.browser, target.default]))
    .filter(Boolean);
  const loaded = [...loadedFrom(pageEntries.map((path) => posix.normalize(path)))];
  assert.deepEqual(loaded.filter((path) => path.startsWith('testing/') || path === 'openapi.json'), [], 'a page reaches them');

  const without = mkdtempSync(join(tmpdir(), 'drush-io-pkg-'));
  try {
    cpSync(PKG, without, { recursive: true, filter: (path) => !/[\\/](testing|openapi\.json)$/.test(path) });
    const size = fileURLToPath(new URL('../../benches/size.mjs', import.meta.url));
    const measure = (dir) => JSON.parse(execFileSync(process.execPath, [size, `pkg=${dir}`], { encoding: 'utf8' })).pkg;
    assert.deepEqual(measure(PKG), measure(without));
  } finally {
    rmSync(without, { recursive: true, force: true });
  }
});
