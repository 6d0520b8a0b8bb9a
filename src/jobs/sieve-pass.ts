import { decodeSieveComponents } from '../kernels/sieve-components.ts';
import type { PixelWindow } from '../raster/index.ts';
import { decodeTileComponents } from '../kernels/tile-components.ts';
import { scenePixelAreaM2 } from '../vector/geodesic-area.ts';
import { SieveGraph } from '../vector/sieve-graph.ts';
import type { Stitcher } from '../vector/stitch-tiles.ts';
import { tileRef, type PassContext } from './global-passes.ts';
import type { TileAssembler } from './tile-assembler.ts';

/** What phase 3 needs of a checkpointed tile (merge mode). */
export interface SieveTilePayload {
  /** cleaned, pre-sieve change codes of the core */
  codes: Uint8Array;
  /** encoded SieveComponents */
  components: Uint8Array;
  /** the label step's packSieveExtras (sparse transitions and weights) */
  extras: Uint8Array;
}

export interface SieveSummary {
  /** T of gdal_sieve -st T: polygons with fewer pixels are merged into their largest neighbour */
  thresholdPx: number;
  /** polygons (change patches and no-change areas) under T */
  small: number;
  isolated: number;
  unmergeable: number;
  /** small polygons that took another value */
  merged: number;
  /** small change patches (value ≠ 0) that took another value */
  mergedPatches: number;
}

/**
 * T = ceil(mmu / pixel area): the smallest pixel count whose area reaches the MMU (the same cut as drop
 * mode). In a geographic or Mercator CRS, the pixel area is the ellipsoidal area of a pixel of the scene's
 * centre row (scenePixelAreaM2).
 */
export function sieveThresholdPx(mmuM2: number, geoTransform: readonly number[], proj4: string, height: number): number {
  if (mmuM2 <= 0) return 0;
  const area = scenePixelAreaM2(geoTransform, { epsg: null, proj4 }, height);
  return Math.ceil(mmuM2 / area);
}

/**
 * The merge-mode MMU of the detect pass (gdal_sieve semantics, exact and tile-size invariant):
 * 1. `add` each labelled tile's sieve graph (from the label step or a checkpoint) to the global graph;
 * 2. `finish` decides on the whole graph (GDAL's rules, see decideSieve), then streams the checkpoints in
 *    tile order and, per tile, relabels the core, writes the sieved codes to change.tif and feeds the
 *    polygons of the sieved raster to the stitcher.
 */
export class SieveMerge {
  readonly graph: SieveGraph;

  constructor(
    private readonly ctx: PassContext,
    private readonly connectivity: 4 | 8,
    readonly thresholdPx: number,
  ) {
    const { inputs, plan } = ctx;
    this.graph = new SieveGraph({ connectivity, rasterWidth: inputs.width, rasterHeight: inputs.height, tileSizePx: plan.tileSizePx });
  }

  add(core: PixelWindow, components: Uint8Array): void {
    this.graph.addTile(core, decodeSieveComponents(components));
  }

  async finish(
    out: { assembler: TileAssembler; stitcher: Stitcher },
    decode: (blob: Uint8Array, core: PixelWindow, what: string) => SieveTilePayload,
  ): Promise<{ summary: SieveSummary; codeCounts: Float64Array }> {
    const { ctx } = this;
    const d = this.graph.decide(this.thresholdPx);
    const codeCounts = new Float64Array(256);
    let done = 0;
    // tiles go to the pool, at most maxInFlight at a time; results are absorbed one at a time, in any
    // order (the assembler re-cuts, the stitcher sorts, the counts are integer sums)
    const inFlight = new Set<Promise<void>>();
    let absorbing: Promise<void> = Promise.resolve();
    let failure: unknown = null;
    for await (const row of ctx.store.tiles.listPayloads(ctx.jobId, 'detect')) {
      if (!row.payload) continue;
      if (failure !== null) break;
      const tile = ctx.plan.tiles[row.tileId];
      const p = decode(row.payload, tile.core, `tile ${row.col},${row.row}`);
      const count = decodeSieveComponents(p.components).count;
      const ring = this.graph.ring(tile.core);
      const run = ctx.pool
        .run(
          'sieveApply',
          {
            tile: tileRef(tile),
            core: tile.core,
            connectivity: this.connectivity,
            rasterWidth: ctx.inputs.width,
            codes: p.codes,
            extras: p.extras,
            thresholdPx: this.thresholdPx,
            finalValues: this.graph.finalValues(tile.core, count),
            ringValues: ring.values,
            ringValid: ring.valid,
          },
          { signal: ctx.signal, label: `${tile.col},${tile.row}` },
        )
        .then((r) => {
          absorbing = absorbing.then(async () => {
            await out.assembler.add(tile.core, r.codes);
            out.stitcher.addTile(tile.core, decodeTileComponents(r.components));
            for (let i = 0; i < 256; i++) codeCounts[i] += r.codeCounts[i];
            ctx.progress('stitch', ++done, ctx.plan.tiles.length, tile.core.width * tile.core.height);
          });
          return absorbing;
        })
        .catch((err: unknown) => {
          if (failure === null) failure = err;
        });
      inFlight.add(run);
      void run.finally(() => inFlight.delete(run));
      if (inFlight.size >= ctx.maxInFlight) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    await absorbing;
    if (failure !== null) throw failure;
    return {
      summary: {
        thresholdPx: this.thresholdPx,
        small: d.small,
        isolated: d.isolated,
        unmergeable: d.unmergeable,
        merged: d.merged,
        mergedPatches: d.mergedNonZero,
      },
      codeCounts,
    };
  }
}
