import { describe, expect, it } from 'vitest';
import {
  POLYGON_VALUE_CODE_FACTOR,
  TRANSITION_INVALID,
  addPackedClassPairCounts,
  classPairCounts,
  emptyClassPairCounts,
  packClassPairCounts,
  transitionCodes,
} from './transition-codes.ts';
import { REMAP_PRESETS } from './remap-presets.ts';
import { gbFirstLevel } from './landuse-codes.ts';
import { parseRemapTable } from './remap-table.ts';
import { classTransitionCategory, transitionCategory, transitionCategoryCodes } from './transition-category.ts';
import { combineLanduseSpectral } from './combine-landuse-spectral.ts';

const T = (from: number, to: number) => from * 2048 + to;

describe('transitionCodes', () => {
  it('is from·2048+to where the class changed, 0 where not, TRANSITION_INVALID where invalid', () => {
    const a = new Uint8Array([1, 1, 3, 0, 11, 120, 7, 220]);
    const b = new Uint8Array([5, 1, 20, 1, 12, 1, 7, 210]);
    const valid = new Uint8Array([1, 1, 1, 1, 1, 1, 0, 1]);
    expect(Array.from(transitionCodes(a, b, valid, 8, null))).toEqual([T(1, 5), 0, T(3, 20), 1, T(11, 12), T(120, 1), TRANSITION_INVALID, T(220, 210)]);
  });

  it('carries second-level (uint16) codes and anything up to 2047; larger, negative or fractional codes are invalid', () => {
    const a = Int32Array.from([101, 103, 1003, 2047, 2048, -1, 65535, 201]);
    const b = Int32Array.from([501, 101, 1003, 1, 1, 1, 1, 1207]);
    expect(Array.from(transitionCodes(a, b, new Uint8Array(8).fill(1), 8, null))).toEqual([
      T(101, 501), T(103, 101), 0, T(2047, 1), TRANSITION_INVALID, TRANSITION_INVALID, TRANSITION_INVALID, T(201, 1207),
    ]);
    expect(Array.from(transitionCodes(Float64Array.of(1.5), Float64Array.of(1), Uint8Array.of(1), 1, null))).toEqual([TRANSITION_INVALID]);
    // the polygon value (change code · factor + transition) of the largest pair still fits an Int32
    expect(255 * POLYGON_VALUE_CODE_FACTOR + T(2047, 2046)).toBeLessThan(2 ** 31);
  });

  it('remaps source classes first; unmapped classes are invalid', () => {
    const remap = parseRemapTable({ map: { '10': '01', '50': 20, '210': 11 } });
    const a = new Uint16Array([10, 10, 210, 77]);
    const b = new Uint16Array([50, 10, 10, 10]);
    expect(Array.from(transitionCodes(a, b, new Uint8Array(4).fill(1), 4, remap))).toEqual([T(1, 20), 0, T(11, 1), TRANSITION_INVALID]);
  });
});

describe('classPairCounts', () => {
  it('counts every valid (from, to) pair, the diagonal included', () => {
    const m = classPairCounts(new Uint8Array([1, 1, 2, 2, 9]), new Uint8Array([1, 2, 2, 2, 9]), new Uint8Array([1, 1, 1, 1, 0]), 5, null);
    expect([...m.pairs.entries()].sort((x, y) => x[0] - y[0])).toEqual([[T(1, 1), 1], [T(1, 2), 1], [T(2, 2), 2]]);
    expect(m.unusableA.size + m.unusableB.size).toBe(0);
  });

  it('is exact for codes above 255 and names raw values without a class per epoch', () => {
    const a = Uint16Array.from([101, 101, 101, 3000, 3000, 102, 0]);
    const b = Uint16Array.from([101, 1003, 1003, 101, 101, 5000, 0]);
    const m = classPairCounts(a, b, new Uint8Array(7).fill(1), 7, null);
    expect(Object.fromEntries(m.pairs)).toEqual({ [T(101, 101)]: 1, [T(101, 1003)]: 2, [T(0, 0)]: 1 });
    expect(Object.fromEntries(m.unusableA)).toEqual({ 3000: 2 });
    expect(Object.fromEntries(m.unusableB)).toEqual({ 5000: 1 });
    // tiles pack to [from, to, pixels] triples and merge back to the same counts
    const merged = addPackedClassPairCounts(packClassPairCounts(m), addPackedClassPairCounts(packClassPairCounts(m), emptyClassPairCounts()));
    expect(merged.pairs.get(T(101, 1003))).toBe(4);
    expect(merged.unusableA.get(3000)).toBe(4);
    expect(merged.unusableB.get(5000)).toBe(2);
  });

  it('with a remap: counts classes after it and raw codes it does not map', () => {
    const remap = parseRemapTable({ map: { '10': '03', '40': '01', '50': 20 } });
    const m = classPairCounts(Uint8Array.of(40, 40, 10, 30), Uint8Array.of(50, 50, 10, 10), new Uint8Array(4).fill(1), 4, remap);
    expect(Object.fromEntries(m.pairs)).toEqual({ [T(1, 20)]: 2, [T(3, 3)]: 1 });
    expect(Object.fromEntries(m.unusableA)).toEqual({ 30: 1 });
  });
});

