import { addPackedClassPairCounts, emptyClassPairCounts, haloFor, CHANGE_LEGEND, type ClassPairCounts, type Normalization } from '../kernels/index.ts';
import { decodeTileComponents } from '../kernels/tile-components.ts';
import { createTiffWriter, type PixelWindow, type PlannedTile } from '../raster/index.ts';
import { createStitcher, type StitchedPolygon } from '../vector/stitch-tiles.ts';
import { isGeographicProj4 } from '../vector/crs.ts';
import type { DetectParams } from './job-types.ts';
import { runTwoStep } from './run-two-step.ts';
import { runTiles } from './run-tiles.ts';
import type { ChangeResult, ChangeTask, LabelResult } from '../pool/messages.ts';
import { CheckpointWriter } from './checkpoint-writer.ts';
import { TileAssembler } from './tile-assembler.ts';
import { bytesOf, float64Of, packSections, unpackSections } from './tile-payload.ts';
import { tileRef, type PassContext } from './global-passes.ts';
import { epochPair, landusePair } from './read-planner.ts';
import { SieveMerge, sieveThresholdPx, type SieveSummary } from './sieve-pass.ts';

export const OUTPUT_TILE_PX = 512;

export interface DetectPassResult {
  polygons: StitchedPolygon[];
  /** pixels per change code over the scene */
  codeCounts: Float64Array;
  /** class pair counts and unusable raw codes per epoch (landuse/combined; empty otherwise) */
  transitions: ClassPairCounts;
  validPixels: number;
  ms: { read: number; kernel: number; label: number };
  /** merge-mode MMU (gdal_sieve) outcome; null in drop mode */
  sieve: SieveSummary | null;
}

/** The halo of a label window (the plan's `read` window): morphology needs its own, labelling one more pixel of context. */
export function detectHalo(p: Pick<DetectParams, 'openRadiusPx' | 'closeRadiusPx'>): number {
  return haloFor(p.openRadiusPx, p.closeRadiusPx) + 1;
}

/**
 * Pass "detect". With the pixel cache, one task per tile computes the change codes over the tile + halo
 * (the halo is a cheap read) and labels the core. Without it, two steps: "change" computes the tile's raw
 * codes from its own pixels only (no halo, so each source block is inflated once); when a tile and all its
 * neighbours within the halo have them, "label" gets the window cut from those results, cleans it up (exact
 * thanks to the halo) and labels the core. The main thread writes change.tif through the assembler, stitches
 * components (or, with --mmu-mode merge, builds the sieve graph first) and checkpoints each labelled tile;
 * finished tiles come back from the store on resume.
 */
