import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeTiff } from '../raster/index.ts';
import { mulberry32 } from '../util/prng.ts';
import { guessMode } from './default-mode.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'lw-mode-'));
const dataDir = path.resolve(import.meta.dirname, '../../../shared/data');
const W = 300;
const H = 200;

async function oneBand(name: string, sampleType: 'uint8' | 'uint16' | 'float32', pixel: (x: number, y: number) => number): Promise<string> {
  const file = path.join(dir, name);
  const data = sampleType === 'float32' ? new Float32Array(W * H) : sampleType === 'uint16' ? new Uint16Array(W * H) : new Uint8Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) data[y * W + x] = pixel(x, y);
  await writeTiff(file, { width: W, height: H, bands: 1, sampleType, tileSize: 64, epsg: 4549, geoTransform: [500000, 2, 0, 3500000, 0, -2] }, [data]);
  return file;
}

describe('guessMode', () => {
  it('takes a blocky integer raster for class codes and a textured one for single-band imagery', async () => {
    const rnd = mulberry32(3);
    const classes = await oneBand('classes.tif', 'uint8', (x, y) => [1, 3, 7, 20][(Math.floor(x / 37) + Math.floor(y / 23)) % 4]);
    const pan = await oneBand('pan.tif', 'uint16', (x, y) => 800 + Math.floor(200 * Math.sin(x / 9) * Math.cos(y / 7) + rnd() * 60));
    await expect(guessMode(classes)).resolves.toMatchObject({ mode: 'landuse', reason: expect.stringContaining('class codes') });
    await expect(guessMode(pan)).resolves.toMatchObject({ mode: 'spectral', reason: expect.stringContaining('single-band imagery') });
  });

  it('takes floating point for imagery, whatever its texture', async () => {
    const flat = await oneBand('flat.tif', 'float32', () => 0.25);
    await expect(guessMode(flat)).resolves.toMatchObject({ mode: 'spectral' });
  });

  it.skipIf(!existsSync(dataDir))('takes a palette raster and a real land-cover map for class codes, Landsat for imagery', async () => {
    await expect(guessMode(path.join(dataDir, 'real/newguinea_landcover/landcover_2001.tif'))).resolves.toMatchObject({ mode: 'landuse' });
    await expect(guessMode(path.join(dataDir, 'real/nanjing/nanjing_reference_labels.tif'))).resolves.toMatchObject({ mode: 'landuse' });
    await expect(guessMode(path.join(dataDir, 'real/taizhou/taizhou_2000.tif'))).resolves.toMatchObject({ mode: 'spectral' });
  });
});
