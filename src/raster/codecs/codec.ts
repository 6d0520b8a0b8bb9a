/**
 * A codec turns one block's stored bytes into its decoded bytes. It never applies the predictor or swaps
 * bytes: that happens once, after any codec (see decode-block.ts).
 */
export interface Codec {
  readonly name: string;
  /**
   * Decodes `src`. `expectedBytes` is the block's decoded size; `scratch` (at least that long, aligned
   * to 8) may be written into and returned. The result may be shorter than expected (the caller reports
   * it) and is never longer. Throws a plain Error on a corrupt stream; the caller adds file/tile context.
   */
  decode(src: Uint8Array, expectedBytes: number, scratch: Uint8Array): Uint8Array;
}
