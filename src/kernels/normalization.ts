import { bandMeanStd, type BandStats } from './band-stats.ts';
import { KernelError } from './kernel-error.ts';

/**
 * Per-band linear map of epoch B onto epoch A's radiometry: b' = gain·b + offset. Indexed by band
 * (0-based), covering every band of the raster.
 */
export interface Normalization {
  gain: Float64Array;
  offset: Float64Array;
}

/**
 * Mean/std matching from global statistics of both epochs (taken over the same jointly valid pixels):
 * gain = stdA / stdB, offset = meanA − gain·meanB, so B' has A's mean and std. A global shift such as a
 * seasonal brightness change cancels out; real change is local and survives. A band with stdB = 0 (or no
 * valid pixel) gets gain 1, and offset meanA − meanB (0 when empty).
 */
export function normalizationFromStats(statsA: BandStats, statsB: BandStats): Normalization {
  if (statsA.bands !== statsB.bands) {
    throw new KernelError('E_KERNEL_INPUT', `normalizationFromStats: ${statsA.bands} bands in A, ${statsB.bands} in B`);
  }
  const gain = new Float64Array(statsA.bands);
  const offset = new Float64Array(statsA.bands);
  for (let b = 0; b < statsA.bands; b++) {
    const a = bandMeanStd(statsA, b);
    const bb = bandMeanStd(statsB, b);
    if (!(bb.std > 0) || !Number.isFinite(a.std)) {
      gain[b] = 1;
      offset[b] = Number.isFinite(a.mean) && Number.isFinite(bb.mean) ? a.mean - bb.mean : 0;
    } else {
      gain[b] = a.std / bb.std;
      offset[b] = a.mean - gain[b] * bb.mean;
    }
  }
  return { gain, offset };
}

export function identityNormalization(bands: number): Normalization {
  return { gain: new Float64Array(bands).fill(1), offset: new Float64Array(bands) };
}
