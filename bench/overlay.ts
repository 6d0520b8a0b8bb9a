/**
 * Overlay benchmark: N synthetic change polygons (rectilinear, on a 2 m pixel grid, like traced patches)
 * × M layer features (irregular 8–20-vertex polygons, 5 layer files), seeded with src/util/prng.ts, in
 * EPSG:4549. Ours: read GeoJSON → rbush → exact overlap area of every patch × candidate feature
 * (src/supervise). GDAL: ogr2ogr GeoJSON → GeoPackage (with its R-tree), then one
 * `-dialect sqlite` query summing ST_Area(ST_Intersection()) over the R-tree candidates where
 * ST_Intersects. Each side runs as a child process (peak RSS is its own); overlap counts and total
 * area must agree.
 *
 *   npx tsx bench/overlay.ts [--patches 100000] [--features 50000] [--seed 1] [--repeats 3] [--json out.json] [--quick] [--no-gdal]
 */

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mulberry32 } from '../src/util/prng.ts';
import { parseBenchArgs } from './lib/bench-args.ts';
import { benchHeader, formatHeader } from './lib/bench-header.ts';
import { fmtMb, formatTable, log } from './lib/format-table.ts';
import { findGdal } from './lib/gdal-tools.ts';
import { fastest, fmtMs, maxOf, measure, ratio, type RunFigures } from './lib/measure.ts';
import { REPO_ROOT } from './lib/ours-detect.ts';
import { recordResult } from './lib/record-result.ts';
import { runChild } from './lib/run-child.ts';

const USAGE = `usage: npx tsx bench/overlay.ts [--patches 100000] [--features 50000] [--seed 1] [--warmup 1] [--repeats 3]
  [--json out.json] [--no-record] [--quick] [--no-gdal]`;
