import { KernelError } from './kernel-error.ts';

/** 0-based band index of each spectral role present in a raster. */
export interface BandRoles {
  blue?: number;
  green?: number;
  red?: number;
  nir?: number;
  swir1?: number;
  swir2?: number;
}

export const BAND_ROLE_NAMES = ['blue', 'green', 'red', 'nir', 'swir1', 'swir2'] as const;
export type BandRole = (typeof BAND_ROLE_NAMES)[number];

/**
 * Roles guessed from the band count alone, only where one layout dominates:
 * - 3 bands: R,G,B (photometric RGB order, e.g. aerial or 3-band true colour). No NIR, so NDVI/NDWI need
 *   explicit roles; a false-colour NIR,R,G product must be described by the caller.
 * - 4 bands: B,G,R,NIR (GF-1/GF-2/ZY-3 PMS, SPOT 6/7, PlanetScope 4-band, NAIP is R,G,B,NIR → pass roles).
 * - 6 bands: Landsat TM/ETM+ reflective bands 1,2,3,4,5,7 = B,G,R,NIR,SWIR1,SWIR2 (thermal band 6 dropped;
 *   the Taizhou and Nanjing pairs).
 * - 13 bands: Sentinel-2 L1C in product order B1..B8,B8A,B9..B12 → B2 blue, B3 green, B4 red, B8 nir,
 *   B11 swir1, B12 swir2.
 * Any other count (1, 2, 5, 7 with or without thermal or coastal, 8–12 with varying Sentinel-2 subsets)
 * gets no roles: the caller must say which band is which.
 */
export function defaultBandRoles(bandCount: number): BandRoles {
  switch (bandCount) {
    case 3:
      return { red: 0, green: 1, blue: 2 };
    case 4:
      return { blue: 0, green: 1, red: 2, nir: 3 };
    case 6:
      return { blue: 0, green: 1, red: 2, nir: 3, swir1: 4, swir2: 5 };
    case 13:
      return { blue: 1, green: 2, red: 3, nir: 7, swir1: 11, swir2: 12 };
    default:
      return {};
  }
}

/**
 * Narrows user input (CLI JSON, job parameters) to BandRoles: an object whose keys are role names and
 * whose values are 0-based integer band indices below bandCount. Unknown keys are an error, so a typo
 * such as `"nri"` is not silently ignored.
 */
export function parseBandRoles(json: unknown, bandCount: number): BandRoles {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new KernelError('E_KERNEL_BAND_ROLE', 'band roles must be an object such as {"red": 2, "nir": 3}');
  }
  const roles: BandRoles = {};
  for (const [key, value] of Object.entries(json)) {
    if (!(BAND_ROLE_NAMES as readonly string[]).includes(key)) {
      throw new KernelError('E_KERNEL_BAND_ROLE', `unknown band role "${key}" (expected one of ${BAND_ROLE_NAMES.join(', ')})`, {
        role: key,
      });
    }
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value >= bandCount) {
      throw new KernelError(
        'E_KERNEL_BAND_ROLE',
        `band role "${key}" must be a 0-based band index below ${bandCount}, got ${JSON.stringify(value)}`,
        { role: key },
      );
    }
    roles[key as BandRole] = value;
  }
  return roles;
}

/** The band index of `role`, or a typed error naming what needs it. */
export function requireRole(roles: BandRoles, role: BandRole, forWhat: string): number {
  const index = roles[role];
  if (index === undefined) {
    throw new KernelError('E_KERNEL_BAND_ROLE', `${forWhat} needs a "${role}" band; give band roles explicitly`, {
      role,
    });
  }
  return index;
}
