// What `npm publish` would ship from pkg/ (read from `npm pack --dry-run --json`): every
// file a page loads, the declarations and the package's own files, and nothing else.
// What a page loads is found by following the entry modules' relative imports and
// `new URL(..., import.meta.url)` references, so a new snippet or asset cannot be forgotten.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { posix } from 'node:path';
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