export async function detectPass(
  ctx: PassContext,
  params: DetectParams,
  changeTifPath: string,
  spectral: { normalization: Normalization | null; threshold: number } | null,
): Promise<DetectPassResult> {
  const { inputs, plan } = ctx;
  const geographic = isGeographicProj4(inputs.crs.proj4);
  const writer = await createTiffWriter(changeTifPath, {
    width: inputs.width,
    height: inputs.height,
    bands: 1,
    sampleType: 'uint8',
    tileSize: OUTPUT_TILE_PX,
    compression: 'deflate',
    predictor: 2,
    nodata: 255,
    epsg: inputs.crs.epsg,
    geographic,
    geoTransform: inputs.geoTransform,
    // a CRS without an EPSG code (tmerc/cea parameters in the GeoKeys) is copied, so change.tif keeps it
    geoKeys: inputs.crs.epsg === null ? (inputs.imageryA ?? inputs.landuseA)?.geo.geoKeys ?? null : null,
    overviews: 'auto',
    overviewResampling: 'mode',
    metadata: { LANDWATCH_LEGEND: JSON.stringify(CHANGE_LEGEND.map(({ code, key, en, zh, color }) => ({ code, key, en, zh, color }))) },
    bandDescriptions: ['change code'],
  });
  const assembler = new TileAssembler(writer, inputs.width, inputs.height, OUTPUT_TILE_PX);
  const stitcher = createStitcher({ connectivity: params.connectivity, rasterWidth: inputs.width, rasterHeight: inputs.height });
  const codeCounts = new Float64Array(256);
  const transitions = emptyClassPairCounts();
  const ms = { read: 0, kernel: 0, label: 0 };
  let validPixels = 0;
  let done = 0;
  let pixels = 0;
  // merge mode: tiles feed the sieve graph; change.tif and the stitcher get the sieved tiles at the end
  const merge = params.mmuMode === 'merge'
    ? new SieveMerge(ctx, params.connectivity, sieveThresholdPx(params.mmuM2, inputs.geoTransform, inputs.crs.proj4, inputs.height))
    : null;
  let sieve: SieveSummary | null = null;

  const absorb = async (core: PixelWindow, r: TilePayload) => {
    if (merge) {
      merge.add(core, r.components);
    } else {
      await assembler.add(core, r.codes);
      stitcher.addTile(core, decodeTileComponents(r.components));
    }
    for (let i = 0; i < 256; i++) codeCounts[i] += r.codeCounts[i];
    addPackedClassPairCounts(r.transitions, transitions);
    validPixels += r.validPixels;
    done++;
    pixels += core.width * core.height;
    ctx.progress('detect', done, plan.tiles.length, pixels);
  };

  try {
    const finished = new Set<number>();
    for await (const d of ctx.store.tiles.listPayloads(ctx.jobId, 'detect')) {
      if (!d.payload) continue;
      const tile = plan.tiles[d.tileId];
      await absorb(tile.core, decodePayload(d.payload, tile.core, `tile ${d.col},${d.row}`));
      finished.add(d.tileId);
    }
    const checkpoints = new CheckpointWriter(ctx.store);
    const todo = plan.tiles.filter((t) => !finished.has(t.id));
    const changeOver = (t: PlannedTile, window: PixelWindow): ChangeTask => ({
      tile: tileRef(t),
      core: window,
      countWindow: t.core,
      mode: inputs.mode,
      spectral: spectral && inputs.imageryA
        ? { imagery: epochPair(ctx, window), cvaBands: inputs.cvaBands, roles: inputs.roles, ...spectral }
        : null,
      landuse: inputs.landuseA ? { landuse: landusePair(inputs, window), remap: inputs.remap } : null,
    });
    const labelOver = (t: PlannedTile, window: PixelWindow) => ({
      tile: tileRef(t),
      core: t.core,
      window,
      rasterWidth: inputs.width,
      rasterHeight: inputs.height,
      openRadiusPx: params.openRadiusPx,
      closeRadiusPx: params.closeRadiusPx,
      connectivity: params.connectivity,
      mmuMode: params.mmuMode ?? 'drop',
      ...(merge ? { sieveThresholdPx: merge.thresholdPx } : {}),
    });
    const commit = async (t: PlannedTile, changeMs: ChangeResult['ms'], tileTransitions: Float64Array, r: LabelResult) => {
      const payload: TilePayload = { ...r, transitions: tileTransitions };
      await checkpoints.write({
        jobId: ctx.jobId, pass: 'detect', tileId: t.id, col: t.col, row: t.row, status: 'done',
        stats: { validPixels: r.validPixels, changedPixels: changed(r.codeCounts), ms: { ...changeMs, label: r.ms } },
        payload: encodePayload(payload),
        ms: Math.round(changeMs.read + changeMs.kernel + r.ms), attempts: 1,
      });
      ms.read += changeMs.read;
      ms.kernel += changeMs.kernel;
      ms.label += r.ms;
      await absorb(t.core, payload);
    };
    if (ctx.pixelCache) {
      // the halo comes from the pixel cache for the price of a read: one task per tile
      await checkpoints.around(runTiles({
        tiles: todo,
        maxInFlight: ctx.maxInFlight,
        signal: ctx.signal,
        run: (t, signal) => ctx.pool.run('detectTile', { change: changeOver(t, t.read), label: labelOver(t, t.read) }, { signal, label: `${t.col},${t.row}` }),
        commit: (t, r) => commit(t, r.changeMs, r.transitions, r),
      }));
    } else {
      await checkpoints.around(runTwoStep({
        plan,
        todo,
        maxInFlight: ctx.maxInFlight,
        signal: ctx.signal,
        change: (t, signal) => ctx.pool.run('change', changeOver(t, t.core), { signal, label: `${t.col},${t.row}` }),
        label: (t, window, cut, signal) => ctx.pool.run('label', { ...labelOver(t, window), ...cut }, { signal, label: `${t.col},${t.row}` }),
        commit: (t, own, r) => commit(t, own.ms, own.transitions, r),
      }));
    }
    if (merge) {
      const m = await merge.finish({ assembler, stitcher }, (blob, core, what) => {
        const p = decodePayload(blob, core, what);
        if (!p.sieveExtras) throw new Error(`${what}: merge-mode checkpoint without sieve extras`);
        return { codes: p.codes, components: p.components, extras: p.sieveExtras };
      });
      codeCounts.set(m.codeCounts);
      sieve = m.summary;
    }
    await writer.close();
  } catch (err) {
    await writer.abort();
    throw err;
  }
  ctx.progress('stitch', 0, 1, 0);
  const polygons = stitcher.finish();
  return { polygons, codeCounts, transitions, validPixels, ms, sieve };
}

interface TilePayload {
  codes: Uint8Array;
  components: Uint8Array;
  codeCounts: Float64Array;
  transitions: Float64Array;
  validPixels: number;
  /** merge mode: the core's transitions and weights where they can still count (packSieveExtras), to polygonize after the sieve */
  sieveExtras?: Uint8Array;
}

function changed(counts: Float64Array): number {
  let n = 0;
  for (let c = 1; c < 255; c++) n += counts[c];
  return n;
}

function encodePayload(r: TilePayload): Uint8Array {
  const sections = [r.codes, r.components, bytesOf(r.codeCounts), bytesOf(r.transitions), bytesOf(Float64Array.of(r.validPixels))];
  if (r.sieveExtras) sections.push(r.sieveExtras);
  return packSections(sections);
}

function decodePayload(blob: Uint8Array, core: PixelWindow, what: string): TilePayload {
  const [codes, components, counts, transitions, valid, sieveExtras] = unpackSections(blob, what);
  if (codes.length !== core.width * core.height) throw new Error(`${what}: checkpoint holds ${codes.length} codes for a ${core.width}×${core.height} tile`);
  const comp = new Uint8Array(components.length);
  comp.set(components);
  const out: TilePayload = { codes, components: comp, codeCounts: float64Of(counts), transitions: float64Of(transitions), validPixels: float64Of(valid)[0] };
  if (sieveExtras) out.sieveExtras = Uint8Array.from(sieveExtras); // own buffer: it is cloned to a worker
  return out;
}
