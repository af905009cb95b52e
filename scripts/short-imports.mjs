// Shortens the names of the functions the JS glue hands to the wasm module, in both files
// of a package built by wasm-bindgen. wasm-bindgen names each one after its JavaScript
// binding plus a 16-digit hash (`__wbg_fetch_9b478faef8cda538`); the hashes cannot be
// compressed and appear in both files, about 3 KB of every gzipped download. They become
// `a`, `b`, ... `ba`, and nothing else changes. The wasm module's exports that the glue
// calls (`wasm.drushio_runJob`, closures named with hashes too) are shortened the same
// way, and so are the paths of the snippet modules the wasm module imports from directly.
// Usage: node short-imports.mjs PKG_DIR
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { leb, readLeb } from './wasm-leb.mjs';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node short-imports.mjs PKG_DIR');
  process.exit(1);
}
const jsPath = join(dir, 'drush_io_embed.js');
const wasmPath = join(dir, 'drush_io_embed_bg.wasm');
const GLUE_MODULE = './drush_io_embed_bg.js';
// The glue's own module name, repeated by every import of the wasm file, becomes this
// (the snippet modules are `a`, `b`, ...).
const GLUE_SHORT = '_';

// The glue's own imports are the keys of the `import0` object, one per line.
const js = readFileSync(jsPath, 'utf8');
const start = js.indexOf('    const import0 = {\n');
const end = js.indexOf('\n    };\n', start);
if (start < 0 || end < 0) {
  throw new Error(`short-imports: no import object in ${jsPath}; is it already minified? Rebuild with scripts/build-pkg.sh`);
}
// A second run would give a second name `a` to an export already called `a` (the wasm
// then fails to instantiate: "Duplicate export name"), so already shortened input is refused.
if (!/^ {8}__wb[A-Za-z0-9_]*:/m.test(js.slice(start, end))) {
  throw new Error(`short-imports: ${jsPath} is already shortened (no __wbg_ import names); rebuild with scripts/build-pkg.sh`);
}
const renamed = new Map();
const block = js.slice(start, end).replace(/^( {8})(__wb[A-Za-z0-9_]*):/gm, (_, indent, name) => {
  if (renamed.has(name)) throw new Error(`short-imports: ${name} is defined twice`);
  const short = shortName(renamed.size);
  renamed.set(name, short);
  return `${indent}${short}:`;
});
for (const name of renamed.keys()) {
  // Each name must occur only as its key, or the glue refers to it in a way not handled here.
  if (js.split(name).length !== 2) throw new Error(`short-imports: ${name} is used elsewhere`);
}

// Exports the glue reaches as `wasm.NAME`; the memory keeps its name. A closure's
// export also names the glue's function that calls it (`NAME`, a hash in it too), which
// becomes `__wbg_call_SHORT`.
const wasm = readFileSync(wasmPath);
if (importFields(wasm).some((field) => !field.startsWith('__wb'))) {
  throw new Error(`short-imports: ${wasmPath} is already shortened (short import names); rebuild with scripts/build-pkg.sh`);
}
let glue = js.slice(0, start) + block + js.slice(end);
const exportsRenamed = new Map();
for (const name of exportNames(wasm)) {
  if (name === 'memory') continue;
  const asExport = new RegExp(`\\bwasm\\.${name}(?![\\w$])`, 'g');
  const asIdentifier = new RegExp(`(?<![\\w$.])${name}(?![\\w$])`, 'g');
  const found = glue.match(asExport)?.length ?? 0;
  const bare = glue.match(asIdentifier)?.length ?? 0;
  const uses = glue.split(name).length - 1;
  if (found === 0 || found + bare !== uses || (bare > 0 && !/_h[0-9a-f]{16}$/.test(name))) continue;
  const short = shortName(exportsRenamed.size);
  exportsRenamed.set(name, short);
  glue = glue.replace(asExport, `wasm.${short}`).replace(asIdentifier, `__wbg_call_${short}`);
}

// The glue hands the wasm module each snippet module it imports from directly under its
// path (`"./snippets/drush-io-embed-HASH/js/timer.js": import1`), which the wasm file
// repeats: the paths become short names too. wasm-bindgen lists a module once per Rust
// block that imports from it; the first entry serves them all.
const modules = new Map();
glue = glue.replace(/^ {8}("\.\/snippets\/[^"]+"): (import\d+),\n/gm, (_, path, binding) => {
  const module = JSON.parse(path);
  if (modules.has(module)) return '';
  modules.set(module, shortName(modules.size));
  return `        "${modules.get(module)}": ${binding},\n`;
});

const glueKey = `${JSON.stringify(GLUE_MODULE)}: import0,`;
if (glue.split(glueKey).length !== 2) throw new Error(`short-imports: no ${glueKey} in ${jsPath}`);
glue = glue.replace(glueKey, `"${GLUE_SHORT}": import0,`);

