import { legendEntry, transitionFrom, transitionTo } from '../kernels/index.ts';
import type { StitchedPolygon } from '../vector/stitch-tiles.ts';
import { buildPatchRecord, type PatchContext, type PatchRecord } from '../vector/patch-record.ts';
import { isAreaPlanarProj4 } from '../vector/crs.ts';
import { VALUE_CODE_FACTOR } from '../pool/tasks/label-task.ts';

export interface PatchOptions extends PatchContext {
  mmuM2: number;
  /** true when weights are CVA magnitudes (spectral/combined) */
  withMagnitude: boolean;
  epochs: { a: string; b: string };
}

/**
 * Stitched polygons → patch records with areas, dropping those under the minimum mapping unit. The MMU
 * is applied here, after stitching, on the whole patch — never per tile. Output order is the stitcher's
 * (raster-scan order of each patch's first pixel), so it does not depend on tiling.
 */
export function buildPatches(polygons: readonly StitchedPolygon[], opts: PatchOptions): { patches: PatchRecord[]; droppedByMmu: number } {
  const gt = opts.geoTransform;
  const pixelAreaM2 = Math.abs(gt[1] * gt[5] - gt[2] * gt[4]);
  const projected = isAreaPlanarProj4(opts.crs.proj4);
  const patches: PatchRecord[] = [];
  let droppedByMmu = 0;
  for (const p of polygons) {
    // projected CRS: the pixel count decides cheaply; geographic or Mercator: the ellipsoidal area does
    if (projected && p.pixelCount * pixelAreaM2 < opts.mmuM2) {
      droppedByMmu++;
      continue;
    }
    const code = Math.floor(p.value / VALUE_CODE_FACTOR);
    const transition = p.value % VALUE_CODE_FACTOR;
    const rec = buildPatchRecord(
      {
        code,
        value: p.value,
        fromClass: transition > 0 ? transitionFrom(transition) : null,
        toClass: transition > 0 ? transitionTo(transition) : null,
        pixelCount: p.pixelCount,
        meanMagnitude: opts.withMagnitude ? round(p.weightSum / p.pixelCount, 4) : null,
        pixelRings: p.rings,
        properties: {
          change_type: legendEntry(code)?.key ?? `code_${code}`,
          epoch_a: opts.epochs.a,
          epoch_b: opts.epochs.b,
        },
      },
      opts,
    );
    if (!projected && rec.areaEllipsoidM2 < opts.mmuM2) {
      droppedByMmu++;
      continue;
    }
    patches.push(rec);
  }
  return { patches, droppedByMmu };
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
