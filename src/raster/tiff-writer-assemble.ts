import { open, type FileHandle } from 'node:fs/promises';
import type { WriterPlan } from './tiff-writer-options.ts';
import type { LevelTiles } from './tiff-writer-overview.ts';
import { encodeHeader, encodeIfd, ifdByteLength, type TagEntry } from './tiff-writer-ifd.ts';
import type { Spool } from './tiff-writer-spool.ts';
import { ghostArea, levelTags } from './tiff-writer-tags.ts';

const CLASSIC_LIMIT = 0xffffffff;
/** leader (uint32 byte count) + trailer (last 4 bytes repeated) around every tile */
const TILE_FRAME = 8;

interface Layout {
  bigTiff: boolean;
  /** header + ghost area + every IFD */
  prefix: Buffer;
  /** per level: file offset of each tile's data (after its leader) */
  fileOffsets: Float64Array[];
  totalBytes: number;
}

/**
 * GDAL COG layout: header, ghost area, IFDs (full resolution first, then overviews by decreasing size), then
 * tile data from the smallest overview to full resolution, row-major within a level. BigTIFF only when the
 * classic layout would pass 4 GiB (or when forced).
 */
export function planLayout(plan: WriterPlan, levels: LevelTiles[], bigTiff: boolean): Layout {
  const ghost = ghostArea();
  const headerBytes = bigTiff ? 16 : 8;
  const sized = levels.map((l, k) => levelTags(plan, k, l.offsets, l.counts, bigTiff));
  const ifdAt: number[] = [];
  let pos = headerBytes + ghost.length;
  for (const tags of sized) {
    ifdAt.push(pos);
    pos += ifdByteLength(tags, bigTiff);
  }
  const fileOffsets = levels.map((l) => new Float64Array(l.counts.length));
  for (let k = levels.length - 1; k >= 0; k--) {
    const counts = levels[k].counts;
    for (let i = 0; i < counts.length; i++) {
      fileOffsets[k][i] = pos + 4;
      pos += counts[i] + TILE_FRAME;
    }
  }
  if (!bigTiff && pos > CLASSIC_LIMIT) return planLayout(plan, levels, true);
  const parts: Buffer[] = [encodeHeader(ifdAt[0], bigTiff), ghost];
  levels.forEach((l, k) => {
    const tags: TagEntry[] = levelTags(plan, k, fileOffsets[k], l.counts, bigTiff);
    parts.push(encodeIfd(tags, ifdAt[k], k + 1 < levels.length ? ifdAt[k + 1] : 0, bigTiff));
  });
  return { bigTiff, prefix: Buffer.concat(parts), fileOffsets, totalBytes: pos };
}

/** Writes the final file at `outPath` (which must not exist) from the spooled tiles. */
export async function assembleCog(plan: WriterPlan, spool: Spool, levels: LevelTiles[], outPath: string): Promise<void> {
  const layout = planLayout(plan, levels, plan.bigTiff === true);
  const fh = await open(outPath, 'wx');
  try {
    const out = new ChunkWriter(fh);
    await out.write(layout.prefix);
    let maxCount = 0;
    for (const l of levels) for (let i = 0; i < l.counts.length; i++) maxCount = Math.max(maxCount, l.counts[i]);
    const readBuf = new Uint8Array(maxCount);
    const frame = Buffer.alloc(4);
    for (let k = levels.length - 1; k >= 0; k--) {
      const { offsets, counts } = levels[k];
      for (let i = 0; i < counts.length; i++) {
        const data = await spool.read(offsets[i], counts[i], readBuf);
        frame.writeUInt32LE(counts[i], 0);
        await out.write(frame);
        await out.write(data);
        await out.write(data.subarray(data.length - 4));
      }
    }
    await out.flush();
    if (out.written !== layout.totalBytes) throw new Error(`wrote ${out.written} bytes, layout planned ${layout.totalBytes}`);
  } finally {
    await fh.close();
  }
}

/** Batches small writes into large sequential ones. */
class ChunkWriter {
  written = 0;
  private readonly buf = Buffer.allocUnsafe(4 << 20);
  private used = 0;

  constructor(private readonly fh: FileHandle) {}

  async write(bytes: Uint8Array): Promise<void> {
    if (this.used + bytes.length > this.buf.length) await this.flush();
    if (bytes.length > this.buf.length) {
      await writeFully(this.fh, bytes, this.written);
      this.written += bytes.length;
      return;
    }
    this.buf.set(bytes, this.used);
    this.used += bytes.length;
  }

  async flush(): Promise<void> {
    if (this.used === 0) return;
    await writeFully(this.fh, this.buf.subarray(0, this.used), this.written);
    this.written += this.used;
    this.used = 0;
  }
}

async function writeFully(fh: FileHandle, bytes: Uint8Array, at: number): Promise<void> {
  let done = 0;
  while (done < bytes.length) {
    const { bytesWritten } = await fh.write(bytes, done, bytes.length - done, at + done);
    done += bytesWritten;
  }
}
