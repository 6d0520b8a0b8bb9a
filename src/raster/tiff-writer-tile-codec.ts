import { deflate, inflate } from 'node:zlib';
import { promisify } from 'node:util';
import type { PixelArray } from './raster-types.ts';
import type { WriterPlan } from './tiff-writer-options.ts';
import { floatAcc, floatDiff, horizontalAcc, horizontalDiff } from './tiff-writer-predictor.ts';

const deflateAsync = promisify(deflate);
const inflateAsync = promisify(inflate);

type Lanes = Uint8Array | Uint16Array | Uint32Array;

/** One full tile (tileSize² pixels × bands), pixel-interleaved, with three views of the same memory. */
export interface TileScratch {
  bytes: Uint8Array;
  pixels: PixelArray;
  /** unsigned lanes of 1, 2 or 4 bytes; 8-byte samples are two 4-byte lanes */
  lanes: Lanes;
}

/**
 * Encodes/decodes whole tiles of one writer: interleave, predictor, deflate. Scratch tiles are pooled, so
 * steady state allocates only what zlib returns. Deflate/inflate run on the libuv pool, so tiles in flight
 * compress in parallel.
 */
export class TileCodec {
  readonly tileBytes: number;
  private readonly free: TileScratch[] = [];
  private readonly rowTmp: Uint8Array;
  private readonly laneBytes: 1 | 2 | 4;
  private readonly lanesPerSample: number;

  constructor(private readonly plan: WriterPlan) {
    this.tileBytes = plan.tileSize * plan.tileSize * plan.bands * plan.sample.bytes;
    this.rowTmp = new Uint8Array(plan.tileSize * plan.bands * plan.sample.bytes);
    this.laneBytes = plan.sample.bytes === 8 ? 4 : plan.sample.bytes;
    this.lanesPerSample = plan.sample.bytes === 8 ? 2 : 1;
  }

  acquire(): TileScratch {
    const s = this.free.pop();
    if (s !== undefined) return s;
    const buf = new ArrayBuffer(this.tileBytes);
    return { bytes: new Uint8Array(buf), pixels: new this.plan.sample.ctor(buf), lanes: this.lanesOf(buf, 0, this.tileBytes) };
  }

  release(s: TileScratch): void {
    if (this.free.length < 8) this.free.push(s);
  }

  /**
   * Copies a w×h window at (x0,y0) of band-sequential arrays (row stride `srcWidth`) into the scratch,
   * pixel-interleaved; the padding beyond w×h is zeroed.
   */
  interleave(bands: PixelArray[], srcWidth: number, x0: number, y0: number, w: number, h: number, s: TileScratch): void {
    const t = this.plan.tileSize;
    if (w < t || h < t) s.bytes.fill(0);
    const spp = this.plan.bands;
    const lps = this.lanesPerSample;
    if (spp === 1 && lps === 1) {
      const dst = s.lanes;
      for (let b = 0; b < bands.length; b++) {
        const src = this.lanesOf(bands[b].buffer, bands[b].byteOffset, bands[b].byteLength);
        for (let y = 0; y < h; y++) {
          const si = (y0 + y) * srcWidth + x0;
          dst.set(src.subarray(si, si + w), y * t);
        }
      }
      return;
    }
    const pixelLanes = spp * lps;
    const rowLanes = t * pixelLanes;
    for (let b = 0; b < bands.length; b++) {
      const src = this.lanesOf(bands[b].buffer, bands[b].byteOffset, bands[b].byteLength);
      interleaveLanes(src, srcWidth * lps, x0 * lps, y0, w, h, s.lanes, rowLanes, pixelLanes, b * lps, lps);
    }
  }

  /** Applies the predictor in place and compresses; the scratch goes back to the pool. */
  async encode(s: TileScratch): Promise<Buffer> {
    const { plan } = this;
    const t = plan.tileSize;
    try {
      if (plan.compression === 1) return Buffer.from(s.bytes);
      if (plan.predictor === 2) horizontalDiff(s.lanes, t * plan.bands, t, plan.bands);
      else if (plan.predictor === 3) floatDiff(s.bytes, t * plan.bands, t, plan.bands, plan.sample.bytes, this.rowTmp);
      return await deflateAsync(s.bytes, { level: plan.deflateLevel });
    } finally {
      this.release(s);
    }
  }

  /** Inverse of encode for tiles this writer produced (used to build overviews). */
  async decode(compressed: Uint8Array, s: TileScratch): Promise<void> {
    const { plan } = this;
    const t = plan.tileSize;
    if (plan.compression === 1) {
      s.bytes.set(compressed);
      return;
    }
    const raw = await inflateAsync(compressed);
    if (raw.length !== this.tileBytes) throw new Error(`spooled tile inflated to ${raw.length} bytes, expected ${this.tileBytes}`);
    s.bytes.set(raw);
    if (plan.predictor === 2) horizontalAcc(s.lanes, t * plan.bands, t, plan.bands);
    else if (plan.predictor === 3) floatAcc(s.bytes, t * plan.bands, t, plan.bands, plan.sample.bytes, this.rowTmp);
  }

  private lanesOf(buf: ArrayBufferLike, byteOffset: number, byteLength: number): Lanes {
    if (this.laneBytes === 1) return new Uint8Array(buf, byteOffset, byteLength);
    if (this.laneBytes === 2) return new Uint16Array(buf, byteOffset, byteLength >> 1);
    return new Uint32Array(buf, byteOffset, byteLength >> 2);
  }
}

function interleaveLanes(
  src: Lanes,
  srcRowLanes: number,
  srcX0Lanes: number,
  y0: number,
  w: number,
  h: number,
  dst: Lanes,
  dstRowLanes: number,
  pixelLanes: number,
  bandLane: number,
  lps: number,
): void {
  if (lps === 1) {
    for (let y = 0; y < h; y++) {
      let si = (y0 + y) * srcRowLanes + srcX0Lanes;
      let di = y * dstRowLanes + bandLane;
      for (let x = 0; x < w; x++) {
        dst[di] = src[si++];
        di += pixelLanes;
      }
    }
    return;
  }
  for (let y = 0; y < h; y++) {
    let si = (y0 + y) * srcRowLanes + srcX0Lanes;
    let di = y * dstRowLanes + bandLane;
    for (let x = 0; x < w; x++) {
      dst[di] = src[si];
      dst[di + 1] = src[si + 1];
      si += 2;
      di += pixelLanes;
    }
  }
}
