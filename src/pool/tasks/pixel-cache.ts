import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { bytesPerSample, newPixelArray, pixelView } from '../../raster/sample-type.ts';
import type { PixelArray, PixelWindow, WindowRead } from '../../raster/raster-types.ts';
import type { PixelCacheEntry, PixelCacheRef } from '../messages.ts';

type Side = Pick<WindowRead, 'bands' | 'sampleType'>;

/**
 * The pixel cache: what the first decoding pass read over one cell (a statistics unit or a tile) — the
 * joint valid mask, then epoch A's bands, then epoch B's, each row-major and 8-byte aligned — written at
 * the cell's fixed offset, so later passes read plain bytes instead of inflating the imagery again. The
 * CRC32 of an entry is kept in its checkpoint; entries a resumed run inherits are checked against it.
 */
export function pixelCacheBytes(a: Side, b: Side, pixels: number): number {
  return aligned(pixels) + a.bands.length * aligned(pixels * bytesPerSample(a.sampleType)) + b.bands.length * aligned(pixels * bytesPerSample(b.sampleType));
}

function aligned(bytes: number): number {
  return Math.ceil(bytes / 8) * 8;
}

/**
 * Writes one entry and returns its CRC32, or null when the write fails (disk full, file removed): the cache
 * is a speed-up, so a failed entry is simply not recorded and the next pass decodes that cell again.
 */
export function writePixelCache(ref: PixelCacheRef, valid: Uint8Array, a: readonly PixelArray[], b: readonly PixelArray[]): number | null {
  try {
    return writeEntry(ref, valid, a, b);
  } catch {
    return null;
  }
}

function writeEntry(ref: PixelCacheRef, valid: Uint8Array, a: readonly PixelArray[], b: readonly PixelArray[]): number {
  const fd = openSync(ref.path, 'r+');
  let crc = 0;
  let at = ref.offset;
  try {
    for (const section of [valid, ...a, ...b]) {
      const bytes = new Uint8Array(section.buffer, section.byteOffset, section.byteLength);
      for (let done = 0; done < bytes.byteLength; ) done += writeSync(fd, bytes, done, bytes.byteLength - done, at + done);
      crc = crc32(bytes, crc);
      at += aligned(bytes.byteLength);
    }
  } finally {
    closeSync(fd);
  }
  return crc;
}

/**
 * Both epochs and their valid mask over `window`, assembled from the entries that cover it (views into the
 * read buffer when one entry is exactly the window), or null when an entry is missing, short or fails its
 * CRC — the caller then decodes the imagery.
 */
export function readPixelCache(
  path: string,
  entries: readonly PixelCacheEntry[],
  window: PixelWindow,
  a: Side,
  b: Side,
): { a: PixelArray[]; b: PixelArray[]; valid: Uint8Array } | null {
  try {
    return readEntries(path, entries, window, a, b);
  } catch {
    // an I/O error reading the cache: decode instead, as for a missing entry
    return null;
  }
}

function readEntries(
  path: string,
  entries: readonly PixelCacheEntry[],
  window: PixelWindow,
  a: Side,
  b: Side,
): { a: PixelArray[]; b: PixelArray[]; valid: Uint8Array } | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    const n = window.width * window.height;
    const whole = entries.length === 1 && sameWindow(entries[0].window, window);
    const out = whole ? null : { valid: new Uint8Array(n), a: a.bands.map(() => newPixelArray(a.sampleType, n)), b: b.bands.map(() => newPixelArray(b.sampleType, n)) };
    const size = fstatSync(fd).size;
    for (const e of entries) {
      const un = e.window.width * e.window.height;
      const bytes = pixelCacheBytes(a, b, un);
      if (size < e.offset + bytes) return null;
      const ry0 = Math.max(window.y, e.window.y) - e.window.y;
      const ry1 = Math.min(window.y + window.height, e.window.y + e.window.height) - e.window.y;
      if (out && !e.verify && ry1 - ry0 < e.window.height) {
        // a neighbour's entry lending a few rows of halo: read just those rows of each section
        if (!readRows(fd, e, ry0, ry1, a, b, out, window)) return null;
        continue;
      }
      const buf = new Uint8Array(bytes);
      if (!preadFully(fd, buf, e.offset)) return null;
      const sections = split(buf, un, a, b);
      if (e.verify && sectionsCrc(sections) !== e.crc) return null;
      if (!out) return { valid: sections.valid, a: sections.a, b: sections.b };
      cropInto(sections.valid, e.window, out.valid, window);
      sections.a.forEach((band, k) => cropInto(band, e.window, out.a[k], window));
      sections.b.forEach((band, k) => cropInto(band, e.window, out.b[k], window));
    }
    return out;
  } finally {
    closeSync(fd);
  }
}

