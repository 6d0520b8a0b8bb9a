import { describe, expect, it } from 'vitest';
import { cleanChanges, closeChanges, haloFor, openChanges } from './change-morphology.ts';
import { cropWindow } from './crop-window.ts';
import { mulberry32 } from '../util/prng.ts';

/** Parses a picture: one row per line, one char per pixel: '.' = 0, 'X' = 255, digits / letters = codes. */
function grid(pic: string): { codes: Uint8Array; w: number; h: number } {
  const rows = pic.trim().split('\n').map((r) => r.trim());
  const w = rows[0].length;
  const codes = new Uint8Array(w * rows.length);
  rows.forEach((row, y) => {
    for (let x = 0; x < w; x++) {
      const ch = row[x];
      codes[y * w + x] = ch === '.' ? 0 : ch === 'X' ? 255 : parseInt(ch, 36);
    }
  });
  return { codes, w, h: rows.length };
}

function picture(codes: Uint8Array, w: number): string {
  const rows: string[] = [];
  for (let y = 0; y * w < codes.length; y++) {
    let row = '';
    for (let x = 0; x < w; x++) {
      const c = codes[y * w + x];
      row += c === 0 ? '.' : c === 255 ? 'X' : c.toString(36);
    }
    rows.push(row);
  }
  return rows.join('\n');
}

function clean(pic: string): string {
  return pic.trim().split('\n').map((r) => r.trim()).join('\n');
}

/** Blobby random change map: rectangles of codes 1–5, speckle, nodata patches. */
function randomCodes(w: number, h: number, seed: number): Uint8Array {
  const rnd = mulberry32(seed);
  const codes = new Uint8Array(w * h);
  for (let k = 0; k < 120; k++) {
    const rw = 1 + Math.floor(rnd() * 14);
    const rh = 1 + Math.floor(rnd() * 14);
    const x0 = Math.floor(rnd() * w) - 3;
    const y0 = Math.floor(rnd() * h) - 3;
    const code = k % 17 === 0 ? 255 : 1 + Math.floor(rnd() * 5);
    for (let y = Math.max(0, y0); y < Math.min(h, y0 + rh); y++) {
      for (let x = Math.max(0, x0); x < Math.min(w, x0 + rw); x++) codes[y * w + x] = code;
    }
  }
  for (let i = 0; i < w * h; i++) {
    const r = rnd();
    if (r < 0.04) codes[i] = 1 + Math.floor(rnd() * 5);
    else if (r < 0.06) codes[i] = 0;
  }
  return codes;
}

/** Processes the raster as tiles of `tile` px, each read with `halo` px around it, and crops. */
function tiled(codes: Uint8Array, w: number, h: number, tile: number, halo: number, openR: number, closeR: number): Uint8Array {
  const result = new Uint8Array(w * h);
  for (let ty = 0; ty < h; ty += tile) {
    for (let tx = 0; tx < w; tx += tile) {
      const tw = Math.min(tile, w - tx);
      const th = Math.min(tile, h - ty);
      const x0 = Math.max(0, tx - halo);
      const y0 = Math.max(0, ty - halo);
      const x1 = Math.min(w, tx + tw + halo);
      const y1 = Math.min(h, ty + th + halo);
      const win = new Uint8Array((x1 - x0) * (y1 - y0));
      cropWindow(codes, w, h, x0, y0, x1 - x0, y1 - y0, win);
      const processed = cleanChanges(win, x1 - x0, y1 - y0, { openR, closeR });
      const part = cropWindow(processed, x1 - x0, y1 - y0, tx - x0, ty - y0, tw, th, new Uint8Array(tw * th));
      for (let row = 0; row < th; row++) result.set(part.subarray(row * tw, row * tw + tw), (ty + row) * w + tx);
    }
  }
  return result;
}

