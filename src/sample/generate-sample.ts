/**
 * `landwatch sample`: writes the two epochs, land use, truth raster and vectors, planning layers and a
 * manifest. Tiles are rendered one at a time (memory: one tile of each output plus the writers' offsets)
 * and the same seed and size give byte-identical files.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createTiffWriter, type TiffWriter, type TiffWriterOptions } from '../raster/index.ts';
import { isLandwatchError } from '../util/landwatch-error.ts';
import { buildScene } from './build-scene.ts';
import { BAND_NAMES } from './class-spectra.ts';
import { allocSampleTile, renderTile, type SampleTile } from './render-tile.ts';
import { SampleError } from './sample-error.ts';
import { buildManifest } from './sample-manifest.ts';
import type { SampleOptions, SampleResult } from './sample-types.ts';
import { featureCollection, SceneProjector, truthCollection } from './scene-geojson.ts';

/** logical name → path relative to the output folder */
export const SAMPLE_FILES = {
  epochA: 'epoch-a.tif',
  epochB: 'epoch-b.tif',
  landuseA: 'landuse-a.tif',
  landuseB: 'landuse-b.tif',
  truth: 'truth.tif',
  truthGeojson: 'truth.geojson',
  basicFarmland: 'layers/permanent_basic_farmland.geojson',
  ecologicalRedline: 'layers/ecological_redline.geojson',
  growthBoundary: 'layers/urban_growth_boundary.geojson',
  landApprovals: 'layers/land_approvals.geojson',
  landSupply: 'layers/land_supply.geojson',
  manifest: 'manifest.json',
} as const;

/** Tiles kept in flight while the writers compress (they copy the arrays synchronously). */
const MAX_IN_FLIGHT = 3;

export async function generateSample(opts: SampleOptions): Promise<SampleResult> {
  const size = opts.size ?? 4096;
  const seed = opts.seed ?? 1;
  const tileSize = opts.tileSize ?? 512;
  if (!Number.isInteger(tileSize) || tileSize < 16 || tileSize % 16 !== 0 || tileSize > 4096) {
    throw new SampleError('E_SAMPLE_OPTIONS', `tileSize must be a multiple of 16 from 16 to 4096 px, got ${tileSize}`, { tileSize });
  }
  const scene = buildScene(seed, size);
  const dir = resolve(opts.outDir);
  await guard(dir, () => mkdir(join(dir, 'layers'), { recursive: true }));

  const projector = new SceneProjector(scene.geoTransform, scene.epsg);
  const common = {
    width: size,
    height: size,
    tileSize,
    compression: 'deflate',
    predictor: 2,
    epsg: scene.epsg,
    geographic: false,
    geoTransform: scene.geoTransform,
    overviews: [],
  } satisfies Partial<TiffWriterOptions>;
  // noisy 16-bit imagery barely compresses better at level 6 (−7 %) but costs a third more time
  const imagery = { bands: 4, sampleType: 'uint16', nodata: 0, deflateLevel: 1, bandDescriptions: [...BAND_NAMES] } satisfies Partial<TiffWriterOptions>;
  const meta = { LANDWATCH_SAMPLE_SEED: String(seed), LANDWATCH_SAMPLE_SIZE: String(size) };
  const specs: Array<[keyof typeof SAMPLE_FILES, TiffWriterOptions]> = [
    ['epochA', { ...common, ...imagery, metadata: { ...meta, LANDWATCH_EPOCH: 'A' } }],
    ['epochB', { ...common, ...imagery, metadata: { ...meta, LANDWATCH_EPOCH: 'B' } }],
    ['landuseA', { ...common, bands: 1, sampleType: 'uint8', nodata: 255, bandDescriptions: ['landuse'], metadata: { ...meta, LANDWATCH_LEGEND: 'GB/T 21010 first level' } }],
    ['landuseB', { ...common, bands: 1, sampleType: 'uint8', nodata: 255, bandDescriptions: ['landuse'], metadata: { ...meta, LANDWATCH_LEGEND: 'GB/T 21010 first level' } }],
    ['truth', { ...common, bands: 1, sampleType: 'uint8', nodata: 255, bandDescriptions: ['change_code'], metadata: { ...meta, LANDWATCH_LEGEND: 'landwatch change legend' } }],
  ];
  const writers: TiffWriter[] = [];
  try {
    for (const [name, options] of specs) {
      writers.push(await guard(dir, () => createTiffWriter(join(dir, SAMPLE_FILES[name]), options)));
    }
    await writeTiles(scene, size, tileSize, writers, opts.onProgress);
    for (const w of writers) await w.close();
  } catch (err) {
    await Promise.allSettled(writers.map((w) => w.abort()));
    throw err;
  }

  const layers = scene.layers;
  const vectors: Array<[keyof typeof SAMPLE_FILES, unknown]> = [
    ['truthGeojson', truthCollection(scene, projector)],
    ['basicFarmland', featureCollection('permanent_basic_farmland', projector, layers.permanentBasicFarmland)],
    ['ecologicalRedline', featureCollection('ecological_redline', projector, layers.ecologicalRedline)],
    ['growthBoundary', featureCollection('urban_growth_boundary', projector, layers.urbanGrowthBoundary)],
    ['landApprovals', featureCollection('land_approvals', projector, layers.landApprovals)],
    ['landSupply', featureCollection('land_supply', projector, layers.landSupply)],
  ];
  for (const [name, value] of vectors) await writeText(dir, SAMPLE_FILES[name], `${JSON.stringify(value)}\n`);
  const relFiles: Record<string, string> = { ...SAMPLE_FILES };
  const manifest = buildManifest(scene, tileSize, projector, relFiles);
  await writeText(dir, SAMPLE_FILES.manifest, `${JSON.stringify(manifest, null, 2)}\n`);

  const files: Record<string, string> = {};
  for (const [name, rel] of Object.entries(SAMPLE_FILES)) files[name] = join(dir, rel);
  return { dir, files, changes: scene.changes.length, manifest };
}

