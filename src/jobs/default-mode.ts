import { executeWindowRead, openRaster, planWindowRead, type RasterSource } from '../raster/index.ts';
import type { DetectMode } from './detect-inputs.ts';

/** Side of the centre window sampled to tell a class map from single-band imagery. */
const SAMPLE_PX = 256;
/** Class maps are piecewise constant: most pixels equal their right neighbour; imagery is textured. */
const CLASS_MAP_EQUAL_SHARE = 0.5;

export interface ModeGuess {
  mode: DetectMode;
  /** why, for the user */
  reason: string;
  /** decided from the pixels (a single integer band), so worth telling the user */
  heuristic: boolean;
}

/**
 * Mode when the user did not say. Several bands → spectral. One band → land use when it is a palette
 * raster, or an integer raster whose centre is mostly runs of equal values (a class map); otherwise
 * single-band imagery (panchromatic, an index) → spectral.
 */
export async function guessMode(epochA: string): Promise<ModeGuess> {
  return guessModeOf(await openRaster(epochA));
}

export async function guessModeOf(src: RasterSource): Promise<ModeGuess> {
  if (src.bands > 1) return { mode: 'spectral', reason: `${src.bands} bands: imagery`, heuristic: false };
  if (src.hasColorMap) return { mode: 'landuse', reason: '1 band with a colour table: class codes', heuristic: false };
  if (src.sampleType === 'float32' || src.sampleType === 'float64') {
    return { mode: 'spectral', reason: `1 band of ${src.sampleType}: imagery`, heuristic: false };
  }
  const share = await equalNeighbourShare(src);
  const pct = `${Math.round(share * 100)} % of sampled pixels equal their neighbour`;
  return share >= CLASS_MAP_EQUAL_SHARE
    ? { mode: 'landuse', reason: `1 integer band, ${pct}: class codes`, heuristic: true }
    : { mode: 'spectral', reason: `1 integer band, ${pct}: single-band imagery`, heuristic: true };
}

/** Mode when the user did not say (see guessMode). */
export async function defaultMode(epochA: string): Promise<DetectMode> {
  return (await guessMode(epochA)).mode;
}

async function equalNeighbourShare(src: RasterSource): Promise<number> {
  const w = Math.min(SAMPLE_PX, src.width);
  const h = Math.min(SAMPLE_PX, src.height);
  const x = Math.floor((src.width - w) / 2);
  const y = Math.floor((src.height - h) / 2);
  const [px] = await executeWindowRead(planWindowRead(src, { x, y, width: w, height: h }, [0]));
  const nodata = src.nodata;
  let pairs = 0;
  let equal = 0;
  for (let r = 0; r < h; r++) {
    for (let c = r * w; c < r * w + w - 1; c++) {
      if (px[c] === nodata || px[c + 1] === nodata) continue;
      pairs++;
      if (px[c] === px[c + 1]) equal++;
    }
  }
  return pairs === 0 ? 1 : equal / pairs;
}
