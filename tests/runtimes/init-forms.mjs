// Every form `init` and `initSync` take (CONTRACT 11), each on a fresh instance of the
// installed glue (a query string makes a new module), without a console warning: bytes, a
// WebAssembly.Module, a URL, a string, a Response, a promise of one, the `{ module_or_path }`
// object; initSync with bytes, a module or `{ module }`. The wasm comes from the dev server
// (serving this folder) for the URL forms. Usage: node init-forms.mjs BASE_URL
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

const base = process.argv[2];
const file = new URL('node_modules/drush-io-embed/drush_io_embed_bg.wasm', import.meta.url);
const served = `${base}/node_modules/drush-io-embed/drush_io_embed_bg.wasm`;
const bytes = await readFile(file);
const module = await WebAssembly.compile(bytes);

const warnings = [];
console.warn = (...args) => warnings.push(args.join(' '));

let fresh = 0;
async function glue() {
  return import(new URL(`node_modules/drush-io-embed/drush_io_embed.js?form=${fresh++}`, import.meta.url));
}

const forms = {
  bytes: () => bytes,
  'an ArrayBuffer': () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length),
  'a WebAssembly.Module': () => module,
  'a URL': () => new URL(served),
  'a string': () => served,
  'a Response': () => fetch(served),
  'a promise of a Response': () => fetch(served),
  '{ module_or_path }': () => ({ module_or_path: bytes }),
};
for (const [name, form] of Object.entries(forms)) {
  const { default: init, DrushIo } = await glue();
  const input = name === 'a Response' ? await form() : form();
  const [first, second] = await Promise.all([init(input), init(input)]);
  assert.equal(first, second, `${name}: concurrent calls share one instance`);
  assert.equal(await init(), first, `${name}: a later call answers the same instance`);
  assert.equal(new DrushIo({ baseUrl: 'https://api.example.test/v1' }).baseUrl, 'https://api.example.test/v1', name);
}
for (const [name, input] of [['bytes', bytes], ['a module', module], ['{ module }', { module }]]) {
  const { initSync, DrushIo } = await glue();
  const instance = initSync(input);
  assert.equal(initSync(input), instance, `initSync with ${name}: once`);
  assert.ok(new DrushIo(), `initSync with ${name}`);
}
assert.deepEqual(warnings, [], 'no console warning');
console.log(`init-forms: ${Object.keys(forms).length} forms of init and 3 of initSync`);