const CHILD = join(REPO_ROOT, 'bench', 'lib', 'overlay-child.ts');
const KINDS = ['permanent_basic_farmland', 'ecological_redline', 'urban_growth_boundary', 'land_approvals', 'land_supply'];
const X0 = 440_000;
const Y0 = 3_400_000;
const CRS = { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4549' } };

interface Figures extends RunFigures {
  maxRssKb: number;
  overlaps: number;
  sumM2: number;
}

/** Writes layers/<kind>.geojson (features split over 5 kinds) and patches.geojson; returns the extent side, m. */
async function makeData(dir: string, nPatches: number, nFeatures: number, seed: number): Promise<number> {
  const rng = mulberry32(seed);
  // ~1 layer feature under a random point on average: features average ~5e4 m²
  const side = Math.round(Math.sqrt(nFeatures * 5e4));
  await mkdir(join(dir, 'layers'), { recursive: true });
  const perKind: string[][] = KINDS.map(() => []);
  for (let i = 0; i < nFeatures; i++) {
    const cx = X0 + rng() * side;
    const cy = Y0 + rng() * side;
    const r = 60 + 200 * rng();
    const n = 8 + Math.floor(rng() * 13);
    const pts: string[] = [];
    for (let k = 0; k < n; k++) {
      const a = (2 * Math.PI * k) / n;
      const rr = r * (0.55 + 0.45 * rng());
      pts.push(`[${(cx + rr * Math.cos(a)).toFixed(3)},${(cy + rr * Math.sin(a)).toFixed(3)}]`);
    }
    pts.push(pts[0]);
    perKind[i % KINDS.length].push(`{"type":"Feature","properties":{"id":"F${i}","approved_area_m2":${Math.round(r * r * 2)}},"geometry":{"type":"Polygon","coordinates":[[${pts.join(',')}]]}}`);
  }
  for (let k = 0; k < KINDS.length; k++) {
    await writeFile(join(dir, 'layers', `${KINDS[k]}.geojson`), `{"type":"FeatureCollection","crs":${JSON.stringify(CRS)},"features":[\n${perKind[k].join(',\n')}\n]}\n`);
  }
  const patches: string[] = [];
  for (let i = 0; i < nPatches; i++) {
    // a w×h block of 2 m pixels, with an L notch half of the time
    const x = X0 + 2 * Math.floor((rng() * side) / 2);
    const y = Y0 + 2 * Math.floor((rng() * side) / 2);
    const w = 2 * (5 + Math.floor(rng() * 30));
    const h = 2 * (5 + Math.floor(rng() * 30));
    let ring: number[][];
    if (rng() < 0.5) ring = [[x, y], [x + w, y], [x + w, y + h], [x, y + h]];
    else {
      const nx = 2 * Math.floor((rng() * w) / 4) + 2;
      const ny = 2 * Math.floor((rng() * h) / 4) + 2;
      ring = [[x, y], [x + w, y], [x + w, y + h - ny], [x + w - nx, y + h - ny], [x + w - nx, y + h], [x, y + h]];
    }
    ring.push(ring[0]);
    patches.push(`{"type":"Feature","properties":{"id":"P${i}"},"geometry":{"type":"Polygon","coordinates":[${JSON.stringify(ring)}]}}`);
  }
  await writeFile(join(dir, 'patches.geojson'), `{"type":"FeatureCollection","crs":${JSON.stringify(CRS)},"features":[\n${patches.join(',\n')}\n]}\n`);
  return side;
}

async function ours(dir: string): Promise<Figures> {
  const r = await runChild(process.execPath, ['--import', 'tsx', CHILD, dir], { cwd: REPO_ROOT });
  const j = JSON.parse(r.stdout.trim().split('\n').pop() ?? 'null') as { readMs: number; indexMs: number; overlayMs: number; overlaps: number; sumM2: number };
  return { ms: r.ms, maxRssKb: r.maxRssKb ?? 0, overlaps: j.overlaps, sumM2: j.sumM2, readMs: j.readMs, indexMs: j.indexMs, overlayMs: j.overlayMs };
}

async function gdal(dir: string): Promise<Figures> {
  const gpkg = join(dir, `gdal-${process.hrtime.bigint()}.gpkg`);
  let ms = 0;
  let rss = 0;
  const step = async (cmd: string, args: string[]) => {
    const r = await runChild(cmd, args);
    ms += r.ms;
    rss = Math.max(rss, r.maxRssKb ?? 0);
    return r;
  };
  await step('ogr2ogr', ['-f', 'GPKG', gpkg, join(dir, 'patches.geojson'), '-nln', 'patches']);
  for (const k of KINDS) await step('ogr2ogr', ['-append', gpkg, join(dir, 'layers', `${k}.geojson`), '-nln', 'features']);
  const sql =
    'SELECT count(*) AS n, sum(ST_Area(ST_Intersection(p.geom, f.geom))) AS m2 FROM patches p ' +
    'JOIN rtree_features_geom r ON r.minx <= ST_MaxX(p.geom) AND r.maxx >= ST_MinX(p.geom) AND r.miny <= ST_MaxY(p.geom) AND r.maxy >= ST_MinY(p.geom) ' +
    'JOIN features f ON f.fid = r.id WHERE ST_Intersects(p.geom, f.geom) AND ST_Area(ST_Intersection(p.geom, f.geom)) > 0';
  const q = await step('ogr2ogr', ['-f', 'CSV', '/vsistdout/', gpkg, '-dialect', 'sqlite', '-sql', sql]);
  await rm(gpkg, { force: true });
  const [n, m2] = q.stdout.trim().split('\n')[1].split(',').map((v) => Number(v.replace(/"/g, '')));
  return { ms, maxRssKb: rss, overlaps: n, sumM2: m2 };
}

async function main(): Promise<void> {
  const { common, extra } = parseBenchArgs(process.argv.slice(2), USAGE, { size: 1024, quickSize: 1024, repeats: 3, quickRepeats: 1 }, {
    patches: { type: 'string' },
    features: { type: 'string' },
  });
  const nPatches = Number(extra.patches ?? (common.quick ? 10_000 : 100_000));
  const nFeatures = Number(extra.features ?? (common.quick ? 5_000 : 50_000));
  const gdalTools = common.noGdal ? null : findGdal();
  const header = benchHeader('overlay', gdalTools?.version ?? null, { patches: nPatches, features: nFeatures, seed: common.seed, warmup: common.warmup, repeats: common.repeats });
  log(formatHeader(header));
  const dir = await mkdtemp(join(tmpdir(), 'lw-bench-overlay-'));
  try {
    const side = await makeData(dir, nPatches, nFeatures, common.seed);
    log(`# data: ${nPatches} patches × ${nFeatures} features over ${(side / 1000).toFixed(1)} km² side, EPSG:4549, in ${dir}`);
    const opts = { warmup: common.warmup, repeats: common.repeats, onRun: (name: string, i: number, f: RunFigures) => log(`${name} run ${i + 1}: ${fmtMs(f.ms)}`) };
    const o = await measure('ours', () => ours(dir), opts);
    const g = gdalTools ? await measure('gdal', () => gdal(dir), { ...opts, warmup: 0 }) : null;
    const of = fastest(o);
    const gf = g ? fastest(g) : null;
    const agree = gf ? of.overlaps === gf.overlaps && Math.abs(of.sumM2 - gf.sumM2) <= 1e-6 * gf.sumM2 : null;
    const rows = [
      ['ours (src/supervise, rbush + exact overlap)', fmtMs(o.minMs), `${fmtMs(o.meanMs)} ± ${fmtMs(o.sdMs)}`, fmtMb(maxOf(o, 'maxRssKb')), String(of.overlaps), of.sumM2.toFixed(1), '1.00×'],
      ...(g && gf
        ? [['ogr2ogr → GPKG + -dialect sqlite ST_Intersection', fmtMs(g.minMs), `${fmtMs(g.meanMs)} ± ${fmtMs(g.sdMs)}`, fmtMb(maxOf(g, 'maxRssKb')), String(gf.overlaps), gf.sumM2.toFixed(1), ratio(g.minMs, o.minMs)]]
        : []),
    ];
    process.stdout.write(`${formatHeader(header)}\n${formatTable(['', 'min', 'mean ± sd', 'peak RSS', 'overlaps', 'Σ overlap m²', 'speed-up'], rows)}\n`);
    process.stdout.write(`ours: read ${fmtMs(Number(of.readMs))}, index ${fmtMs(Number(of.indexMs))}, overlay ${fmtMs(Number(of.overlayMs))}; results ${agree === null ? 'not compared' : agree ? 'agree' : 'DIFFER'}\n`);
    await recordResult({ header, ours: o, gdal: g, agree }, { json: common.json, record: common.record });
    if (agree === false) process.exitCode = 1;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
