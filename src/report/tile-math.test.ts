import { describe, expect, it } from 'vitest';
import { LruCache } from './lru-cache.ts';
import { percentileStretch, stretchToByte } from './percentile-stretch.ts';
import { histogramSvg, niceTicks } from './svg-charts.ts';
import { invertGeoTransform } from './tile-sampler.ts';
import { rebaseIndex } from './tile-render.ts';
import { isValidTile, latToMercator, lonLatToTile, mercatorToLat, nativeZoom, tileBounds3857 } from './web-mercator.ts';

describe('web mercator', () => {
  it('tile 0/0/0 spans the world and z1 tiles split it', () => {
    const b = tileBounds3857(0, 0, 0);
    expect(b[0]).toBeCloseTo(-20037508.342789244, 6);
    expect(b[3]).toBeCloseTo(20037508.342789244, 6);
    expect(tileBounds3857(1, 1, 1)).toEqual([0, -20037508.342789244, 20037508.342789244, 0]);
    expect(lonLatToTile(119.8, 31.35, 16)).toEqual([54576, 26752]); // slippy-map formula
    expect(mercatorToLat(latToMercator(31.35))).toBeCloseTo(31.35, 12);
    expect(isValidTile(2, 4, 0)).toBe(false);
    expect(nativeZoom(2, 31.35)).toBe(16);
  });
});

describe('percentileStretch', () => {
  it('takes the 2nd and 98th percentiles of valid values, ignoring nodata', () => {
    const band = new Uint16Array(102);
    for (let i = 0; i < 101; i++) band[i] = i + 1; // 1..101
    band[101] = 0; // nodata
    expect(percentileStretch(band, 0)).toEqual({ lo: 3, hi: 99 });
    expect(stretchToByte(3, { lo: 3, hi: 99 })).toBe(0);
    expect(stretchToByte(51, { lo: 3, hi: 99 })).toBe(128);
    expect(stretchToByte(200, { lo: 3, hi: 99 })).toBe(255);
  });
});

describe('LruCache', () => {
  it('evicts the least recently used entry past its byte budget', () => {
    const c = new LruCache<Uint8Array>(10);
    c.set('a', new Uint8Array(4));
    c.set('b', new Uint8Array(4));
    c.get('a');
    c.set('c', new Uint8Array(4));
    expect(c.get('b')).toBeUndefined();
    expect(c.get('a')).toBeDefined();
    expect(c.byteSize).toBe(8);
  });
});

describe('tile sampling helpers', () => {
  it('inverts a geotransform', () => {
    const inv = invertGeoTransform([480000, 2, 0, 3470000, 0, -2]);
    expect(inv[0] + inv[1] * 480010 + inv[2] * 3469990).toBeCloseTo(5, 9);
    expect(inv[3] + inv[4] * 480010 + inv[5] * 3469990).toBeCloseTo(5, 9);
  });
  it('rebases window indices onto the full grid', () => {
    const idx = Int32Array.from([0, 1, 2, 3, -1]);
    expect([...rebaseIndex(idx, { x: 3, y: 2, width: 2, height: 2 }, 10)]).toEqual([23, 24, 33, 34, -1]);
  });
});

describe('histogramSvg', () => {
  it('draws bars and the threshold line', () => {
    const counts = new Float64Array(100);
    counts[3] = 1000;
    counts[60] = 20;
    const svg = histogramSvg({ counts, min: 0, max: 100, threshold: 40, title: 't', xLabel: 'x' });
    expect(svg.match(/<rect /g)?.length).toBe(2);
    expect(svg).toContain('class="threshold"');
    expect(niceTicks(0, 97, 5)).toEqual([0, 20, 40, 60, 80]);
  });
});
