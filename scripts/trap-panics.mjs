// Makes Rust's panics trap at once, before wasm-opt runs, so that the formatting machinery
// behind them (`core::fmt`, the panic hook and its payloads, the messages and their
// arguments: about 3 KB gzipped) is dead code that wasm-opt removes.
//
// Nothing observable changes. The crate is built with `panic = "abort"`, so a panic
// always ended in a trap (`RuntimeError: unreachable`); on wasm32-unknown-unknown the
// default hook writes its message to a standard error that goes nowhere, so the
// formatted message was never seen. The functions are found by name in the "name"
// section wasm-bindgen keeps (wasm-opt strips it afterwards).
//
// The crate itself never formats (no `format!`, `to_string()` or `{}`): its messages are
// joined from pieces. So `core::fmt` is only reached from panics, and its functions are
// made to trap too: wasm-opt cannot remove them itself, because the vtables that name them
// sit in the data, where no analysis sees that they are unused. That "only" is checked:
// if any other function calls into `core::fmt`, this script fails the build and names it.
// Usage: node trap-panics.mjs FILE.wasm
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { leb, readLeb } from './wasm-leb.mjs';

// Where panics enter: each must be found, or this script no longer does its job.
const ENTRY_POINTS = [
  /^core\[\w+\]::panicking::panic_fmt$/, // every panic of core and alloc
  /^__rustc\[\w+\]::rust_begin_unwind$/, // std's #[panic_handler]
  /^std\[\w+\]::panicking::panic_with_hook$/, // std's own `panic!`s
];
// Functions that only ever panic (they return `!`): bounds checks, failed borrows, failed
// allocations, `unwrap` on `None`. A build may lack some of them.
const PANICKING = [
  /^core\[\w+\]::panicking::/,
  /^core\[\w+\]::slice::index::slice_\w*fail$/,
  /^core\[\w+\]::str::slice_error_fail$/,
  /^core\[\w+\]::(option|result)::(unwrap|expect)_failed$/,
  /^core\[\w+\]::cell::(lazy::)?panic_\w+$/,
  /^alloc\[\w+\]::raw_vec::(handle_error|capacity_overflow)$/,
  /^alloc\[\w+\]::alloc::handle_alloc_error$/,
  /^<alloc\[\w+\]::vec::Vec<_, _>>::\w+::assert_failed$/,
  /^std\[\w+\]::thread::local::panic_access_error$/,
  /std\[\w+\]::panicking::(panic_handler|begin_panic)::/, // the payloads' methods
];
// The formatting machinery: `core::fmt` and the formatting traits' implementations.
const FORMATTING = [
  /^<?core(\[\w+\])?::fmt::/,
  / as core(\[\w+\])?::fmt::(Display|Debug|Write|LowerHex|UpperHex)>::\w+/,
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

// A body with no locals whose only instruction is `unreachable`.
const TRAP = Buffer.from([3, 0, 0x00, 0x0b]);

const importedFunctions = countImportedFunctions(sections.find((s) => s.id === 2));
const names = functionNames(sections.find((s) => s.id === 0 && customName(s) === 'name'));
const targets = new Set();
const formatting = new Set();
for (const pattern of [...ENTRY_POINTS, ...PANICKING, ...FORMATTING]) {
  const found = [...names].filter(([, name]) => pattern.test(name));
  if (found.length === 0 && ENTRY_POINTS.includes(pattern)) {
    throw new Error(`trap-panics: no function matches ${pattern}`);
  }
  for (const [index] of found) {
    if (ENTRY_POINTS.includes(pattern) && traps(index - importedFunctions)) {
      throw new Error(`trap-panics: ${path} already traps its panics; rebuild with scripts/build-pkg.sh`);
    }
    targets.add(index - importedFunctions);
    if (FORMATTING.includes(pattern)) formatting.add(names.get(index));
  }
}
checkNothingElseFormats(names, importedFunctions);

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
console.log(`trap-panics: ${targets.size} panic and formatting functions trap at once in ${path}`);

// Whether the body of the defined function `i` is already TRAP (this script ran before).
function traps(i) {
  const code = sections.find((s) => s.id === 10);
  let [count, p] = readLeb(wasm, code.start);
  for (let n = 0; n < count; n++) {
    const [size, start] = readLeb(wasm, p);
    if (n === i) return wasm.subarray(p, start + size).equals(TRAP);
    p = start + size;
  }
  return false;
}

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
  if (!section) {
    throw new Error('trap-panics: the wasm file has no name section (already optimised by wasm-opt?); rebuild with scripts/build-pkg.sh');
  }
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


// Fails unless every direct call into the formatting machinery comes from a function that
// now traps: binaryen's disassembler lists each function's calls by name.
function checkNothingElseFormats(names, imported) {
  const trapping = new Set([...targets].map((i) => names.get(i + imported)));
  const text = execFileSync('wasm-dis', [path], { maxBuffer: 1 << 30, encoding: 'utf8' });
  const offenders = new Set();
  let current = null;
  for (const line of text.split('\n')) {
    const func = /^ \(func \$(?:"((?:[^"\\]|\\.)*)"|(\S+))/.exec(line);
    if (func) {
      current = unescape(func[1] ?? func[2]);
      continue;
    }
    const call = /\((?:return_)?call \$(?:"((?:[^"\\]|\\.)*)"|([^\s)]+))/.exec(line);
    if (call && current && !trapping.has(current) && formatting.has(unescape(call[1] ?? call[2]))) {
      offenders.add(current);
    }
  }
  if (offenders.size > 0) {
    throw new Error(`trap-panics: these format, so core::fmt must stay: ${[...offenders].join(', ')}`);
  }
}

// wasm-dis writes a name's bytes outside printable ASCII as \hh escapes.
function unescape(name) {
  return name.replace(/\\([0-9a-f]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
}
