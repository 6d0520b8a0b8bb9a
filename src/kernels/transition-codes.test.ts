import { describe, expect, it } from 'vitest';
import { TRANSITION_INVALID, transitionCodes, transitionMatrix } from './transition-codes.ts';
import { parseRemapTable } from './remap-table.ts';
import { transitionCategory, transitionCategoryCodes } from './transition-category.ts';
import { combineLanduseSpectral } from './combine-landuse-spectral.ts';

describe('transitionCodes', () => {
  it('is from·100+to where the class changed, 0 where not, 65535 where invalid', () => {
    const a = new Uint8Array([1, 1, 3, 0, 11, 120, 7]);
    const b = new Uint8Array([5, 1, 20, 1, 12, 1, 7]);
    const valid = new Uint8Array([1, 1, 1, 1, 1, 1, 0]);
    expect(Array.from(transitionCodes(a, b, valid, 7, null))).toEqual([105, 0, 320, 1, 1112, TRANSITION_INVALID, TRANSITION_INVALID]);
  });

  it('remaps source classes first; unmapped classes are invalid', () => {
    const remap = parseRemapTable({ map: { '10': '01', '50': 20, '210': 11 } });
    const a = new Uint16Array([10, 10, 210, 77]);
    const b = new Uint16Array([50, 10, 10, 10]);
    expect(Array.from(transitionCodes(a, b, new Uint8Array(4).fill(1), 4, remap))).toEqual([120, 0, 1101, TRANSITION_INVALID]);
  });
});

describe('transitionMatrix', () => {
  it('counts every valid (from, to) pair, the diagonal included', () => {
    const m = transitionMatrix(new Uint8Array([1, 1, 2, 2, 9]), new Uint8Array([1, 2, 2, 2, 9]), new Uint8Array([1, 1, 1, 1, 0]), 5, null);
    expect(m.length).toBe(65536);
    expect(m[1 * 256 + 1]).toBe(1);
    expect(m[1 * 256 + 2]).toBe(1);
    expect(m[2 * 256 + 2]).toBe(2);
    expect(m.reduce((s, v) => s + v, 0)).toBe(4);
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
    const codes = new Uint16Array([0, 105, 320, 1112, TRANSITION_INVALID, 1, 2001]);
    expect(Array.from(transitionCategoryCodes(codes, 7))).toEqual([0, 20, 21, 23, 255, 29, 24]);
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
  });
});

describe('combineLanduseSpectral', () => {
  it('confirms, flags label-only, keeps spectral-only and propagates nodata', () => {
    const category = new Uint8Array([20, 20, 0, 0, 255, 23]);
    const spectral = new Uint8Array([1, 0, 5, 0, 1, 255]);
    expect(Array.from(combineLanduseSpectral(category, spectral, 6))).toEqual([20, 60, 5, 0, 255, 255]);
  });
});
