// Every step that rewrites pkg/ in place refuses input it already rewrote, so a doubled or
// interrupted build fails loudly instead of shipping a broken package (a second
// short-imports.mjs once gave a wasm that failed with "Duplicate export name 'a'").
// The steps run on a fresh wasm-bindgen output of the release build, in a temporary copy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WASM = join(ROOT, 'target/wasm32-unknown-unknown/release/drush_io_embed.wasm');
const env = { ...process.env, PATH: `${join(ROOT, 'node_modules/.bin')}:${process.env.PATH}` };

function step(script, arg) {
  return spawnSync('node', [join(ROOT, 'scripts', script), arg], { env, encoding: 'utf8' });
}

function assertRefused(result, message) {
  assert.notEqual(result.status, 0, result.stdout);
  assert.match(result.stderr, message);
}

test('each step refuses what it already rewrote', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'drush-io-pkg-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  execFileSync('wasm-bindgen', ['--target', 'web', '--out-dir', dir, WASM], { env });
  const wasm = join(dir, 'drush_io_embed_bg.wasm');

  assert.equal(step('trap-panics.mjs', wasm).status, 0);
  const trapped = readFileSync(wasm);
  assertRefused(step('trap-panics.mjs', wasm), /trap-panics: .* already traps its panics/);
  assert.ok(readFileSync(wasm).equals(trapped), 'the refused run left the file as it was');

  assert.equal(step('short-imports.mjs', dir).status, 0);
  const glue = readFileSync(join(dir, 'drush_io_embed.js'), 'utf8');
  assertRefused(step('short-imports.mjs', dir), /short-imports: .* already shortened/);
  assert.equal(readFileSync(join(dir, 'drush_io_embed.js'), 'utf8'), glue);

  assert.equal(step('minify-js.mjs', dir).status, 0);
  assertRefused(step('minify-js.mjs', dir), /minify-js: .* already bundled and minified/);
});

test('short-imports refuses a fresh glue beside an already shortened wasm file', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'drush-io-pkg-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  execFileSync('wasm-bindgen', ['--target', 'web', '--out-dir', dir, WASM], { env });
  assert.equal(step('short-imports.mjs', dir).status, 0);
  // An overlapping build wrote the glue again, not the wasm file.
  const fresh = mkdtempSync(join(tmpdir(), 'drush-io-pkg-'));
  t.after(() => rmSync(fresh, { recursive: true, force: true }));
  execFileSync('wasm-bindgen', ['--target', 'web', '--out-dir', fresh, WASM], { env });
  execFileSync('cp', [join(fresh, 'drush_io_embed.js'), join(dir, 'drush_io_embed.js')]);
  assertRefused(step('short-imports.mjs', dir), /short-imports: .*drush_io_embed_bg\.wasm is already shortened/);
});

test('finish-pkg refuses a finished pkg/ and leaves it alone', () => {
  const manifest = readFileSync(join(ROOT, 'pkg/package.json'), 'utf8');
  const auto = readFileSync(join(ROOT, 'pkg/auto.js'), 'utf8');
  assertRefused(step('finish-pkg.mjs', ''), /finish-pkg: pkg\/package.json is already finished/);
  assert.equal(readFileSync(join(ROOT, 'pkg/package.json'), 'utf8'), manifest);
  assert.equal(readFileSync(join(ROOT, 'pkg/auto.js'), 'utf8'), auto);
});
