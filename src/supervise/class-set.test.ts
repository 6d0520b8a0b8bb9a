import { describe, expect, it } from 'vitest';
import { classNameCodes, classSet, inClassSet } from './class-set.ts';

describe('inClassSet', () => {
  it('matches a GB/T 21010 second-level code by its first-level class (三调 rasters keep 0101-style codes)', () => {
    const cropland = classSet(classNameCodes('cropland') ?? []);
    const construction = classSet(classNameCodes('construction') ?? []);
    expect([101, 102, 103, 1].map((c) => inClassSet(cropland, c))).toEqual([true, true, true, true]);
    expect([201, 104, 130, null].map((c) => inClassSet(cropland, c))).toEqual([false, false, false, false]);
    expect([501, 702, 1003, 1101].map((c) => inClassSet(construction, c))).toEqual([true, true, true, false]);
  });

  it('a set naming a second-level code matches that code only', () => {
    const paddy = classSet([101]);
    expect([101, 102, 1].map((c) => inClassSet(paddy, c))).toEqual([true, false, false]);
  });
});
