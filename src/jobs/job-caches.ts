import { open, rm, stat, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import type { PixelWindow, WindowRead } from '../raster/index.ts';
import type { PixelCacheEntry, PixelCacheRef } from '../pool/messages.ts';
import { pixelCacheBytes } from '../pool/tasks/pixel-cache.ts';

/**
 * Scratch files that let a later pass skip work an earlier one did. The pixel cache holds the decoded
 * imagery, written by the first pass that decodes it (stats over its units, else histogram over the tiles),
 * so the passes after it read plain bytes instead of inflating the GeoTIFFs again. It lives in the output
 * folder as `.cache-pixels-<job>.bin`, is sized up front (sparse), checked entry by entry with a CRC kept in
 * the checkpoints, kept for a resume and removed when the detect pass is done. It is a speed-up, never a
 * requirement: without room on disk or with a remote tile backend the passes decode the imagery instead.
 */
const PREFIX = '.cache-';

/** A cache file of another job in the output folder. */
export function isStaleCache(name: string, jobId: string): boolean {
  return name.startsWith(PREFIX) && name.endsWith('.bin') && !name.endsWith(`-${jobId}.bin`);
}

interface CacheFile {
  path: string;
  /** entry offsets by unit/tile id, 8-byte aligned */
  offsets: number[];
}

/**
 * Creates the sparse file for entries of the given sizes (keeping it when a resumed run finds it with the
 * same size), or returns why not.
 */
async function createCacheFile(outDir: string, path: string, entryBytes: ReadonlyMap<number, number>): Promise<{ cache: CacheFile | null; reason?: string }> {
  const offsets: number[] = [];
  let bytes = 0;
  for (const [id, size] of entryBytes) {
    offsets[id] = bytes;
    bytes += Math.ceil(size / 8) * 8;
  }
  const existing = await stat(path).catch(() => null);
  if (existing?.size === bytes) return { cache: { path, offsets } };
  const fs = await statfs(outDir);
  const free = Number(fs.bavail) * Number(fs.bsize);
  if (free < bytes * 1.2 + 256 * 2 ** 20) {
    return { cache: null, reason: `the pixel cache needs ${(bytes / 2 ** 30).toFixed(2)} GiB, ${(free / 2 ** 30).toFixed(2)} GiB free in ${outDir}` };
  }
  const fh = await open(path, 'w');
  try {
    await fh.truncate(bytes);
  } finally {
    await fh.close();
  }
  return { cache: { path, offsets } };
}

export async function removePixelCache(cache: PixelCacheIndex | null | undefined): Promise<void> {
  if (cache) await rm(cache.path, { force: true });
}

/** The pixel-cache entries on one grid (statistics units or job tiles), looked up by the window a task reads. */
export class PixelCacheIndex {
  private readonly entries = new Map<number, PixelCacheEntry>();

  constructor(
    private readonly file: CacheFile,
    private readonly grid: { cellWidth: number; cellHeight: number; cols: number },
  ) {}

  get path(): string {
    return this.file.path;
  }

  /** Where the task for cell `id` writes its entry. */
  refFor(id: number): PixelCacheRef {
    return { path: this.file.path, offset: this.file.offsets[id] };
  }

  /** What the cell's checkpoint keeps so a resumed run can trust the entry. */
  checkpointFields(crc: number | null): Record<string, unknown> {
    return crc === null ? {} : { cachePath: this.file.path, cacheCrc: crc };
  }

  /**
   * Records an entry from its checkpoint's fields: written by this run (`inherited` false: trusted, the
   * process that wrote it is reading it), or by the run being resumed (its CRC is checked before use).
   */
  record(id: number, window: PixelWindow, fields: Record<string, unknown> | null, inherited: boolean): void {
    if (fields?.cachePath === this.file.path && typeof fields.cacheCrc === 'number') {
      this.entries.set(id, { window, offset: this.file.offsets[id], crc: fields.cacheCrc, verify: inherited });
    }
  }

  /** The entries covering `w`, or null when one of them was not written (the task decodes instead). */
  entriesFor(w: PixelWindow): { path: string; entries: PixelCacheEntry[] } | null {
    const { cellWidth, cellHeight, cols } = this.grid;
    const out: PixelCacheEntry[] = [];
    for (let row = Math.floor(w.y / cellHeight); row * cellHeight < w.y + w.height; row++) {
      for (let col = Math.floor(w.x / cellWidth); col * cellWidth < w.x + w.width; col++) {
        const e = this.entries.get(row * cols + col);
        if (!e) return null;
        out.push(e);
      }
    }
    return { path: this.file.path, entries: out };
  }
}

/**
 * Opens the pixel cache for the cells a pass decodes, or returns null (with a decision logged) when the disk
 * lacks room. `sides` are the two epochs' reads (bands and sample types size the entries).
 */
export async function openPixelCache(
  ctx: { outDir: string; jobId: string; decision?: (message: string, fields: Record<string, unknown>) => void },
  cells: ReadonlyArray<{ id: number; window: PixelWindow }>,
  grid: { cellWidth: number; cellHeight: number; cols: number },
  sides: { a: Pick<WindowRead, 'bands' | 'sampleType'>; b: Pick<WindowRead, 'bands' | 'sampleType'> },
): Promise<PixelCacheIndex | null> {
  const sizes = new Map(cells.map((c) => [c.id, pixelCacheBytes(sides.a, sides.b, c.window.width * c.window.height)]));
  const { cache, reason } = await createCacheFile(ctx.outDir, join(ctx.outDir, `${PREFIX}pixels-${ctx.jobId}.bin`), sizes);
  if (!cache) {
    ctx.decision?.('pixel cache skipped: the next pass decodes the imagery again', { jobId: ctx.jobId, reason });
    return null;
  }
  return new PixelCacheIndex(cache, grid);
}
