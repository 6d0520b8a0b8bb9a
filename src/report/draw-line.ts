/** Draws a 1-px line into an RGBA buffer (Bresenham), clipped to the image. */
export function drawLine(rgba: Uint8Array, width: number, height: number, x0: number, y0: number, x1: number, y1: number, r: number, g: number, b: number): void {
  let x = Math.round(x0);
  let y = Math.round(y0);
  const xe = Math.round(x1);
  const ye = Math.round(y1);
  const dx = Math.abs(xe - x);
  const dy = -Math.abs(ye - y);
  const sx = x < xe ? 1 : -1;
  const sy = y < ye ? 1 : -1;
  let err = dx + dy;
  for (let guard = 0; guard < 1 << 16; guard++) {
    if (x >= 0 && y >= 0 && x < width && y < height) {
      const o = (y * width + x) * 4;
      rgba[o] = r;
      rgba[o + 1] = g;
      rgba[o + 2] = b;
      rgba[o + 3] = 255;
    }
    if (x === xe && y === ye) return;
    const e2 = 2 * err;
    if (e2 >= dy) {
      err += dy;
      x += sx;
    }
    if (e2 <= dx) {
      err += dx;
      y += sy;
    }
  }
}

/** Draws closed rings (flat [x0, y0, x1, y1, …] in pixel coordinates) two pixels wide. */
export function drawRings(rgba: Uint8Array, width: number, height: number, rings: readonly number[][], color: [number, number, number]): void {
  const [r, g, b] = color;
  for (const ring of rings) {
    const n = ring.length / 2;
    for (let i = 0; i < n; i++) {
      const j = (i + 1) % n;
      drawLine(rgba, width, height, ring[2 * i], ring[2 * i + 1], ring[2 * j], ring[2 * j + 1], r, g, b);
      drawLine(rgba, width, height, ring[2 * i] + 1, ring[2 * i + 1], ring[2 * j] + 1, ring[2 * j + 1], r, g, b);
    }
  }
}