describe('transitionCategory', () => {
  it('maps GB/T 21010 transitions onto legend categories in the documented order', () => {
    const cases: Array<[number, number, number]> = [
      [1, 1, 0],
      [1, 5, 20],
      [1, 20, 20],
      [3, 7, 21],
      [4, 10, 21],
      [2, 6, 27],
      [11, 20, 27],
      [12, 8, 27],
      [0, 9, 27],
      [1, 12, 22],
      [4, 12, 22],
      [1, 11, 23],
      [11, 3, 23],
      [7, 11, 23],
      [0, 11, 23],
      [20, 1, 24],
      [6, 4, 24],
      [1, 2, 25],
      [3, 4, 25],
      [7, 20, 26],
      [5, 10, 26],
      [0, 1, 29],
      [12, 3, 29],
      [20, 12, 29],
    ];
    for (const [from, to, category] of cases) expect([from, to, transitionCategory(from, to)]).toEqual([from, to, category]);
  });

  it('turns transition codes into per-pixel legend codes', () => {
    const codes = Uint32Array.from([0, T(1, 5), T(3, 20), T(11, 12), TRANSITION_INVALID, 1, T(20, 1)]);
    expect(Array.from(transitionCategoryCodes(codes, 7))).toEqual([0, 20, 21, 23, 255, 29, 24]);
  });

  it('takes second-level codes by their first level, and foreign codes as 29', () => {
    const cases: Array<[number, number, number]> = [
      [101, 501, 20], // 水田 → 商业服务业设施用地: cropland → construction
      [103, 20, 20],
      [130, 190, 29], // ESA CCI codes are not second-level codes "0130", "0190"
      [810, 1110, 23],
      [508, 104, 29],
      [301, 702, 21],
      [101, 103, 25], // 水田 → 旱地: a change within cropland
      [501, 702, 26],
      [1101, 1104, 23],
      [1201, 1206, 29],
      [702, 101, 24],
      [101, 1, 25], // second-level → its own first-level code: within agricultural land
      [30, 40, 29], // WorldCover grassland → cropland without a remap
      [1, 40, 29],
      [101, 101, 0],
    ];
    for (const [from, to, category] of cases) expect([from, to, classTransitionCategory(from, to)]).toEqual([from, to, category]);
    const codes = Uint32Array.from(cases.map(([f, t]) => (f === t ? 0 : T(f, t))));
    expect(Array.from(transitionCategoryCodes(codes, codes.length))).toEqual(cases.map((c) => c[2]));
  });

  it('the per-pixel table equals classTransitionCategory for every pair of a spread of codes', () => {
    const classes = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 20, 13, 99, 100, 101, 102, 201, 305, 404, 508, 601, 702, 809, 901, 1001, 1101, 1207, 1299, 1300, 2001, 2047];
    const from: number[] = [];
    const to: number[] = [];
    for (const f of classes) {
      for (const t of classes) {
        if (f === t) continue;
        from.push(f);
        to.push(t);
      }
    }
    const codes = transitionCodes(Int32Array.from(from), Int32Array.from(to), new Uint8Array(from.length).fill(1), from.length, null);
    const cats = transitionCategoryCodes(codes, codes.length);
    for (let i = 0; i < from.length; i++) expect([from[i], to[i], cats[i]]).toEqual([from[i], to[i], classTransitionCategory(from[i], to[i])]);
  });

});