// Rewrites the import and export sections of the wasm file with the same names.

const out = [wasm.subarray(0, 8)];
let pos = 8;
let seen = 0;
while (pos < wasm.length) {
  const id = wasm[pos];
  const [size, sizeEnd] = readLeb(wasm, pos + 1);
  const body = wasm.subarray(sizeEnd, sizeEnd + size);
  if (id === 2) {
    const section = renameImports(body);
    out.push(Buffer.from([2]), leb(section.length), section);
  } else if (id === 7) {
    const section = renameExports(body);
    out.push(Buffer.from([7]), leb(section.length), section);
  } else {
    out.push(wasm.subarray(pos, sizeEnd + size));
  }
  pos = sizeEnd + size;
}
if (seen !== renamed.size) {
  throw new Error(`short-imports: ${renamed.size} names in the glue, ${seen} in the wasm file`);
}
writeFileSync(wasmPath, Buffer.concat(out));
writeFileSync(jsPath, glue);
console.log(`short-imports: ${renamed.size} imports, ${exportsRenamed.size} exports and ${modules.size} snippet modules renamed in ${dir}`);

// The fields the wasm file imports from the glue.
function importFields(buf) {
  const fields = [];
  for (let p = 8; p < buf.length; ) {
    const [size, bodyStart] = readLeb(buf, p + 1);
    if (buf[p] === 2) {
      let [count, q] = readLeb(buf, bodyStart);
      for (; count > 0; count--) {
        const [module, afterModule] = readName(buf, q);
        const [field, afterField] = readName(buf, afterModule);
        if (module === GLUE_MODULE || module === GLUE_SHORT) fields.push(field);
        q = skipDesc(buf, afterField);
      }
    }
    p = bodyStart + size;
  }
  return fields;
}

// The names in the export section (id 7): each is a name, a kind byte and an index.
function exportNames(buf) {
  let p = 8;
  while (p < buf.length) {
    const [size, bodyStart] = readLeb(buf, p + 1);
    if (buf[p] === 7) {
      const names = [];
      let [count, q] = readLeb(buf, bodyStart);
      for (; count > 0; count--) {
        const [name, afterName] = readName(buf, q);
        names.push(name);
        q = readLeb(buf, afterName + 1)[1];
      }
      return names;
    }
    p = bodyStart + size;
  }
  return [];
}

function renameExports(body) {
  const parts = [];
  let [count, p] = readLeb(body, 0);
  parts.push(leb(count));
  for (; count > 0; count--) {
    const [name, afterName] = readName(body, p);
    const end = readLeb(body, afterName + 1)[1];
    parts.push(nameBytes(exportsRenamed.get(name) ?? name), body.subarray(afterName, end));
    p = end;
  }
  return Buffer.concat(parts);
}

function renameImports(body) {
  const parts = [];
  let [count, p] = readLeb(body, 0);
  parts.push(leb(count));
  for (; count > 0; count--) {
    const [module, afterModule] = readName(body, p);
    const [field, afterField] = readName(body, afterModule);
    const descEnd = skipDesc(body, afterField);
    let name = field;
    if (module === GLUE_MODULE && renamed.has(field)) {
      name = renamed.get(field);
      seen++;
    }
    if (module.startsWith('./snippets/') && !modules.has(module)) {
      throw new Error(`short-imports: the glue does not hand over ${module}`);
    }
    const short = module === GLUE_MODULE ? GLUE_SHORT : modules.get(module);
    parts.push(nameBytes(short ?? module), nameBytes(name), body.subarray(afterField, descEnd));
    p = descEnd;
  }
  return Buffer.concat(parts);
}

// An import's description: function, table, memory, global or tag.
function skipDesc(buf, p) {
  const kind = buf[p++];
  if (kind === 0) return readLeb(buf, p)[1]; // type index
  if (kind === 1) return skipLimits(buf, p + 1); // reference type, limits
  if (kind === 2) return skipLimits(buf, p);
  if (kind === 3) return p + 2; // value type (a single byte here), mutability
  if (kind === 4) return readLeb(buf, p + 1)[1]; // attribute, type index
  throw new Error(`short-imports: unknown import kind ${kind}`);
}

function skipLimits(buf, p) {
  const flags = buf[p];
  let next = readLeb(buf, p + 1)[1];
  if (flags & 1) next = readLeb(buf, next)[1];
  return next;
}

function readName(buf, p) {
  const [length, start] = readLeb(buf, p);
  return [buf.toString('utf8', start, start + length), start + length];
}

function nameBytes(text) {
  const bytes = Buffer.from(text, 'utf8');
  return Buffer.concat([leb(bytes.length), bytes]);
}

// a, b, ..., z, ba, bb, ...: valid JavaScript property names, the shortest first.
function shortName(index) {
  let name = '';
  do {
    name = String.fromCharCode(97 + (index % 26)) + name;
    index = Math.floor(index / 26);
  } while (index > 0);
  return name;
}
