import { executeWindowRead, planWindowRead, type PixelArray, type PixelWindow, type RasterSource } from '../raster/index.ts';
import { LruCache } from './lru-cache.ts';

/** Decoded blocks of the files the tile server reads, so neighbouring tiles do not decode a block again. */
export class BlockCache {
  private readonly lru: LruCache<{ bands: PixelArray[]; byteLength: number }>;
  private readonly inflight = new Map<string, Promise<{ bands: PixelArray[]; byteLength: number }>>();

  constructor(maxBytes = 128 * 1024 * 1024) {
    this.lru = new LruCache(maxBytes);
  }

  private block(src: RasterSource, bands: number[], bc: number, br: number): Promise<{ bands: PixelArray[]; byteLength: number }> {
    const key = `${src.path}|${bands.join(',')}|${bc},${br}`;
    const hit = this.lru.get(key);
    if (hit) return Promise.resolve(hit);
    let p = this.inflight.get(key);
    if (!p) {
      const x = bc * src.blockWidth;
      const y = br * src.blockHeight;
      const win = { x, y, width: Math.min(src.blockWidth, src.width - x), height: Math.min(src.blockHeight, src.height - y) };
      p = executeWindowRead(planWindowRead(src, win, bands)).then((data) => {
        const e = { bands: data, byteLength: data.reduce((s, d) => s + d.byteLength, 0) };
        this.lru.set(key, e);
        return e;
      });
      this.inflight.set(key, p);
      p.finally(() => this.inflight.delete(key)).catch(() => {});
    }
    return p;
  }

  /** Same result as executeWindowRead(planWindowRead(src, win, bands)), assembled from cached blocks. */
  async read(src: RasterSource, win: PixelWindow, bands: number[]): Promise<PixelArray[]> {
    const bw = src.blockWidth;
    const bh = src.blockHeight;
    const c0 = Math.floor(win.x / bw);
    const c1 = Math.floor((win.x + win.width - 1) / bw);
    const r0 = Math.floor(win.y / bh);
    const r1 = Math.floor((win.y + win.height - 1) / bh);
    const blocks: Array<Promise<{ bands: PixelArray[] }>> = [];
    for (let br = r0; br <= r1; br++) for (let bc = c0; bc <= c1; bc++) blocks.push(this.block(src, bands, bc, br));
    const got = await Promise.all(blocks);
    const out: PixelArray[] = [];
    let k = 0;
    for (let br = r0; br <= r1; br++) {
      for (let bc = c0; bc <= c1; bc++) {
        const blk = got[k++]!.bands;
        const bx = bc * bw;
        const by = br * bh;
        const blkW = Math.min(bw, src.width - bx);
        const x0 = Math.max(win.x, bx);
        const x1 = Math.min(win.x + win.width, bx + blkW);
        const y0 = Math.max(win.y, by);
        const y1 = Math.min(win.y + win.height, by + bh, src.height);
        for (let b = 0; b < blk.length; b++) {
          const from = blk[b]!;
          if (out.length <= b) out.push(new (from.constructor as new (n: number) => PixelArray)(win.width * win.height));
          const to = out[b]!;
          for (let y = y0; y < y1; y++) {
            const s = (y - by) * blkW + (x0 - bx);
            to.set(from.subarray(s, s + (x1 - x0)), (y - win.y) * win.width + (x0 - win.x));
          }
        }
      }
    }
    return out;
  }

  stats(): { hits: number; misses: number; bytes: number } {
    return { hits: this.lru.hits, misses: this.lru.misses, bytes: this.lru.byteSize };
  }
}
