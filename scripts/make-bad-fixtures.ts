/**
 * Builds the malformed-input fixtures of test/fixtures/bad/cases.json into test/fixtures/bad/generated/
 * (gitignored). Each case carries its recipe in `make` (one or more steps over a small generated sample),
 * so a new case needs no code unless it needs a new kind of step. Deterministic: the same recipe gives
 * the same bytes (the base sample is seeded; no timestamps).
 *
 *   npx tsx scripts/make-bad-fixtures.ts            # (re)build every case
 *   npx tsx scripts/make-bad-fixtures.ts --force    # rebuild the base sample too
 *
 * Base: `generateSample({ size: 256, seed: 11, tileSize: 64 })` → 4-band uint16 epochs and uint8 land use,
 * deflate + predictor 2, 4×4 tiles of 64 px, classic little-endian TIFF, EPSG:4549, no overviews.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BAD_DIR = path.join(repoRoot, 'test/fixtures/bad');
export const CASES_FILE = path.join(BAD_DIR, 'cases.json');
export const GENERATED_DIR = path.join(BAD_DIR, 'generated');

export type CaseUse = 'info' | 'detect' | 'layer';

/** One malformed-input case as written in cases.json. */
export interface BadCase {
  id: string;
  /** what the case is about, for people */
  what: string;
  use: CaseUse;
  /** generated file names, relative to generated/ ('base/…' for the untouched sample) */
  files: { a?: string; b?: string; file?: string; remap?: string };
  /** extra CLI arguments for detect */
  args?: string[];
  /** how to build `files` (each step writes one file) */
  make: Step[];
  /** 'error' (default): fails with `code`; 'ok': succeeds (detect); 'problems': a layer loads with per-feature problems */
  expect?: 'error' | 'ok' | 'problems';
  code: string | null;
  /** substrings the one-line message (or the problem list) must contain */
  message: string[];
  /** also submitted through the HTTP API */
  api?: boolean;
  /** expect 'ok': valid pixels of the summary must not exceed this */
  maxValidPixels?: number;
  /** expect 'problems': features that must survive */
  keptFeatures?: number;
  /** why the case cannot pass yet (the test marks it todo) */
  pending?: string;
}

type Step =
  | { op: 'copy'; from: string; to: string }
  | { op: 'truncate'; from: string; to: string; keepBytes?: number; keepFraction?: number }
  | { op: 'setTag'; from: string; to: string; tag: number; values: number[] }
  | { op: 'retag'; from: string; to: string; tag: number; newTag: number }
  | { op: 'tileByteCount'; from: string; to: string; tile: [number, number]; fraction: number }
  | { op: 'tileOffset'; from: string; to: string; tile: [number, number]; pastEofBytes?: number; intoTile?: [number, number]; plusBytes?: number }
  | { op: 'tileCorrupt'; from: string; to: string; tile: [number, number]; atByte: number; length: number; fill: number }
  | { op: 'tileBomb'; from: string; to: string; tile: [number, number]; inflatedBytes: number }
  | { op: 'ifdCount'; from: string; to: string; count: number }
  | { op: 'text'; to: string; text: string }
  | { op: 'craft'; to: string; tags: CraftTag[]; blocks?: CraftBlock[]; tiled?: boolean; offsetsOverride?: number[] }
  | { op: 'rewrite'; from: string; to: string; pixels?: 'same' | 'nan-inf' | 'all-nodata' | 'float32'; crop?: number; bands?: number; epsg?: number; shiftX?: number }
  | { op: 'geojson'; to: string; json: unknown }
  | { op: 'bigProperty'; to: string; chars: number; sparseTo?: number };

interface CraftTag {
  tag: number;
  type: 'byte' | 'ascii' | 'short' | 'long' | 'double';
  /** numbers; JSON has no NaN/Infinity, so those are written as the strings "NaN", "Infinity", "-Infinity" */
  values: Array<number | string> | string;
}

/** a block payload: `zeros` bytes of 0, deflated when `deflate` */
interface CraftBlock {
  zeros: number;
  deflate?: boolean;
}

export function loadCases(): BadCase[] {
  const parsed = JSON.parse(readFileSync(CASES_FILE, 'utf8')) as { cases?: unknown };
  if (!Array.isArray(parsed.cases)) throw new Error(`${CASES_FILE}: expected { "cases": [...] }`);
  return parsed.cases as BadCase[];
}

// ---------------------------------------------------------------- TIFF byte surgery (classic LE/BE)

interface Entry {
  /** byte position of the entry in the file */
  at: number;
  tag: number;
  type: number;
  count: number;
  /** absolute position of the first value (inline or not) */
  valuesAt: number;
  le: boolean;
}

const TYPE_SIZE = [0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4];