/** Brute-force reference of the documented semantics (infinite background around the array). */
function naiveClean(codes: Uint8Array, w: number, h: number, op: 'open' | 'close', r: number): Uint8Array {
  const changed = (x: number, y: number) => x >= 0 && y >= 0 && x < w && y < h && codes[y * w + x] !== 0 && codes[y * w + x] !== 255;
  const out = codes.slice();
  if (op === 'open') {
    const eroded = (x: number, y: number) => {
      for (let dy = -r; dy <= r; dy++) for (let dx = -r; dx <= r; dx++) if (!changed(x + dx, y + dy)) return false;
      return true;
    };
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        if (!changed(x, y)) continue;
        let keep = false;
        for (let dy = -r; dy <= r && !keep; dy++) for (let dx = -r; dx <= r && !keep; dx++) keep = eroded(x + dx, y + dy);
        if (!keep) out[y * w + x] = 0;
      }
    }
    return out;
  }
  const dilated = (x: number, y: number) => {
    for (let dy = -r; dy <= r; dy++) for (let dx = -r; dx <= r; dx++) if (changed(x + dx, y + dy)) return true;
    return false;
  };
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (codes[y * w + x] !== 0) continue;
      let closed = true;
      for (let dy = -r; dy <= r && closed; dy++) for (let dx = -r; dx <= r && closed; dx++) closed = dilated(x + dx, y + dy);
      if (!closed) continue;
      const votes = new Map<number, number>();
      for (let dy = -r; dy <= r; dy++) {
        for (let dx = -r; dx <= r; dx++) {
          if (changed(x + dx, y + dy)) {
            const c = codes[(y + dy) * w + x + dx];
            votes.set(c, (votes.get(c) ?? 0) + 1);
          }
        }
      }
      let best = 0;
      let bestVotes = 0;
      for (const [c, v] of [...votes].sort((p, q) => p[0] - q[0])) if (v > bestVotes) [best, bestVotes] = [c, v];
      out[y * w + x] = best;
    }
  }
  return out;
}

describe('openChanges and closeChanges against a brute-force reference', () => {
  for (const r of [1, 2, 4]) {
    it(`agree on random 57×41 maps with r = ${r}`, () => {
      for (const seed of [1, 2, 3]) {
        const codes = randomCodes(57, 41, seed * 31 + r);
        expect(picture(openChanges(codes, 57, 41, r), 57)).toBe(picture(naiveClean(codes, 57, 41, 'open', r), 57));
        expect(picture(closeChanges(codes, 57, 41, r), 57)).toBe(picture(naiveClean(codes, 57, 41, 'close', r), 57));
      }
    });
  }
});

describe('openChanges', () => {
  it('removes specks and one-pixel lines, keeps the core of a block with its codes', () => {
    const { codes, w, h } = grid(`
      ..........
      .3......2.
      ....111...
      ....111...
      ....121...
      ..........
      .5555555..
      ..........
    `);
    const out = openChanges(codes, w, h, 1);
    expect(picture(out, w)).toBe(
      clean(`
      ..........
      ..........
      ....111...
      ....111...
      ....121...
      ..........
      ..........
      ..........
    `),
    );
  });

  it('erodes at the raster edge (outside is background) and never touches nodata', () => {
    const { codes, w, h } = grid(`
      11111
      11111
      11X11
      11111
    `);
    expect(picture(openChanges(codes, w, h, 1), w)).toBe(
      clean(`
      .....
      .....
      ..X..
      .....
    `),
    );
  });

  it('is the identity for r = 0 and may run in place', () => {
    const { codes, w, h } = grid(`
      1.2
      .X.
    `);
    expect(openChanges(codes, w, h, 0)).toEqual(codes);
    const inPlace = grid(`
      .....
      .222.
      .222.
      .222.
      4....
    `);
    const same = openChanges(inPlace.codes, inPlace.w, inPlace.h, 1, inPlace.codes);
    expect(same).toBe(inPlace.codes);
    expect(picture(same, inPlace.w)).toBe(clean(`
      .....
      .222.
      .222.
      .222.
      .....
    `));
  });
});

