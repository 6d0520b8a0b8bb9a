/**
 * Land-cover legends landwatch has never seen (brief h19): GB/T 21010 second-level codes in uint16/int16/
 * int32, ESA CCI codes above 100, foreign legends with and without --remap, codes no table maps, nodata
 * variants. Each job is recounted by numpy/GDAL (landuse-oracle.ts): transition counts per (from, to) pair
 * over the whole arrays, change codes per pair, and polygons = gdal.Polygonize of the polygon values.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TilePool } from '../../src/pool/tile-pool.ts';
import type { TaskMap } from '../../src/pool/messages.ts';
import { REMAP_PRESETS, classTransitionCategory, POLYGON_VALUE_CODE_FACTOR } from '../../src/kernels/index.ts';
import type { DetectSummary } from '../../src/jobs/index.ts';
import { params, runJob } from '../helpers/run-job.ts';
import { gdalNumpyPython, legendOracle, makeLegendRasters, type LegendCase } from './landuse-oracle.ts';

const haveOracle = gdalNumpyPython() !== null;
const dir = mkdtempSync(join(tmpdir(), 'lw-legends-'));
const pool = new TilePool<TaskMap>({ workers: 2 });
afterAll(async () => {
  await pool.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const SANDIAO = [101, 102, 103, 201, 202, 301, 305, 401, 404, 501, 601, 702, 805, 1001, 1003, 1101, 1104, 1202, 1206];
const stem = (name: string) => join(dir, name);
const CASES: LegendCase[] = [
  { stem: stem('sandiao-u16'), codes: SANDIAO, dtype: 'UInt16', nodataA: 0, nodataB: 0, seed: 1 },
  { stem: stem('sandiao-i16'), codes: SANDIAO.slice(0, 12), dtype: 'Int16', nodataA: -1, nodataB: -9999, seed: 2 },
  { stem: stem('sandiao-i32'), codes: [101, 102, 301, 401, 702, 810, 1101, 1110], dtype: 'Int32', nodataA: null, nodataB: null, seed: 3 },
  { stem: stem('cci'), codes: [10, 11, 12, 20, 30, 50, 60, 70, 130, 190, 200, 210, 220], dtype: 'Byte', nodataA: 0, nodataB: 0, seed: 4 },
  { stem: stem('worldcover'), codes: [10, 20, 30, 40, 50, 60, 80, 90, 95, 100], dtype: 'Byte', nodataA: 0, nodataB: 0, seed: 5 },
  { stem: stem('big-codes'), codes: [101, 102, 301, 702], dtype: 'UInt16', nodataA: 0, nodataB: 0, seed: 6, plantA: [5000, 40000] },
  { stem: stem('all-big'), codes: [3001, 3002, 3003], dtype: 'UInt16', nodataA: 0, nodataB: 0, seed: 7 },
  // nodata 255 in A, none in B, 0 is a class (wetland) in both
  { stem: stem('mixed-nodata'), codes: [0, 1, 3, 4, 7, 11, 20], dtype: 'Byte', nodataA: 255, nodataB: null, seed: 8 },
  // Dynamic World: 0 is water, but the file says nodata 0
  { stem: stem('dw-nodata0'), codes: [0, 1, 2, 4, 6, 7], dtype: 'Byte', nodataA: 0, nodataB: 0, seed: 9 },
];

async function run(name: string, over: { remapFile?: string; tileSizePx?: number; connectivity?: 4 | 8 } = {}): Promise<DetectSummary> {
  const { summary, store } = await runJob(
    params({
      epochA: `${stem(name)}-a.tif`, epochB: `${stem(name)}-b.tif`, outDir: join(dir, 'out', `${name}-${over.tileSizePx ?? 96}-${over.connectivity ?? 4}`),
      mode: 'landuse', mmuM2: 0, tileSizePx: over.tileSizePx ?? 96, connectivity: over.connectivity ?? 4,
      ...(over.remapFile ? { remapFile: over.remapFile } : {}),
    }),
    pool,
    `lu-${name}`,
  );
  await store.close();
  return summary;
}

interface PatchProps { code: number; value: number; from_class: number | null; to_class: number | null; pixel_count: number }
function patches(s: DetectSummary): PatchProps[] {
  return (JSON.parse(readFileSync(s.files.geojson, 'utf8')) as { features: Array<{ properties: PatchProps }> }).features.map((f) => f.properties);
}

/** The job against the oracle: pairs, change codes per pair, unusable codes, polygons. */
function checkAgainstOracle(name: string, s: DetectSummary, remap?: Record<string, string | number | null>, connectivity: 4 | 8 = 4): void {
  const o = legendOracle({ a: `${stem(name)}-a.tif`, b: `${stem(name)}-b.tif`, change: s.files.change, remap, connectivity });
  expect(o.codeOutsideUsable).toBe(0);
  // transitions.csv / summary: exact pixel counts per (from, to) over the whole arrays
  const oraclePairs = new Map<string, number>();
  for (const [key, px] of Object.entries(o.pairs)) {
    const [from, to, code] = key.split(',').map(Number);
    // change code of every pixel = the category of its pair (no morphology, no MMU here)
    expect([from, to, code]).toEqual([from, to, classTransitionCategory(from, to)]);
    oraclePairs.set(`${from},${to}`, (oraclePairs.get(`${from},${to}`) ?? 0) + px);
  }
  const ours = new Map((s.transitions ?? []).map((t) => [`${t.from},${t.to}`, t.pixels]));
  expect(Object.fromEntries(ours)).toEqual(Object.fromEntries(oraclePairs));
  // raw codes without a class, per epoch, with pixel counts
  const unusable = { A: {} as Record<string, number>, B: {} as Record<string, number> };
  for (const u of s.landuse?.unusable ?? []) unusable[u.epoch][String(u.code)] = u.pixels;
  expect(unusable).toEqual(o.unusable);
  // polygons: same multiset of (value, pixels) as gdal.Polygonize, and from/to decode to the input classes
  const ps = patches(s);
  expect(ps.map((p) => `${p.value}:${p.pixel_count}`).sort()).toEqual(o.polygons);
  for (const p of ps) expect(p.value).toBe(p.code * POLYGON_VALUE_CODE_FACTOR + (p.from_class ?? 0) * 2048 + (p.to_class ?? 0));
  expect(ps.length).toBeGreaterThan(20);
}

