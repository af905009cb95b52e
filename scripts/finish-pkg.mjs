// Completes what wasm-pack leaves out of pkg/: the one-tag embed module (auto.js), an
// `exports` map, and a `files` list that covers everything a page loads.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { customElementsManifest, readApi, vscodeCustomData, webTypes } from './element-manifests.mjs';
import { runtimeConditions, writeRuntimeEntries } from './runtimes.mjs';

// fileURLToPath, not `.pathname`: a checkout path with a space or a non-ASCII character
// would stay percent-encoded in `.pathname`.
const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = join(root, 'pkg');
const manifestPath = join(pkg, 'package.json');
if (!existsSync(manifestPath)) {
  console.error('finish-pkg: pkg/package.json is missing; run wasm-pack build first');
  process.exit(1);
}

// wasm-pack writes no `exports`; one there means this step ran already (and minify-js.mjs
// perhaps too, whose auto.js a second copy would replace).
if ('exports' in JSON.parse(readFileSync(manifestPath, 'utf8'))) {
  console.error('finish-pkg: pkg/package.json is already finished; rebuild with scripts/build-pkg.sh');
  process.exit(1);
}

copyFileSync(join(root, 'js', 'auto.js'), join(pkg, 'auto.js'));
// Linked by a page's <head>, it holds the element's place until it is defined.
copyFileSync(join(root, 'js', 'run-button.css'), join(pkg, 'run-button.css'));
writeFileSync(
  join(pkg, 'auto.d.ts'),
  '// Side-effect module: initialises the wasm and registers <drush-io-run-button>.\nexport {};\n',
);

// Each build (the full package in pkg/, the client alone in pkg/client/) gets an entry per
// way of loading its wasm (runtimes.mjs); the browser's files stay as they are.
for (const build of ['', 'client/']) writeRuntimeEntries(pkg, build);

const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
const entry = './drush_io_embed.js';
manifest.type = 'module';
// The Node entry (pkg/runtimes/) needs Node 20 or later; npm's form of the repository URL.
manifest.engines = { node: '>=20' };
manifest.repository.url = `git+${manifest.repository.url.replace(/(\.git)?$/, '.git')}`;
manifest.main = entry;
manifest.module = entry;
manifest.types = './drush_io_embed.d.ts';
manifest.exports = {
  '.': runtimeConditions(''),
  './client': runtimeConditions('client/'),
  './auto': { types: './auto.d.ts', default: './auto.js' },
  './run-button.css': './run-button.css',
  './drush_io_embed_bg.wasm': './drush_io_embed_bg.wasm',
  './client/drush_io_embed_bg.wasm': './client/drush_io_embed_bg.wasm',
  './package.json': './package.json',
};
// The snippets are bundled into the glue (scripts/minify-js.mjs); auto.js registers the element.
manifest.sideEffects = ['./auto.js'];

// What editors and tools read about the element, from its one description.
const api = readApi();
const writeJson = (name, value) => writeFileSync(join(pkg, name), `${JSON.stringify(value, null, 2)}\n`);
const described = { packageName: manifest.name, version: manifest.version, entry };
writeJson('custom-elements.json', customElementsManifest(api, described));
writeJson('vscode.html-custom-data.json', vscodeCustomData(api));
writeJson('web-types.json', webTypes(api, described));
manifest.customElements = './custom-elements.json';
manifest['web-types'] = './web-types.json';
for (const name of ['custom-elements.json', 'vscode.html-custom-data.json', 'web-types.json']) {
  manifest.exports[`./${name}`] = `./${name}`;
}

// Everything a page or a bundler loads; package.json and README are always included.
// (scripts/minify-js.mjs, run next, bundles the snippets into the glue.)
const shipped = readdirSync(pkg).filter(
  (name) => /\.(js|d\.ts|wasm|css)$/.test(name) || /^(custom-elements|vscode\.html-custom-data|web-types)\.json$/.test(name),
);
// run-button.js: the class shell minify-js.mjs keeps apart from the glue.
manifest.files = [...shipped, 'run-button.js', 'runtimes/', 'client/'].sort();

// drush-io-embed/testing (FakeDrushIoApi, for a page's tests: no page loads it) and the API's
// OpenAPI document. In folders and files of their own, so what a page downloads
// (benches/size.mjs) stays the same; msw, which the fake's handlers import when asked, is an
// optional peer.
mkdirSync(join(pkg, 'testing'), { recursive: true });
for (const name of ['index.js', 'index.d.ts', 'job.js']) copyFileSync(join(root, 'js', 'testing', name), join(pkg, 'testing', name));
copyFileSync(join(root, 'openapi.json'), join(pkg, 'openapi.json'));
manifest.exports['./testing'] = { types: './testing/index.d.ts', default: './testing/index.js' };
manifest.exports['./openapi.json'] = './openapi.json';
manifest.files = [...manifest.files, 'testing/', 'openapi.json'].sort();
manifest.peerDependencies = { msw: '>=2' };
manifest.peerDependenciesMeta = { msw: { optional: true } };

writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`finish-pkg: pkg/package.json lists ${manifest.files.length} entries`);
