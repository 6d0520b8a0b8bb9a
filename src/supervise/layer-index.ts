import RBush from 'rbush';
import type { Bbox } from '../vector/area-planar.ts';
import type { LayerKind } from './layer-kind.ts';
import type { Layer, LayerFeature } from './layer-types.ts';
import { planarPolygon, type PlanarPolygon } from './overlap-area.ts';
import { ringsToFrame, toFrame, type WorkFrame } from './work-frame.ts';

/** One layer feature, projected into the work frame and ready for overlap tests. */
export interface IndexedFeature {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  layer: Layer;
  feature: LayerFeature;
  /** the feature's polygons in the frame */
  parts: PlanarPolygon[];
}

/**
 * An R-tree (rbush, bulk-loaded) over the features of several layers, in one work frame. Built once per
 * job or per check-site layer set; queried per patch.
 */
export class LayerIndex {
  readonly frame: WorkFrame;
  readonly layers: readonly Layer[];
  private readonly tree = new RBush<IndexedFeature>();
  readonly size: number;

  constructor(layers: readonly Layer[], frame: WorkFrame) {
    this.frame = frame;
    this.layers = layers;
    const items: IndexedFeature[] = [];
    for (const layer of layers) {
      const t = toFrame(layer.crs.proj4, frame);
      for (const feature of layer.features) {
        const parts = feature.polygons.map((rings) => planarPolygon(ringsToFrame(rings, t)));
        const b: Bbox = [Infinity, Infinity, -Infinity, -Infinity];
        for (const p of parts) {
          if (p.bbox[0] < b[0]) b[0] = p.bbox[0];
          if (p.bbox[1] < b[1]) b[1] = p.bbox[1];
          if (p.bbox[2] > b[2]) b[2] = p.bbox[2];
          if (p.bbox[3] > b[3]) b[3] = p.bbox[3];
        }
        if (!(b[0] <= b[2])) continue;
        items.push({ minX: b[0], minY: b[1], maxX: b[2], maxY: b[3], layer, feature, parts });
      }
    }
    this.tree.load(items);
    this.size = items.length;
  }

  /** Features whose bbox meets `bbox` (frame coordinates). */
  search(bbox: Bbox): IndexedFeature[] {
    return this.tree.search({ minX: bbox[0], minY: bbox[1], maxX: bbox[2], maxY: bbox[3] });
  }

  /** Layer kinds with at least one layer loaded (even an empty one: "no red line here" is an answer). */
  kinds(): Set<LayerKind> {
    return new Set(this.layers.map((l) => l.kind));
  }
}
