// Ships the package's JavaScript minified: the glue's JSDoc repeats the type declarations
// beside it, the snippets' comments are for people reading js/, and the glue's long local
// names (`getDataViewMemory0`, `passStringToWasm0`) recur in every import. esbuild parses
// each module and prints it back with short local names; exported names stay as they are.
// Without `keepNames`: it would keep each class's and function's `name` for consoles at
// 1 KB gzipped, and nothing reads them (DrushIoError sets its `name` itself).
// Usage: node minify-js.mjs PKG_DIR
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { transformSync } from 'esbuild';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node minify-js.mjs PKG_DIR');
  process.exit(1);
}

function scripts(folder) {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return scripts(path);
    return name.endsWith('.js') ? [path] : [];
  });
}

let before = 0;
let after = 0;
for (const path of scripts(dir)) {
  const source = readFileSync(path, 'utf8');
  const { code } = transformSync(source, {
    format: 'esm',
    minify: true,
    target: 'es2022', // auto.js awaits at the top level
    sourcefile: path,
  });
  writeFileSync(path, code);
  before += source.length;
  after += code.length;
}
console.log(`minify-js: ${before} -> ${after} bytes of JavaScript in ${dir}`);
