import { describe, expect, it } from 'vitest';
import { classifySpectral } from './classify-spectral.ts';

const f = (...v: number[]) => new Float32Array(v);

describe('classifySpectral', () => {
  // one pixel per rule, in decision order
  const inputs = {
    //                 nodata, small, water+, water−, built, veg−,  veg+,  other
    magnitude: f(99, 1, 50, 50, 50, 50, 50, 50),
    valid: new Uint8Array([0, 1, 1, 1, 1, 1, 1, 1]),
    ndviA: f(0.5, 0.5, 0.6, 0.0, 0.4, 0.7, 0.1, 0.3),
    ndviB: f(0.0, 0.0, -0.2, 0.3, 0.1, 0.2, 0.6, 0.35),
    ndwiA: f(0, 0, -0.3, 0.4, -0.2, -0.4, -0.2, -0.2),
    ndwiB: f(0, 0, 0.3, -0.1, -0.3, -0.3, -0.4, -0.2),
    ndbiA: f(0, 0, 0, 0, -0.2, -0.3, 0, 0),
    ndbiB: f(0, 0, 0, 0, 0.1, -0.25, -0.2, 0),
  };

  it('applies the documented decision order', () => {
    expect(Array.from(classifySpectral(inputs, 8, { threshold: 10 }))).toEqual([255, 0, 3, 4, 5, 1, 2, 9]);
  });

  it('water comes before vegetation loss', () => {
    // pixel 2 also has ΔNDVI = −0.8, still water gain
    expect(classifySpectral(inputs, 8, { threshold: 10 })[2]).toBe(3);
  });

  it('without NDBI falls back to brightness for built-up, and without NDVI calls non-water change "other"', () => {
    const noSwir = { ...inputs, ndbiA: null, ndbiB: null, brightnessA: f(0, 0, 0, 0, 50, 50, 0, 0), brightnessB: f(0, 0, 0, 0, 70, 52, 0, 0) };
    // pixel 4: ΔNDVI −0.3, brightness +40 % → built-up; pixel 5: +4 % → vegetation loss
    expect(Array.from(classifySpectral(noSwir, 8, { threshold: 10 }))).toEqual([255, 0, 3, 4, 5, 1, 2, 9]);
    const onlyMagnitude = { magnitude: inputs.magnitude, valid: inputs.valid };
    expect(Array.from(classifySpectral(onlyMagnitude, 8, { threshold: 10 }))).toEqual([255, 0, 9, 9, 9, 9, 9, 9]);
  });

  it('honours its options', () => {
    // a larger NDVI step turns the vegetation changes (Δ ±0.5) into "other"
    const out = classifySpectral(inputs, 8, { threshold: 10, ndviDelta: 0.6 });
    expect(Array.from(out.subarray(5, 7))).toEqual([9, 9]);
    expect(classifySpectral(inputs, 8, { threshold: 60 })[2]).toBe(0);
  });
});