describe('closeChanges', () => {
  it('fills a one-pixel gap with the most frequent neighbouring code, ties to the smallest', () => {
    const { codes, w, h } = grid(`
      11.22
      11.22
      11.22
    `);
    // every gap pixel sees 3 (or 2) ones and as many twos: tie → 1
    expect(picture(closeChanges(codes, w, h, 1), w)).toBe(
      clean(`
      11122
      11122
      11122
    `),
    );
    const b = grid(`
      11.33
      11.33
      55.33
    `);
    // (2,0) sees 1,1 and 3,3 → 1; (2,1) sees 1,1,5 and 3,3,3 → 3; (2,2) sees 1,5 and 3,3 → 3
    expect(picture(closeChanges(b.codes, b.w, b.h, 1), b.w)).toBe(
      clean(`
      11133
      11333
      55333
    `),
    );
  });

  it('keeps changed pixels at the border (closing is extensive) and never fills nodata', () => {
    const { codes, w, h } = grid(`
      1.1.
      .X..
      1.1.
    `);
    expect(picture(closeChanges(codes, w, h, 1), w)).toBe(
      clean(`
      111.
      1X1.
      111.
    `),
    );
  });

  it('does not bridge gaps wider than 2r+1', () => {
    const { codes, w, h } = grid(`
      1...1
      1...1
    `);
    expect(picture(closeChanges(codes, w, h, 1), w)).toBe(clean(`
      1...1
      1...1
    `));
    expect(picture(closeChanges(codes, w, h, 2), w)).toBe(clean(`
      11111
      11111
    `));
  });

  it('gives the same bytes in place as into a new array', () => {
    const codes = randomCodes(40, 30, 3);
    const fresh = closeChanges(codes, 40, 30, 2);
    const copy = codes.slice();
    closeChanges(copy, 40, 30, 2, copy);
    expect(copy).toEqual(fresh);
  });
});

describe('haloFor', () => {
  it('is 2·openR + 2·closeR', () => {
    expect(haloFor(1, 2)).toBe(6);
    expect(haloFor(0, 0)).toBe(0);
    expect(() => haloFor(-1, 0)).toThrow(/radius/);
  });

  for (const [openR, closeR] of [
    [1, 1],
    [2, 1],
    [0, 2],
    [1, 3],
    [3, 0],
  ] as const) {
    it(`tiles of 64 with haloFor(${openR}, ${closeR}) then cropped equal whole-raster processing, byte for byte`, () => {
      const w = 300;
      const h = 200;
      const codes = randomCodes(w, h, 20240 + openR * 10 + closeR);
      const whole = cleanChanges(codes, w, h, { openR, closeR });
      const halo = haloFor(openR, closeR);
      expect(Buffer.from(tiled(codes, w, h, 64, halo, openR, closeR)).equals(Buffer.from(whole))).toBe(true);
      // the morphology did something, so the comparison is not vacuous
      expect(Buffer.from(whole).equals(Buffer.from(codes))).toBe(false);
    });
  }

  it('a pixel exactly haloFor(1, 2) = 6 px away decides the result (the halo is needed, not just sufficient)', () => {
    // Along x: run 5..9 survives opening; run 14..16 survives opening only while x = 16 is changed (length 3
    // = 2·1+1); closing with r = 2 fills the gap pixel x = 10 only while x = 14 survives (10 + 2·2).
    const rows = `
      .....11111....111...
      .....11111....111...
      .....11111....111...
      .....11111....111...
      .....11111....111...
    `;
    const withFar = grid(rows);
    const withoutFar = grid(rows.replaceAll('....111...', '....11....'));
    const a = cleanChanges(withFar.codes, withFar.w, withFar.h, { openR: 1, closeR: 2 });
    const b = cleanChanges(withoutFar.codes, withoutFar.w, withoutFar.h, { openR: 1, closeR: 2 });
    const p = 2 * withFar.w + 10; // (10, 2): Chebyshev distance to column 16 is 6
    expect(a[p]).toBe(1);
    expect(b[p]).toBe(0);
  });
});
