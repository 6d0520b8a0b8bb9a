import { randomBytes } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import { endianness } from 'node:os';
import { RasterError } from './raster-error.ts';
import type { PixelArray } from './raster-types.ts';
import { assembleCog } from './tiff-writer-assemble.ts';
import { isPixelArrayOf, resolveWriterOptions, type TiffWriterOptions, type WriterPlan } from './tiff-writer-options.ts';
import { OverviewCascade } from './tiff-writer-cascade.ts';
import { emptyLevelTiles, type LevelTiles } from './tiff-writer-overview.ts';
import { Spool } from './tiff-writer-spool.ts';
import { TileCodec } from './tiff-writer-tile-codec.ts';

export type { TiffWriterOptions } from './tiff-writer-options.ts';

export interface TiffWriter {
  /**
   * Tiles in any order; each band's array is exactly the tile's clipped size (w×h at the right/bottom
   * edge, else tileSize²), band-sequential. The arrays are copied before this returns, so callers may
   * reuse them at once. Writing a tile again replaces it.
   */
  writeTile(tileCol: number, tileRow: number, bands: PixelArray[]): Promise<void>;
  /** Builds overviews, lays out the COG, writes to `${path}.tmp-*` then renames to `path`. */
  close(): Promise<void>;
  /** Removes temp files; the final path is never left half-written. */
  abort(): Promise<void>;
}

/**
 * Streaming tiled GeoTIFF/COG writer. Compressed full-resolution tiles go to a spool file as they arrive
 * (only their offsets stay in memory); overview tiles are built from the spool as soon as the tiles they
 * read are there (OverviewCascade); close() waits for the last ones, writes the COG and renames it into place. Output bytes depend only on the options and pixels, not on tile order.
 */
export async function createTiffWriter(path: string, options: TiffWriterOptions): Promise<TiffWriter> {
  if (endianness() !== 'LE') throw new RasterError('E_RASTER_WRITE', `${path}: big-endian hosts are not supported`, { file: path });
  const plan = resolveWriterOptions(path, options);
  const tmpBase = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  let spool: Spool;
  try {
    spool = await Spool.create(`${tmpBase}.spool`);
  } catch (err) {
    throw writeError(path, `cannot create temp file ${tmpBase}.spool`, err);
  }
  return new StreamingTiffWriter(plan, spool, tmpBase);
}

/** Convenience for small rasters: whole bands in memory (each width×height, band-sequential). */
export async function writeTiff(path: string, options: TiffWriterOptions, bands: PixelArray[]): Promise<void> {
  const writer = await createTiffWriter(path, options);
  const impl = writer as StreamingTiffWriter;
  const plan = impl.plan;
  try {
    if (!Array.isArray(bands) || bands.length !== plan.bands) {
      throw new RasterError('E_RASTER_WRITE', `${path}: ${Array.isArray(bands) ? bands.length : 0} bands given, expected ${plan.bands}`, { file: path });
    }
    bands.forEach((b, i) => {
      if (!isPixelArrayOf(b, plan.sample) || b.length !== plan.width * plan.height) {
        throw new RasterError('E_RASTER_WRITE', `${path}: band ${i + 1} must be a ${plan.sample.ctor.name} of ${plan.width * plan.height} samples`, { file: path, band: i + 1 });
      }
    });
    const level = plan.levels[0];
    const inFlight: Promise<void>[] = [];
    for (let row = 0; row < level.tilesDown; row++) {
      for (let col = 0; col < level.tilesAcross; col++) {
        const p = impl.writeWindow(col, row, bands, plan.width, col * plan.tileSize, row * plan.tileSize);
        p.catch(() => undefined); // surfaced by the await below, not as an unhandled rejection
        inFlight.push(p);
        if (inFlight.length >= 4) await inFlight.shift();
      }
    }
    await Promise.all(inFlight);
    await writer.close();
  } catch (err) {
    await writer.abort();
    throw err;
  }
}

class StreamingTiffWriter implements TiffWriter {
  private readonly codec: TileCodec;
  private readonly full: LevelTiles;
  private readonly cascade: OverviewCascade;
  private readonly pending = new Set<Promise<void>>();
  private failure: unknown = null;
  private state: 'open' | 'closing' | 'closed' | 'aborted' = 'open';
  private closing: Promise<void> | null = null;

  constructor(
    readonly plan: WriterPlan,
    private readonly spool: Spool,
    private readonly tmpBase: string,
  ) {
    this.codec = new TileCodec(plan);
    this.full = emptyLevelTiles(plan.levels[0]);
    this.cascade = new OverviewCascade(plan, this.codec, spool, this.full);
  }

