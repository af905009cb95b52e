// Bytes and gzip bytes of what a page downloads from a built package directory:
// the wasm, the JS glue, the snippets, and auto.js and run-button.css where present (type declarations and
// package.json are never downloaded by a page). Usage: node size.mjs LABEL=DIR ...
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

// Everything under snippets/ (wasm-bindgen nests each crate's snippets two levels down).
function downloaded(dir, inSnippets = false) {
  const files = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (inSnippets || name === 'snippets') files.push(...downloaded(path, true));
    } else if (/\.(js|wasm|css)$/.test(name) && !name.endsWith('.d.ts')) {
      files.push(path);
    }
  }
  return files;
}

const result = {};
for (const arg of process.argv.slice(2)) {
  const [label, dir] = arg.split('=');
  let bytes = 0;
  let gzip = 0;
  let wasmGzip = 0;
  for (const file of downloaded(dir)) {
    const content = readFileSync(file);
    const zipped = gzipSync(content, { level: 9 }).length;
    bytes += content.length;
    gzip += zipped;
    if (file.endsWith('.wasm')) wasmGzip = zipped;
  }
  result[label] = { bytes, gzip, wasmGzip };
}
console.log(JSON.stringify(result));
