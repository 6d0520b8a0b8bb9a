import { mkdtempSync, openSync, closeSync, ftruncateSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pixelCacheBytes, readPixelCache, writePixelCache } from './pixel-cache.ts';

const A = { bands: [0, 1], sampleType: 'uint16' as const };
const B = { bands: [0], sampleType: 'uint8' as const };

/** Two 5×3 cells side by side (x 0–4 and 5–9), each with valid, two uint16 bands of A and one uint8 band of B. */
function makeCache() {
  const path = join(mkdtempSync(join(tmpdir(), 'lw-pxc-')), 'cache.bin');
  const size = pixelCacheBytes(A, B, 15);
  const fd = openSync(path, 'w');
  ftruncateSync(fd, 2 * size);
  closeSync(fd);
  const cells = [0, 1].map((c) => {
    const window = { x: c * 5, y: 0, width: 5, height: 3 };
    const at = (k: number, i: number) => c * 1000 + k * 100 + i;
    const valid = Uint8Array.from({ length: 15 }, (_, i) => (i % 4 === 0 ? 0 : 1));
    const a = [Uint16Array.from({ length: 15 }, (_, i) => at(1, i)), Uint16Array.from({ length: 15 }, (_, i) => at(2, i))];
    const b = [Uint8Array.from({ length: 15 }, (_, i) => (c * 50 + i) & 255)];
    const crc = writePixelCache({ path, offset: c * size }, valid, a, b);
    expect(crc).not.toBeNull();
    return { window, valid, a, b, entry: { window, offset: c * size, crc: crc as number, verify: true } };
  });
  return { path, size, cells };
}

describe('pixel cache', () => {
  it('gives back an entry as written (odd-length uint8 sections stay aligned for the uint16 ones)', () => {
    const { path, cells } = makeCache();
    const got = readPixelCache(path, [cells[1].entry], cells[1].window, A, B);
    expect(got?.valid).toEqual(cells[1].valid);
    expect(got?.a).toEqual(cells[1].a);
    expect(got?.b).toEqual(cells[1].b);
  });

  it('assembles a window across entries, reading partial rows of a neighbour', () => {
    const { path, cells } = makeCache();
    const window = { x: 3, y: 1, width: 4, height: 2 }; // columns 3–6, rows 1–2
    const got = readPixelCache(path, cells.map((c) => ({ ...c.entry, verify: false })), window, A, B);
    const want = (c: number, x: number, y: number) => cells[c].a[0][y * 5 + x];
    expect(Array.from(got?.a[0] ?? [])).toEqual([want(0, 3, 1), want(0, 4, 1), want(1, 0, 1), want(1, 1, 1), want(0, 3, 2), want(0, 4, 2), want(1, 0, 2), want(1, 1, 2)]);
  });

  it('refuses a damaged inherited entry and any unreadable cache (the task then decodes)', () => {
    const { path, size, cells } = makeCache();
    const fd = openSync(path, 'r+');
    writeSync(fd, Uint8Array.of(0xee), 0, 1, size + 20);
    closeSync(fd);
    expect(readPixelCache(path, [cells[1].entry], cells[1].window, A, B)).toBeNull();
    expect(readPixelCache(path, [cells[0].entry], cells[0].window, A, B)).not.toBeNull();
    expect(readPixelCache(`${path}.missing`, [cells[0].entry], cells[0].window, A, B)).toBeNull();
    expect(readPixelCache(path, [{ ...cells[1].entry, offset: 10 * size }], cells[1].window, A, B)).toBeNull();
    expect(writePixelCache({ path: `${path}.gone/x.bin`, offset: 0 }, cells[0].valid, cells[0].a, cells[0].b)).toBeNull();
  });
});
