// Blanks, after wasm-opt, the texts in the wasm file's data that only panics read: the
// source paths of panic locations and the messages of the standard library's panics.
// scripts/trap-panics.mjs makes every panic trap before it formats anything, so these
// bytes are never read; wasm-opt cannot drop them, because they sit inside data segments
// among texts that are used. Zeros in their place keep every offset and compress to
// almost nothing (about 0.6 KB gzipped). Messages the wasm-bindgen runtime throws to
// JavaScript are not panics and stay.
// Usage: node blank-panic-data.mjs FILE.wasm
import { readFileSync, writeFileSync } from 'node:fs';
import { readLeb } from './wasm-leb.mjs';

// Read only by the formatting of a panic.
const PANIC_ONLY = [
  // Locations: `/rustc/HASH/library/...rs` and crate sources under the registry's index.
  /\/rustc\/[0-9a-f]{40}\/library\/[\w/.-]+?\.rs/g,
  /index\.crates\.io-[0-9a-f]+\/[\w.-]+\/src\/[\w/.-]+?\.rs/g,
  /(?<![\w/])src\/[\w/]+\.rs/g, // this crate's own
  /(?:slice index starts at |range end index | out of range for slice of length )/g,
  /copy_from_slice: source slice length \(|\) does not match destination slice length \(/g,
  /finish: (?:callbacks should be Some|result should be None)/g, // `expect`s of js-sys
  // The decimal digit pairs of `core::fmt`'s integers. (Not "0123456789ABCDEF": the
  // percent-encoding of src/core/path.rs has the same text.)
  /(?:0[0-9]|[1-9][0-9]){100}/g,
  /LazyCell instance has previously been poisoned/g,
  /RefCell already (mutably )?borrowed/g,
  /`async fn` resumed after completion/g,
  /assertion failed: self\.is_char_boundary\(new_len\)/g,
  /Tried to shrink to a larger capacity/g,
  /cannot access a Thread Local Storage value during or after destruction: /g,
  /index out of bounds: the len is /g,
  /internal error: entered unreachable code/g,
];

const file = process.argv[2];
const wasm = readFileSync(file);
// The data section (id 11).
let p = 8;
let blanked = 0;
while (p < wasm.length) {
  const id = wasm[p];
  const [size, start] = readLeb(wasm, p + 1);
  if (id === 11) {
    const text = wasm.toString('latin1', start, start + size);
    for (const pattern of PANIC_ONLY) {
      for (const match of text.matchAll(pattern)) {
        wasm.fill(0, start + match.index, start + match.index + match[0].length);
        blanked += match[0].length;
      }
    }
  }
  p = start + size;
}
if (!blanked) throw new Error(`blank-panic-data: no panic text found in ${file}; is the pattern list out of date?`);
writeFileSync(file, wasm);
console.log(`blank-panic-data: ${blanked} bytes of panic-only text blanked in ${file}`);
