// Ships the package's JavaScript as one minified module, plus auto.js: the glue's JSDoc
// repeats the type declarations beside it, the snippets' comments are for people reading
// js/, and the glue's long local names (`getDataViewMemory0`, `passStringToWasm0`) recur
// in every import. esbuild bundles the snippets wasm-bindgen copies under snippets/ into
// the glue (one file compresses better than five, and a page makes one request instead of
// five) and prints it with short local names; exported names stay as they are.
// Without `keepNames`: it would keep each class's and function's `name` for consoles at
// 1 KB gzipped, and nothing reads them (DrushIoError sets its `name` itself).
// Run after short-imports.mjs, which reads the glue as wasm-bindgen wrote it.
// Usage: node minify-js.mjs PKG_DIR
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, buildSync, transformSync } from 'esbuild';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node minify-js.mjs PKG_DIR');
  process.exit(1);
}
const glue = join(dir, 'drush_io_embed.js');
const snippets = join(dir, 'snippets');
const options = { format: 'esm', minify: true, target: 'es2022' }; // auto.js awaits at the top level

// The glue wasm-pack writes imports its snippets; once bundled it no longer does.
if (!/\bfrom\s*['"]\.\/snippets\//.test(readFileSync(glue, 'utf8'))) {
  console.error(`minify-js: ${glue} is already bundled and minified; rebuild with scripts/build-pkg.sh`);
  process.exit(1);
}
const before = statSync(glue).size;
// The class shell (with its view and stylesheet) stays a module of its own, which the glue
// and auto.js share: auto.js defines the element with it before the glue and the wasm
// are loaded.
// (The client alone, built without the element, has none.)
const shell = join(snippets, readdirSync(snippets)[0] ?? '', 'js', 'run-button.js');
if (existsSync(shell)) {
  buildSync({ ...options, entryPoints: [shell], bundle: true, outfile: join(dir, 'run-button.js') });
}
const sharedShell = {
  name: 'shared-shell',
  setup(build) {
    build.onResolve({ filter: /^\.\/snippets\/.*\/run-button\.js$/ }, () => ({ path: './run-button.js', external: true }));
  },
};
await build({ ...options, entryPoints: [glue], bundle: true, outfile: glue, allowOverwrite: true, plugins: [sharedShell] });
rmSync(snippets, { recursive: true, force: true });
const auto = join(dir, 'auto.js');
if (existsSync(auto)) {
  writeFileSync(auto, transformSync(readFileSync(auto, 'utf8'), options).code);
}
const placeholder = join(dir, 'run-button.css');
if (existsSync(placeholder)) {
  writeFileSync(placeholder, transformSync(readFileSync(placeholder, 'utf8'), { loader: 'css', minify: true }).code);
}
console.log(`minify-js: the glue and its snippets in one module, ${before} -> ${statSync(glue).size} bytes`);
