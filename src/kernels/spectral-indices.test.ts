import { describe, expect, it } from 'vitest';
import { availableIndices, brightness, ndbi, ndvi, ndwi, normalizedDifference } from './spectral-indices.ts';
import { defaultBandRoles, parseBandRoles } from './band-roles.ts';

describe('normalizedDifference', () => {
  it('is (x − y)/(x + y) with 0/0 → 0, for integer and float bands', () => {
    const out = normalizedDifference(new Uint8Array([3, 0, 10, 0]), new Int16Array([1, 0, 0, 5]), 4);
    expect(Array.from(out)).toEqual([0.5, 0, 1, -1]);
    expect(Array.from(normalizedDifference(new Float32Array([-2, 1]), new Float64Array([2, 1]), 2))).toEqual([0, 0]);
  });
});

describe('ndvi, ndwi, ndbi', () => {
  // 6-band Landsat TM layout: B, G, R, NIR, SWIR1, SWIR2
  const bands = [
    new Uint8Array([10]),
    new Uint8Array([30]),
    new Uint8Array([20]),
    new Uint8Array([60]),
    new Uint8Array([90]),
    new Uint8Array([40]),
  ];
  const roles = defaultBandRoles(6);

  it('take the bands their roles name', () => {
    expect(ndvi(bands, roles, 1)[0]).toBeCloseTo(0.5, 6); // (60−20)/80
    expect(ndwi(bands, roles, 1)[0]).toBeCloseTo(-1 / 3, 6); // (30−60)/90
    expect(ndbi(bands, roles, 1)[0]).toBeCloseTo(0.2, 6); // (90−60)/150
  });

  it('fail with E_KERNEL_BAND_ROLE when a role is missing', () => {
    expect(() => ndbi(bands.slice(0, 4), defaultBandRoles(4), 1)).toThrow(expect.objectContaining({ code: 'E_KERNEL_BAND_ROLE' }));
    expect(availableIndices(defaultBandRoles(4))).toEqual({ ndvi: true, ndwi: true, ndbi: false });
    expect(availableIndices(defaultBandRoles(3))).toEqual({ ndvi: false, ndwi: false, ndbi: false });
  });
});

describe('defaultBandRoles', () => {
  it('knows 3, 4, 6 and 13 bands only', () => {
    expect(defaultBandRoles(3)).toEqual({ red: 0, green: 1, blue: 2 });
    expect(defaultBandRoles(4)).toEqual({ blue: 0, green: 1, red: 2, nir: 3 });
    expect(defaultBandRoles(6)).toEqual({ blue: 0, green: 1, red: 2, nir: 3, swir1: 4, swir2: 5 });
    expect(defaultBandRoles(13)).toEqual({ blue: 1, green: 2, red: 3, nir: 7, swir1: 11, swir2: 12 });
    expect(defaultBandRoles(7)).toEqual({});
    expect(defaultBandRoles(1)).toEqual({});
  });
});

describe('parseBandRoles', () => {
  it('accepts role → 0-based index and rejects typos and out-of-range bands', () => {
    expect(parseBandRoles({ red: 0, nir: 3 }, 4)).toEqual({ red: 0, nir: 3 });
    expect(() => parseBandRoles({ nri: 3 }, 4)).toThrow(/unknown band role "nri"/);
    expect(() => parseBandRoles({ nir: 4 }, 4)).toThrow(/below 4/);
    expect(() => parseBandRoles({ nir: 1.5 }, 4)).toThrow(/nir/);
    expect(() => parseBandRoles([1, 2], 4)).toThrow(/object/);
  });
});

describe('brightness', () => {
  it('is the mean of the chosen bands, after normalisation when given', () => {
    const bands = [new Uint8Array([2, 4]), new Uint8Array([4, 8]), new Uint8Array([100, 100])];
    expect(Array.from(brightness(bands, [0, 1], null, 2))).toEqual([3, 6]);
    const norm = { gain: new Float64Array([2, 1, 1]), offset: new Float64Array([0, 2, 0]) };
    expect(Array.from(brightness(bands, [0, 1], norm, 2))).toEqual([5, 9]);
  });
});