  writeTile(tileCol: number, tileRow: number, bands: PixelArray[]): Promise<void> {
    try {
      const { plan } = this;
      const tile = `${tileCol},${tileRow}`;
      const bad = (what: string, band?: number): RasterError =>
        new RasterError('E_RASTER_WRITE', `${plan.path}: tile ${tile}: ${what}`, band === undefined ? { file: plan.path, tile } : { file: plan.path, tile, band });
      const level = plan.levels[0];
      if (!Number.isInteger(tileCol) || !Number.isInteger(tileRow) || tileCol < 0 || tileRow < 0 || tileCol >= level.tilesAcross || tileRow >= level.tilesDown) {
        throw bad(`outside the ${level.tilesAcross}×${level.tilesDown} tile grid`);
      }
      if (!Array.isArray(bands) || bands.length !== plan.bands) {
        throw bad(`${Array.isArray(bands) ? bands.length : 0} bands given, expected ${plan.bands}`);
      }
      const w = Math.min(plan.tileSize, plan.width - tileCol * plan.tileSize);
      const h = Math.min(plan.tileSize, plan.height - tileRow * plan.tileSize);
      for (let b = 0; b < bands.length; b++) {
        const arr: unknown = bands[b];
        if (!isPixelArrayOf(arr, plan.sample)) throw bad(`band ${b + 1} is not a ${plan.sample.ctor.name}`, b + 1);
        if (arr.length !== w * h) throw bad(`band ${b + 1} has ${arr.length} samples, expected ${w}×${h} = ${w * h}`, b + 1);
      }
      return this.writeWindow(tileCol, tileRow, bands, w, 0, 0);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /** Encodes tile (col,row) from the window at (x0,y0) of band arrays with row stride `srcWidth`. */
  writeWindow(tileCol: number, tileRow: number, bands: PixelArray[], srcWidth: number, x0: number, y0: number): Promise<void> {
    const { plan } = this;
    if (this.state !== 'open') return Promise.reject(this.stateError());
    const t = plan.tileSize;
    const w = Math.min(t, plan.width - tileCol * t);
    const h = Math.min(t, plan.height - tileRow * t);
    const scratch = this.codec.acquire();
    // copy synchronously: the caller's arrays are free again once this returns
    this.codec.interleave(bands, srcWidth, x0, y0, w, h, scratch);
    const index = tileRow * plan.levels[0].tilesAcross + tileCol;
    return this.track(this.store(index, scratch, `tile ${tileCol},${tileRow}`));
  }

  private async store(index: number, scratch: ReturnType<TileCodec['acquire']>, where: string): Promise<void> {
    try {
      const compressed = await this.codec.encode(scratch);
      this.full.offsets[index] = await this.spool.append(compressed);
      this.full.counts[index] = compressed.length;
      this.cascade.stored(0, index);
    } catch (err) {
      const e = writeError(this.plan.path, `${where}: spooling failed`, err);
      this.failure ??= e;
      throw e;
    }
  }

  private track(p: Promise<void>): Promise<void> {
    this.pending.add(p);
    const forget = (): void => {
      this.pending.delete(p);
    };
    p.then(forget, forget);
    return p;
  }

  close(): Promise<void> {
    if (this.closing !== null) return this.closing;
    if (this.state !== 'open') return Promise.reject(this.stateError());
    this.state = 'closing';
    this.closing = this.finish();
    return this.closing;
  }

  private async finish(): Promise<void> {
    const { plan } = this;
    try {
      await Promise.allSettled([...this.pending]);
      if (this.failure !== null) throw this.failure;
      await this.fillMissing();
      const levels = await this.cascade.settle();
      await assembleCog(plan, this.spool, levels, this.tmpBase);
      await this.spool.close();
      await rename(this.tmpBase, plan.path);
      await rm(this.spool.path, { force: true });
      this.state = 'closed';
    } catch (err) {
      await this.cleanup();
      this.state = 'aborted';
      throw err instanceof RasterError ? err : writeError(plan.path, 'close failed', err);
    }
  }

  /** Tiles never written become nodata (or 0): one encoded fill tile, spooled once and shared. */
  private async fillMissing(): Promise<void> {
    const { counts, offsets } = this.full;
    let fill: { offset: number; count: number } | null = null;
    for (let i = 0; i < counts.length; i++) {
      if (counts[i] !== 0) continue;
      if (fill === null) {
        const s = this.codec.acquire();
        s.pixels.fill(this.plan.fillValue);
        const compressed = await this.codec.encode(s);
        fill = { offset: await this.spool.append(compressed), count: compressed.length };
      }
      offsets[i] = fill.offset;
      counts[i] = fill.count;
      this.cascade.stored(0, i);
    }
  }

  async abort(): Promise<void> {
    if (this.state === 'closed' || this.state === 'aborted') return;
    if (this.state === 'closing' && this.closing !== null) {
      await this.closing.catch(() => undefined);
      return;
    }
    this.state = 'aborted';
    await Promise.allSettled([...this.pending]);
    await this.cleanup();
  }

  private async cleanup(): Promise<void> {
    this.cascade.stop();
    await this.cascade.settle().catch(() => undefined);
    await this.spool.close().catch(() => undefined);
    await rm(this.spool.path, { force: true }).catch(() => undefined);
    await rm(this.tmpBase, { force: true }).catch(() => undefined);
  }

  private stateError(): RasterError {
    return new RasterError('E_RASTER_WRITE', `${this.plan.path}: writer is ${this.state}`, { file: this.plan.path });
  }
}

function writeError(path: string, what: string, cause: unknown): RasterError {
  if (cause instanceof RasterError) return cause;
  const why = cause instanceof Error ? cause.message : String(cause);
  return new RasterError('E_RASTER_WRITE', `${path}: ${what}: ${why}`, { file: path });
}
