import sharp from 'sharp';

/** RGBA pixels → PNG bytes (sharp/libspng). */
export async function encodePng(rgba: Uint8Array, width: number, height: number, compressionLevel = 6): Promise<Buffer> {
  return sharp(rgba, { raw: { width, height, channels: 4 } }).png({ compressionLevel, adaptiveFiltering: false }).toBuffer();
}

let empty: Promise<Buffer> | null = null;

/** A fully transparent 256 × 256 PNG, encoded once. */
export function emptyTilePng(): Promise<Buffer> {
  empty ??= encodePng(new Uint8Array(256 * 256 * 4), 256, 256, 9);
  return empty;
}

/** PNG bytes → data: URI for self-contained HTML. */
export function pngDataUri(png: Uint8Array): string {
  return `data:image/png;base64,${Buffer.from(png.buffer, png.byteOffset, png.byteLength).toString('base64')}`;
}
