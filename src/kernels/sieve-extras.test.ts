import { describe, expect, it } from 'vitest';
import { expandSieveTransitions, packSieveExtras, sieveKeepsWeight, unpackSieveExtras } from './sieve-extras.ts';

describe('packSieveExtras', () => {
  // core 3×2 inside a 4×3 window at (dx, dy) = (1, 1); codes: 255 nodata, 0 no change, 5 a change
  const codes = Uint8Array.from([0, 5, 255, 0, 0, 5]);
  const labels = Int32Array.from([0, 1, -1, 2, 2, 3]);
  const sizes = Uint32Array.from([1, 1, 2, 1]);
  const win = { dx: 1, dy: 1, width: 4 };
  const at = (i: number) => (Math.floor(i / 3) + 1) * 4 + (i % 3) + 1;
  const transitions = new Uint32Array(12);
  const magnitude = new Float32Array(12);
  for (let i = 0; i < 6; i++) {
    transitions[at(i)] = 100 + i;
    magnitude[at(i)] = i + 0.03;
  }

  it('keeps transitions of changed pixels and weights of changed pixels and of small no-change components, in raster order', () => {
    const x = unpackSieveExtras(packSieveExtras(codes, 6, labels, sizes, 2, transitions, magnitude, 3, win));
    expect(Array.from(x.transitions ?? [])).toEqual([101, 105]);
    // pixel 0 (no change, size 1 < 2), 1 (change), 5 (change); pixels 3, 4 are a no-change component of size 2
    expect(Array.from(x.weights ?? [])).toEqual([0, 1, 5]);
    expect(sieveKeepsWeight(0, 2, 2)).toBe(false);
    expect(sieveKeepsWeight(0, 1, 2)).toBe(true);
    const dense = new Uint32Array(6);
    expandSieveTransitions(codes, 6, x.transitions as Uint32Array, dense);
    expect(dense[1]).toBe(101);
    expect(dense[5]).toBe(105);
  });

  it('quantises weights to 1/16 and leaves out what the mode does not have', () => {
    const m = magnitude.slice();
    m[at(1)] = 1.04; // → 1.0625
    const x = unpackSieveExtras(packSieveExtras(codes, 6, labels, sizes, 0, null, m, 3, win));
    expect(x.transitions).toBeNull();
    expect(Array.from(x.weights ?? [])).toEqual([1.0625, 5]);
    const y = unpackSieveExtras(packSieveExtras(codes, 6, labels, sizes, 2, transitions, null, 3, win));
    expect(y.weights).toBeNull();
  });

  it('rejects foreign bytes and a transition list that does not fit the codes', () => {
    expect(() => unpackSieveExtras(new Uint8Array(20))).toThrow(/not packed/);
    expect(() => expandSieveTransitions(codes, 6, Uint32Array.of(1), new Uint32Array(6))).toThrow(/1 transitions for 2/);
  });
});