async function writeTiles(
  scene: ReturnType<typeof buildScene>,
  size: number,
  tileSize: number,
  writers: TiffWriter[],
  onProgress: SampleOptions['onProgress'],
): Promise<void> {
  const tilesAcross = Math.ceil(size / tileSize);
  const total = tilesAcross * tilesAcross;
  const inFlight: Promise<unknown>[] = [];
  let tile: SampleTile | null = null;
  let done = 0;
  for (let row = 0; row < tilesAcross; row++) {
    for (let col = 0; col < tilesAcross; col++) {
      const win = { x: col * tileSize, y: row * tileSize, width: Math.min(tileSize, size - col * tileSize), height: Math.min(tileSize, size - row * tileSize) };
      if (tile === null || tile.landuseA.length !== win.width * win.height) tile = allocSampleTile(win);
      const t = renderTile(scene, win, tile);
      // the writers copy the arrays before writeTile returns, so `tile` is reused at once
      const p = Promise.all([
        writers[0].writeTile(col, row, t.imageA),
        writers[1].writeTile(col, row, t.imageB),
        writers[2].writeTile(col, row, [t.landuseA]),
        writers[3].writeTile(col, row, [t.landuseB]),
        writers[4].writeTile(col, row, [t.truth]),
      ]);
      p.catch(() => undefined); // surfaced by the awaits below
      inFlight.push(p);
      if (inFlight.length >= MAX_IN_FLIGHT) await inFlight.shift();
      done++;
      onProgress?.(done, total);
    }
  }
  await Promise.all(inFlight);
}

async function writeText(dir: string, rel: string, text: string): Promise<void> {
  const path = join(dir, rel);
  const tmp = `${path}.tmp-${process.pid}`;
  await guard(path, async () => {
    await writeFile(tmp, text);
    await rename(tmp, path);
  });
}

async function guard<T>(file: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isLandwatchError(err)) throw err;
    throw new SampleError('E_SAMPLE_WRITE', `${file}: ${err instanceof Error ? err.message : String(err)}`, { file });
  }
}
