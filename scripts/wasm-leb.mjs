// Unsigned LEB128, the integer encoding of the wasm binary format, for the post-build
// steps that edit the wasm file (short-imports.mjs, trap-panics.mjs).

/** Reads the number at `p`: `[value, position after it]`. */
export function readLeb(buf, p) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = buf[p++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, p];
  }
}

/** The bytes of `value`. */
export function leb(value) {
  const bytes = [];
  do {
    let byte = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    bytes.push(byte);
  } while (value > 0);
  return Buffer.from(bytes);
}
