import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../util/prng.ts';
import { brightness, ndbi, ndvi, ndwi } from './spectral-indices.ts';
import { classifySpectral } from './classify-spectral.ts';
import { classifySpectralSparse } from './classify-spectral-sparse.ts';
import { cvaMagnitude } from './cva-magnitude.ts';
import { defaultBandRoles } from './band-roles.ts';
import type { Normalization } from './normalization.ts';

function dense(a: Uint16Array[], b: Uint16Array[], roles: ReturnType<typeof defaultBandRoles>, norm: Normalization | null, mag: Float32Array, valid: Uint8Array, n: number, t: number) {
  const bN = norm ? b.map((band, k) => Float32Array.from(band, (v) => v * norm.gain[k] + norm.offset[k])) : b;
  const swir = roles.swir1 !== undefined;
  return classifySpectral(
    {
      magnitude: mag, valid,
      ndviA: ndvi(a, roles, n), ndviB: ndvi(bN, roles, n),
      ndwiA: ndwi(a, roles, n), ndwiB: ndwi(bN, roles, n),
      ndbiA: swir ? ndbi(a, roles, n) : null, ndbiB: swir ? ndbi(bN, roles, n) : null,
      brightnessA: brightness(a, null, null, n), brightnessB: brightness(b, null, norm, n),
    },
    n,
    { threshold: t },
  );
}

describe('classifySpectralSparse', () => {
  for (const bands of [4, 6]) {
    it(`gives the same bytes as classifySpectral over full index arrays (${bands} bands)`, () => {
      const rand = mulberry32(bands);
      const n = 20000;
      const a = Array.from({ length: bands }, () => Uint16Array.from({ length: n }, () => Math.floor(rand() * 4000)));
      const b = Array.from({ length: bands }, () => Uint16Array.from({ length: n }, () => Math.floor(rand() * 4000)));
      const valid = Uint8Array.from({ length: n }, () => (rand() < 0.97 ? 1 : 0));
      const roles = defaultBandRoles(bands);
      for (const norm of [null, { gain: Float64Array.from({ length: bands }, () => 0.8 + rand() * 0.4), offset: Float64Array.from({ length: bands }, () => rand() * 200 - 100) }]) {
        const mag = cvaMagnitude(a, b, null, norm, valid, n);
        for (const t of [-Infinity, 0, 500, 2000, 3500]) {
          const want = dense(a, b, roles, norm, mag, valid, n, t);
          const got = classifySpectralSparse(a, b, roles, norm, mag, valid, n, { threshold: t });
          expect(Buffer.from(got).equals(Buffer.from(want))).toBe(true);
        }
      }
    });
  }
});
