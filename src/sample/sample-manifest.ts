/** manifest.json content: what was generated, where, and the answers the engine must find. */
import { BAND_NAMES } from './class-spectra.ts';
import { RULES } from './expected-rules.ts';
import type { SampleManifest, Scene } from './sample-types.ts';
import type { SceneProjector } from './scene-geojson.ts';

export function buildManifest(scene: Scene, tileSizePx: number, projector: SceneProjector, files: Record<string, string>): SampleManifest {
  const gt = scene.geoTransform;
  const size = scene.size;
  const corners = [projector.lonLat(0, 0), projector.lonLat(size, 0), projector.lonLat(size, size), projector.lonLat(0, size)];
  const lons = corners.map((c) => c[0]);
  const lats = corners.map((c) => c[1]);
  const layers = scene.layers;
  return {
    generator: 'landwatch sample',
    formatVersion: 1,
    seed: scene.seed,
    size,
    tileSizePx,
    pixelSizeM: scene.pixelSizeM,
    epsg: scene.epsg,
    geoTransform: [...gt],
    bounds: [gt[0], gt[3] + size * gt[5], gt[0] + size * gt[1], gt[3]],
    lonLatBounds: [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)],
    bands: [...BAND_NAMES],
    nodata: { imagery: 0, landuse: 255, truth: 255 },
    seasonalShift: { gain: [...scene.shift.gain], offset: [...scene.shift.offset] },
    rules: { ...RULES },
    changes: scene.changes.map((c) => ({
      id: c.id,
      kind: c.kind,
      from: c.from,
      to: c.to,
      code: c.code,
      area_m2: c.areaM2,
      pixels: c.pixels,
      legal: c.legal,
      expected_rules: [...c.expectedRules],
      approval_id: c.approvalId,
      bbox_px: [
        Math.floor(c.polygon.bbox.minX),
        Math.floor(c.polygon.bbox.minY),
        Math.ceil(c.polygon.bbox.maxX),
        Math.ceil(c.polygon.bbox.maxY),
      ],
    })),
    layers: {
      permanent_basic_farmland: layers.permanentBasicFarmland.length,
      ecological_redline: layers.ecologicalRedline.length,
      urban_growth_boundary: layers.urbanGrowthBoundary.length,
      land_approvals: layers.landApprovals.length,
      land_supply: layers.landSupply.length,
    },
    files: { ...files },
  };
}
