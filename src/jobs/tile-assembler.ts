import type { PixelWindow, TiffWriter } from '../raster/index.ts';

/**
 * Re-cuts job tiles (any size, any order) into the output file's own tile grid, so change.tif has the
 * same internal layout — and the same bytes — whatever tile size the job ran with. Only output tiles that
 * are partly covered stay in memory.
 */
export class TileAssembler {
  private readonly pending = new Map<number, { buf: Uint8Array; filled: number; w: number; h: number }>();
  private readonly across: number;

  constructor(
    private readonly writer: TiffWriter,
    private readonly width: number,
    private readonly height: number,
    private readonly tileSizePx: number,
  ) {
    this.across = Math.ceil(width / tileSizePx);
  }

  async add(core: PixelWindow, codes: Uint8Array): Promise<void> {
    const s = this.tileSizePx;
    for (let ty = Math.floor(core.y / s); ty * s < core.y + core.height; ty++) {
      for (let tx = Math.floor(core.x / s); tx * s < core.x + core.width; tx++) {
        const key = ty * this.across + tx;
        let t = this.pending.get(key);
        if (!t) {
          const w = Math.min(s, this.width - tx * s);
          const h = Math.min(s, this.height - ty * s);
          t = { buf: new Uint8Array(w * h), filled: 0, w, h };
          this.pending.set(key, t);
        }
        const x0 = Math.max(core.x, tx * s);
        const x1 = Math.min(core.x + core.width, tx * s + t.w);
        const y0 = Math.max(core.y, ty * s);
        const y1 = Math.min(core.y + core.height, ty * s + t.h);
        for (let y = y0; y < y1; y++) {
          const src = (y - core.y) * core.width + (x0 - core.x);
          t.buf.set(codes.subarray(src, src + (x1 - x0)), (y - ty * s) * t.w + (x0 - tx * s));
        }
        t.filled += (x1 - x0) * (y1 - y0);
        if (t.filled === t.w * t.h) {
          this.pending.delete(key);
          await this.writer.writeTile(tx, ty, [t.buf]);
        }
      }
    }
  }

  /** Output tiles still waiting for pixels (0 once every job tile was added). */
  get incomplete(): number {
    return this.pending.size;
  }
}
