import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../util/prng.ts';
import { RasterError } from './raster-error.ts';
import type { GeoTransform, PixelArray, SampleType } from './raster-types.ts';
import { createTiffWriter, writeTiff, type TiffWriterOptions } from './tiff-writer.ts';
import { SAMPLE_INFO } from './tiff-writer-options.ts';

const hasGdal = spawnSync('gdalinfo', ['--version']).status === 0;
/** python3 on PATH may be a pyenv without GDAL's bindings; the Debian one has them */
const pythonWithGdal = ['python3', '/usr/bin/python3'].find(
  (py) => spawnSync(py, ['-c', 'from osgeo import gdal'], { stdio: 'ignore' }).status === 0,
);
const validator = [
  '/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_cloud_optimized_geotiff.py',
  '/usr/share/doc/python3-gdal/examples/validate_cloud_optimized_geotiff.py',
].find((p) => existsSync(p));

const work = mkdtempSync(path.join(tmpdir(), 'tiff-writer-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let serial = 0;
const freshDir = (): string => mkdtempSync(path.join(work, `${serial++}-`));

const GT_PROJECTED: GeoTransform = [500000, 2, 0, 3400000, 0, -2];
const GT_GEOGRAPHIC: GeoTransform = [120.5, 0.0001, 0, 31.25, 0, -0.0001];

/** Seeded band-sequential bands covering the type's range, with smooth and noisy parts. */
function makeBands(type: SampleType, bands: number, width: number, height: number, seed: number): PixelArray[] {
  const rnd = mulberry32(seed);
  const info = SAMPLE_INFO[type];
  const out: PixelArray[] = [];
  for (let b = 0; b < bands; b++) {
    const a = new info.ctor(width * height);
    for (let i = 0; i < a.length; i++) {
      const x = i % width;
      const y = (i - x) / width;
      const smooth = Math.sin(x / 37 + b) * Math.cos(y / 23);
      if (info.format === 3) a[i] = smooth * 1000 + (rnd() < 0.1 ? rnd() * 1e6 : 0);
      else a[i] = rnd() < 0.02 ? info.min + Math.floor(rnd() * (info.max - info.min + 1)) : Math.round((smooth + 1) * 60 + b);
    }
    if (info.format === 3) a[5] = Number.NaN;
    else {
      a[0] = info.min;
      a[1] = info.max;
    }
    out.push(a);
  }
  return out;
}

function bytesOf(bands: PixelArray[]): Buffer {
  return Buffer.concat(bands.map((b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength)));
}

/** Raw band-sequential pixels as GDAL reads them (ENVI BSQ is headerless; its default follows the source, BIP here). */
function gdalRaw(file: string, extra: string[] = []): Buffer {
  const out = `${file}.${serial++}.raw`;
  execFileSync('gdal_translate', ['-q', '-of', 'ENVI', '-co', 'INTERLEAVE=BSQ', ...extra, file, out], { stdio: ['ignore', 'ignore', 'pipe'] });
  const raw = readFileSync(out);
  rmSync(out);
  rmSync(out.replace(/\.raw$/, '.hdr'), { force: true });
  rmSync(`${out}.aux.xml`, { force: true });
  return raw;
}

interface GdalInfo {
  json: {
    size: [number, number];
    geoTransform?: number[];
    coordinateSystem?: { wkt: string };
    metadata: Record<string, Record<string, string>>;
    bands: Array<{
      type: string;
      block: [number, number];
      noDataValue?: number | string;
      description?: string;
      colorInterpretation?: string;
      overviews?: Array<{ size: [number, number] }>;
    }>;
  };
  stderr: string;
}

function gdalInfo(file: string): GdalInfo {
  const r = spawnSync('gdalinfo', ['-json', file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`gdalinfo failed: ${r.stderr}`);
  return { json: JSON.parse(r.stdout) as GdalInfo['json'], stderr: r.stderr };
}

const GDAL_TYPE: Record<SampleType, string> = {
  uint8: 'Byte', int8: 'Byte', uint16: 'UInt16', int16: 'Int16', uint32: 'UInt32', int32: 'Int32',
  float32: 'Float32', float64: 'Float64',
};

describe.skipIf(!hasGdal)('writeTiff round trip through GDAL', () => {
  const types: SampleType[] = ['uint8', 'int8', 'uint16', 'int16', 'uint32', 'int32', 'float32', 'float64'];
  const cases = types.flatMap((type, t) => [1, 4].map((bands, k) => ({ type, bands, geographic: (t + k) % 2 === 1 })));
  it.each(cases)('$type × $bands bands (geographic: $geographic)', async ({ type, bands, geographic }) => {
    const W = 1000;
    const H = 777;
    const info = SAMPLE_INFO[type];
    const isFloat = info.format === 3;
    const data = makeBands(type, bands, W, H, 7 + bands);
    const nodata = isFloat ? (bands === 1 ? Number.NaN : -9999) : info.min;
    const predictor = isFloat ? (bands === 1 ? 3 : 1) : type === 'uint16' ? 1 : 2;
    const file = path.join(freshDir(), `${type}-${bands}.tif`);
    const opts: TiffWriterOptions = {
      width: W, height: H, bands, sampleType: type, tileSize: 256, predictor, nodata,
      epsg: geographic ? 4490 : 4549, geoTransform: geographic ? GT_GEOGRAPHIC : GT_PROJECTED,
      overviews: type === 'uint8' ? 'auto' : [],
    };
    await writeTiff(file, opts, data);

    expect(gdalRaw(file).equals(bytesOf(data))).toBe(true);
    const { json, stderr } = gdalInfo(file);
    expect(stderr).toBe('');
    expect(json.size).toEqual([W, H]);
    expect(json.metadata.IMAGE_STRUCTURE.COMPRESSION).toBe('DEFLATE');
    expect(json.metadata.IMAGE_STRUCTURE.PREDICTOR ?? '1').toBe(String(predictor));
    expect(json.metadata.IMAGE_STRUCTURE.INTERLEAVE).toBe(bands === 1 ? 'BAND' : 'PIXEL');
    expect(json.coordinateSystem?.wkt.endsWith(`ID["EPSG",${geographic ? 4490 : 4549}]]`)).toBe(true);
    expect(json.geoTransform).toEqual(geographic ? GT_GEOGRAPHIC : GT_PROJECTED);
    expect(json.bands).toHaveLength(bands);
    for (const band of json.bands) {
      expect(band.type).toBe(GDAL_TYPE[type]);
      expect(band.block).toEqual([256, 256]);
      if (Number.isNaN(nodata)) expect(band.noDataValue).toBe('NaN');
      else expect(band.noDataValue).toBe(nodata);
    }
    if (type === 'int8') expect(json.bands[0].type).toBe('Byte'); // GDAL 3.6 has no Int8; bytes compared above
  });

  it('writes uncompressed tiles, metadata, band descriptions and RGB photometric', async () => {
    const data = makeBands('uint8', 4, 300, 200, 3);
    const file = path.join(freshDir(), 'rgb.tif');
    await writeTiff(file, {
      width: 300, height: 200, bands: 4, sampleType: 'uint8', tileSize: 128, compression: 'none',
      photometric: 'rgb', metadata: { SOURCE: 'a<b & "c"', EPOCH: '2024' },
      bandDescriptions: ['red', 'green', 'blue', 'nir & <ir>'],
    }, data);
    expect(gdalRaw(file).equals(bytesOf(data))).toBe(true);
    const { json, stderr } = gdalInfo(file);
    expect(stderr).toBe('');
    expect(json.metadata.IMAGE_STRUCTURE.COMPRESSION).toBeUndefined();
    expect(json.metadata[''].SOURCE).toBe('a<b & "c"');
    expect(json.metadata[''].EPOCH).toBe('2024');
    expect(json.bands.map((b) => b.description)).toEqual(['red', 'green', 'blue', 'nir & <ir>']);
    expect(json.bands.map((b) => b.colorInterpretation)).toEqual(['Red', 'Green', 'Blue', 'Undefined']);
    expect(json.geoTransform).toBeUndefined();
  });

  it('writes BigTIFF when forced, and GDAL reads it back', async () => {
    const data = makeBands('int16', 2, 530, 270, 5);
    const file = path.join(freshDir(), 'big.tif');
    await writeTiff(file, { width: 530, height: 270, bands: 2, sampleType: 'int16', tileSize: 128, bigTiff: true, nodata: -1, epsg: 4549, geoTransform: GT_PROJECTED }, data);
    expect(readFileSync(file).readUInt16LE(2)).toBe(43);
    expect(gdalRaw(file).equals(bytesOf(data))).toBe(true);
    expect(gdalRaw(file, ['-oo', 'OVERVIEW_LEVEL=0']).length).toBe(265 * 135 * 2 * 2);
    const { json, stderr } = gdalInfo(file);
    expect(stderr).toBe('');
    expect(json.bands[0].overviews?.map((o) => o.size)).toEqual([[265, 135], [132, 67], [66, 33]]);
  });

  it('writes a rotated geotransform as ModelTransformation', async () => {
    const gt: GeoTransform = [500000, 2, 0.5, 3400000, 0.25, -2];
    const file = path.join(freshDir(), 'rot.tif');
    await writeTiff(file, { width: 40, height: 30, bands: 1, sampleType: 'uint8', tileSize: 16, epsg: 4549, geoTransform: gt }, makeBands('uint8', 1, 40, 30, 1));
    expect(gdalInfo(file).json.geoTransform).toEqual(gt);
  });
});

describe.skipIf(!hasGdal || pythonWithGdal === undefined)('COG structure and overviews', () => {
  const W = 1000;
  const H = 777;

  function validate(file: string): string {
    const r = spawnSync(pythonWithGdal ?? 'python3', [validator ?? '', '--full-check=yes', file], { encoding: 'utf8' });
    return `${r.stdout}${r.stderr}|status=${r.status}`;
  }

  /** Overview `level` (0 = largest) of our file vs the one GDAL's COG driver computes from our full resolution. */
  function compareWithGdal(file: string, resampling: string, levels: number): void {
    const ref = path.join(path.dirname(file), `ref-${resampling}.tif`);
    execFileSync('gdal_translate', ['-q', '-of', 'COG', '-co', 'BLOCKSIZE=256', '-co', `RESAMPLING=${resampling}`,
      '-co', 'OVERVIEWS=IGNORE_EXISTING', file, ref], { stdio: ['ignore', 'ignore', 'pipe'] });
    for (let k = 0; k < levels; k++) {
      const ours = gdalRaw(file, ['-oo', `OVERVIEW_LEVEL=${k}`]);
      const theirs = gdalRaw(ref, ['-oo', `OVERVIEW_LEVEL=${k}`]);
      expect(ours.length).toBe(theirs.length);
      let diff = 0;
      for (let i = 0; i < ours.length; i++) if (ours[i] !== theirs[i]) diff++;
      expect({ level: k, diff }).toEqual({ level: k, diff: 0 });
    }
  }

  it.skipIf(validator === undefined)('passes validate_cloud_optimized_geotiff.py with GDAL-sized overviews', async () => {
    const file = path.join(freshDir(), 'cog.tif');
    await writeTiff(file, { width: W, height: H, bands: 3, sampleType: 'uint16', tileSize: 256, epsg: 4549, geoTransform: GT_PROJECTED }, makeBands('uint16', 3, W, H, 11));
    const report = validate(file);
    expect(report).toContain('is a valid cloud optimized GeoTIFF');
    expect(report).not.toContain('warning');
    expect(report).toContain('status=0');
    const { json, stderr } = gdalInfo(file);
    expect(stderr).toBe('');
    expect(json.metadata.IMAGE_STRUCTURE.LAYOUT).toBe('COG');
    // GDAL's COG driver halves (floor) until the level fits in one tile
    expect(json.bands[0].overviews?.map((o) => o.size)).toEqual([[500, 388], [250, 194]]);
  });

  it('nearest overviews equal GDAL COG RESAMPLING=NEAREST', async () => {
    const file = path.join(freshDir(), 'near.tif');
    await writeTiff(file, { width: W, height: H, bands: 3, sampleType: 'uint8', tileSize: 256 }, makeBands('uint8', 3, W, H, 12));
    compareWithGdal(file, 'NEAREST', 2);
  });

  it('nearest overviews follow explicit factors, cascading floor(i·r + 0.5)', async () => {
    const w = 301;
    const h = 203;
    const data = makeBands('int16', 1, w, h, 4);
    const file = path.join(freshDir(), 'factors.tif');
    await writeTiff(file, { width: w, height: h, bands: 1, sampleType: 'int16', tileSize: 32, overviews: [3, 9] }, data);
    let src = data[0] as Int16Array;
    let sw = w;
    let sh = h;
    for (const [k, f] of [3, 9].entries()) {
      const dw = Math.floor(w / f);
      const dh = Math.floor(h / f);
      const expected = new Int16Array(dw * dh);
      for (let y = 0; y < dh; y++) {
        for (let x = 0; x < dw; x++) {
          const sx = Math.min(sw - 1, Math.floor(x * (sw / dw) + 0.5));
          const sy = Math.min(sh - 1, Math.floor(y * (sh / dh) + 0.5));
          expected[y * dw + x] = src[sy * sw + sx];
        }
      }
      expect(gdalRaw(file, ['-oo', `OVERVIEW_LEVEL=${k}`]).equals(Buffer.from(expected.buffer))).toBe(true);
      [src, sw, sh] = [expected, dw, dh];
    }
  });

  for (const pattern of ['noise', 'patches'] as const) {
    it(`mode overviews of categorical codes (${pattern}) with nodata equal GDAL COG RESAMPLING=MODE`, async () => {
      const rnd = mulberry32(99);
      const codes = new Uint8Array(W * H);
      for (let i = 0; i < codes.length; i++) {
        // patches: uniform 8×8 blocks (the 2×2 fast path) with 10 % speckle; 0 is nodata
        const block = (Math.floor((i % W) / 8) + Math.floor(i / W / 8)) % 5;
        codes[i] = pattern === 'noise' || rnd() < 0.1 ? Math.floor(rnd() * 5) : block;
      }
      const file = path.join(freshDir(), `mode-${pattern}.tif`);
      await writeTiff(file, { width: W, height: H, bands: 1, sampleType: 'uint8', tileSize: 256, nodata: 0, overviewResampling: 'mode' }, [codes]);
      compareWithGdal(file, 'MODE', 2);
    });
  }

  it('average overviews equal GDAL COG RESAMPLING=AVERAGE', async () => {
    const file = path.join(freshDir(), 'avg.tif');
    const w = 1001;
    const h = 779;
    const data = makeBands('uint8', 2, w, h, 13);
    await writeTiff(file, { width: w, height: h, bands: 2, sampleType: 'uint8', tileSize: 256, nodata: 255, overviewResampling: 'average' }, data);
    compareWithGdal(file, 'AVERAGE', 2);
  });
});

describe('createTiffWriter', () => {
  const W = 700;
  const H = 333;
  const T = 128;
  const opts: TiffWriterOptions = { width: W, height: H, bands: 2, sampleType: 'int16', tileSize: T, nodata: -32768, epsg: 4549, geoTransform: GT_PROJECTED };
  const data = makeBands('int16', 2, W, H, 21);
  const across = Math.ceil(W / T);
  const down = Math.ceil(H / T);

  function tileOf(col: number, row: number): Int16Array[] {
    const w = Math.min(T, W - col * T);
    const h = Math.min(T, H - row * T);
    return data.map((band) => {
      const out = new Int16Array(w * h);
      for (let y = 0; y < h; y++) out.set(band.subarray((row * T + y) * W + col * T, (row * T + y) * W + col * T + w), y * w);
      return out;
    });
  }

  it('gives the same bytes for tiles in random order as writeTiff in order, leaving no temp files', async () => {
    const dir = freshDir();
    await writeTiff(path.join(dir, 'a.tif'), opts, data);
    const order: Array<[number, number]> = [];
    for (let r = 0; r < down; r++) for (let c = 0; c < across; c++) order.push([c, r]);
    const rnd = mulberry32(5);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    const writer = await createTiffWriter(path.join(dir, 'b.tif'), opts);
    const writes: Promise<void>[] = [];
    for (const [c, r] of order) {
      const bands = tileOf(c, r);
      const before = bands.map((b) => b.slice());
      writes.push(writer.writeTile(c, r, bands));
      expect(bands).toEqual(before); // predictor works on a scratch copy
    }
    await Promise.all(writes);
    await writer.close();
    expect(readFileSync(path.join(dir, 'b.tif')).equals(readFileSync(path.join(dir, 'a.tif')))).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['a.tif', 'b.tif']);
  });

  it('rebuilds overviews when a tile is written again while or after they are built from it', async () => {
    const dir = freshDir();
    await writeTiff(path.join(dir, 'a.tif'), opts, data);
    const expected = readFileSync(path.join(dir, 'a.tif'));
    const other = (c: number, r: number) => tileOf(c, r).map((b) => b.map((v) => v ^ 7));
    for (const [seed, pauseMs] of [[9, 0], [10, 3], [11, 40]]) {
      const rnd = mulberry32(seed);
      const writer = await createTiffWriter(path.join(dir, `b${seed}.tif`), opts);
      // every tile first with other content (overview tiles get built from it), then the real content, shuffled
      for (let r = 0; r < down; r++) for (let c = 0; c < across; c++) await writer.writeTile(c, r, other(c, r));
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
      const order: Array<[number, number]> = [];
      for (let r = 0; r < down; r++) for (let c = 0; c < across; c++) order.push([c, r]);
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(rnd() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
      for (const [c, r] of order) await writer.writeTile(c, r, tileOf(c, r));
      await writer.close();
      expect(readFileSync(path.join(dir, `b${seed}.tif`)).equals(expected)).toBe(true);
    }
  });

  it.skipIf(!hasGdal)('fills tiles never written with nodata', async () => {
    const file = path.join(freshDir(), 'sparse.tif');
    const writer = await createTiffWriter(file, { ...opts, overviews: [] });
    await writer.writeTile(1, 1, tileOf(1, 1));
    await writer.close();
    const raw = gdalRaw(file);
    const band0 = new Int16Array(raw.buffer, raw.byteOffset, W * H);
    expect(band0[0]).toBe(-32768);
    expect(band0[(H - 1) * W + W - 1]).toBe(-32768);
    expect(band0[T * W + T]).toBe(data[0][T * W + T]);
  });

  it('rejects wrong band counts, sizes, types and tile positions with E_RASTER_WRITE naming the tile', async () => {
    const dir = freshDir();
    const writer = await createTiffWriter(path.join(dir, 'bad.tif'), opts);
    const edge = tileOf(across - 1, down - 1);
    const attempts: Array<[number, number, PixelArray[], RegExp]> = [
      [0, 0, [edge[0]], /tile 0,0: 1 bands given, expected 2/],
      [across - 1, down - 1, [edge[0], new Int16Array(T * T)], /tile 5,2: band 2 has 16384 samples, expected 60×77/],
      [across - 1, down - 1, [edge[0], new Uint16Array(edge[1].length)], /tile 5,2: band 2 is not a Int16Array/],
      [across, 0, edge, /tile 6,0: outside the 6×3 tile grid/],
    ];
    for (const [c, r, bands, message] of attempts) {
      const err: unknown = await writer.writeTile(c, r, bands).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RasterError);
      expect((err as RasterError).code).toBe('E_RASTER_WRITE');
      expect((err as RasterError).message).toMatch(message);
      expect((err as RasterError).details.file).toBe(path.join(dir, 'bad.tif'));
    }
    await writer.abort();
    expect(readdirSync(dir)).toEqual([]);
    await expect(writer.writeTile(0, 0, tileOf(0, 0))).rejects.toThrow(/writer is aborted/);
  });

  it('rejects bad options before creating any file', async () => {
    const dir = freshDir();
    const bad: Array<Partial<TiffWriterOptions>> = [
      { tileSize: 100 },
      { predictor: 3 },
      { nodata: 40000 },
      { photometric: 'rgb' },
      { overviews: [4, 2] },
    ];
    for (const b of bad) {
      await expect(createTiffWriter(path.join(dir, 'x.tif'), { ...opts, ...b })).rejects.toMatchObject({ code: 'E_RASTER_WRITE' });
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it('abort after some tiles removes the spool and never creates the final file', async () => {
    const dir = freshDir();
    const writer = await createTiffWriter(path.join(dir, 'c.tif'), opts);
    await writer.writeTile(0, 0, tileOf(0, 0));
    expect(readdirSync(dir).some((f) => f.startsWith('c.tif.tmp-'))).toBe(true);
    await writer.abort();
    expect(readdirSync(dir)).toEqual([]);
  });
});

// h18: a CRS without an EPSG code (GDAL writes its parameters as GeoKeys) must survive into our outputs
describe.skipIf(!hasGdal)('writeTiff with a user-defined CRS (geoKeys)', () => {
  it.each([
    ['tmerc on GRS80', '+proj=tmerc +lat_0=0 +lon_0=120 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs'],
    ['cea (EASE-Grid 2 style)', '+proj=cea +lat_ts=30 +lon_0=0 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs'],
    ['lcc on Krassovsky', '+proj=lcc +lat_0=20 +lon_0=105 +lat_1=25 +lat_2=47 +x_0=100 +y_0=200 +ellps=krass +units=m +no_defs'],
  ])('%s: GDAL reads back the same CRS', async (_label, def) => {
    const dir = freshDir();
    const ref = path.join(dir, 'ref.tif');
    const src0 = path.join(dir, 'src0.tif');
    await writeTiff(src0, { width: 8, height: 8, bands: 1, sampleType: 'uint8', tileSize: 16, geoTransform: GT_PROJECTED }, [new Uint8Array(64)]);
    execFileSync('gdal_translate', ['-q', '-a_srs', def, src0, ref]);
    const { openRaster } = await import('./open-raster.ts');
    const src = await openRaster(ref);
    expect(src.geo.epsg).toBeNull();
    const out = path.join(dir, 'out.tif');
    await writeTiff(out, { width: 8, height: 8, bands: 1, sampleType: 'uint8', tileSize: 16, geoTransform: GT_PROJECTED, geoKeys: src.geo.geoKeys }, [new Uint8Array(64)]);
    const srs = (f: string) => execFileSync('gdalsrsinfo', ['-o', 'proj4', f], { encoding: 'utf8' }).trim();
    expect(srs(out)).toBe(srs(ref));
    expect(srs(out)).toContain('+proj=');
  });
});