/** Rows [ry0, ry1) of every section of entry `e`, cropped into `out`; false when the file is short. */
function readRows(
  fd: number,
  e: PixelCacheEntry,
  ry0: number,
  ry1: number,
  a: Side,
  b: Side,
  out: { valid: Uint8Array; a: PixelArray[]; b: PixelArray[] },
  window: PixelWindow,
): boolean {
  const w = e.window.width;
  const un = w * e.window.height;
  const from = { x: e.window.x, y: e.window.y + ry0, width: w, height: ry1 - ry0 };
  let sectionAt = e.offset;
  const take = (type: Side['sampleType'], dst: PixelArray): boolean => {
    const bps = bytesPerSample(type);
    const len = from.width * from.height * bps;
    const buf = new Uint8Array(len);
    if (!preadFully(fd, buf, sectionAt + ry0 * w * bps)) return false;
    cropInto(pixelView(type, buf.buffer, 0, from.width * from.height), from, dst, window);
    sectionAt += aligned(un * bps);
    return true;
  };
  if (!take('uint8', out.valid)) return false;
  for (let k = 0; k < a.bands.length; k++) if (!take(a.sampleType, out.a[k])) return false;
  for (let k = 0; k < b.bands.length; k++) if (!take(b.sampleType, out.b[k])) return false;
  return true;
}

/** Fills `buf` from `position`; false when the file ends first. */
function preadFully(fd: number, buf: Uint8Array, position: number): boolean {
  for (let got = 0; got < buf.length; ) {
    const r = readSync(fd, buf, got, buf.length - got, position + got);
    if (r === 0) return false;
    got += r;
  }
  return true;
}

function split(buf: Uint8Array, n: number, a: Side, b: Side): { valid: Uint8Array; a: PixelArray[]; b: PixelArray[] } {
  let at = aligned(n);
  const bands = (side: Side) =>
    side.bands.map(() => {
      const v = pixelView(side.sampleType, buf.buffer, at, n);
      at += aligned(n * bytesPerSample(side.sampleType));
      return v;
    });
  const valid = buf.subarray(0, n);
  const outA = bands(a);
  return { valid, a: outA, b: bands(b) };
}

function sectionsCrc(s: { valid: Uint8Array; a: PixelArray[]; b: PixelArray[] }): number {
  let crc = 0;
  for (const section of [s.valid, ...s.a, ...s.b]) crc = crc32(new Uint8Array(section.buffer, section.byteOffset, section.byteLength), crc);
  return crc;
}

function sameWindow(p: PixelWindow, q: PixelWindow): boolean {
  return p.x === q.x && p.y === q.y && p.width === q.width && p.height === q.height;
}

/** Copies the part of `src` (over `from`) that falls inside `to` into `dst` (over `to`). */
function cropInto(src: PixelArray, from: PixelWindow, dst: PixelArray, to: PixelWindow): void {
  const x0 = Math.max(from.x, to.x);
  const x1 = Math.min(from.x + from.width, to.x + to.width);
  const y0 = Math.max(from.y, to.y);
  const y1 = Math.min(from.y + from.height, to.y + to.height);
  if (x0 >= x1 || y0 >= y1) return;
  for (let y = y0; y < y1; y++) {
    const s = (y - from.y) * from.width + (x0 - from.x);
    (dst as Uint8Array).set((src as Uint8Array).subarray(s, s + (x1 - x0)), (y - to.y) * to.width + (x0 - to.x));
  }
}
