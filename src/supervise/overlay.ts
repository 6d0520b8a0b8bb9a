import type { CrsRef } from '../vector/crs.ts';
import type { LayerKind } from './layer-kind.ts';
import type { LayerIndex } from './layer-index.ts';
import { overlapArea, planarPolygon, type PlanarPolygon } from './overlap-area.ts';
import { ringsToFrame, toFrame } from './work-frame.ts';

/** What the overlay needs of a change patch (a PatchRecord fits). */
export interface OverlayPatch {
  id: string;
  /** native rings, exterior first */
  rings: readonly Float64Array[];
  crs: CrsRef;
}

/** One patch × layer feature with a positive overlap. */
export interface Overlap {
  patchId: string;
  layer: string;
  kind: LayerKind;
  featureIndex: number;
  featureId: string;
  /** overlap area in m² (work frame: the patch's projected CRS, or equal-area for lon/lat) */
  overlapM2: number;
  /** overlap / patch area, 0..1 */
  share: number;
}

export interface PatchOverlay {
  patchId: string;
  /** the patch's area in the work frame, m² (= PatchRecord.areaM2 for a projected CRS) */
  areaM2: number;
  overlaps: Overlap[];
}

/** Exact overlaps of every patch with the indexed layer features. */
export function overlayPatches(patches: readonly OverlayPatch[], index: LayerIndex): PatchOverlay[] {
  const out: PatchOverlay[] = [];
  for (const patch of patches) {
    const t = toFrame(patch.crs.proj4, index.frame);
    out.push(overlayPolygons(patch.id, [planarPolygon(ringsToFrame(patch.rings, t))], index));
  }
  return out;
}

/** Overlaps of one (multi)polygon already in the frame; `id` names it in the rows. */
export function overlayPolygons(id: string, parts: readonly PlanarPolygon[], index: LayerIndex): PatchOverlay {
  let areaM2 = 0;
  for (const p of parts) areaM2 += p.area;
  const overlaps: Overlap[] = [];
  for (const part of parts) {
    for (const hit of index.search(part.bbox)) {
      let m2 = 0;
      for (const q of hit.parts) m2 += overlapArea(part, q);
      if (m2 <= 0) continue;
      const prev = overlaps.find((o) => o.layer === hit.layer.name && o.featureIndex === hit.feature.index);
      if (prev) prev.overlapM2 += m2;
      else {
        overlaps.push({ patchId: id, layer: hit.layer.name, kind: hit.layer.kind, featureIndex: hit.feature.index, featureId: hit.feature.id, overlapM2: m2, share: 0 });
      }
    }
  }
  for (const o of overlaps) o.share = areaM2 > 0 ? Math.min(1, o.overlapM2 / areaM2) : 0;
  overlaps.sort((a, b) => (a.layer < b.layer ? -1 : a.layer > b.layer ? 1 : a.featureIndex - b.featureIndex));
  return { patchId: id, areaM2, overlaps };
}