describe.skipIf(!haveOracle)('land-cover legends never seen before, against numpy/GDAL', () => {
  beforeAll(() => makeLegendRasters(CASES), 60_000);

  it('三调 second-level codes in uint16 (nodata 0): exact transitions and polygons keep 0101-style codes; categories by first level', async () => {
    const s = await run('sandiao-u16');
    checkAgainstOracle('sandiao-u16', s);
    expect(s.warnings).toEqual([]);
    expect(s.landuse?.classes.find((c) => c.code === 1003)?.gb).toBe(10);
    const ps = patches(s);
    expect(ps.some((p) => p.from_class === 101 && p.to_class === 501 && p.code === 20)).toBe(true);
    expect(ps.every((p) => (p.from_class ?? 0) >= 101 && (p.to_class ?? 0) >= 101)).toBe(true);
  });

  it('same result at another tile size and with 8-connectivity', async () => {
    const a = await run('sandiao-u16', { tileSizePx: 240 });
    const b = await run('sandiao-u16', { tileSizePx: 64 });
    expect(b.transitions).toEqual(a.transitions);
    expect(patches(b).map((p) => `${p.value}:${p.pixel_count}`).sort()).toEqual(patches(a).map((p) => `${p.value}:${p.pixel_count}`).sort());
    checkAgainstOracle('sandiao-u16', await run('sandiao-u16', { connectivity: 8 }), undefined, 8);
  });

  it('int16 with different nodata per epoch (-1, -9999) and int32 without nodata', async () => {
    checkAgainstOracle('sandiao-i16', await run('sandiao-i16'));
    const s = await run('sandiao-i32');
    checkAgainstOracle('sandiao-i32', s);
    expect(s.pixels.valid).toBe(240 * 240);
  });

  it('ESA CCI codes up to 220 with --remap esa-cci: every pixel counted, classes are the GB/T codes', async () => {
    const s = await run('cci', { remapFile: 'esa-cci' });
    const preset = REMAP_PRESETS.find((p) => p.name === 'esa-cci')!;
    checkAgainstOracle('cci', s, preset.map);
    expect(s.landuse?.remap).toBe('esa-cci');
    expect(s.warnings).toEqual([]);
  });

  it('ESA CCI without --remap: codes ≥ 100 are no longer dropped; the non-GB/T codes are named with pixel counts and the matching preset', async () => {
    const s = await run('cci');
    checkAgainstOracle('cci', s);
    expect(s.transitions?.some((t) => t.from === 220 || t.to === 220)).toBe(true);
    expect(s.warnings).toHaveLength(1);
    expect(s.warnings[0]).toMatch(/classes 30 \(\d+ px\), 50 \(\d+ px\).*not GB\/T 21010 codes/);
    expect(s.warnings[0]).toContain('--remap esa-cci');
    expect(s.landuse?.notGb).toEqual([30, 50, 60, 70, 130, 190, 200, 210, 220]);
  });

  it('WorldCover without --remap warns (and says which GB/T codes are being read at face value); with the preset, no warning', async () => {
    const bare = await run('worldcover');
    expect(bare.warnings.join('\n')).toMatch(/--remap esa-worldcover/);
    expect(bare.warnings.join('\n')).toMatch(/10, 20 .*read as GB\/T 21010/);
    const s = await run('worldcover', { remapFile: 'esa-worldcover' });
    checkAgainstOracle('worldcover', s, REMAP_PRESETS.find((p) => p.name === 'esa-worldcover')!.map);
    expect(s.warnings).toEqual([]);
    expect(s.patches.byType.some((t) => t.code === 20)).toBe(true); // cropland (40) → built-up (50)
  });

  it('codes above 2047 without a table: left out as nodata, named per file with pixel counts and the fix', async () => {
    const s = await run('big-codes');
    checkAgainstOracle('big-codes', s);
    expect(s.warnings).toHaveLength(1);
    expect(s.warnings[0]).toContain(`${stem('big-codes')}-a.tif: `);
    expect(s.warnings[0]).toMatch(/5000 \(77 px\), 40000 \(77 px\)/);
    expect(s.warnings[0]).toContain('--remap');
  });

  it('a raster with no usable class at all is an error naming the file, the codes and --remap', async () => {
    await expect(run('all-big')).rejects.toThrow(/all-big-a\.tif: .*3001 \(\d+ px\).*--remap/);
    await expect(run('all-big')).rejects.toMatchObject({ code: 'E_JOB_INPUT' });
  });

  it('--remap file: BOM, comments and trailing commas accepted; codes it misses are named; a bad target names the file', async () => {
    const remap = join(dir, 'remap-bom.json');
    writeFileSync(remap, '\uFEFF{\n  // 三调 → first level, except the wetland codes\n  "name": "partial",\n  "map": { "101": "01", "102": "01", "103": "01", /* orchard */ "201": "02", "202": "02",\n  "301": "03", "305": "03", "401": "04", "404": "04", "501": "05", "601": "06", "702": "07", },\n}\n');
    const s = await run('sandiao-u16', { remapFile: remap });
    const table = { '101': 1, '102': 1, '103': 1, '201': 2, '202': 2, '301': 3, '305': 3, '401': 4, '404': 4, '501': 5, '601': 6, '702': 7 };
    checkAgainstOracle('sandiao-u16', s, table);
    expect(s.warnings).toHaveLength(2); // one per epoch
    expect(s.warnings[0]).toMatch(/sandiao-u16-a\.tif: \d+ pixels left out as nodata, the remap table "partial" does not map them: 805 \(\d+ px\), 1001/);
    const bad = join(dir, 'remap-bad.json');
    writeFileSync(bad, '{"map": {"101": "01", "102": "13"}}');
    await expect(run('sandiao-u16', { remapFile: bad })).rejects.toThrow(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: remap table: "102" maps to "13"`));
    await expect(run('sandiao-u16', { remapFile: 'no-such-preset' })).rejects.toThrow(/no-such-preset: no such file and no built-in table of that name \(built-in: esa-worldcover/);
  });

  it('nodata 255 in A, none in B, 0 a legitimate class (wetland) in both: 0 is counted, 255 is not', async () => {
    const s = await run('mixed-nodata');
    checkAgainstOracle('mixed-nodata', s);
    expect(s.landuse?.classes.find((c) => c.code === 0)?.pixelsA).toBeGreaterThan(0);
    expect(s.landuse?.classes.some((c) => c.code === 255)).toBe(false);
  });

  it('a nodata value the remap table maps to a class (Dynamic World 0 = water) is honoured as nodata and warned about', async () => {
    const s = await run('dw-nodata0', { remapFile: 'dynamic-world' });
    checkAgainstOracle('dw-nodata0', s, REMAP_PRESETS.find((p) => p.name === 'dynamic-world')!.map);
    expect(s.warnings.join('\n')).toMatch(/dw-nodata0-a\.tif: nodata value 0 is also class 0 of the remap table "dynamic-world" \(→ 11\)/);
  });
});
