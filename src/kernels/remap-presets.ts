/**
 * Built-in remap tables (`--remap <name>`) for common land-cover legends onto GB/T 21010 first-level
 * classes. Each lists its source and the judgement calls; docs/landuse-codes.md prints the same tables.
 * They are plain remap JSON (see parseRemapTable): a value of null excludes a code (clouds, fill).
 */
export interface RemapPreset {
  name: string;
  title: string;
  source: string;
  /** the nodata value the product ships with (informational: the raster's own nodata tag decides) */
  nodata: number | null;
  map: Record<string, string | null>;
  notes: string;
}

export const REMAP_PRESETS: readonly RemapPreset[] = [
  {
    name: 'esa-worldcover',
    title: 'ESA WorldCover 10 m (2020 v100, 2021 v200)',
    source: 'ESA WorldCover Product User Manual, legend table (codes 10–100)',
    nodata: 0,
    map: {
      '10': '03', '20': '03', '30': '04', '40': '01', '50': '20', '60': '12',
      '70': '11', '80': '11', '90': '00', '95': '00', '100': '04',
    },
    notes: 'shrubland → 03 (GB/T 21010 灌木林地 0305 is forest land); snow and ice → 11 (冰川及永久积雪 1110); mangroves → 00 (三调 湿地); moss and lichen → 04.',
  },
  {
    name: 'esa-cci',
    title: 'ESA CCI-LC / C3S Land Cover 300 m (codes 10–220)',
    source: 'ESA CCI Land Cover Product User Guide v2, legend and its IPCC class grouping',
    nodata: 0,
    map: {
      '10': '01', '11': '01', '12': '01', '20': '01', '30': '01', '40': '01',
      '50': '03', '60': '03', '61': '03', '62': '03', '70': '03', '71': '03', '72': '03', '80': '03', '81': '03', '82': '03',
      '90': '03', '100': '03', '160': '03', '170': '03',
      '110': '04', '130': '04', '140': '04',
      '120': '03', '121': '03', '122': '03',
      '150': '12', '151': '12', '152': '12', '153': '12',
      '180': '00', '190': '20', '200': '12', '201': '12', '202': '12', '210': '11', '220': '11',
    },
    notes: 'IPCC grouping (agriculture 10–40, forest 50–100/160/170, grassland 110/130, wetland 180, settlement 190) except shrubland 120–122 → 03 (灌木林地) and lichens/mosses 140 → 04; sparse vegetation 150–153 and bare 200–202 → 12; water 210 and snow/ice 220 → 11.',
  },
  {
    name: 'esri-lulc',
    title: 'Esri / Impact Observatory 10 m Land Use/Land Cover (codes 1–11)',
    source: 'Esri Sentinel-2 10m Land Use/Land Cover class definitions (9-class 2017+ and 10-class 2020 versions)',
    nodata: 0,
    map: {
      '1': '11', '2': '03', '3': '04', '4': '00', '5': '01', '6': '03', '7': '20', '8': '12', '9': '11', '10': null, '11': '04',
    },
    notes: 'clouds (10) are excluded like nodata; grass (3) and scrub/shrub (6) only exist in the 10-class 2020 version; rangeland (11) → 04.',
  },
  {
    name: 'dynamic-world',
    title: 'Google Dynamic World label band (codes 0–8)',
    source: 'Dynamic World V1 band description (label: 0 water … 8 snow_and_ice)',
    nodata: null,
    map: { '0': '11', '1': '03', '2': '04', '3': '00', '4': '01', '5': '03', '6': '20', '7': '12', '8': '11' },
    notes: 'code 0 is water, so a Dynamic World raster must not declare nodata 0.',
  },
  {
    name: 'globeland30',
    title: 'GlobeLand30 (codes 10–100)',
    source: 'GlobeLand30 classification system (National Geomatics Center of China)',
    nodata: 255,
    map: { '10': '01', '20': '03', '30': '04', '40': '03', '50': '00', '60': '11', '70': '04', '80': '20', '90': '12', '100': '11' },
    notes: 'shrubland → 03; tundra → 04; artificial surfaces → 20.',
  },
  {
    name: 'nlcd',
    title: 'USGS NLCD (codes 11–95)',
    source: 'NLCD legend (Anderson Level II, conterminous US plus the Alaska-only classes 51, 72–74)',
    nodata: 0,
    map: {
      '11': '11', '12': '11', '21': '20', '22': '20', '23': '20', '24': '20', '31': '12',
      '41': '03', '42': '03', '43': '03', '51': '03', '52': '03',
      '71': '04', '72': '04', '73': '04', '74': '04', '81': '04', '82': '01', '90': '00', '95': '00', '250': null,
    },
    notes: 'developed 21–24 → 20; pasture/hay 81 → 04 (人工牧草地 0403); woody and herbaceous wetlands → 00; 250 (fill in some releases) excluded.',
  },
  {
    name: 'clcd',
    title: 'China Land Cover Dataset CLCD, Yang & Huang (codes 1–9)',
    source: 'Yang, J. & Huang, X. (2021), The 30 m annual land cover dataset of China, ESSD 13, 3907–3925',
    nodata: 0,
    map: { '1': '01', '2': '03', '3': '03', '4': '04', '5': '11', '6': '11', '7': '12', '8': '20', '9': '00' },
    notes: 'shrub → 03; snow/ice → 11; impervious → 20.',
  },
];

export function remapPreset(name: string): RemapPreset | null {
  return REMAP_PRESETS.find((p) => p.name === name) ?? null;
}

/** The preset's table as remap JSON (parseRemapTable input). */
export function presetRemapJson(p: RemapPreset): { name: string; map: Record<string, string | null> } {
  return { name: p.name, map: p.map };
}