function entries(b: Uint8Array): Entry[] {
  const le = b[0] === 0x49;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (dv.getUint16(2, le) !== 42) throw new Error('only classic TIFF is patched here');
  const ifd = dv.getUint32(4, le);
  const n = dv.getUint16(ifd, le);
  const out: Entry[] = [];
  for (let i = 0; i < n; i++) {
    const at = ifd + 2 + i * 12;
    const type = dv.getUint16(at + 2, le);
    const count = dv.getUint32(at + 4, le);
    const bytes = (TYPE_SIZE[type] ?? 1) * count;
    out.push({ at, tag: dv.getUint16(at, le), type, count, valuesAt: bytes <= 4 ? at + 8 : dv.getUint32(at + 8, le), le });
  }
  return out;
}

function entry(b: Uint8Array, tag: number): Entry {
  const e = entries(b).find((x) => x.tag === tag);
  if (!e) throw new Error(`tag ${tag} not in the base file`);
  return e;
}

function readValue(b: Uint8Array, e: Entry, i: number): number {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return e.type === 3 ? dv.getUint16(e.valuesAt + 2 * i, e.le) : dv.getUint32(e.valuesAt + 4 * i, e.le);
}

function writeValue(b: Uint8Array, e: Entry, i: number, v: number): void {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (e.type === 3) dv.setUint16(e.valuesAt + 2 * i, v, e.le);
  else if (e.type === 4) dv.setUint32(e.valuesAt + 4 * i, v >>> 0, e.le);
  else if (e.type === 12) dv.setFloat64(e.valuesAt + 8 * i, v, e.le);
  else throw new Error(`tag ${e.tag}: field type ${e.type} is not patched here`);
}

function tileIndex(b: Uint8Array, tile: [number, number]): number {
  const width = readValue(b, entry(b, 256), 0);
  const tileWidth = readValue(b, entry(b, 322), 0);
  return tile[1] * Math.ceil(width / tileWidth) + tile[0];
}

// ---------------------------------------------------------------- steps

async function runStep(dir: string, s: Step): Promise<void> {
  const src = (): Uint8Array => new Uint8Array(readFileSync(path.join(dir, (s as { from: string }).from)));
  const out = path.join(dir, s.to);
  mkdirSync(path.dirname(out), { recursive: true });
  switch (s.op) {
    case 'copy':
      writeFileSync(out, src());
      return;
    case 'truncate': {
      const b = src();
      const keep = s.keepBytes ?? Math.floor(b.length * (s.keepFraction ?? 0.5));
      writeFileSync(out, b.subarray(0, keep));
      return;
    }
    case 'setTag': {
      const b = src();
      const e = entry(b, s.tag);
      if (s.values.length > e.count) throw new Error(`setTag ${s.tag}: ${s.values.length} values, the entry holds ${e.count}`);
      s.values.forEach((v, i) => writeValue(b, e, i, v));
      writeFileSync(out, b);
      return;
    }
    case 'retag': {
      // renumber the entry to a private tag: readers skip it, as if the tag were absent
      const b = src();
      const e = entry(b, s.tag);
      new DataView(b.buffer).setUint16(e.at, s.newTag, e.le);
      writeFileSync(out, b);
      return;
    }
    case 'tileByteCount': {
      const b = src();
      const counts = entry(b, 325);
      const i = tileIndex(b, s.tile);
      writeValue(b, counts, i, Math.max(1, Math.floor(readValue(b, counts, i) * s.fraction)));
      writeFileSync(out, b);
      return;
    }
    case 'tileOffset': {
      const b = src();
      const offsets = entry(b, 324);
      const i = tileIndex(b, s.tile);
      let v: number;
      if (s.pastEofBytes !== undefined) v = b.length + s.pastEofBytes;
      else if (s.intoTile) v = readValue(b, offsets, tileIndex(b, s.intoTile)) + (s.plusBytes ?? 0);
      else throw new Error('tileOffset needs pastEofBytes or intoTile');
      writeValue(b, offsets, i, v);
      writeFileSync(out, b);
      return;
    }
    case 'tileCorrupt': {
      const b = src();
      const at = readValue(b, entry(b, 324), tileIndex(b, s.tile)) + s.atByte;
      b.fill(s.fill, at, at + s.length);
      writeFileSync(out, b);
      return;
    }
    case 'tileBomb': {
      // a valid zlib stream of zeros appended to the file; the tile points at it
      const b = src();
      const bomb = deflateSync(new Uint8Array(s.inflatedBytes), { level: 9 });
      const grown = new Uint8Array(b.length + bomb.length);
      grown.set(b);
      grown.set(bomb, b.length);
      const i = tileIndex(grown, s.tile);
      writeValue(grown, entry(grown, 324), i, b.length);
      writeValue(grown, entry(grown, 325), i, bomb.length);
      writeFileSync(out, grown);
      return;
    }
    case 'ifdCount': {
      const b = src();
      const le = b[0] === 0x49;
      const dv = new DataView(b.buffer);
      dv.setUint16(dv.getUint32(4, le), s.count, le);
      writeFileSync(out, b);
      return;
    }
    case 'text':
      writeFileSync(out, s.text);
      return;
    case 'craft': {
      const { buildTiff } = await import('../src/raster/testing/build-tiff.ts');
      const blocks = (s.blocks ?? []).map((blk) => (blk.deflate ? new Uint8Array(deflateSync(new Uint8Array(blk.zeros))) : new Uint8Array(blk.zeros)));
      const tags = s.tags.map((t) => ({ ...t, values: typeof t.values === 'string' ? t.values : t.values.map(Number) }));
      writeFileSync(out, buildTiff({ tags, blocks, tiled: s.tiled, offsetsOverride: s.offsetsOverride }));
      return;
    }
    case 'rewrite':
      await rewrite(path.join(dir, s.from), out, s);
      return;
    case 'geojson':
      writeFileSync(out, `${JSON.stringify(s.json)}\n`);
      return;
    case 'bigProperty': {
      // one feature whose property string is `chars` long, written in chunks (never held whole)
      const head = '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"';
      const tail = '"},"geometry":{"type":"Polygon","coordinates":[[[114.2,30.5],[114.21,30.5],[114.21,30.51],[114.2,30.5]]]}}]}\n';
      writeFileSync(out, head);
      const chunk = 'x'.repeat(1 << 20);
      let left = s.chars;
      while (left > 0) {
        const n = Math.min(left, chunk.length);
        writeFileSync(out, n === chunk.length ? chunk : chunk.slice(0, n), { flag: 'a' });
        left -= n;
      }
      writeFileSync(out, tail, { flag: 'a' });
      // grow the file to `sparseTo` bytes without writing them (a hole): a size cap must refuse it unread
      if (s.sparseTo !== undefined) truncateSync(out, s.sparseTo);
      return;
    }
  }
}

