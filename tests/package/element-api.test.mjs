// The element's one description (js/run-button.api.json) against the element itself, and
// the three files generated from it for editors and tools against what ships and against
// the Custom Elements Manifest's published JSON schema.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import Ajv from 'ajv';
import { readApi } from '../../scripts/element-manifests.mjs';

const root = new URL('../../', import.meta.url);
const read = (path) => readFileSync(new URL(path, root), 'utf8');
const PKG = fileURLToPath(new URL('pkg/', root));
const api = readApi();
const names = (list) => new Set(list.map(({ name }) => name));
const sorted = (set) => [...set].sort();

/** Names in `missing` that the description lacks. */
function assertDescribed(found, described, what) {
  const missing = sorted(found).filter((name) => !described.has(name));
  assert.deepEqual(missing, [], `${what} missing from js/run-button.api.json`);
}

test('every attribute the element observes or reads is described', () => {
  const observed = read('js/run-button.js').match(/observedAttributes\(\)\s*\{\s*return\s*\[([^\]]*)\]/);
  assert.ok(observed, 'js/run-button.js declares observedAttributes');
  const found = new Set([...observed[1].matchAll(/'([a-z-]+)'/g)].map(([, name]) => name));
  const dir = new URL('src/element/', root);
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.rs'))) {
    const source = readFileSync(new URL(file, dir), 'utf8');
    // `attribute(host, "name")`, and `text("name")` in the helper that reads project and job.
    for (const [, name] of source.matchAll(/\b(?:attribute\([^,()]+,|text\()\s*"([a-z][a-z-]*)"\s*\)/g)) {
      found.add(name);
    }
  }
  for (const name of ['project', 'job', 'label', 'base-url', 'env', 'form', 'confirm']) {
    assert.ok(found.has(name), `the scan finds the element reading "${name}"`);
  }
  // The element also reflects its state into an attribute for styling.
  if (/setAttribute\('state'/.test(read('js/run-button-view.js'))) found.add('state');
  assertDescribed(found, names(api.attributes), 'attributes');
});

test('every shadow part and custom property is described, and nothing more', () => {
  const view = read('js/run-button-view.js');
  // `add(parent, tag, name, 1)` makes `name` a part too.
  const parts = new Set([...view.matchAll(/\badd\([^()]*'([a-z-]+)',\s*1\)/g)].map(([, name]) => name));
  assert.ok(parts.has('button') && parts.has('log'), sorted(parts).join());
  assertDescribed(parts, names(api.parts), 'parts');
  assert.deepEqual(sorted(names(api.parts)), sorted(parts), 'described parts the view does not set');

  const css = read('src/element/style.css');
  const properties = new Set(css.match(/--drush-io-[a-z]+(?:-[a-z]+)*/g));
  assert.ok(properties.has('--drush-io-accent'), sorted(properties).join());
  assertDescribed(properties, names(api.cssProperties), 'custom properties');
  assert.deepEqual(sorted(names(api.cssProperties)), sorted(properties), 'described custom properties the style does not use');
});

test('the events are the element\'s, each with its detail type', () => {
  const declarations = read('pkg/drush_io_embed.d.ts');
  for (const { name, detail } of api.events) {
    assert.ok(declarations.includes(`'${name}': CustomEvent<${detail}>`), `${name} is typed with ${detail} in pkg/`);
  }
});

test('JSX and templates take every attribute a page sets and every writable property', () => {
  const declarations = read('pkg/drush_io_embed.d.ts');
  const block = declarations.match(/interface DrushIoRunButtonAttributes \{([^}]*)\}/);
  assert.ok(block, 'pkg/drush_io_embed.d.ts declares DrushIoRunButtonAttributes');
  const typed = new Set([...block[1].matchAll(/^\s*'?([a-zA-Z-]+)'?\?:/gm)].map(([, name]) => name));
  const wanted = [
    ...api.attributes.filter((attribute) => !attribute.readonly),
    ...api.properties.filter((property) => !property.readonly && !property.writeonly),
  ].map(({ name }) => name);
  assert.deepEqual([...new Set(wanted)].filter((name) => !typed.has(name)), [], 'missing from DrushIoRunButtonAttributes in src/element/mod.rs');
});

test('the package ships the three files and names its manifest', () => {
  const manifest = JSON.parse(read('pkg/package.json'));
  assert.equal(manifest.customElements, './custom-elements.json');
  assert.equal(manifest['web-types'], './web-types.json');
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: PKG, encoding: 'utf8' });
  const files = new Set(JSON.parse(out)[0].files.map((file) => file.path));
  for (const name of ['custom-elements.json', 'vscode.html-custom-data.json', 'web-types.json']) {
    assert.ok(files.has(name), `${name} ships`);
  }
  const web = JSON.parse(read('pkg/web-types.json'));
  assert.equal(web.version, manifest.version);
  const tag = JSON.parse(read('pkg/vscode.html-custom-data.json')).tags[0];
  assert.equal(tag.name, api.tagName);
  assert.ok(names(tag.attributes).has('base-url'));
});

test('custom-elements.json validates against the published schema 2.1', () => {
  const require = createRequire(import.meta.url);
  const schema = require('custom-elements-manifest/schema.json');
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  const cem = JSON.parse(read('pkg/custom-elements.json'));
  assert.ok(validate(cem), JSON.stringify(validate.errors, null, 2));
  assert.equal(cem.schemaVersion, '2.1.0');
  // The schema itself must catch a broken manifest, or passing it proves nothing.
  const broken = structuredClone(cem);
  delete broken.modules[0].path;
  assert.equal(validate(broken), false, 'a module without a path fails the schema');
  const declaration = cem.modules[0].declarations[0];
  assert.equal(declaration.tagName, 'drush-io-run-button');
  assert.deepEqual(sorted(names(declaration.attributes)), sorted(names(api.attributes)));
});
