/**
 * Map tile benchmark: XYZ PNG tiles (EPSG:3857, 256 px) of epoch A of the seeded N² sample at three
 * zooms (native − 2, native, native + 2), N tiles per zoom picked by the seeded PRNG inside the raster:
 *   - ours cold: uncached tiles (the dataset already opened and its stretch computed, as in a server),
 *   - ours cached: the same tiles again (LRU hits),
 *   - GDAL: one `gdalwarp -t_srs EPSG:3857 -te … -ts 256 256 -r near` per tile into a GeoTIFF (no stretch,
 *     no PNG: a floor for what a tile server built on the GDAL CLI pays).
 * Reported as tiles/s.
 *
 *   npx tsx bench/tiles.ts [--size 4096] [--seed 1] [--tiles 24] [--repeats 5] [--json out.json] [--quick] [--no-gdal]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTileService, lonLatToTile, tileBounds3857, type TileService } from '../src/report/index.ts';
import { mulberry32 } from '../src/util/prng.ts';
import { parseBenchArgs } from './lib/bench-args.ts';
import { benchHeader, formatHeader } from './lib/bench-header.ts';
import { formatTable, log } from './lib/format-table.ts';
import { findGdal } from './lib/gdal-tools.ts';
import { fmtMeasurement, measure, type Measurement } from './lib/measure.ts';
import { recordResult } from './lib/record-result.ts';
import { ensureSample } from './lib/sample-cache.ts';

const USAGE = `usage: npx tsx bench/tiles.ts [--size 4096] [--seed 1] [--tiles 24] [--warmup 1] [--repeats 5]
  [--json out.json] [--no-record] [--cache DIR] [--quick] [--no-gdal]`;

type Tile = [number, number, number];

function pickTiles(bounds: [number, number, number, number], z: number, n: number, seed: number): Tile[] {
  const rnd = mulberry32(seed + z);
  const out: Tile[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < n * 20 && out.length < n; i++) {
    const [x, y] = lonLatToTile(bounds[0] + rnd() * (bounds[2] - bounds[0]), bounds[1] + rnd() * (bounds[3] - bounds[1]), z);
    const k = `${x}/${y}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push([z, x, y]);
    }
  }
  return out;
}

async function renderAll(svc: TileService, id: string, tiles: Tile[]): Promise<number> {
  let sink = 0;
  for (const [z, x, y] of tiles) sink += (await svc.tilePng(id, z, x, y)).length;
  return sink;
}

async function main(): Promise<void> {
  const { common, extra } = parseBenchArgs(process.argv.slice(2), USAGE, { size: 4096, quickSize: 1024, repeats: 5, quickRepeats: 2 }, { tiles: { type: 'string' } });
  const perZoom = extra.tiles === undefined ? (common.quick ? 8 : 24) : Number(extra.tiles);
  const gdal = common.noGdal ? null : findGdal();
  const header = benchHeader('tiles', gdal?.version ?? null, { size: common.size, seed: common.seed, tilesPerZoom: perZoom, repeats: common.repeats });
  log(formatHeader(header));
  const sample = await ensureSample(common.size, common.seed, common.cache, log);
  const probe = createTileService();
  const layer = await probe.addFileLayer('a', sample.epochA, 'rgb');
  const nz = layer.raster.nativeZoom;
  const zooms = [nz - 2, nz, nz + 2];
  const tmp = mkdtempSync(path.join(tmpdir(), 'lw-bench-tiles-'));
  const rows: string[][] = [];
  const results: Record<string, { cold: Measurement; cached: Measurement; gdal: Measurement | null; tiles: number }> = {};
  let sink = 0;
  try {
    for (const z of zooms) {
      const tiles = pickTiles(layer.raster.boundsLonLat, z, perZoom, common.seed);
      let svc = createTileService();
      const fresh = async () => {
        svc = createTileService();
        await svc.addFileLayer('a', sample.epochA, 'rgb');
        await (await svc.layer('a')).raster.stretch(0); // dataset warm: open + overview + stretch, once per dataset
      };
      const cold = await measure(`ours cold z${z}`, async () => {
        await fresh();
        const t0 = performance.now();
        sink += await renderAll(svc, 'a', tiles);
        return { ms: performance.now() - t0 };
      }, { warmup: common.warmup, repeats: common.repeats });
      const cached = await measure(`ours cached z${z}`, async () => {
        const t0 = performance.now();
        sink += await renderAll(svc, 'a', tiles);
        return { ms: performance.now() - t0 };
      }, { warmup: 1, repeats: common.repeats });
      let g: Measurement | null = null;
      if (gdal) {
        g = await measure(`gdalwarp z${z}`, async () => {
          const t0 = performance.now();
          for (const [tz, tx, ty] of tiles) {
            const b = tileBounds3857(tz, tx, ty);
            execFileSync('gdalwarp', ['-q', '-overwrite', '-t_srs', 'EPSG:3857', '-te', ...b.map(String), '-ts', '256', '256', '-r', 'near', sample.epochA, path.join(tmp, 't.tif')]);
          }
          return { ms: performance.now() - t0 };
        }, { warmup: 0, repeats: Math.min(common.repeats, 2) });
      }
      results[`z${z}`] = { cold, cached, gdal: g, tiles: tiles.length };
      const tps = (m: Measurement | null) => (m === null ? '—' : ((tiles.length * 1000) / m.minMs).toFixed(0));
      rows.push([`z${z}${z === nz ? ' (native)' : ''}`, String(tiles.length), tps(cold), tps(cached), tps(g), g ? `${(g.minMs / cold.minMs).toFixed(1)}×` : '—']);
      log(`${fmtMeasurement(cold)}\n${fmtMeasurement(cached)}${g ? `\n${fmtMeasurement(g)}` : ''}`);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  process.stdout.write(`${formatTable(['zoom', 'tiles', 'ours cold tiles/s', 'ours cached tiles/s', 'gdalwarp tiles/s', 'cold vs gdalwarp'], rows)}\n`);
  const where = await recordResult({ header, results, sink }, { json: common.json, record: common.record });
  if (where) log(`recorded in ${where}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
