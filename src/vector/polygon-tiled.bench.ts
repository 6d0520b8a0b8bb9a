/**
 * Micro-benchmark of labelTile + stitching on a seeded 1024² blob raster (3 classes, 5 % invalid).
 * Run: npx vitest bench src/vector/polygon-tiled.bench.ts
 * Seen once (2 shared cores, noisy): about 150–250 ms; GDALPolygonize on the same raster 317 ms (4-conn) / 569 ms (8-conn).
 */
import { bench, describe } from 'vitest';
import type { ClassRaster } from '../kernels/label-tile-input.ts';
import { mulberry32 } from '../util/prng.ts';
import { polygonizeRaster } from './polygon-tiled.ts';

const SEED = 42;
const SIZE = 1024;

function blobRaster(): ClassRaster {
  const rnd = mulberry32(SEED);
  const cell = 8;
  const gw = SIZE / cell;
  const coarse = Int32Array.from({ length: gw * gw }, () => Math.floor(rnd() * 3));
  const values = new Int32Array(SIZE * SIZE);
  const valid = new Uint8Array(SIZE * SIZE);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const i = y * SIZE + x;
      values[i] = rnd() < 0.05 ? Math.floor(rnd() * 3) : coarse[(y >> 3) * gw + (x >> 3)];
      valid[i] = rnd() < 0.05 ? 0 : 1;
    }
  }
  return { values, valid, width: SIZE, height: SIZE };
}

const raster = blobRaster();
let sink = 0;

describe(`polygonizeRaster ${SIZE}² seed ${SEED} (node ${process.version})`, () => {
  for (const connectivity of [4, 8] as const) {
    for (const tileSizePx of [256, 1024]) {
      bench(`${connectivity}-connected, tiles ${tileSizePx}`, () => {
        sink += polygonizeRaster(raster, { connectivity, tileSizePx }).length;
      }, { warmupIterations: 2, iterations: 10 });
    }
  }
});

export { sink };
