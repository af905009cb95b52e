// The toolbar and notification icon, drawn at each size (no image file to keep in step):
// a blue disc with a white "run" triangle, as a PNG.
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (bytes) => {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

// Coverage of a pixel by the shape, sampled 4 by 4, for smooth edges.
function coverage(size, x, y, inside) {
  let hits = 0;
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) hits += inside((x + (i + 0.5) / 4) / size, (y + (j + 0.5) / 4) / size);
  return hits / 16;
}

const inDisc = (u, v) => (u - 0.5) ** 2 + (v - 0.5) ** 2 <= 0.48 ** 2;
// A triangle pointing right, its centre a little right of the disc's.
const inTriangle = (u, v) => u >= 0.38 && u <= 0.72 && Math.abs(v - 0.5) <= (0.72 - u) * 0.62;

export function icon(size) {
  const rows = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x++) {
      const disc = coverage(size, x, y, inDisc);
      const mark = coverage(size, x, y, inTriangle);
      const mix = (blue, white) => Math.round(blue + (white - blue) * mark);
      row.set([mix(0x0b, 255), mix(0x5c, 255), mix(0xad, 255), Math.round(255 * disc)], 1 + x * 4);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
