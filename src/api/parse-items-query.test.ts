import { describe, expect, it } from 'vitest';
import { parseBbox, parseChangeTypes, parseItemsQuery } from './parse-items-query.ts';

describe('parseBbox', () => {
  it('reads 4 numbers and the 3D 6-number form', () => {
    expect(parseBbox('119.5,31.2,119.7,31.35')).toEqual([119.5, 31.2, 119.7, 31.35]);
    expect(parseBbox(' 1, 2, 0, 3, 4, 100')).toEqual([1, 2, 3, 4]);
  });

  it('rejects wrong arity, non-numbers, out-of-range and inverted boxes', () => {
    for (const s of ['1,2,3', '1,2,3,4,5', '1,2,x,4', '1,,3,4', '-181,0,0,1', '0,-91,1,0', '0,5,1,4', '10,0,5,1']) {
      expect(() => parseBbox(s), s).toThrow(/bbox/);
    }
  });
});

describe('parseChangeTypes', () => {
  it('accepts legend keys, label-only keys and codes, without duplicates', () => {
    expect(parseChangeTypes('cropland_to_construction, 5,20,CROPLAND_TO_CONSTRUCTION_label_only')).toEqual([20, 5, 60]);
  });

  it('rejects unknown keys and codes outside the legend', () => {
    for (const s of ['bogus', '6', '300', ',', '45']) expect(() => parseChangeTypes(s), s).toThrow(/change_type/);
  });
});

describe('parseItemsQuery', () => {
  it('defaults limit to 100, clamps it at 10000 and passes filters on', () => {
    expect(parseItemsQuery({}).query).toEqual({ limit: 100, offset: 0, filters: {} });
    const { raw, query } = parseItemsQuery({ limit: 50000, offset: 20, min_area: 400, change_type: '5', bbox: '0,0,1,1' });
    expect(query).toEqual({ limit: 10000, offset: 20, bbox: [0, 0, 1, 1], filters: { changeCodes: [5], minAreaM2: 400 } });
    expect(raw.limit).toBe(10000);
  });
});
