// Makes Rust's panic entry points trap at once, before wasm-opt runs, so that the
// formatting machinery behind them (`core::fmt`, the panic hook and its payloads, about
// 1.5 KB gzipped) is dead code that wasm-opt removes.
//
// Nothing observable changes. The crate is built with `panic = "abort"`, so a panic
// always ended in a trap (`RuntimeError: unreachable`); on wasm32-unknown-unknown the
// default hook writes its message to a standard error that goes nowhere, so the
// formatted message was never seen. The functions are found by name in the "name"
// section wasm-bindgen keeps (wasm-opt strips it afterwards); each must be found once.
// Usage: node trap-panics.mjs FILE.wasm
import { readFileSync, writeFileSync } from 'node:fs';
import { leb, readLeb } from './wasm-leb.mjs';

// Where panics enter: each must be found, or this script no longer does its job.
const ENTRY_POINTS = [
  /^core\[\w+\]::panicking::panic_fmt$/, // every panic of core and alloc
  /^__rustc\[\w+\]::rust_begin_unwind$/, // std's #[panic_handler]
  /^std\[\w+\]::panicking::panic_with_hook$/, // std's own `panic!`s
];
// Only ever called (through vtables, so wasm-opt cannot see that they are unused) to
// format a panic's message; a build may lack some of them.
const PANIC_FORMATTING = [
  /std\[\w+\]::panicking::(panic_handler|begin_panic)::/, // the payloads' methods
  /^<core\[\w+\]::cell::Borrow(Mut)?Error as core\[\w+\]::fmt::Display>::fmt$/,
  /^<std\[\w+\]::thread::local::AccessError as core\[\w+\]::fmt::Debug>::fmt$/,
];

const path = process.argv[2];
if (!path) {
  console.error('usage: node trap-panics.mjs FILE.wasm');
  process.exit(1);
}
const wasm = readFileSync(path);

const sections = [];
for (let pos = 8; pos < wasm.length; ) {
  const id = wasm[pos];
  const [size, start] = readLeb(wasm, pos + 1);
  sections.push({ id, start, end: start + size, raw: wasm.subarray(pos, start + size) });
  pos = start + size;
}

const importedFunctions = countImportedFunctions(sections.find((s) => s.id === 2));
const names = functionNames(sections.find((s) => s.id === 0 && customName(s) === 'name'));
const targets = new Set();
for (const pattern of [...ENTRY_POINTS, ...PANIC_FORMATTING]) {
  const found = [...names].filter(([, name]) => pattern.test(name));
  if (found.length === 0 && ENTRY_POINTS.includes(pattern)) {
    throw new Error(`trap-panics: no function matches ${pattern}`);
  }
  for (const [index] of found) targets.add(index - importedFunctions);
}

// A body with no locals whose only instruction is `unreachable`.
const TRAP = Buffer.from([3, 0, 0x00, 0x0b]);
const out = [wasm.subarray(0, 8)];
for (const section of sections) {
  if (section.id !== 10) {
    out.push(section.raw);
    continue;
  }
  const [count, first] = readLeb(wasm, section.start);
  const bodies = [leb(count)];
  for (let i = 0, p = first; i < count; i++) {
    const [size, start] = readLeb(wasm, p);
    bodies.push(targets.has(i) ? TRAP : wasm.subarray(p, start + size));
    p = start + size;
  }
  const body = Buffer.concat(bodies);
  out.push(Buffer.from([10]), leb(body.length), body);
}
writeFileSync(path, Buffer.concat(out));
console.log(`trap-panics: ${targets.size} panic functions trap at once in ${path}`);

function countImportedFunctions(section) {
  if (!section) return 0;
  let [count, p] = readLeb(wasm, section.start);
  let functions = 0;
  for (; count > 0; count--) {
    p = skipName(p); // module
    p = skipName(p); // field
    const kind = wasm[p++];
    if (kind === 0) {
      functions++;
      p = readLeb(wasm, p)[1];
    } else if (kind === 1) p = skipLimits(p + 1);
    else if (kind === 2) p = skipLimits(p);
    else if (kind === 3) p += 2;
    else if (kind === 4) p = readLeb(wasm, p + 1)[1];
    else throw new Error(`trap-panics: unknown import kind ${kind}`);
  }
  return functions;
}

function customName(section) {
  const [length, start] = readLeb(wasm, section.start);
  return wasm.toString('utf8', start, start + length);
}

// The function names subsection (id 1) of the "name" section: index -> name.
function functionNames(section) {
  if (!section) throw new Error('trap-panics: the wasm file has no name section');
  const names = new Map();
  let p = skipName(section.start);
  while (p < section.end) {
    const id = wasm[p];
    const [size, start] = readLeb(wasm, p + 1);
    if (id === 1) {
      let [count, q] = readLeb(wasm, start);
      for (; count > 0; count--) {
        const [index, afterIndex] = readLeb(wasm, q);
        const [length, nameStart] = readLeb(wasm, afterIndex);
        names.set(index, wasm.toString('utf8', nameStart, nameStart + length));
        q = nameStart + length;
      }
    }
    p = start + size;
  }
  return names;
}

function skipName(p) {
  const [length, start] = readLeb(wasm, p);
  return start + length;
}

function skipLimits(p) {
  const flags = wasm[p];
  let next = readLeb(wasm, p + 1)[1];
  if (flags & 1) next = readLeb(wasm, next)[1];
  return next;
}

