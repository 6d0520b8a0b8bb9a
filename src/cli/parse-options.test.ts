import { describe, expect, it } from 'vitest';
import { parseBandList, parseBandRolesOption } from './parse-options.ts';

describe('band options', () => {
  it('--bands and --band-roles take 1-based bands and give 0-based indices', () => {
    expect(parseBandList('--bands', '1,2,4')).toEqual([0, 1, 3]);
    expect(parseBandRolesOption('--band-roles', 'red=3, NIR=4,swir1=5')).toEqual({ red: 2, nir: 3, swir1: 4 });
  });

  it('rejects unknown roles, band 0, repeats and junk as usage errors that show the expected form', () => {
    for (const bad of ['ir=4', 'red=0', 'red=3,red=4', 'red', 'red=x', '']) {
      expect(() => parseBandRolesOption('--band-roles', bad)).toThrowError(expect.objectContaining({ code: 'E_CLI_USAGE' }));
    }
    expect(() => parseBandRolesOption('--band-roles', 'ir=4')).toThrowError(/e\.g\. red=3,nir=4/);
  });
});