describe('parseRemapTable', () => {
  it('accepts the structured and the plain form, with two-digit string codes and a default', () => {
    const r = parseRemapTable({ name: 'cci', map: { '10': '01', '190': 20 }, default: '12' });
    expect(r.name).toBe('cci');
    expect([r.table[10], r.table[190], r.table[0], r.table[65535]]).toEqual([1, 20, 12, 12]);
    const plain = parseRemapTable({ '1': 1, '2': 3 });
    expect([plain.table[1], plain.table[2], plain.table[3]]).toEqual([1, 3, -1]);
  });

  it('explains what is wrong', () => {
    expect(() => parseRemapTable(null)).toThrow(expect.objectContaining({ code: 'E_KERNEL_REMAP' }));
    expect(() => parseRemapTable({ map: { '1': 13 } })).toThrow(/"1" maps to 13, not a GB\/T 21010 class/);
    expect(() => parseRemapTable({ map: { '1': 'forest' } })).toThrow(/not a GB\/T 21010 class/);
    expect(() => parseRemapTable({ map: { a: 1 } })).toThrow(/source code "a"/);
    expect(() => parseRemapTable({ map: { '70000': 1 } })).toThrow(/0\.\.65535/);
    expect(() => parseRemapTable({ map: {} })).toThrow(/empty/);
    expect(() => parseRemapTable({ map: { '1': 1 }, dflt: 1 })).toThrow(/unknown field "dflt"/);
    expect(() => parseRemapTable({ map: { '1': '1300' } })).toThrow(/"1" maps to "1300", not a GB\/T 21010 class/);
    expect(() => parseRemapTable({ map: { '1': -1 } })).toThrow(/not a GB\/T 21010 class/);
    expect(() => parseRemapTable({ map: { '1': 1, '01': 2 } })).toThrow(/source code 1 is listed twice/);
  });
});

describe('parseRemapTable (more forms)', () => {
  it('takes second-level targets and null (a code excluded on purpose)', () => {
    const r = parseRemapTable({ map: { '1': '0101', '2': '03', '3': 1003, '10': null } });
    expect([r.table[1], r.table[2], r.table[3], r.table[10]]).toEqual([101, 3, 1003, -1]);
    expect(r.sourceCodes).toEqual([1, 2, 3, 10]);
    expect(r.excludedCodes).toEqual([10]);
    expect(r.hasDefault).toBe(false);
  });
});

describe('REMAP_PRESETS', () => {
  it('each preset parses, maps every listed code onto a GB/T 21010 first-level class and names its source', () => {
    expect(REMAP_PRESETS.map((p) => p.name)).toEqual(['esa-worldcover', 'esa-cci', 'esri-lulc', 'dynamic-world', 'globeland30', 'nlcd', 'clcd']);
    for (const p of REMAP_PRESETS) {
      const r = parseRemapTable({ name: p.name, map: p.map });
      expect(p.source.length).toBeGreaterThan(10);
      for (const code of r.sourceCodes) {
        if (r.excludedCodes.includes(code)) continue;
        expect([p.name, code, gbFirstLevel(r.table[code]) === r.table[code]]).toEqual([p.name, code, true]);
      }
    }
  });

  it('spot checks against the published legends', () => {
    const t = (name: string) => parseRemapTable({ map: REMAP_PRESETS.find((p) => p.name === name)!.map }).table;
    expect([t('esa-worldcover')[40], t('esa-worldcover')[50], t('esa-worldcover')[80]]).toEqual([1, 20, 11]);
    expect([t('esa-cci')[190], t('esa-cci')[210], t('esa-cci')[12]]).toEqual([20, 11, 1]);
    expect([t('dynamic-world')[0], t('dynamic-world')[6]]).toEqual([11, 20]);
    expect([t('nlcd')[82], t('nlcd')[24], t('nlcd')[90]]).toEqual([1, 20, 0]);
    expect([t('clcd')[1], t('clcd')[8], t('clcd')[9]]).toEqual([1, 20, 0]);
    expect([t('esri-lulc')[5], t('esri-lulc')[10]]).toEqual([1, -1]);
    expect([t('globeland30')[10], t('globeland30')[80]]).toEqual([1, 20]);
  });
});

describe('combineLanduseSpectral', () => {
  it('confirms, flags label-only, keeps spectral-only and propagates nodata', () => {
    const category = new Uint8Array([20, 20, 0, 0, 255, 23]);
    const spectral = new Uint8Array([1, 0, 5, 0, 1, 255]);
    expect(Array.from(combineLanduseSpectral(category, spectral, 6))).toEqual([20, 60, 5, 0, 255, 255]);
  });
});
