import { describe, expect, it } from 'vitest';
import { buildScene } from './build-scene.ts';
import { fillPolygon } from './polygon-raster.ts';
import { renderTile, type SampleTile } from './render-tile.ts';
import { LANDUSE_NODATA, transitionCode } from './transition-code.ts';

const SIZE = 512;
const scene = buildScene(3, SIZE);
const whole = renderTile(scene, { x: 0, y: 0, width: SIZE, height: SIZE });

function arrays(t: SampleTile): Array<[string, Uint8Array | Uint16Array]> {
  return [
    ['landuseA', t.landuseA],
    ['landuseB', t.landuseB],
    ['truth', t.truth],
    ...t.imageA.map((b, i): [string, Uint16Array] => [`imageA${i}`, b]),
    ...t.imageB.map((b, i): [string, Uint16Array] => [`imageB${i}`, b]),
  ];
}

describe('renderTile', () => {
  it('renders a window exactly as the same cut of a whole render', () => {
    for (const win of [
      { x: 256, y: 0, width: 256, height: 256 },
      { x: 131, y: 77, width: 203, height: 150 },
      { x: 500, y: 480, width: 12, height: 32 },
    ]) {
      const part = renderTile(scene, win);
      const wholeArrays = arrays(whole);
      arrays(part).forEach(([name, arr], k) => {
        const full = wholeArrays[k][1];
        let mismatches = 0;
        for (let r = 0; r < win.height; r++) {
          for (let c = 0; c < win.width; c++) {
            if (arr[r * win.width + c] !== full[(r + win.y) * SIZE + c + win.x]) mismatches++;
          }
        }
        expect(mismatches, `${name} in window ${JSON.stringify(win)}`).toBe(0);
      });
    }
  });

  it('writes truth = transition(landuse A, landuse B), 0 where classes agree, 255 on nodata', () => {
    const { landuseA, landuseB, truth } = whole;
    let changed = 0;
    let nodata = 0;
    let wrong = 0;
    for (let i = 0; i < truth.length; i++) {
      const a = landuseA[i];
      const b = landuseB[i];
      if (truth[i] !== transitionCode(a, b)) wrong++;
      if (a === b && a !== LANDUSE_NODATA && truth[i] !== 0) wrong++;
      if ((a === LANDUSE_NODATA || b === LANDUSE_NODATA) !== (truth[i] === 255)) wrong++;
      if (truth[i] !== 0 && truth[i] !== 255) changed++;
      if (truth[i] === 255) nodata++;
    }
    expect(wrong).toBe(0);
    expect(changed).toBe(scene.changes.reduce((s, c) => s + c.pixels, 0));
    expect(nodata).toBeGreaterThan(0);
  });

  it('paints every planted change with its from/to classes and code', () => {
    const win = { x: 0, y: 0, width: SIZE, height: SIZE };
    for (const c of scene.changes) {
      const mask = new Uint8Array(SIZE * SIZE);
      expect(fillPolygon(c.polygon, win, mask, 1)).toBe(c.pixels);
      let wrong = 0;
      for (let i = 0; i < mask.length; i++) {
        if (mask[i] === 0) continue;
        if (whole.landuseA[i] !== c.from || whole.landuseB[i] !== c.to || whole.truth[i] !== c.code) wrong++;
      }
      expect(wrong, c.id).toBe(0);
    }
  });

  it('sets imagery to 0 exactly where its epoch is nodata', () => {
    for (const [lu, img] of [[whole.landuseA, whole.imageA], [whole.landuseB, whole.imageB]] as const) {
      let wrong = 0;
      let nodata = 0;
      for (let i = 0; i < lu.length; i++) {
        const isNodata = lu[i] === LANDUSE_NODATA;
        if (isNodata) nodata++;
        for (const band of img) if ((band[i] === 0) !== isNodata) wrong++;
      }
      expect(nodata).toBeGreaterThan(0);
      expect(wrong).toBe(0);
    }
  });

  it('has a seasonal shift that naive differencing flags and global normalisation removes', () => {
    const nir = 3;
    const A = whole.imageA[nir];
    const B = whole.imageB[nir];
    const valid = (i: number): boolean => A[i] !== 0 && B[i] !== 0;
    const stats = (X: Uint16Array): [number, number] => {
      let s = 0;
      let s2 = 0;
      let n = 0;
      for (let i = 0; i < X.length; i++) if (valid(i)) { s += X[i]; s2 += X[i] * X[i]; n++; }
      const mean = s / n;
      return [mean, Math.sqrt(s2 / n - mean * mean)];
    };
    const [ma, sa] = stats(A);
    const [mb, sb] = stats(B);
    let naive = 0;
    let normalised = 0;
    let n = 0;
    for (let i = 0; i < A.length; i++) {
      if (!valid(i) || whole.truth[i] !== 0) continue;
      naive += Math.abs(B[i] - A[i]);
      normalised += Math.abs((B[i] - mb) / sb - (A[i] - ma) / sa);
      n++;
    }
    expect(naive / n).toBeGreaterThan(300); // DN, over unchanged pixels
    expect(naive / n / sa).toBeGreaterThan(0.5);
    expect(normalised / n).toBeLessThan(0.15); // in standard deviations
  });
});
