/**
 * Child process of bench/overlay.ts (its own process, so peak RSS is ours alone): reads the layer and
 * patch GeoJSON files, builds the R-tree and overlays every patch exactly. Prints one JSON line.
 *
 *   node --import tsx bench/lib/overlay-child.ts <dir>
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LayerIndex, loadLayers, overlayPatches, parseGeoJsonLayer, workFrame } from '../../src/supervise/index.ts';

const dir = process.argv[2];
const t0 = performance.now();
const { layers } = await loadLayers(join(dir, 'layers'));
const patchLayer = parseGeoJsonLayer(JSON.parse(await readFile(join(dir, 'patches.geojson'), 'utf8')), { file: 'patches.geojson', name: 'patches', kind: 'parcels' });
const patches = patchLayer.features.map((f) => ({ id: f.id, rings: f.polygons[0], crs: patchLayer.crs }));
const t1 = performance.now();
const index = new LayerIndex(layers, workFrame(patchLayer.crs, [0, 0]));
const t2 = performance.now();
const overlays = overlayPatches(patches, index);
const t3 = performance.now();
let overlaps = 0;
let sumM2 = 0;
for (const o of overlays) {
  overlaps += o.overlaps.length;
  for (const x of o.overlaps) sumM2 += x.overlapM2;
}
process.stdout.write(`${JSON.stringify({ readMs: t1 - t0, indexMs: t2 - t1, overlayMs: t3 - t2, totalMs: t3 - t0, patches: patches.length, features: index.size, overlaps, sumM2 })}\n`);