/** Re-encodes a base raster with changed pixels or grid (via the product's own writer). */
async function rewrite(from: string, to: string, s: Extract<Step, { op: 'rewrite' }>): Promise<void> {
  const { openRaster, readWindow, writeTiff } = await import('../src/raster/index.ts');
  const src = await openRaster(from);
  const gt = src.geo.geoTransform;
  if (!gt) throw new Error(`${from}: no geotransform`);
  const size = s.crop ?? src.width;
  const bandCount = s.bands ?? src.bands;
  const bands = await readWindow(from, { x: 0, y: 0, width: size, height: size }, Array.from({ length: bandCount }, (_, i) => i));
  let sampleType = src.sampleType;
  let out: ArrayLike<number>[] = bands;
  if (s.pixels === 'float32' || s.pixels === 'nan-inf') {
    sampleType = 'float32';
    out = bands.map((b) => Float32Array.from(b as ArrayLike<number>));
    if (s.pixels === 'nan-inf') {
      // NaN stripes in band 1, ±Inf specks in band 2: not nodata in GDAL's sense (nodata stays 0)
      const f1 = out[0] as Float32Array;
      const f2 = out[1] as Float32Array;
      for (let y = 0; y < size; y++) {
        for (let x = 0; x < size; x++) {
          if (y % 16 < 2) f1[y * size + x] = Number.NaN;
          if ((x * 7 + y * 13) % 97 === 0) f2[y * size + x] = (x + y) % 2 === 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
        }
      }
    }
  } else if (s.pixels === 'all-nodata') {
    for (const b of bands) (b as Uint16Array).fill(src.nodata ?? 0);
  }
  await writeTiff(
    to,
    {
      width: size,
      height: size,
      bands: bandCount,
      sampleType,
      tileSize: src.blockWidth,
      compression: 'deflate',
      predictor: sampleType === 'float32' ? 1 : 2,
      nodata: src.nodata,
      epsg: s.epsg ?? src.geo.epsg,
      geographic: false,
      geoTransform: [gt[0] + (s.shiftX ?? 0), gt[1], gt[2], gt[3], gt[4], gt[5]],
      overviews: [],
    },
    out as Parameters<typeof writeTiff>[2],
  );
}

// ---------------------------------------------------------------- main

/** Builds the base sample (once) and every case's files. Returns the generated folder. */
export async function makeBadFixtures(opts: { force?: boolean; dir?: string } = {}): Promise<string> {
  const dir = opts.dir ?? GENERATED_DIR;
  const base = path.join(dir, 'base');
  if (opts.force) rmSync(dir, { recursive: true, force: true });
  if (!existsSync(path.join(base, 'manifest.json'))) {
    const { generateSample } = await import('../src/sample/index.ts');
    await generateSample({ outDir: base, size: 256, seed: 11, tileSize: 64 });
  }
  for (const c of loadCases()) {
    for (const step of c.make) await runStep(dir, step);
  }
  // a symlink to a directory where a file is expected, for the "not a regular file" case
  const link = path.join(dir, 'dir-as-file.tif');
  if (!existsSync(link)) symlinkSync('base', link);
  return dir;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = await makeBadFixtures({ force: process.argv.includes('--force') });
  process.stdout.write(`bad-input fixtures written to ${dir}\n`);
}
